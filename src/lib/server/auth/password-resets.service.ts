import type { Db } from '../db/db.ts';
import { NotFoundError } from '../errors.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import { NO_SUCH_USER } from './account.ts';
import * as repo from './auth.repo.ts';
import { checkPassword, hashPassword } from './passwords.ts';
import { revokeUserSessions } from './sessions.ts';
import { newToken, parseToken, secretMatches } from './tokens.ts';

/** A reset link lasts this long; it works once. */
export const RESET_TTL_MS = 72 * 3_600_000;

/** An admin makes a one-time link for a user (forgotten password, or an account created without one). */
export function createResetLink(db: Db, userId: number, actor: Actor | null): { token: string; expiresAt: number } {
	const account = repo.accountById(db, userId);
	if (!account) throw new NotFoundError(NO_SUCH_USER);
	const { id, secretHash, token } = newToken();
	const now = Date.now();
	db.transaction(() => {
		// A new link replaces any earlier one for the same account.
		repo.retireResetLinks(db, userId, new Date(now));
		repo.insertResetLink(db, { id, secretHash, userId, createdBy: actor?.id ?? null, createdAt: new Date(now), expiresAt: new Date(now + RESET_TTL_MS) });
		audit(db, actor, 'auth.password_reset_link', { userId, email: account.email });
	});
	return { token, expiresAt: now + RESET_TTL_MS };
}

/** POST /api/admin/users/:id/reset-link: the link an admin hands over. */
export interface ResetLink {
	/** Absolute, so it can be pasted into an e-mail. */
	url: string;
	expiresAt: number;
}

/**
 * The one-time link an admin hands over. `origin` comes from `linkOriginFor` (the configured
 * ORIGIN), never from the request's Host header.
 */
export function resetLinkFor(db: Db, origin: string, userId: number, actor: Actor): ResetLink {
	const { token, expiresAt } = createResetLink(db, userId, actor);
	return { url: `${origin}/reset/${token}`, expiresAt };
}

const INVALID = {
	en: 'This password link is not valid any more (expired or already used). Ask an administrator for a new one.',
	fr: 'Ce lien de mot de passe n’est plus valable (expiré ou déjà utilisé). Demandez-en un nouveau à un administrateur.'
};

/** The account a reset link is for, if the link can still be used (same error for every bad link). */
export function findUsableReset(db: Db, token: string | undefined): { id: string; userId: number; email: string } {
	const parsed = parseToken(token);
	const row = parsed ? repo.resetLink(db, parsed.id) : undefined;
	if (!parsed || !row || !secretMatches(parsed.secret, row.secretHash) || row.usedAt !== null || row.expiresAt.getTime() <= Date.now()) throw new NotFoundError(INVALID);
	return { id: row.id, userId: row.userId, email: row.email };
}

/** Set the new password, burn the link and sign the account out everywhere. */
export async function resetPassword(db: Db, token: string, password: unknown, ip: string | null): Promise<{ userId: number; email: string }> {
	const hash = await hashPassword(checkPassword(password));
	return db.transaction(() => {
		const reset = findUsableReset(db, token);
		if (!repo.useResetLink(db, reset.id, new Date())) throw new NotFoundError(INVALID);
		repo.setPasswordHash(db, reset.userId, hash);
		revokeUserSessions(db, reset.userId);
		audit(db, { id: reset.userId, email: reset.email, ip }, 'auth.password_reset', { userId: reset.userId });
		return { userId: reset.userId, email: reset.email };
	});
}
