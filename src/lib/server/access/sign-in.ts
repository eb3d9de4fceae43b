import type { Cookies } from '@sveltejs/kit';
import type { AppServices } from '../app.ts';
import { InputError } from '../errors.ts';
import { audit, type Actor } from './audit.ts';
import { createSession, revokeSession, SESSION_COOKIE, type SessionUser } from './sessions.ts';
import { authenticate, SIGN_IN_FAILED } from './users.service.ts';

/** What opening or closing a session needs from a request (a RequestEvent, or a form action's). */
export interface SessionEvent {
	locals: { services: AppServices; sessionId: string | null; user: SessionUser | null };
	cookies: Cookies;
	url: URL;
	request: Request;
	getClientAddress(): string;
}

/** The client's address for throttling and the audit trail (null when the adapter cannot tell). */
export function clientAddress(event: { getClientAddress(): string }): string | null {
	try {
		return event.getClientAddress();
	} catch {
		return null;
	}
}

/** A signed-in user acting through this request, as the audit trail records them. */
export function actorFrom(event: { getClientAddress(): string }, user: SessionUser): Actor {
	return { id: user.id, email: user.email, ip: clientAddress(event) };
}

/** httpOnly, SameSite=Lax, Secure when the site is served over HTTPS (set ORIGIN or PROTOCOL_HEADER behind a proxy). */
export function setSessionCookie(event: SessionEvent, token: string, expiresAt: number): void {
	event.cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		expires: new Date(expiresAt)
	});
}

/**
 * Check the credentials (throttled, same answer for every failure), open a session and set its
 * cookie. Shared by the sign-in form and POST /api/auth/login.
 */
export async function signIn(event: SessionEvent, email: unknown, password: unknown): Promise<SessionUser> {
	const { db, loginThrottle, demoMode } = event.locals.services;
	const ip = clientAddress(event) ?? 'unknown';
	const key = typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : '';
	const wait = loginThrottle.retryAfter(key, ip);
	if (wait > 0) {
		const minutes = Math.max(1, Math.ceil(wait / 60_000));
		throw new InputError('too_many_attempts', {
			en: `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes > 1 ? 's' : ''}.`,
			fr: `Trop de tentatives de connexion échouées. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`
		}, 429);
	}
	const user = await authenticate(db, key, password, { demoMode });
	if (!user) {
		loginThrottle.fail(key, ip);
		audit(db, null, 'auth.sign_in_failed', { email: key }, null);
		throw new InputError('invalid_credentials', SIGN_IN_FAILED, 401);
	}
	loginThrottle.succeed(key);
	audit(db, { id: user.id, email: user.email, ip }, 'auth.sign_in', {});
	startSession(event, user);
	return user;
}

/** Open a session for a user on this browser: the row, the cookie, and `locals.user` for the rest of the request. */
export function startSession(event: SessionEvent, user: SessionUser): void {
	const { token, expiresAt } = createSession(event.locals.services.db, user.id, event.request.headers.get('user-agent') ?? '');
	setSessionCookie(event, token, expiresAt);
	event.locals.user = user;
}

export function signOut(event: SessionEvent): void {
	const { db } = event.locals.services;
	if (event.locals.sessionId) revokeSession(db, event.locals.sessionId);
	if (event.locals.user) audit(db, actorFrom(event, event.locals.user), 'auth.sign_out', {});
	event.cookies.delete(SESSION_COOKIE, { path: '/' });
	event.locals.user = null;
	event.locals.sessionId = null;
}
