import { json, type RequestHandler } from '@sveltejs/kit';
import type { z } from 'zod';
import type { Action, Grant } from '../access/permissions.ts';
import type { Actor } from './audit/audit.service.ts';
import { authorize, requireUser, type Scope } from './access/authorize.ts';
import { actorFrom, clientAddress } from './auth/sign-in.ts';
import { InputError, NotFoundError, type Locale, type Localized } from './errors.ts';

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
			if (e instanceof InputError) {
				// Refused before its body was read (too large, not signed in…): close the connection, so
				// the client does not send its next request on a socket still carrying the unread body.
				const unread = event.request.body !== null && !event.request.bodyUsed;
				return json({ message: e.localized(apiLocale(event)), code: e.code }, { status: e.status, headers: unread ? { connection: 'close' } : {} });
			}
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
export const USER = { en: 'User', fr: 'L’utilisateur' };
export const ORGANISATION = { en: 'Organisation', fr: 'L’organisation' };

export { clientAddress };

/** Who is acting, for the audit trail. */
export function actorOf(event: { locals: App.Locals; getClientAddress(): string }): Actor {
	return actorFrom(event, requireUser(event.locals.user));
}

/** `authorize()` for the request's user: 401/403/404 or the user's grant. */
export function guard(event: { locals: App.Locals }, action: Action, scope: Scope): Grant {
	return authorize(event.locals.services.db, event.locals.user, action, scope);
}

/** Parse a JSON body against a schema; a readable 400 otherwise. */
export async function jsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		throw new InputError('invalid_json', { en: 'The request body must be JSON.', fr: 'Le corps de la requête doit être au format JSON.' });
	}
	const parsed = schema.safeParse(body);
	if (!parsed.success) throw new InputError('invalid_request', describeIssues(parsed.error));
	return parsed.data;
}

/** A zod error as one sentence per language: "field: problem". Schemas give bilingual messages as "en|fr". */
export function describeIssues(error: z.ZodError): Localized {
	const parts = error.issues.slice(0, 3).map((i) => {
		const [en, fr = en] = i.message.split('|');
		const path = i.path.join('.');
		return { en: path ? `${path}: ${en}` : en, fr: path ? `${path} : ${fr}` : fr };
	});
	return { en: parts.map((p) => p.en).join('; '), fr: parts.map((p) => p.fr).join(' ; ') };
}
