import { getJson, type TileCollection } from '$lib/components/api.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params }) => ({
	tiles: await getJson<TileCollection>(fetch, `/api/campaigns/${encodeURIComponent(params.id)}/tiles`)
});
