/**
 * The browser's calls to the HTTP API: `getJson` for universal `load` functions, `send` for a page's
 * actions. Every refusal carries the server's `{ message, code }`, already in the UI's language.
 */
import { error, redirect } from '@sveltejs/kit';

/**
 * Reads the `{ message }` of an API error response, falling back to the status text.
 * The API writes messages in English for the user; they are shown as the detail under a translated title.
 */
export async function readErrorMessage(response: Response): Promise<string> {
	return (await readError(response)).message;
}

/** The `{message, code}` of an API error response (`code` when the server gave one). */
export async function readError(response: Response): Promise<App.Error> {
	try {
		const body = (await response.json()) as { message?: unknown; code?: unknown };
		if (typeof body?.message === 'string' && body.message) {
			return typeof body.code === 'string' ? { message: body.message, code: body.code } : { message: body.message };
		}
	} catch {
		// Not JSON (a proxy error page, an empty body): the status line is all we have.
	}
	return { message: response.statusText || `HTTP ${response.status}` };
}

/**
 * GETs JSON from the API inside a `load` function; non-2xx answers become SvelteKit errors with the
 * API's status and message, rendered by `+error.svelte`.
 */
export async function getJson<T>(fetch: typeof globalThis.fetch, url: string): Promise<T> {
	let response: Response;
	try {
		response = await fetch(url, { headers: { accept: 'application/json' } });
	} catch (cause) {
		error(503, `The server could not be reached (${(cause as Error).message}).`);
	}
	// A session that expired while the page was open: back to the sign-in page, then here again.
	if (response.status === 401) redirect(303, `/login?next=${encodeURIComponent(typeof location === 'undefined' ? '/' : location.pathname + location.search)}`);
	// The code travels with the message: the error page tells "no role here" from other refusals.
	if (!response.ok) error(response.status, await readError(response));
	return (await response.json()) as T;
}

/** An API refusal, carrying the server's message (already in the UI's language) and code. */
export class ApiError extends Error {
	constructor(
		message: string,
		readonly status: number
	) {
		super(message);
		this.name = 'ApiError';
	}
}

/**
 * Call the API from a page and return the JSON answer (null for 204); a refusal throws an ApiError
 * whose message the page shows as is. A body is sent as JSON, except a Blob (a picked file), which
 * is sent as is with `contentType` (default: the file's own type).
 */
export async function send<T = unknown>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown, contentType?: string): Promise<T> {
	const raw = body instanceof Blob;
	const type = raw ? (contentType ?? (body.type || 'application/octet-stream')) : 'application/json';
	const response = await fetch(url, {
		method,
		headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': type }) },
		body: body === undefined ? undefined : raw ? body : JSON.stringify(body)
	});
	if (!response.ok) throw new ApiError(await readErrorMessage(response), response.status);
	return (response.status === 204 ? null : await response.json()) as T;
}
