import { json } from '@sveltejs/kit';
import { defectsGeoJson } from '$lib/server/review/review.service.ts';
import { api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

/**
 * Every defect of the campaign as GeoJSON (WGS84), up to date with the last stored edit. Reviewers'
 * work in progress: not for the contractor, who gets the defects released to them with the reports.
 */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'reviews.read', { campaignId });
	return json(defectsGeoJson(event.locals.services.db, campaignId), { headers: { 'content-type': 'application/geo+json' } });
});
