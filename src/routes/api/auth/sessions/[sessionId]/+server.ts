import { requireUser } from '$lib/server/access/authorize.ts';
import { revokeOwnSession } from '$lib/server/auth/account.ts';
import { actorOf, api } from '$lib/server/http.ts';

/** Revoke one of one's own sessions (a lost laptop). */
export const DELETE = api((event) => {
	const user = requireUser(event.locals.user);
	revokeOwnSession(event.locals.services.db, user, event.params.sessionId!, actorOf(event));
	return new Response(null, { status: 204 });
});
