import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Bearer tokens for sessions, invitations and password links: `<id>.<secret>`. The id finds the row;
 * only a SHA-256 of the secret is stored, and it is compared in constant time, so neither a copy of
 * the database nor response timing reveals a usable token.
 */
export interface NewToken {
	id: string;
	secretHash: string;
	/** What the holder gets (cookie value, link part). Never stored. */
	token: string;
}

export function newToken(): NewToken {
	const id = randomBytes(12).toString('base64url');
	const secret = randomBytes(32).toString('base64url');
	return { id, secretHash: hashSecret(secret), token: `${id}.${secret}` };
}

export function hashSecret(secret: string): string {
	return createHash('sha256').update(secret).digest('hex');
}

/** Split a presented token; null when it cannot be one of ours. */
export function parseToken(token: string | undefined | null): { id: string; secret: string } | null {
	if (!token || token.length > 200) return null;
	const m = /^([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(token);
	return m ? { id: m[1], secret: m[2] } : null;
}

/** Constant-time comparison of a presented secret with the stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
	const a = Buffer.from(hashSecret(secret), 'hex');
	const b = Buffer.from(storedHash, 'hex');
	return a.length === b.length && timingSafeEqual(a, b);
}
