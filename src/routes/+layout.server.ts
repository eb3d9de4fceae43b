import { LOCALE_COOKIE, resolveLocale } from '$lib/i18n/locale.ts';
import type { LayoutServerLoad } from './$types';

/**
 * Hands the request's UI language to every page (`page.data.locale`, read by `t()` during server
 * rendering). hooks.server.ts resolves it into `locals.locale`; the fallback covers requests that
 * did not go through that hook.
 */
export const load: LayoutServerLoad = ({ locals, cookies }) => {
	return {
		// Same rule as hooks.server.ts: the cookie, else French (Accept-Language deliberately ignored).
		locale: locals.locale ?? resolveLocale(cookies.get(LOCALE_COOKIE), null)
	};
};
