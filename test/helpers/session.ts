import { expect } from 'vitest';

/**
 * Sign in through the public contract (POST /api/auth/login) and return the session cookie, as an
 * API client would. Demo accounts use the password "demo".
 */
export async function signIn(baseUrl: string, email: string, password = 'demo'): Promise<string> {
	const r = await fetch(`${baseUrl}/api/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'accept-language': 'en' },
		body: JSON.stringify({ email, password })
	});
	expect(r.status, `sign-in of ${email}: ${await r.clone().text()}`).toBe(200);
	const cookie = r.headers.getSetCookie().find((c) => c.startsWith('recette_session='));
	if (!cookie) throw new Error(`no session cookie for ${email}`);
	return cookie.split(';')[0];
}

/** fetch with a session cookie (and English messages); null cookie = anonymous. */
export function asUser(baseUrl: string, cookie: string | null) {
	return (path: string, init: RequestInit = {}) =>
		fetch(baseUrl + path, {
			...init,
			headers: { 'accept-language': 'en', ...(cookie ? { cookie } : {}), ...(init.body && typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string>) }
		});
}
