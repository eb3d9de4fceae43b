import { json } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/access/authorize.ts';
import { linkOriginFor } from '$lib/server/auth/links.ts';
import { resetLinkFor } from '$lib/server/auth/password-resets.service.ts';
import { actorOf, api, idParam, USER } from '$lib/server/http.ts';

/** A one-time password link for this account (replaces any earlier one); shown once to the admin. */
export const POST = api((event) => {
	requireAdmin(event.locals.user);
	const id = idParam(event.params.id, USER);
	return json(resetLinkFor(event.locals.services.db, linkOriginFor(event), id, actorOf(event)), { status: 201, headers: { 'cache-control': 'no-store' } });
});
