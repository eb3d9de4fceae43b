/**
 * Writing JSON error answers below SvelteKit: on a ServerResponse (refusals before the app runs) or
 * straight onto a socket (parse errors, CONNECT, websocket handshakes: Node gives no response
 * object there). They look like the app's own: `{message, code}`, the caller's language, the same
 * security headers as hooks.server.ts gives API answers.
 */
import { STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { parse as parseCookies } from 'cookie';
import { asLocale, LOCALE_COOKIE, type Locale } from '../../src/lib/i18n/locale.ts';
import type { InputError } from '../../src/lib/server/errors.ts';
import { headersTooLarge, notHttp, requestTimeout } from '../../src/lib/server/http-errors.ts';

const SECURITY_HEADERS: Record<string, string> = {
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'same-origin',
	'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'"
};

/**
 * Language of an answer: the UI's `lang` cookie, else an Accept-Language that starts with English,
 * else French — the rule of apiLocale() in src/lib/server/http.ts, from raw headers.
 */
export function answerLocale(headers: Pick<IncomingHttpHeaders, 'cookie' | 'accept-language'>): Locale {
	const lang = headers.cookie ? parseCookies(headers.cookie)[LOCALE_COOKIE] : undefined;
	if (lang !== undefined) return asLocale(lang) ?? 'fr';
	return /^\s*en\b/i.test(headers['accept-language'] ?? '') ? 'en' : 'fr';
}

function body(error: InputError, locale: Locale): string {
	return JSON.stringify({ message: error.localized(locale), code: error.code });
}

/** Answer `req` with `error` as JSON, unless an answer has already begun (then the connection is cut). */
export function sendError(req: IncomingMessage, res: ServerResponse, error: InputError, headers: Record<string, string> = {}): void {
	if (res.headersSent) {
		res.destroy();
		return;
	}
	const text = body(error, answerLocale(req.headers));
	res.writeHead(error.status, {
		...SECURITY_HEADERS,
		...headers,
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text)
	});
	res.end(req.method === 'HEAD' ? undefined : text);
}

/**
 * Write a whole HTTP answer onto a socket no ServerResponse owns, then close it. A write on a socket
 * the client already reset fails with an 'error' event: whoever hands the socket here listens for it.
 */
export function writeAnswer(socket: Duplex, error: InputError, locale: Locale): void {
	const text = body(error, locale);
	const head = [
		`HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}`,
		'Connection: close',
		'Content-Type: application/json; charset=utf-8',
		`Content-Length: ${Buffer.byteLength(text)}`,
		...Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}`)
	];
	if (!socket.destroyed) socket.end(`${head.join('\r\n')}\r\n\r\n${text}`);
}

/** The cookie and Accept-Language lines of a request that could not be parsed, to answer in its language. */
function headersOf(raw: Buffer | undefined): Pick<IncomingHttpHeaders, 'cookie' | 'accept-language'> {
	const text = raw?.subarray(0, 32 * 1024).toString('latin1') ?? '';
	return {
		cookie: /^cookie:[ \t]*([^\r\n]*)/im.exec(text)?.[1],
		'accept-language': /^accept-language:[ \t]*([^\r\n]*)/im.exec(text)?.[1]
	};
}

/**
 * Node's 'clientError': a request that could not be parsed, had headers over the size limit, or did
 * not arrive within the timeouts. Node's own answer would be a bare status line; this one is JSON.
 * `current` is the request being answered on that connection, if any: once its answer has begun,
 * nothing more can be written and the connection is simply closed (as Node does).
 */
export function answerClientError(err: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex, current?: { req: IncomingMessage; res: ServerResponse }): void {
	const answering = current && !current.res.writableEnded;
	if (err.code === 'ECONNRESET' || !socket.writable || (answering && current.res.headersSent)) {
		socket.destroy();
		return;
	}
	const error =
		err.code === 'HPE_HEADER_OVERFLOW'
			? headersTooLarge()
			: err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
				? requestTimeout()
				: notHttp();
	writeAnswer(socket, error, answerLocale(answering ? current.req.headers : headersOf(err.rawPacket)));
	// Do not wait for the client to close: the connection cannot carry another request.
	socket.once('finish', () => socket.destroy());
}
