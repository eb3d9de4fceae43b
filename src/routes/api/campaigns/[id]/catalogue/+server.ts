import { json } from '@sveltejs/kit';
import { catalogue } from '$lib/server/review/catalogue.service.ts';
import { api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

/** The campaign's defect catalogue: `{categories: [{code, target, group, label: {fr, en}, retired}], severities}`. */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.view', { campaignId });
	return json(catalogue(event.locals.services.db, campaignId));
});
