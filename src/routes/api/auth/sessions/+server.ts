import { json } from '@sveltejs/kit';
import { requireUser } from '$lib/server/access/authorize.ts';
import { revokeOtherSessions, type SessionsRevoked } from '$lib/server/auth/account.ts';
import { listSessions } from '$lib/server/auth/sessions.ts';
import { actorOf, api } from '$lib/server/http.ts';

/** The signed-in user's open sessions (devices), the current one flagged. */
export const GET = api(({ locals }) => {
	const user = requireUser(locals.user);
	return json(listSessions(locals.services.db, user.id).map((s) => ({ ...s, current: s.id === locals.sessionId })), { headers: { 'cache-control': 'no-store' } });
});

/** Sign out every other device. */
export const DELETE = api((event) => {
	const user = requireUser(event.locals.user);
	return json({ revoked: revokeOtherSessions(event.locals.services.db, user, event.locals.sessionId, actorOf(event)) } satisfies SessionsRevoked);
});
