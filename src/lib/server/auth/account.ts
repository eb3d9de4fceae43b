import type { Db } from '../db/db.ts';
import { ForbiddenError, InputError, NotFoundError } from '../errors.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import * as repo from './auth.repo.ts';
import { checkPassword, hashPassword } from './passwords.ts';
import { revokeUserSessions, type SessionUser } from './sessions.ts';
import { authenticate } from './sign-in.ts';

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
	return db.transaction(() => {
		repo.setPasswordHash(db, user.id, hash);
		const revoked = revokeUserSessions(db, user.id, sessionId ?? undefined);
		audit(db, actor, 'auth.password_change', { userId: user.id, otherSessionsRevoked: revoked });
		return { revoked };
	});
}

/**
 * Close one of one's own sessions (a lost laptop, a shared computer). The user id in the WHERE: one
 * can only close one's own. Shared by the account page and DELETE /api/auth/sessions/:id.
 */
export function revokeOwnSession(db: Db, user: SessionUser, sessionId: string, actor: Actor): void {
	if (!repo.deleteOwnSession(db, sessionId, user.id)) throw new NotFoundError({ en: 'This session is already closed.', fr: 'Cette session est déjà fermée.' });
	audit(db, actor, 'user.sessions_revoked', { userId: user.id, count: 1 });
}

/** "Sign out other devices": every session of the user but the current one. */
export function revokeOtherSessions(db: Db, user: SessionUser, currentSessionId: string | null, actor: Actor): number {
	const revoked = revokeUserSessions(db, user.id, currentSessionId ?? undefined);
	audit(db, actor, 'user.sessions_revoked', { userId: user.id, count: revoked, keptCurrent: true });
	return revoked;
}

/** DELETE /api/admin/users/:id/sessions and DELETE /api/auth/sessions: sessions closed. */
export interface SessionsRevoked {
	revoked: number;
}

/** An administrator signs someone out everywhere (a lost laptop, a departure), recorded with the number of sessions closed. */
export function revokeAllSessions(db: Db, userId: number, actor: Actor): number {
	return db.transaction(() => {
		const account = repo.accountById(db, userId);
		if (!account) throw new NotFoundError(NO_SUCH_USER);
		const revoked = revokeUserSessions(db, userId);
		audit(db, actor, 'user.sessions_revoked', { userId, email: account.email, revoked });
		return revoked;
	});
}

/** The same words as people/users.service.ts's getUser: the admin sees one message for a missing account. */
export const NO_SUCH_USER = { en: 'This user does not exist.', fr: 'Cet utilisateur n’existe pas.' };
