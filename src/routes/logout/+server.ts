import { redirect } from '@sveltejs/kit';
import { signOut } from '$lib/server/auth/sign-in.ts';
import type { RequestHandler } from './$types';

/**
 * The header's "Sign out" form posts here (a plain form: it works without JavaScript, and the full
 * page load that follows drops everything the signed-in pages had in memory). POST only: a link or
 * an image on another page must not be able to sign people out (SvelteKit and hooks.server.ts refuse
 * cross-site posts).
 */
export const POST: RequestHandler = (event) => {
	signOut(event);
	redirect(303, '/login');
};
