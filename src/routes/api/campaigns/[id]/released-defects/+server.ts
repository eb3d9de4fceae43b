import { json } from '@sveltejs/kit';
import { allows } from '$lib/access/permissions.ts';
import { filterFromQuery, releasedDefects } from '$lib/server/contractor/releases.service.ts';
import { api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

/**
 * The defects released to the contractor, as released (GeoJSON, WGS84), with their answers;
 * `?severity=&category=&tile=&organisation=` filter them. Those who read reviews also get `live`:
 * whether reviewers changed or deleted the defect since it was released.
 */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const grant = guard(event, 'reports.read', { campaignId });
	const { db } = event.locals.services;
	const filter = filterFromQuery(db, campaignId, event.url.searchParams);
	return json(releasedDefects(db, campaignId, filter, { withReviews: allows(grant, 'reviews.read') }), { headers: { 'content-type': 'application/geo+json' } });
});
