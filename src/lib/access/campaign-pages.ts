/**
 * The campaign a page belongs to: `/campaigns/:id` and every page under it (tiles, members, audit);
 * null anywhere else, `/campaigns/new` included. Shared by the server (each page's
 * Content-Security-Policy allows only its campaign's imagery services) and the browser (entering
 * another campaign loads a new document, so that it gets that campaign's policy).
 */
export function campaignOfPage(pathname: string): number | null {
	const match = /^\/campaigns\/(\d{1,15})(?:\/|$)/.exec(pathname);
	return match ? Number(match[1]) : null;
}
