import { readErrorMessage } from './api.ts';

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
