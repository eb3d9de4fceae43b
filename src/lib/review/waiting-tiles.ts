/**
 * "Continuer : tuile suivante à relire" — which tile a reviewer should open next. Pure, shared by
 * the home page (over GET /api/me/tiles) and GET /api/me/next-tile (the tile page's button).
 */
import type { TileStatus } from './status.ts';

/** A tile of the reviewer's organisation(s), as GET /api/me/tiles lists it. */
export interface ReviewerTile {
	id: number;
	name: string;
	status: TileStatus;
	/** Review order within the campaign. */
	ordinal: number;
	/** The reviewer already gave their verdict on it. */
	myVerdict: boolean;
}

/**
 * Whether the tile still waits for this reviewer: not yet reviewed (nor validated) and without their
 * verdict. A tile someone else started is still theirs to look at; one they gave a verdict on is
 * done for them even if it needs more verdicts from others.
 */
export function waitsForMe(tile: Pick<ReviewerTile, 'status' | 'myVerdict'>): boolean {
	return (tile.status === 'not_started' || tile.status === 'in_review') && !tile.myVerdict;
}

/**
 * The next tile to review.
 * - Without `after` (the home page): a tile already in review first (work under way, possibly the
 *   reviewer's own), else the first not started, in review order.
 * - With `after` (the tile being left, by its review order): the first waiting tile after it in
 *   review order, wrapping around to the start; never `after` itself.
 * Null when nothing waits.
 */
export function nextTileToReview<T extends ReviewerTile>(tiles: readonly T[], after?: { id: number; ordinal: number } | null): T | null {
	const waiting = tiles.filter((t) => waitsForMe(t) && t.id !== after?.id);
	if (waiting.length === 0) return null;
	if (!after) {
		const rank = (t: T) => (t.status === 'in_review' ? 0 : 1);
		return [...waiting].sort((a, b) => rank(a) - rank(b) || a.ordinal - b.ordinal || a.id - b.id)[0];
	}
	const inOrder = [...waiting].sort((a, b) => a.ordinal - b.ordinal || a.id - b.id);
	return inOrder.find((t) => t.ordinal > after.ordinal || (t.ordinal === after.ordinal && t.id > after.id)) ?? inOrder[0];
}

/** How many tiles still wait for the reviewer. */
export function waitingCount(tiles: readonly Pick<ReviewerTile, 'status' | 'myVerdict'>[]): number {
	return tiles.filter(waitsForMe).length;
}
