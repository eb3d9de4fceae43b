import { json, type RequestHandler } from '@sveltejs/kit';
import { InputError, NotFoundError, type Locale } from './errors.ts';

/**
 * Language of an API answer: the UI's `lang` cookie (resolved in hooks into locals.locale) when the
 * caller has one, else an explicit Accept-Language, else French.
 */
export function apiLocale(event: { request: Request; cookies: { get(name: string): string | undefined }; locals: { locale?: Locale } }): Locale {
	if (event.cookies.get('lang')) return event.locals.locale ?? 'fr';
	return /^\s*en\b/i.test(event.request.headers.get('accept-language') ?? '') ? 'en' : 'fr';
}

/**
 * Wrap an API endpoint so user errors become JSON answers a person can read:
 * InputError (NotFoundError included) → its status (400/404/413/422) with { message, code }.
 * Anything else is a bug: it goes to SvelteKit's handleError (logged, generic 500).
 */
export function api<P extends Partial<Record<string, string>>>(fn: RequestHandler<P>): RequestHandler<P> {
	return async (event) => {
		try {
			return await fn(event);
		} catch (e) {
			if (e instanceof InputError) return json({ message: e.localized(apiLocale(event)), code: e.code }, { status: e.status });
			throw e;
		}
	};
}

/** A positive integer route parameter, or a 404 (ids are never anything else). */
export function idParam(value: string | undefined, what: { en: string; fr: string }): number {
	const n = Number(value);
	if (!value || !/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
		throw new NotFoundError({ en: `${what.en} "${value}" does not exist.`, fr: `${what.fr} « ${value} » n’existe pas.` });
	}
	return n;
}

/** Names of what route ids designate, for "does not exist" messages. */
export const CAMPAIGN = { en: 'Campaign', fr: 'La campagne' };
export const TILE = { en: 'Tile', fr: 'La tuile' };
