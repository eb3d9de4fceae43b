import { json } from '@sveltejs/kit';
import { requireUser } from '$lib/server/access/authorize.ts';
import { listSessions, revokeUserSessions } from '$lib/server/access/sessions.ts';
import { api } from '$lib/server/http.ts';

/** The signed-in user's open sessions (devices), the current one flagged. */
export const GET = api(({ locals }) => {
	const user = requireUser(locals.user);
	return json(listSessions(locals.services.db, user.id).map((s) => ({ ...s, current: s.id === locals.sessionId })), { headers: { 'cache-control': 'no-store' } });
});

/** Sign out every other device. */
export const DELETE = api(({ locals }) => {
	const user = requireUser(locals.user);
	return json({ revoked: revokeUserSessions(locals.services.db, user.id, locals.sessionId ?? undefined) });
});
