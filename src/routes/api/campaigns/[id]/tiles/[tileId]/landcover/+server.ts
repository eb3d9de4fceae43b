import { json } from '@sveltejs/kit';
import { tileLandcover } from '$lib/server/campaigns/campaigns.service.ts';
import { api, CAMPAIGN, idParam, TILE } from '$lib/server/http.ts';

/** The land-cover polygons touching the tile (whole, not clipped), GeoJSON in WGS84. */
export const GET = api(({ params, locals }) =>
	json(tileLandcover(locals.services.db, idParam(params.id, CAMPAIGN), idParam(params.tileId, TILE)), {
		headers: { 'content-type': 'application/geo+json' }
	})
);
