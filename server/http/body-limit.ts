/**
 * Request bodies are capped before SvelteKit reads them. SvelteKit's own BODY_SIZE_LIMIT is one
 * number for every route, and the upload route needs it unlimited (it streams multi-GB files to disk
 * with its own per-file limit), so the cap per route lives here: a body declared larger than its
 * route's limit is answered 413 at once, without reading it; a chunked body (no Content-Length) is
 * counted as it arrives and answered 413 as soon as it passes the limit.
 */
import { IncomingMessage, type ServerResponse } from 'node:http';
import { bodyLimitFor } from '../../src/lib/server/body-limits.ts';
import type { InputError } from '../../src/lib/server/errors.ts';
import { sendError } from './answers.ts';

/**
 * After an early 413, how long the rest of the body is read (and dropped) before the connection is
 * cut. Closing a socket that still has unread data resets it, and the client, still sending, may then
 * see "connection reset" instead of our answer; reading on for a while lets the answer through.
 */
const DRAIN_MS = 10_000;

/**
 * The path SvelteKit routes on for an origin-form target: adapter-node appends the target to the
 * origin (so `//x/y` stays a path, not a host), and SvelteKit decodes it keeping `%25`.
 */
export function routedPath(target: string): string {
	let pathname: string;
	try {
		pathname = new URL(`http://localhost${target}`).pathname;
	} catch {
		return target;
	}
	try {
		return pathname.split('%25').map(decodeURI).join('%25');
	} catch {
		return pathname;
	}
}

function refuse(req: IncomingMessage, res: ServerResponse, error: InputError): void {
	sendError(req, res, error);
	const cut = setTimeout(() => req.socket.destroy(), DRAIN_MS).unref();
	req.once('end', () => clearTimeout(cut));
	req.socket.once('close', () => clearTimeout(cut));
}

/**
 * Does the request's Content-Length exceed its route's limit? (Node's parser has checked that the
 * header is a number and that the body will be exactly that long.) Asked before answering
 * `Expect: 100-continue`, so that such a body is refused before the client sends it.
 */
export function declaredTooLarge(req: IncomingMessage): boolean {
	const limit = bodyLimitFor(req.method ?? 'GET', routedPath(req.url ?? '/'));
	const declared = req.headers['content-length'];
	return !!limit && declared !== undefined && Number(declared) > limit.maxBytes;
}

/**
 * The request to hand to SvelteKit, or null when it was answered here (413) or the client went away.
 * A chunked body under the limit has been read whole (at most the limit: a few MB), so SvelteKit gets
 * a copy carrying it, with its true Content-Length.
 */
export function limitBody(req: IncomingMessage, res: ServerResponse): Promise<IncomingMessage | null> {
	const limit = bodyLimitFor(req.method ?? 'GET', routedPath(req.url ?? '/'));
	if (!limit) return Promise.resolve(req);
	if (req.headers['content-length'] !== undefined) {
		if (!declaredTooLarge(req)) return Promise.resolve(req);
		refuse(req, res, limit.tooLarge());
		return Promise.resolve(null);
	}
	if (req.headers['transfer-encoding'] === undefined) return Promise.resolve(req);
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let settled = false;
		const settle = (request: IncomingMessage | null) => {
			if (settled) return;
			settled = true;
			resolve(request);
		};
		req.on('data', (chunk: Buffer) => {
			// Past the limit what still comes is dropped as it arrives.
			if (settled) return;
			size += chunk.length;
			if (size > limit.maxBytes) {
				chunks.length = 0;
				refuse(req, res, limit.tooLarge());
				settle(null);
				return;
			}
			chunks.push(chunk);
		});
		req.once('end', () => {
			if (!settled) settle(withBody(req, Buffer.concat(chunks, size)));
		});
		req.once('error', () => settle(null));
		req.once('close', () => settle(null));
	});
}

/** A request like `req` whose body, already read, is `body`. */
function withBody(req: IncomingMessage, body: Buffer): IncomingMessage {
	const copy = new IncomingMessage(req.socket);
	copy.method = req.method;
	copy.url = req.url;
	copy.httpVersion = req.httpVersion;
	copy.httpVersionMajor = req.httpVersionMajor;
	copy.httpVersionMinor = req.httpVersionMinor;
	const length = String(body.length);
	const raw: string[] = [];
	for (let i = 0; i < req.rawHeaders.length; i += 2) {
		if (!/^(transfer-encoding|content-length)$/i.test(req.rawHeaders[i])) raw.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
	}
	copy.rawHeaders = [...raw, 'Content-Length', length];
	const headers = { ...req.headers, 'content-length': length };
	delete headers['transfer-encoding'];
	copy.headers = headers;
	copy.push(body);
	copy.push(null);
	copy.complete = true;
	return copy;
}
