import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { findUsableReset, resetPassword } from '$lib/server/auth/password-resets.service.ts';
import { api, clientAddress, jsonBody } from '$lib/server/http.ts';

/** Whether a password link can still be used, and for which e-mail (the holder of the link knows it). */
export const GET = api(({ params, locals }) => json({ email: findUsableReset(locals.services.db, params.token).email }));

/** Set a new password with a one-time link. Signs the account out everywhere. */
export const POST = api(async (event) => {
	const { password } = await jsonBody(event.request, z.object({ password: z.string('password is required|le mot de passe est obligatoire') }));
	const { email } = await resetPassword(event.locals.services.db, event.params.token!, password, clientAddress(event));
	// A new password from a link the admin handed over: earlier failures no longer slow its owner.
	event.locals.services.loginThrottle.forgetAccount(email);
	return json({ email });
});
