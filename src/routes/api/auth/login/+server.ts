import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { signIn } from '$lib/server/auth/sign-in.ts';
import { api, jsonBody } from '$lib/server/http.ts';

const schema = z.object({ email: z.string('email is required|l’e-mail est obligatoire'), password: z.string('password is required|le mot de passe est obligatoire') });

/** Sign in with JSON { email, password }: sets the session cookie (for API clients and tests; the UI uses its form). */
export const POST = api(async (event) => {
	const { email, password } = await jsonBody(event.request, schema);
	const user = await signIn(event, email, password);
	return json({ user });
});
