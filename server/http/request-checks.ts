/**
 * Requests SvelteKit cannot turn into a `Request`, refused before it sees them. adapter-node builds
 * the URL as `<protocol>://<host><target>` and `new Request(…)` refuses some methods; when that
 * throws, the client gets a bare "Bad Request" in plain text. Worse, a Host header such as
 * `localhost/api/auth/login?` would move the path SvelteKit routes on away from the one the server
 * checked (server/http/body-limit.ts picks the body limit from the path). So: a path, a real host,
 * and a method the fetch standard allows.
 */
import type { IncomingMessage } from 'node:http';
import type { InputError } from '../../src/lib/server/errors.ts';
import { badHost, badProxyHeader, badTarget, methodNotAllowed } from '../../src/lib/server/http-errors.ts';

/** Methods `new Request()` refuses (fetch standard): CONNECT arrives as Node's 'connect' event instead. */
const FORBIDDEN_METHODS = new Set(['TRACE', 'TRACK']);

/** A host name (letters, digits, `.`, `-`, `_` as in container names) or a bracketed IPv6 address, with an optional port. */
const HOST = /^(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

function single(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
}

/**
 * Why this request cannot be served (a 400/405 to answer with), or null. `env` carries the
 * deployment's ORIGIN / HOST_HEADER / PROTOCOL_HEADER / PORT_HEADER, as adapter-node reads them.
 */
export function malformedRequest(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>, env: NodeJS.ProcessEnv = process.env): { error: InputError; headers?: Record<string, string> } | null {
	if (FORBIDDEN_METHODS.has(req.method ?? '')) return { error: methodNotAllowed(req.method!), headers: { Allow: 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS' } };
	// Origin-form only ("/path?query"): absolute-form and "*" do not survive adapter-node's URL building.
	if (!req.url?.startsWith('/')) return { error: badTarget() };
	// With ORIGIN set, adapter-node takes the host from it and never reads these headers.
	if (!env.ORIGIN) {
		const hostHeader = env.HOST_HEADER?.toLowerCase();
		const forwarded = hostHeader ? single(req.headers[hostHeader]) : undefined;
		const host = forwarded || req.headers.host;
		if (!host || !HOST.test(host)) return { error: badHost(forwarded ? env.HOST_HEADER : 'Host') };
		const protocolHeader = env.PROTOCOL_HEADER?.toLowerCase();
		const protocol = protocolHeader ? req.headers[protocolHeader] : undefined;
		if (protocol && !/^https?$/i.test(single(protocol) ?? '')) return { error: badProxyHeader(env.PROTOCOL_HEADER!) };
		const portHeader = env.PORT_HEADER?.toLowerCase();
		const port = portHeader ? req.headers[portHeader] : undefined;
		if (port && !/^\d{1,5}$/.test(single(port) ?? '')) return { error: badProxyHeader(env.PORT_HEADER!) };
	}
	return null;
}
