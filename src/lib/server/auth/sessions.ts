/**
 * Server-side sessions. The check (`validateSession`) runs before every request, map tiles
 * included, so its statements are hand-prepared once per connection (`statement`): building the
 * query each time would cost more than running it (bench/access.ts measures it). The rest (opening,
 * closing, listing) goes through auth.repo.ts like any other SQL.
 */
import type { Db } from '../db/db.ts';
import { statement } from '../db/statements.ts';
import * as repo from './auth.repo.ts';
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
	repo.insertSession(db, { id, secretHash, userId, createdAt: new Date(now), expiresAt: new Date(expiresAt), lastSeenAt: new Date(now), userAgent: userAgent.slice(0, 300) });
	return { token, expiresAt };
}

/** The row the session check reads (its own statement, see the top of this file). */
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
	const row = statement<[string], Row>(db, `SELECT s.id, s.secret_hash, s.expires_at, s.last_seen_at, u.id AS user_id, u.email, u.name, u.is_admin, u.is_demo, u.disabled_at
			 FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`
		)
		.get(parsed.id);
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
	repo.deleteSession(db, sessionId);
}

/** Sign a user out everywhere (password change, account disabled, "sign out other devices"), but `except`. */
export function revokeUserSessions(db: Db, userId: number, except?: string): number {
	return repo.deleteUserSessions(db, userId, except);
}

/** The user's open sessions (devices), most recently used first. */
export function listSessions(db: Db, userId: number): SessionInfo[] {
	return repo.openSessions(db, userId, new Date()).map((r) => ({
		id: r.id,
		createdAt: r.createdAt.getTime(),
		lastSeenAt: r.lastSeenAt.getTime(),
		expiresAt: r.expiresAt.getTime(),
		userAgent: r.userAgent
	}));
}

export function deleteExpiredSessions(db: Db): number {
	return repo.deleteExpiredSessions(db, new Date());
}
