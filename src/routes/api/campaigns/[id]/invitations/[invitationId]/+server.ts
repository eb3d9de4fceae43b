import { json } from '@sveltejs/kit';
import { revokeInvitation } from '$lib/server/people/invitations.service.ts';
import { NotFoundError } from '$lib/server/errors.ts';
import { actorOf, api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

/** Revoke an invitation: its link stops working at once (people who already joined stay). */
export const DELETE = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	const invitationId = event.params.invitationId ?? '';
	// Invitation ids are 16 url-safe characters; anything else cannot be one.
	if (!/^[A-Za-z0-9_-]{16}$/.test(invitationId)) {
		throw new NotFoundError({ en: 'This invitation does not exist.', fr: 'Cette invitation n’existe pas.' });
	}
	revokeInvitation(event.locals.services.db, campaignId, invitationId, actorOf(event));
	return json({ revoked: invitationId });
});
