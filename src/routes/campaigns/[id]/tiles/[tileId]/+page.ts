import { getJson } from '$lib/api/client.ts';
import type { TileDetail } from '$lib/api/types.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params }) => ({
	tile: await getJson<TileDetail>(
		fetch,
		`/api/campaigns/${encodeURIComponent(params.id)}/tiles/${encodeURIComponent(params.tileId)}`
	)
});
