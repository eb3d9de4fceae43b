import { json } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/access/authorize.ts';
import { revokeAllSessions, type SessionsRevoked } from '$lib/server/auth/account.ts';
import { actorOf, api, idParam, USER } from '$lib/server/http.ts';

/** Sign this account out on every device (their next request needs a new sign-in). */
export const DELETE = api((event) => {
	requireAdmin(event.locals.user);
	const id = idParam(event.params.id, USER);
	return json({ revoked: revokeAllSessions(event.locals.services.db, id, actorOf(event)) } satisfies SessionsRevoked);
});
