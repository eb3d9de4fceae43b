import { getJson, readErrorMessage } from '$lib/api/client.ts';
import type { TileDetail } from '$lib/api/types.ts';
import type { TileRoundView } from '$lib/components/contractor/types.ts';
import type { ReferenceLayerView } from '$lib/components/map/utils.ts';
import type { Catalogue } from '$lib/components/review/catalogue.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params }) => {
	const base = `/api/campaigns/${encodeURIComponent(params.id)}`;
	const tileUrl = `${base}/tiles/${encodeURIComponent(params.tileId)}`;
	const [tile, catalogue, round, references] = await Promise.all([
		getJson<TileDetail>(fetch, tileUrl),
		// The defect catalogue (small; managers may edit it, so it is read with each tile).
		getJson<Catalogue>(fetch, `${base}/catalogue`),
		// The tile's review round (the imagery of a later delivery, the round before).
		getJson<TileRoundView>(fetch, `${tileUrl}/round`),
		// Reference layers: the page works without them (a failure is said in the layer switcher).
		fetch(`${base}/reference-layers`, { headers: { accept: 'application/json' } })
			.then(async (r) => (r.ok ? { layers: (await r.json()) as ReferenceLayerView[], error: null } : { layers: [], error: await readErrorMessage(r) }))
			.catch((error: Error) => ({ layers: [] as ReferenceLayerView[], error: error.message }))
	]);
	return { tile, catalogue, round, references };
};
