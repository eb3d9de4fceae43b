import { getJson, type TileDetail } from '$lib/components/api.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params }) => ({
	tile: await getJson<TileDetail>(
		fetch,
		`/api/campaigns/${encodeURIComponent(params.id)}/tiles/${encodeURIComponent(params.tileId)}`
	)
});
