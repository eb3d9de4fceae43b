import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { createAppServices, type AppServices } from '$lib/server/app.ts';
import { apiLocale } from '$lib/server/http.ts';
import { LOCALE_COOKIE, resolveLocale } from '$lib/i18n/locale.ts';

let services: AppServices;

/** Open and migrate the database (and seed the demo campaign) before the first request is served. */
export const init: ServerInit = async () => {
	services = await createAppServices();
};

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.services = services;
	// French by default (the users are French local authorities); the FR/EN switch sets the cookie.
	// Accept-Language is deliberately ignored: an English-configured browser in a French town hall
	// should still get the French UI its colleagues see.
	const locale = resolveLocale(event.cookies.get(LOCALE_COOKIE), null);
	event.locals.locale = locale;
	// Pin the language on the first page: the API calls the page then makes (uploads, job polling)
	// answer in the UI's language instead of the browser's Accept-Language. A functional
	// preference cookie, readable by the FR/EN switch.
	if (!event.cookies.get(LOCALE_COOKIE) && !event.url.pathname.startsWith('/api/')) {
		event.cookies.set(LOCALE_COOKIE, locale, { path: '/', httpOnly: false, sameSite: 'lax', secure: event.url.protocol === 'https:', maxAge: 60 * 60 * 24 * 365 });
	}
	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', locale)
	});
	// API clients get JSON for every error, including the ones SvelteKit answers itself
	// (unknown endpoint, method not allowed).
	if (event.url.pathname.startsWith('/api/') && response.status >= 400 && !response.headers.get('content-type')?.includes('json')) {
		const fr = apiLocale(event) === 'fr';
		const message =
			response.status === 404
				? fr ? 'Cette adresse d’API n’existe pas.' : 'This API address does not exist.'
				: response.status === 405
					? fr ? `La méthode ${event.request.method} n’est pas acceptée ici.` : `Method ${event.request.method} is not allowed here.`
					: fr ? 'La requête n’a pas pu aboutir.' : 'The request could not be completed.';
		const headers = new Headers(response.headers);
		headers.set('content-type', 'application/json');
		headers.delete('content-length');
		return setSecurityHeaders(new Response(JSON.stringify({ message, code: `http_${response.status}` }), { status: response.status, headers }));
	}
	return setSecurityHeaders(response);
};

function setSecurityHeaders(response: Response): Response {
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	if (!response.headers.has('X-Frame-Options')) response.headers.set('X-Frame-Options', 'DENY');
	return response;
}

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) console.error(`[${event.request.method} ${event.url.pathname}]`, error);
	return { message: status === 404 ? 'Not found' : 'Internal error' };
};
