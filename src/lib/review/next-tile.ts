/**
 * A reviewer's way through their tiles, from `GET /api/me/tiles`: the previous and next of *my* tiles
 * around the one on screen (N / P within my tiles), and the next tile still to review ("Continuer :
 * tuile suivante à relire"). Pure: the page fetches, these decide.
 *
 * Review order: a campaign's tiles are created in review order in one transaction (ordinal 0, 1, 2…
 * with increasing ids, src/lib/server/campaigns/import.service.ts), so ordering by id is ordering by
 * review order — `GET /api/me/tiles` lists tiles unfinished first and gives no ordinal.
 */
import type { TileStatus } from './status.ts';

/** A tile as `GET /api/me/tiles` lists it. */
export interface MyTile {
	id: number;
	name: string;
	status: TileStatus;
}

/** One campaign of `GET /api/me/tiles` (only what these functions read). */
export interface MyCampaignTileList {
	campaign: { id: number; name: string };
	tiles: MyTile[];
}

/** Tiles still to review: nobody has finished them (reviewed and validated tiles are done). */
export function isToReview(status: TileStatus): boolean {
	return status === 'not_started' || status === 'in_review';
}

/** My tiles of one campaign in review order (empty when I have none there). */
export function myTilesInOrder(mine: readonly MyCampaignTileList[], campaignId: number): MyTile[] {
	const entry = mine.find((c) => c.campaign.id === campaignId);
	return entry ? [...entry.tiles].sort((a, b) => a.id - b.id) : [];
}

/**
 * The previous and next of my tiles around `tileId`, in review order. The tile on screen need not be
 * one of mine (a reviewer looking at a neighbour's tile): its nearest ones of mine on each side.
 */
export function myNeighbours(
	mine: readonly MyCampaignTileList[],
	campaignId: number,
	tileId: number
): { prev: MyTile | null; next: MyTile | null } {
	const tiles = myTilesInOrder(mine, campaignId);
	let prev: MyTile | null = null;
	let next: MyTile | null = null;
	for (const t of tiles) {
		if (t.id < tileId) prev = t;
		else if (t.id > tileId && !next) next = t;
	}
	return { prev, next };
}

export interface NextTileOptions {
	/** Tiles someone else has claimed now ("je prends cette tuile"): left to them while others remain. */
	claimedByOthers?: ReadonlySet<number>;
}

/**
 * The next of my tiles to review after `tileId` in review order, going round to the first ones; a
 * tile someone else has claimed comes only when no other is left. Never the tile on screen; null when
 * nothing is left to review.
 */
export function nextTileToReview(
	mine: readonly MyCampaignTileList[],
	campaignId: number,
	tileId: number | null,
	options: NextTileOptions = {}
): MyTile | null {
	const open = myTilesInOrder(mine, campaignId).filter((t) => isToReview(t.status) && t.id !== tileId);
	if (open.length === 0) return null;
	const from = tileId ?? -Infinity;
	// Round from the tile on screen: those after it first, then those before it.
	const rounded = [...open.filter((t) => t.id > from), ...open.filter((t) => t.id < from)];
	const claimed = options.claimedByOthers;
	return rounded.find((t) => !claimed?.has(t.id)) ?? rounded[0];
}

/**
 * Tiles someone other than `userId` holds a claim on, from the live feed's presence
 * (`{tiles: {<tileId>: [{userId, claim}]}}`).
 */
export function claimedByOthers(tiles: Record<string, readonly { userId: number; claim: boolean }[]>, userId: number): Set<number> {
	const out = new Set<number>();
	for (const [id, people] of Object.entries(tiles)) {
		if (people.some((p) => p.claim && p.userId !== userId)) out.add(Number(id));
	}
	return out;
}

/** My tiles with one tile's new status (from the live feed); the same list when it is not mine. */
export function withStatus<T extends MyCampaignTileList>(mine: readonly T[], tileId: number, status: TileStatus): T[] {
	let changed = false;
	const out = mine.map((c) => {
		if (!c.tiles.some((t) => t.id === tileId && t.status !== status)) return c;
		changed = true;
		return { ...c, tiles: c.tiles.map((t) => (t.id === tileId ? { ...t, status } : t)) };
	});
	return changed ? out : (mine as T[]);
}
