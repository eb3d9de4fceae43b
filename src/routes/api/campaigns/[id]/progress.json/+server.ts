import { json } from '@sveltejs/kit';
import { buildProgress } from '$lib/server/reports/progress.service.ts';
import { api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

/** The progress dashboard's figures (README, "progress.json"): for the campaign's managers. */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	return json(buildProgress(event.locals.services.db, campaignId), { headers: { 'cache-control': 'no-store' } });
});
