/**
 * Locale resolution, pure and dependency-free so that `hooks.server.ts` (and tests) can call it
 * without pulling in any Svelte runtime.
 */

/** Locales the UI is translated into. French is the source language and the default. */
export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fr';
/** Name of the cookie that remembers the user's choice made with the FR / EN switch. */
export const LOCALE_COOKIE = 'lang';

/** Narrows any value to a supported locale, or `null`. Accepts region variants ("en-GB" → "en"). */
export function asLocale(value: unknown): Locale | null {
	if (typeof value !== 'string') return null;
	const base = value.trim().toLowerCase().split(/[-_]/)[0];
	return (LOCALES as readonly string[]).includes(base) ? (base as Locale) : null;
}

/**
 * Picks the UI locale for a request.
 *
 * The explicit choice (the `lang` cookie) wins; otherwise the first supported language of the
 * browser's `Accept-Language` header, by decreasing quality; otherwise French.
 *
 * @param cookieValue value of the `lang` cookie, if any
 * @param acceptLanguage raw `Accept-Language` header, e.g. `"en-GB,en;q=0.9,fr;q=0.8"`
 */
export function resolveLocale(
	cookieValue: string | null | undefined,
	acceptLanguage: string | null | undefined
): Locale {
	const fromCookie = asLocale(cookieValue);
	if (fromCookie) return fromCookie;
	if (acceptLanguage) {
		const ranked = acceptLanguage
			.split(',')
			.map((part, index) => {
				const [tag, ...params] = part.trim().split(';');
				const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
				const quality = q ? Number(q.slice(2)) : 1;
				return { tag, quality: Number.isFinite(quality) ? quality : 0, index };
			})
			.filter((entry) => entry.tag && entry.quality > 0)
			// Stable on equal quality: the header order is the tie-breaker.
			.sort((a, b) => b.quality - a.quality || a.index - b.index);
		for (const { tag } of ranked) {
			const locale = asLocale(tag);
			if (locale) return locale;
		}
	}
	return DEFAULT_LOCALE;
}
