import type { Db } from '../db/db.ts';
import { ForbiddenError, InputError, NotFoundError } from '../errors.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import { hashPassword } from './passwords.ts';
import { revokeUserSessions, type SessionUser } from './sessions.ts';
import { authenticate, checkPassword } from '../people/users.service.ts';

/**
 * Change one's own password: the current one is checked first (a borrowed unlocked laptop must not
 * be enough to take over the account). Other devices are signed out; the one making the change stays
 * signed in — unlike an administrator's reset, which signs out everywhere.
 */
export async function changeOwnPassword(
	db: Db,
	user: SessionUser,
	input: { current: string; password: string },
	{ demoMode, sessionId, actor }: { demoMode: boolean; sessionId: string | null; actor: Actor }
): Promise<{ revoked: number }> {
	// Shared demo accounts: one visitor must not lock the others out of the demo.
	if (user.isDemo) {
		throw new ForbiddenError({ en: 'The password of a demo account cannot be changed.', fr: 'Le mot de passe d’un compte de démonstration ne peut pas être modifié.' }, 'demo_account');
	}
	if (!(await authenticate(db, user.email, input.current, { demoMode }))) {
		throw new InputError('wrong_current_password', { en: 'The current password is incorrect.', fr: 'Le mot de passe actuel est incorrect.' });
	}
	const hash = await hashPassword(checkPassword(input.password));
	return db.$client.transaction(() => {
		db.$client.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(hash, user.id);
		const revoked = revokeUserSessions(db, user.id, sessionId ?? undefined);
		audit(db, actor, 'auth.password_change', { userId: user.id, otherSessionsRevoked: revoked });
		return { revoked };
	})();
}

/**
 * Close one of one's own sessions (a lost laptop, a shared computer). The user id in the WHERE: one
 * can only close one's own. Shared by the account page and DELETE /api/auth/sessions/:id.
 */
export function revokeOwnSession(db: Db, user: SessionUser, sessionId: string, actor: Actor): void {
	const { changes } = db.$client.prepare('DELETE FROM sessions WHERE id = ? AND user_id = ?').run(sessionId, user.id);
	if (!changes) throw new NotFoundError({ en: 'This session is already closed.', fr: 'Cette session est déjà fermée.' });
	audit(db, actor, 'user.sessions_revoked', { userId: user.id, count: 1 });
}

/** "Sign out other devices": every session of the user but the current one. */
export function revokeOtherSessions(db: Db, user: SessionUser, currentSessionId: string | null, actor: Actor): number {
	const revoked = revokeUserSessions(db, user.id, currentSessionId ?? undefined);
	audit(db, actor, 'user.sessions_revoked', { userId: user.id, count: revoked, keptCurrent: true });
	return revoked;
}
