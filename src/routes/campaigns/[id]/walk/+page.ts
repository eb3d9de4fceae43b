import { getJson } from '$lib/api/client.ts';
import type { MyCampaignTiles } from '$lib/api/types.ts';
import type { WalkOverview } from '$lib/components/walk/walk.ts';
import type { PageLoad } from './$types';

/** A participant of the review as `GET …/people` names them. */
export interface Participant {
	id: number;
	name: string;
	organisation: string | null;
	role: string;
}

/**
 * The feature walk: the draw and its polygons with everyone's progress (needs `reviews.read`: the
 * API answers 403 to contractors), the caller's tiles (for "my polygons") and the participants'
 * names (for the others' answers). The polygon shown (`?feature=`) is the page's own business: it
 * is not read here, so walking from one polygon to the next does not load the page again.
 */
export const load: PageLoad = async ({ fetch, params }) => {
	const base = `/api/campaigns/${encodeURIComponent(params.id)}`;
	const [walk, myTiles, people] = await Promise.all([
		getJson<WalkOverview>(fetch, `${base}/walk`),
		getJson<MyCampaignTiles[]>(fetch, '/api/me/tiles'),
		getJson<Participant[]>(fetch, `${base}/people`)
	]);
	const mine = myTiles.find((c) => c.campaign.id === Number(params.id));
	return { walk, myTileIds: (mine?.tiles ?? []).map((tile) => tile.id), people };
};
