/**
 * Pages anyone may open without signing in: sign-in, first-run setup, password links and invitation
 * links (which let a newcomer create an account). Everything else needs a session.
 */
const PUBLIC_PAGES = [/^\/login\/?$/, /^\/setup\/?$/, /^\/forgot-password\/?$/, /^\/reset\/[^/]+\/?$/, /^\/invite\/[^/]+\/?$/];

export function isPublicPath(pathname: string): boolean {
	return PUBLIC_PAGES.some((re) => re.test(pathname));
}
