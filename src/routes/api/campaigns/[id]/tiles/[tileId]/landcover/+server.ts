import { json } from '@sveltejs/kit';
import { tileLandcover } from '$lib/server/campaigns/campaigns.service.ts';
import { api, CAMPAIGN, guard, idParam, TILE } from '$lib/server/http.ts';

/** The land-cover polygons touching the tile (whole, not clipped), GeoJSON in WGS84. */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const tileId = idParam(event.params.tileId, TILE);
	guard(event, 'campaign.view', { campaignId, tileId });
	return json(tileLandcover(event.locals.services.db, campaignId, tileId), { headers: { 'content-type': 'application/geo+json' } });
});
