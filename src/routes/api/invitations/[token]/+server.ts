import { json } from '@sveltejs/kit';
import { findUsableInvitation } from '$lib/server/people/invitations.service.ts';
import { describeInvitation } from '$lib/server/people/join.ts';
import { api } from '$lib/server/http.ts';

/**
 * What an invitation link offers (campaign, role, organisation, expiry), without signing in: the
 * link itself is the credential. Any unusable link — unknown, expired, used up, revoked — gets the
 * same 404, so links cannot be probed.
 */
export const GET = api(({ params, locals }) =>
	json(describeInvitation(findUsableInvitation(locals.services.db, params.token)), { headers: { 'cache-control': 'no-store' } })
);
