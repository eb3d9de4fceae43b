import { json } from '@sveltejs/kit';
import { buildReport } from '$lib/server/acceptance/report.service.ts';
import { api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

/**
 * Every figure of the acceptance report and the decision with its criteria (README, "report.json").
 * Figures only — no comment, no reviewer's name — so the contractor may read it.
 */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'reports.read', { campaignId });
	return json(buildReport(event.locals.services.db, campaignId), { headers: { 'cache-control': 'no-store' } });
});
