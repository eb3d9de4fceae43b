import { json } from '@sveltejs/kit';
import { createInvitation, listInvitations } from '$lib/server/access/invitations.service.ts';
import { newInvitationSchema } from '$lib/server/management/schemas.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

/** The campaign's invitations, newest first, each with its state (active, expired, used, revoked). */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	return json(listInvitations(event.locals.services.db, campaignId), { headers: { 'cache-control': 'no-store' } });
});

/**
 * A new invitation link { role, organisationId?, maxUses: 1 | null, expiresInDays }. The link holds a
 * secret stored only as a hash: this answer is the only time it can be shown.
 */
export const POST = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	const body = await jsonBody(event.request, newInvitationSchema);
	const { invitation, token } = createInvitation(event.locals.services.db, campaignId, body, actorOf(event));
	return json({ invitation, url: `${event.url.origin}/invite/${token}` }, { status: 201, headers: { 'cache-control': 'no-store' } });
});
