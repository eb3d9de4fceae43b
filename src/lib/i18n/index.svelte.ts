/**
 * The UI's translation entry point: `t(key, params?)`, the reactive current locale and
 * `setLocale()`, plus locale-bound formatters.
 *
 * Where the locale lives:
 * - on the server it comes from `page.data.locale` (set by the root `+layout.server.ts` from the
 *   request), which SvelteKit scopes to the request through component context — no per-user state
 *   sits in module scope on the server;
 * - in the browser the FR / EN switch records an override here (and in the `lang` cookie), so every
 *   `t()` call re-renders at once, without a reload or a server round-trip.
 */
import { browser } from '$app/environment';
import { page } from '$app/state';
import { en } from './en.ts';
import * as format from './format.ts';
import { fr, type Dictionary, type MessageKey } from './fr.ts';
import { asLocale, DEFAULT_LOCALE, LOCALE_COOKIE, type Locale } from './locale.ts';
import { renderMessage, type Params } from './translate.ts';

export type { Locale, MessageKey };
export { LOCALES } from './locale.ts';

const DICTIONARIES: Record<Locale, Dictionary> = { fr, en };
const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;

// Browser-only: a single user per tab, so module state is the right scope here.
let override = $state<Locale | null>(null);

/** Reactive view of the current locale: read `i18n.locale` in markup or `$derived`. */
export const i18n = {
	get locale(): Locale {
		if (browser && override) return override;
		return readPageLocale() ?? DEFAULT_LOCALE;
	}
};

function readPageLocale(): Locale | null {
	try {
		return asLocale((page.data as { locale?: unknown } | undefined)?.locale);
	} catch {
		// `page` is only readable during rendering on the server (e.g. not in a load function).
		return null;
	}
}

/** Translates `key` in the current locale. See `renderMessage` for parameters and plurals. */
export function t(key: MessageKey, params?: Params): string {
	return renderMessage(DICTIONARIES[i18n.locale][key], i18n.locale, params);
}

/** True when `key` exists in the dictionaries (to translate server-provided codes such as job stages). */
export function hasMessage(key: string): key is MessageKey {
	return Object.hasOwn(fr, key);
}

/**
 * Switches the UI language immediately and remembers it in the `lang` cookie (read by the server on
 * the next request, so server-rendered pages come back in the same language).
 */
export function setLocale(locale: Locale): void {
	if (!browser) return;
	override = locale;
	document.cookie = `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax`;
	document.documentElement.lang = locale;
}

/** Formatters bound to the current locale (reactive like `t`). */
export const fmt = {
	number: (value: number, maximumFractionDigits?: number) =>
		format.formatNumber(value, i18n.locale, maximumFractionDigits),
	area: (squareMetres: number) => format.formatArea(squareMetres, i18n.locale),
	percent: (ratio: number) => format.formatPercent(ratio, i18n.locale),
	length: (metres: number) => format.formatLength(metres, i18n.locale),
	date: (value: string | number | Date | null | undefined) => format.formatDate(value, i18n.locale),
	bytes: (bytes: number) => format.formatBytes(bytes, i18n.locale)
};
