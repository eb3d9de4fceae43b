import { json } from '@sveltejs/kit';
import { roundComparison } from '$lib/server/rounds/rounds.service.ts';
import { api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

/** Defects and verdicts per review round, campaign-wide and per tile reviewed more than once (counts only). */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'reports.read', { campaignId });
	return json(roundComparison(event.locals.services.db, campaignId));
});
