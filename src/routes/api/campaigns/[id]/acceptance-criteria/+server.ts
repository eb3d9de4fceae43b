import { json } from '@sveltejs/kit';
import { campaignCriteria, criteriaSchema, setCriteria } from '$lib/server/acceptance/criteria.service.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

/** The campaign's acceptance criteria (`isDefault`: none set yet, the suggested ones apply). */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'reports.read', { campaignId });
	return json(campaignCriteria(event.locals.services.db, campaignId));
});

/** The manager sets the criteria (every one; null or false: not part of the contract). */
export const PUT = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.decide', { campaignId });
	const input = await jsonBody(event.request, criteriaSchema);
	return json(setCriteria(event.locals.services.db, campaignId, input, actorOf(event)));
});
