import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { firstAdmin } from '$lib/server/people/setup.ts';
import { api, jsonBody } from '$lib/server/http.ts';

const schema = z.object({ email: z.string(), name: z.string().optional(), password: z.string() });

/** First run: create the first administrator and sign them in. Refused (409) once an administrator exists. */
export const POST = api(async (event) => {
	const body = await jsonBody(event.request, schema);
	const user = await firstAdmin(event, body);
	return json({ user }, { status: 201 });
});
