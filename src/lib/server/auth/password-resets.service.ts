import type { Db } from '../db/db.ts';
import { NotFoundError } from '../errors.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import { hashPassword } from './passwords.ts';
import { revokeUserSessions } from './sessions.ts';
import { newToken, parseToken, secretMatches } from './tokens.ts';
import { checkPassword, getUser } from '../people/users.service.ts';

/** A reset link lasts this long; it works once. */
export const RESET_TTL_MS = 72 * 3_600_000;

/** An admin makes a one-time link for a user (forgotten password, or an account created without one). */
export function createResetLink(db: Db, userId: number, actor: Actor | null): { token: string; expiresAt: number } {
	const user = getUser(db, userId);
	const { id, secretHash, token } = newToken();
	const now = Date.now();
	db.$client.transaction(() => {
		// A new link replaces any earlier one for the same account.
		db.$client.prepare('UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL').run(now, userId);
		db.$client.prepare('INSERT INTO password_resets (id, secret_hash, user_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, secretHash, userId, actor?.id ?? null, now, now + RESET_TTL_MS);
		audit(db, actor, 'auth.password_reset_link', { userId, email: user.email });
	})();
	return { token, expiresAt: now + RESET_TTL_MS };
}

const INVALID = {
	en: 'This password link is not valid any more (expired or already used). Ask an administrator for a new one.',
	fr: 'Ce lien de mot de passe n’est plus valable (expiré ou déjà utilisé). Demandez-en un nouveau à un administrateur.'
};

interface ResetRow {
	id: string;
	secret_hash: string;
	user_id: number;
	expires_at: number;
	used_at: number | null;
	email: string;
}

/** The account a reset link is for, if the link can still be used (same error for every bad link). */
export function findUsableReset(db: Db, token: string | undefined): { id: string; userId: number; email: string } {
	const parsed = parseToken(token);
	const row = parsed
		? (db.$client.prepare('SELECT r.*, u.email FROM password_resets r JOIN users u ON u.id = r.user_id WHERE r.id = ?').get(parsed.id) as ResetRow | undefined)
		: undefined;
	if (!parsed || !row || !secretMatches(parsed.secret, row.secret_hash) || row.used_at !== null || row.expires_at <= Date.now()) throw new NotFoundError(INVALID);
	return { id: row.id, userId: row.user_id, email: row.email };
}

/** Set the new password, burn the link and sign the account out everywhere. */
export async function resetPassword(db: Db, token: string, password: unknown, ip: string | null): Promise<{ userId: number; email: string }> {
	const hash = await hashPassword(checkPassword(password));
	return db.$client.transaction(() => {
		const reset = findUsableReset(db, token);
		const { changes } = db.$client.prepare('UPDATE password_resets SET used_at = ? WHERE id = ? AND used_at IS NULL').run(Date.now(), reset.id);
		if (!changes) throw new NotFoundError(INVALID);
		db.$client.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(hash, reset.userId);
		revokeUserSessions(db, reset.userId);
		audit(db, { id: reset.userId, email: reset.email, ip }, 'auth.password_reset', { userId: reset.userId });
		return { userId: reset.userId, email: reset.email };
	})();
}
