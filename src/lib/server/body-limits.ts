import { InputError } from './errors.ts';

/**
 * How large a request body may be, per route. The production server (server/http/body-limit.ts)
 * applies these before SvelteKit sees the request, so an oversized body is refused with 413 before
 * it is read: JSON and form bodies are small, and nothing but a browser upload needs megabytes.
 */

/**
 * JSON and form bodies. The largest legitimate one is a map selection: up to 200 000 tile ids (the
 * assignment endpoint's own bound), at most 8 bytes each while ids stay under 10 million: 1.6 MB.
 */
export const JSON_BODY_MAX_BYTES = 2 * 1024 * 1024;

/** A tile assignment CSV (a line per tile: 10 000 tiles are well under 1 MB). */
export const CSV_BODY_MAX_BYTES = 5 * 1024 * 1024;

const UPLOAD_FILE = /^\/api\/uploads\/[^/]+\/files\/[^/]+$/;
const ASSIGNMENT_CSV = /^\/api\/campaigns\/[^/]+\/assignments\/csv$/;

const megabytes = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

/** The refusal of a CSV over CSV_BODY_MAX_BYTES. */
export function csvTooLarge(): InputError {
	return new InputError('csv_too_large', {
		en: `The CSV is larger than ${megabytes(CSV_BODY_MAX_BYTES)} MB: split it in several files.`,
		fr: `Le CSV dépasse ${megabytes(CSV_BODY_MAX_BYTES)} Mo : découpez-le en plusieurs fichiers.`
	}, 413);
}

/** The refusal of any other body over its limit. */
export function bodyTooLarge(maxBytes: number): InputError {
	return new InputError('body_too_large', {
		en: `The request body is larger than ${megabytes(maxBytes)} MB, the most this address accepts.`,
		fr: `Le corps de la requête dépasse ${megabytes(maxBytes)} Mo, le maximum accepté à cette adresse.`
	}, 413);
}

export interface BodyLimit {
	maxBytes: number;
	/** The 413 to answer with when the body is larger. */
	tooLarge: () => InputError;
}

/**
 * The body limit of a request, or null for the one route that streams large bodies (a browser
 * upload, `PUT /api/uploads/:id/files/:name`, which enforces RECETTE_UPLOAD_LIMIT_MB per file as it
 * writes to disk). `pathname` is the decoded path SvelteKit routes on.
 */
export function bodyLimitFor(method: string, pathname: string): BodyLimit | null {
	if (method === 'PUT' && UPLOAD_FILE.test(pathname)) return null;
	if (method === 'POST' && ASSIGNMENT_CSV.test(pathname)) return { maxBytes: CSV_BODY_MAX_BYTES, tooLarge: csvTooLarge };
	return { maxBytes: JSON_BODY_MAX_BYTES, tooLarge: () => bodyTooLarge(JSON_BODY_MAX_BYTES) };
}
