import { json } from '@sveltejs/kit';
import { reportTilesGeoJson } from '$lib/server/reports/report-map.ts';
import { api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

/** The report's map: review tiles (WGS84) with `name`, `status` and consensus `verdict`; no comment, no reviewer. */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'reports.read', { campaignId });
	return json(reportTilesGeoJson(event.locals.services.db, campaignId), { headers: { 'content-type': 'application/geo+json', 'cache-control': 'no-store' } });
});
