import { redirect } from '@sveltejs/kit';
import { isPublicPath } from '$lib/access/public-paths.ts';
import { LOCALE_COOKIE, resolveLocale } from '$lib/i18n/locale.ts';
import { mayCreateCampaigns } from '$lib/server/access/authorize.ts';
import type { LayoutServerLoad } from './$types';

/**
 * Hands every page the UI language (`page.data.locale`, read by `t()` during server rendering), the
 * signed-in user and what they may do site-wide. Pages other than the public ones (sign-in, setup,
 * password and invitation links) need a session: hooks.server.ts redirects full page loads, this
 * load redirects client-side navigations.
 */
export const load: LayoutServerLoad = ({ locals, cookies, url }) => {
	const user = locals.user ?? null;
	if (!user && !isPublicPath(url.pathname)) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	return {
		// Same rule as hooks.server.ts: the cookie, else French (Accept-Language deliberately ignored).
		locale: locals.locale ?? resolveLocale(cookies.get(LOCALE_COOKIE), null),
		user,
		demoMode: locals.services?.demoMode ?? false,
		mayCreateCampaigns: user ? mayCreateCampaigns(locals.services.db, user) : false
	};
};
