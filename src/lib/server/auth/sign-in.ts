import type { Cookies } from '@sveltejs/kit';
import type { Db } from '../db/db.ts';
import { InputError, type Localized } from '../errors.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import * as repo from './auth.repo.ts';
import { verifyPassword } from './passwords.ts';
import { createSession, revokeSession, SESSION_COOKIE, type SessionUser } from './sessions.ts';
import type { LoginThrottle } from './throttle.ts';

/** The services signing in needs (a part of the app's services, see app.ts). */
export interface AuthServices {
	db: Db;
	demoMode: boolean;
	loginThrottle: LoginThrottle;
}

/** What opening or closing a session needs from a request (a RequestEvent, or a form action's). */
export interface SessionEvent {
	locals: { services: AuthServices; sessionId: string | null; user: SessionUser | null };
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

export const SIGN_IN_FAILED: Localized = { en: 'Incorrect e-mail or password.', fr: 'Adresse e-mail ou mot de passe incorrect.' };

/**
 * Check an e-mail and password. Every failure (unknown e-mail, wrong password, disabled account,
 * demo account outside demo mode) gives the same answer in about the same time: no enumeration.
 */
export async function authenticate(db: Db, email: unknown, password: unknown, { demoMode }: { demoMode: boolean }): Promise<SessionUser | null> {
	const key = typeof email === 'string' ? email.trim().toLowerCase() : '';
	const row = key ? repo.accountByEmail(db, key) : undefined;
	const ok = await verifyPassword(row?.passwordHash, typeof password === 'string' ? password : '');
	if (!row || !ok || row.disabledAt !== null || (row.isDemo && !demoMode)) return null;
	return { id: row.id, email: row.email, name: row.name, isAdmin: row.isAdmin, isDemo: row.isDemo };
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

/** The account key the throttle counts under: the e-mail as typed, trimmed and lower-cased. */
export function throttleKey(email: unknown): string {
	return typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : '';
}

/**
 * 429 when this address must wait before trying a password on this account again (see
 * LoginThrottle), saying how long — seconds for the short waits most people meet after a few typos.
 */
export function assertMayTryPassword(event: SessionEvent, key: string): void {
	const wait = event.locals.services.loginThrottle.retryAfter(key, clientAddress(event) ?? 'unknown');
	if (wait <= 0) return;
	const seconds = Math.ceil(wait / 1000);
	const minutes = Math.ceil(wait / 60_000);
	const [en, fr] =
		seconds < 60
			? [`${seconds} second${seconds > 1 ? 's' : ''}`, `${seconds} seconde${seconds > 1 ? 's' : ''}`]
			: [`${minutes} minute${minutes > 1 ? 's' : ''}`, `${minutes} minute${minutes > 1 ? 's' : ''}`];
	throw new InputError('too_many_attempts', {
		en: `Too many failed sign-in attempts. Try again in ${en}.`,
		fr: `Trop de tentatives de connexion échouées. Réessayez dans ${fr}.`
	}, 429);
}

/** Record a wrong password (or an unknown e-mail) for the throttle and the audit trail. */
export function recordFailedPassword(event: SessionEvent, key: string): void {
	const { db, loginThrottle } = event.locals.services;
	loginThrottle.fail(key, clientAddress(event) ?? 'unknown');
	audit(db, null, 'auth.sign_in_failed', { email: key }, null);
}

/**
 * Check the credentials (throttled, same answer for every failure), open a session and set its
 * cookie. Shared by the sign-in form and POST /api/auth/login.
 */
export async function signIn(event: SessionEvent, email: unknown, password: unknown): Promise<SessionUser> {
	const { db, loginThrottle, demoMode } = event.locals.services;
	const ip = clientAddress(event) ?? 'unknown';
	const key = throttleKey(email);
	assertMayTryPassword(event, key);
	const user = await authenticate(db, key, password, { demoMode });
	if (!user) {
		recordFailedPassword(event, key);
		throw new InputError('invalid_credentials', SIGN_IN_FAILED, 401);
	}
	loginThrottle.succeed(key, ip);
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
