import { getJson } from '$lib/api/client.ts';
import type { TileDetail } from '$lib/api/types.ts';
import type { Catalogue } from '$lib/components/review/catalogue.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params }) => {
	const base = `/api/campaigns/${encodeURIComponent(params.id)}`;
	const [tile, catalogue] = await Promise.all([
		getJson<TileDetail>(fetch, `${base}/tiles/${encodeURIComponent(params.tileId)}`),
		// The defect catalogue (small; managers may edit it, so it is read with each tile).
		getJson<Catalogue>(fetch, `${base}/catalogue`)
	]);
	return { tile, catalogue };
};
