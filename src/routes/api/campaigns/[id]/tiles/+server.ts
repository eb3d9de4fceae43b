import { json } from '@sveltejs/kit';
import { tilesFeatureCollection } from '$lib/server/campaigns/campaigns.service.ts';
import { api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

/** Review tiles as GeoJSON (WGS84); `?all=1` adds the tiles left out of the sample. */
export const GET = api((event) => {
	const { params, url, locals } = event;
	guard(event, 'campaign.view', { campaignId: idParam(params.id, CAMPAIGN) });
	const all = ['1', 'true'].includes(url.searchParams.get('all') ?? '');
	return json(tilesFeatureCollection(locals.services.db, idParam(params.id, CAMPAIGN), all), {
		headers: { 'content-type': 'application/geo+json' }
	});
});
