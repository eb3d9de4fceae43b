import { getJson } from '$lib/api/client.ts';
import type { AssignmentsOverview, TileCollection } from '$lib/api/types.ts';
import type { PageLoad } from './$types';

/** The reviewer's next tile (GET /api/me/next-tile). */
export interface NextTile {
	tile: { id: number; name: string; status: string } | null;
	waiting: number;
	total: number;
}

/**
 * The tiles, who holds them (every role may read it: the table and the map say whose tile is whose,
 * and "my tiles" needs it), and for a reviewer the next tile to review.
 */
export const load: PageLoad = async ({ fetch, params, parent }) => {
	const id = encodeURIComponent(params.id);
	const [tiles, assignments, { campaign }] = await Promise.all([
		getJson<TileCollection>(fetch, `/api/campaigns/${id}/tiles`),
		getJson<AssignmentsOverview>(fetch, `/api/campaigns/${id}/assignments`),
		parent()
	]);
	const reviews = campaign.access.role === 'reviewer' || (campaign.access.organisationIds.length > 0 && campaign.access.actions.includes('tile.review'));
	const next = reviews ? await getJson<NextTile>(fetch, `/api/me/next-tile?campaign=${id}`) : null;
	return { tiles, assignments, next };
};
