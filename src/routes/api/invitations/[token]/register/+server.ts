import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { describeInvitation, registerWithInvitation } from '$lib/server/people/join.ts';
import { api, jsonBody } from '$lib/server/http.ts';

const schema = z.object({
	email: z.string('email is required|l’e-mail est obligatoire'),
	name: z.string().optional(),
	password: z.string('password is required|le mot de passe est obligatoire')
});

/** Create an account through an invitation link, join the campaign and sign in (sets the session cookie). */
export const POST = api(async (event) => {
	const body = await jsonBody(event.request, schema);
	const { user, invitation } = await registerWithInvitation(event, event.params.token!, body);
	return json({ user, invitation: describeInvitation(invitation) }, { status: 201 });
});
