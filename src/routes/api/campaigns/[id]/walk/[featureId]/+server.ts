import { json } from '@sveltejs/kit';
import { walkFeature } from '$lib/server/review/walk.service.ts';
import { api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

const FEATURE = { en: 'Polygon', fr: 'Le polygone' };

/** One polygon of the walk (GeoJSON, WGS84) with its class and the tile whose document holds its answers. */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const featureId = idParam(event.params.featureId, FEATURE);
	guard(event, 'reviews.read', { campaignId });
	return json(walkFeature(event.locals.services.db, campaignId, featureId), { headers: { 'content-type': 'application/geo+json' } });
});
