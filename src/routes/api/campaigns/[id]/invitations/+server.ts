import { json } from '@sveltejs/kit';
import { createInvitation, listInvitations, type CreatedInvitation } from '$lib/server/people/invitations.service.ts';
import { linkOriginFor } from '$lib/server/auth/links.ts';
import { newInvitationSchema } from '$lib/server/people/people.schema.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

/** The campaign's invitations, newest first, each with its state (active, expired, used, revoked). */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	return json(listInvitations(event.locals.services.db, campaignId), { headers: { 'cache-control': 'no-store' } });
});

/**
 * A new invitation link { role, organisationId? | newOrganisation?: {name, kind}, maxUses: 1 | null,
 * expiresInDays }. The organisation must be one of the campaign's (or a new one). The link holds a
 * secret stored only as a hash: this answer is the only time it can be shown.
 */
export const POST = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	const body = await jsonBody(event.request, newInvitationSchema);
	// Before anything is written: no link can be made without a trusted address (never the Host header).
	const origin = linkOriginFor(event);
	const { invitation, token } = createInvitation(event.locals.services.db, campaignId, body, actorOf(event), { anyOrganisation: event.locals.user!.isAdmin });
	return json({ invitation, url: `${origin}/invite/${token}` } satisfies CreatedInvitation, { status: 201, headers: { 'cache-control': 'no-store' } });
});
