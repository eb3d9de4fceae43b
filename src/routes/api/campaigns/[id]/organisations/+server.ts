import { json } from '@sveltejs/kit';
import { campaignOrganisations } from '$lib/server/people/organisations.service.ts';
import { api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

/**
 * The campaign's own organisations (given some of its tiles, or named by a member's role or an
 * invitation): the ones its managers may give roles and invitations for.
 */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	return json(campaignOrganisations(event.locals.services.db, campaignId), { headers: { 'cache-control': 'no-store' } });
});
