import { getJson, type TileDetail } from '$lib/components/api.ts';
import type { TileRoundView } from '$lib/components/contractor/types.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params }) => {
	const base = `/api/campaigns/${encodeURIComponent(params.id)}/tiles/${encodeURIComponent(params.tileId)}`;
	// The tile, and its review round (the imagery of a later delivery, the round before).
	const [tile, round] = await Promise.all([getJson<TileDetail>(fetch, base), getJson<TileRoundView>(fetch, `${base}/round`)]);
	return { tile, round };
};
