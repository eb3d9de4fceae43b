/**
 * Where a tile stands in the review — one list for the server, the API and the pages.
 * not_started → in_review (first change in its document) → reviewed (the campaign's required
 * number of verdicts) → validated (a manager's decision; reopening goes back to what the document says).
 */
export const TILE_STATUSES = ['not_started', 'in_review', 'reviewed', 'validated'] as const;
export type TileStatus = (typeof TILE_STATUSES)[number];

/** Counts per status, all present (zero when none). */
export type StatusCounts = Record<TileStatus, number>;

export function emptyStatusCounts(): StatusCounts {
	return { not_started: 0, in_review: 0, reviewed: 0, validated: 0 };
}
