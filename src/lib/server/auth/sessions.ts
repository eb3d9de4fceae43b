import type { Db } from '../db/db.ts';
import { statement } from '../db/statements.ts';
import { newToken, parseToken, secretMatches } from './tokens.ts';

export const SESSION_COOKIE = 'recette_session';

/** Idle lifetime: a session unused for this long expires. Renewed at most once a day while in use. */
export function sessionTtlMs(): number {
	const days = Number(process.env.RECETTE_SESSION_DAYS ?? 14);
	return (Number.isFinite(days) && days > 0 ? days : 14) * 86_400_000;
}
const RENEW_AFTER_MS = 86_400_000;

/** What the rest of the app knows about the signed-in person (`locals.user`). */
export interface SessionUser {
	id: number;
	email: string;
	name: string;
	isAdmin: boolean;
	isDemo: boolean;
}

export interface SessionInfo {
	id: string;
	createdAt: number;
	lastSeenAt: number;
	expiresAt: number;
	userAgent: string;
}

export function createSession(db: Db, userId: number, userAgent = ''): { token: string; expiresAt: number } {
	const { id, secretHash, token } = newToken();
	const now = Date.now();
	const expiresAt = now + sessionTtlMs();
	statement(db, 'INSERT INTO sessions (id, secret_hash, user_id, created_at, expires_at, last_seen_at, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)')
		.run(id, secretHash, userId, now, expiresAt, now, userAgent.slice(0, 300));
	return { token, expiresAt };
}

interface Row {
	id: string;
	secret_hash: string;
	expires_at: number;
	last_seen_at: number;
	user_id: number;
	email: string;
	name: string;
	is_admin: number;
	is_demo: number;
	disabled_at: number | null;
}

/**
 * The user behind a session cookie, or null (unknown, expired, revoked, disabled account, or a demo
 * account while demo mode is off). Sliding expiry: a session in use is renewed once a day.
 */
export function validateSession(db: Db, token: string | undefined, { demoMode }: { demoMode: boolean }): { user: SessionUser; sessionId: string; expiresAt: number } | null {
	const parsed = parseToken(token);
	if (!parsed) return null;
	const row = statement(db, `SELECT s.id, s.secret_hash, s.expires_at, s.last_seen_at, u.id AS user_id, u.email, u.name, u.is_admin, u.is_demo, u.disabled_at
			 FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`
		)
		.get(parsed.id) as Row | undefined;
	if (!row || !secretMatches(parsed.secret, row.secret_hash)) return null;
	const now = Date.now();
	if (row.expires_at <= now || row.disabled_at !== null || (row.is_demo && !demoMode)) {
		statement(db, 'DELETE FROM sessions WHERE id = ?').run(row.id);
		return null;
	}
	let expiresAt = row.expires_at;
	if (now - row.last_seen_at > RENEW_AFTER_MS) {
		expiresAt = now + sessionTtlMs();
		statement(db, 'UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?').run(now, expiresAt, row.id);
	}
	return {
		sessionId: row.id,
		expiresAt,
		user: { id: row.user_id, email: row.email, name: row.name, isAdmin: !!row.is_admin, isDemo: !!row.is_demo }
	};
}

export function revokeSession(db: Db, sessionId: string): void {
	statement(db, 'DELETE FROM sessions WHERE id = ?').run(sessionId);
}

/** Sign a user out everywhere (password change, account disabled, "sign out other devices"). */
export function revokeUserSessions(db: Db, userId: number, except?: string): number {
	return statement(db, 'DELETE FROM sessions WHERE user_id = ? AND id != ?').run(userId, except ?? '').changes;
}

export function listSessions(db: Db, userId: number): SessionInfo[] {
	return (
		db.$client
			.prepare('SELECT id, created_at, last_seen_at, expires_at, user_agent FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY last_seen_at DESC')
			.all(userId, Date.now()) as { id: string; created_at: number; last_seen_at: number; expires_at: number; user_agent: string }[]
	).map((r) => ({ id: r.id, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at, userAgent: r.user_agent }));
}

export function deleteExpiredSessions(db: Db): number {
	return statement(db, 'DELETE FROM sessions WHERE expires_at <= ?').run(Date.now()).changes;
}
