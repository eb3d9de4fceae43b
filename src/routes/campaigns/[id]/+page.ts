import { getJson } from '$lib/api/client.ts';
import type { TileCollection } from '$lib/api/types.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params }) => ({
	tiles: await getJson<TileCollection>(fetch, `/api/campaigns/${encodeURIComponent(params.id)}/tiles`)
});
