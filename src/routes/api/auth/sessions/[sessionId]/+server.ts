import { requireUser } from '$lib/server/access/authorize.ts';
import { NotFoundError } from '$lib/server/errors.ts';
import { api } from '$lib/server/http.ts';

/** Revoke one of one's own sessions (a lost laptop). */
export const DELETE = api(({ locals, params }) => {
	const user = requireUser(locals.user);
	const { changes } = locals.services.db.$client.prepare('DELETE FROM sessions WHERE id = ? AND user_id = ?').run(params.sessionId, user.id);
	if (!changes) throw new NotFoundError({ en: 'This session does not exist.', fr: 'Cette session n’existe pas.' });
	return new Response(null, { status: 204 });
});
