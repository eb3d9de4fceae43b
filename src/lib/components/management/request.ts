import { readErrorMessage } from '../api.ts';

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
 * Send a change to the API from a page (POST, PATCH, PUT, DELETE with a JSON body) and return the
 * JSON answer; a refusal throws an ApiError whose message the page shows as is.
 */
export async function send<T = unknown>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<T> {
	const response = await fetch(url, {
		method,
		headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	if (!response.ok) throw new ApiError(await readErrorMessage(response), response.status);
	return (response.status === 204 ? null : await response.json()) as T;
}
