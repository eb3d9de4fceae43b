import { signOut } from '$lib/server/auth/sign-in.ts';
import { api } from '$lib/server/http.ts';

/** Sign out: the session is deleted on the server, not only forgotten by the browser. */
export const POST = api((event) => {
	signOut(event);
	return new Response(null, { status: 204 });
});
