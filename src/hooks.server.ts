import { redirect, type Handle, type HandleServerError } from '@sveltejs/kit';
import { servicesFor } from '$lib/server/app.ts';
import { recheckLiveConnections } from '$lib/server/review/live-access.ts';
import { SESSION_COOKIE, validateSession } from '$lib/server/auth/sessions.ts';
import { pageImageryOrigins } from '$lib/server/access/csp.ts';
import { isPublicPath } from '$lib/access/public-paths.ts';
import { apiLocale } from '$lib/server/http.ts';
import { LOCALE_COOKIE, resolveLocale } from '$lib/i18n/locale.ts';
import { CROSS_SITE, internalError, requestFailed } from '$lib/server/http-errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The content types an HTML form can send cross-site without a CORS preflight. */
const FORM_TYPES = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\s*(;|$)/i;

export const handle: Handle = async ({ event, resolve }) => {
	// Built once by the composition root (server/services.ts) and handed over with the request.
	const services = servicesFor(event.platform);
	event.locals.services = services;
	// French by default (the users are French local authorities); the FR/EN switch sets the cookie.
	// Accept-Language is deliberately ignored: an English-configured browser in a French town hall
	// should still get the French UI its colleagues see.
	const locale = resolveLocale(event.cookies.get(LOCALE_COOKIE), null);
	event.locals.locale = locale;
	const api = event.url.pathname.startsWith('/api/');

	// Who is asking: the session cookie, checked against the sessions table on every request.
	const token = event.cookies.get(SESSION_COOKIE);
	const session = token ? validateSession(services.db, token, { demoMode: services.demoMode }) : null;
	if (token && !session) event.cookies.delete(SESSION_COOKIE, { path: '/' });
	event.locals.user = session?.user ?? null;
	event.locals.sessionId = session?.sessionId ?? null;

	// CSRF, for every state-changing request (JSON and raw uploads included): browsers always send
	// Origin or Sec-Fetch-Site on such requests; API clients without a browser send neither and are
	// let through (they cannot carry a victim's cookie) — except with a form's content type, refused
	// without an Origin as SvelteKit's own check did (svelte.config.js hands that check over to this
	// one, so that its refusal too is JSON with a code).
	if (!SAFE_METHODS.has(event.request.method)) {
		const origin = event.request.headers.get('origin');
		const site = event.request.headers.get('sec-fetch-site');
		const formType = FORM_TYPES.test(event.request.headers.get('content-type') ?? '');
		if ((origin && origin !== event.url.origin) || site === 'cross-site' || (!origin && formType)) {
			return setSecurityHeaders(
				new Response(JSON.stringify({ message: CROSS_SITE[apiLocale(event)], code: 'cross_site' }), {
					status: 403,
					headers: { 'content-type': 'application/json' }
				})
			);
		}
	}

	// Pages need a signed-in user, except the sign-in, first-run, password and invitation pages.
	// (Client-side navigations are checked by the root layout's server load.)
	if (!api && !event.locals.user && !isPublicPath(event.url.pathname) && !event.isDataRequest && event.request.method === 'GET') {
		redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	}

	// Pin the language on the first page: the API calls the page then makes (uploads, job polling)
	// answer in the UI's language instead of the browser's Accept-Language. A functional
	// preference cookie, readable by the FR/EN switch.
	if (!event.cookies.get(LOCALE_COOKIE) && !api) {
		event.cookies.set(LOCALE_COOKIE, locale, { path: '/', httpOnly: false, sameSite: 'lax', secure: event.url.protocol === 'https:', maxAge: 60 * 60 * 24 * 365 });
	}
	const actingUserId = event.locals.user?.id ?? null; // before signing out clears it
	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', locale)
	});
	// A change of rights reaches the open tile documents at once (src/lib/server/review/live-access.ts).
	if (!SAFE_METHODS.has(event.request.method) && response.status < 400) recheckLiveConnections(services, event.url.pathname, actingUserId);
	// API clients get JSON for every error, including the ones SvelteKit answers itself
	// (unknown endpoint, method not allowed, its own CSRF refusal).
	if (api && response.status >= 400 && !response.headers.get('content-type')?.includes('json')) {
		const fr = apiLocale(event) === 'fr';
		const message =
			response.status === 404
				? fr ? 'Cette adresse d’API n’existe pas.' : 'This API address does not exist.'
				: response.status === 405
					? fr ? `La méthode ${event.request.method} n’est pas acceptée ici.` : `Method ${event.request.method} is not allowed here.`
					: response.status === 403
						? CROSS_SITE[apiLocale(event)]
						: fr ? 'La requête n’a pas pu aboutir.' : 'The request could not be completed.';
		const headers = new Headers(response.headers);
		headers.set('content-type', 'application/json');
		headers.delete('content-length');
		return setSecurityHeaders(new Response(JSON.stringify({ message, code: `http_${response.status}` }), { status: response.status, headers }));
	}
	// A campaign's pages may show its own imagery services: allow their origins (and only them) in
	// that page's CSP — never on other pages, nor on another campaign's.
	const csp = response.headers.get('content-security-policy');
	if (csp) {
		const origins = pageImageryOrigins(services.db, event.locals.user, event.url.pathname);
		if (origins.length) response.headers.set('content-security-policy', extendCsp(csp, ['img-src', 'connect-src'], origins));
	}
	return setSecurityHeaders(response);
};

function extendCsp(csp: string, directives: string[], sources: string[]): string {
	return csp
		.split(';')
		.map((part) => {
			const name = part.trim().split(/\s+/)[0];
			return directives.includes(name) ? `${part.trim()} ${sources.join(' ')}` : part.trim();
		})
		.join('; ');
}

function setSecurityHeaders(response: Response): Response {
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	if (!response.headers.has('X-Frame-Options')) response.headers.set('X-Frame-Options', 'DENY');
	// Pages carry the CSP from svelte.config.js; API answers and files get a strict one of their own.
	if (!response.headers.has('content-security-policy')) response.headers.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
	return response;
}

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) console.error(`[${event.request.method} ${event.url.pathname}]`, error);
	if (status === 404) return { message: 'Not found', code: 'http_404' };
	// The API's `{message, code}` (pages show the message too), never the error's own text.
	const e = status >= 500 ? internalError() : requestFailed(status);
	return { message: e.localized(apiLocale(event)), code: e.code };
};
