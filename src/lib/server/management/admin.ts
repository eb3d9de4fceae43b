import type { Db } from '../db/db.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import { createResetLink } from '../auth/password-resets.service.ts';
import { revokeUserSessions } from '../auth/sessions.ts';
import { getUser } from '../people/users.service.ts';

/** Id route parameter of a user, for "does not exist" messages. */
export const USER = { en: 'User', fr: 'L’utilisateur' };

/**
 * The one-time link an admin hands over (absolute, so it can be pasted into an e-mail). `origin` comes
 * from `linkOriginFor` (the configured ORIGIN), never from the request's Host header.
 */
export function resetLinkFor(db: Db, origin: string, userId: number, actor: Actor): { url: string; expiresAt: number } {
	const { token, expiresAt } = createResetLink(db, userId, actor);
	return { url: `${origin}/reset/${token}`, expiresAt };
}

/** Sign someone out everywhere (a lost laptop, a departure), recorded with the number of sessions closed. */
export function revokeAllSessions(db: Db, userId: number, actor: Actor): number {
	return db.$client.transaction(() => {
		const user = getUser(db, userId);
		const revoked = revokeUserSessions(db, userId);
		audit(db, actor, 'user.sessions_revoked', { userId, email: user.email, revoked });
		return revoked;
	})();
}
