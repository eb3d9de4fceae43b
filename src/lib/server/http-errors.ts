import { InputError, type Localized } from './errors.ts';

/**
 * Refusals at the level of HTTP itself (malformed requests, slow clients, methods nobody serves),
 * answered as JSON `{message, code}` like every other API error. Most are written by the production
 * server below SvelteKit (server/http/), where no route runs; hooks.server.ts uses the others.
 */

export const CROSS_SITE: Localized = { en: 'Request refused: it comes from another site.', fr: 'Requête refusée : elle vient d’un autre site.' };

/** A state-changing request from another site (CSRF), or a websocket opened from one. */
export function crossSite(): InputError {
	return new InputError('cross_site', CROSS_SITE, 403);
}

/** Bytes that do not parse as an HTTP request. */
export function notHttp(): InputError {
	return new InputError('bad_request', {
		en: 'The request is not valid HTTP.',
		fr: 'La requête n’est pas une requête HTTP valide.'
	}, 400);
}

/** A request target that is not a path (`*`, `http://[…`, a relative name). */
export function badTarget(): InputError {
	return new InputError('bad_target', {
		en: 'The requested address is not a path on this server.',
		fr: 'L’adresse demandée n’est pas un chemin de ce serveur.'
	}, 400);
}

/** A missing Host header, or one that is not a host name or address with an optional port. */
export function badHost(header = 'Host'): InputError {
	return new InputError('bad_host', {
		en: `The request's ${header} header does not name a server.`,
		fr: `L’en-tête ${header} de la requête ne désigne pas un serveur.`
	}, 400);
}

/** A proxy header (protocol or port) whose value cannot be what a proxy sends. */
export function badProxyHeader(header: string): InputError {
	return new InputError('bad_proxy_header', {
		en: `The request's ${header} header is not valid.`,
		fr: `L’en-tête ${header} de la requête n’est pas valide.`
	}, 400);
}

/** Headers over Node's limit (16 KB), usually piled-up cookies. */
export function headersTooLarge(): InputError {
	return new InputError('headers_too_large', {
		en: 'The request headers are too large (often too many cookies for this site: delete them and try again).',
		fr: 'Les en-têtes de la requête sont trop volumineux (souvent trop de cookies pour ce site : supprimez-les et réessayez).'
	}, 431);
}

/** A request whose headers or body did not arrive within the server's request timeout. */
export function requestTimeout(): InputError {
	return new InputError('request_timeout', {
		en: 'The request took too long to arrive: send it again.',
		fr: 'La requête a mis trop de temps à arriver : envoyez-la de nouveau.'
	}, 408);
}

/**
 * A method the address does not take. Same code and words as SvelteKit's own 405s turned into JSON
 * by hooks.server.ts. `method` comes from Node's parser, which only accepts the registered methods.
 */
export function methodNotAllowed(method: string): InputError {
	return new InputError('http_405', {
		en: `Method ${method} is not allowed here.`,
		fr: `La méthode ${method} n’est pas acceptée ici.`
	}, 405);
}

/** An `Expect` header other than `100-continue`. */
export function expectationFailed(): InputError {
	return new InputError('expectation_failed', {
		en: 'The server cannot meet the request\'s Expect header: send the request without it.',
		fr: 'Le serveur ne peut pas satisfaire l’en-tête Expect de la requête : envoyez-la sans lui.'
	}, 417);
}

/** A bug or a broken deployment: logged on the server, never detailed to the client. */
export function internalError(): InputError {
	return new InputError('internal_error', {
		en: 'Something went wrong on the server. Try again; if it happens again, tell the administrator.',
		fr: 'Une erreur s’est produite sur le serveur. Réessayez ; si elle se reproduit, prévenez l’administrateur.'
	}, 500);
}

/** Any other refusal SvelteKit makes itself (a path it cannot decode…), with the status it chose. */
export function requestFailed(status: number): InputError {
	return new InputError(`http_${status}`, {
		en: 'The request could not be completed.',
		fr: 'La requête n’a pas pu aboutir.'
	}, status);
}
