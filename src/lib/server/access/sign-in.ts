import type { Cookies } from '@sveltejs/kit';
import type { AppServices } from '../app.ts';
import { InputError } from '../errors.ts';
import { audit } from './audit.ts';
import { createSession, revokeSession, SESSION_COOKIE, type SessionUser } from './sessions.ts';
import { authenticate, SIGN_IN_FAILED } from './users.service.ts';

interface SignInEvent {
	locals: { services: AppServices; sessionId: string | null; user: SessionUser | null };
	cookies: Cookies;
	url: URL;
	request: Request;
	getClientAddress(): string;
}

function address(event: SignInEvent): string {
	try {
		return event.getClientAddress();
	} catch {
		return 'unknown';
	}
}

/** httpOnly, SameSite=Lax, Secure when the site is served over HTTPS (set ORIGIN or PROTOCOL_HEADER behind a proxy). */
export function setSessionCookie(event: SignInEvent, token: string, expiresAt: number): void {
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
export async function signIn(event: SignInEvent, email: unknown, password: unknown): Promise<SessionUser> {
	const { db, loginThrottle, demoMode } = event.locals.services;
	const ip = address(event);
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
	const { token, expiresAt } = createSession(db, user.id, event.request.headers.get('user-agent') ?? '');
	audit(db, { id: user.id, email: user.email, ip }, 'auth.sign_in', {});
	setSessionCookie(event, token, expiresAt);
	event.locals.user = user;
	return user;
}

export function signOut(event: SignInEvent): void {
	const { db } = event.locals.services;
	if (event.locals.sessionId) revokeSession(db, event.locals.sessionId);
	if (event.locals.user) audit(db, { id: event.locals.user.id, email: event.locals.user.email, ip: address(event) }, 'auth.sign_out', {});
	event.cookies.delete(SESSION_COOKIE, { path: '/' });
	event.locals.user = null;
	event.locals.sessionId = null;
}
