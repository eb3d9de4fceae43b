/**
 * One verdict per tile from its reviewers' verdicts, for the rejected-tile rate, the single sampling
 * plan and the tiles layer of the exports.
 *
 * Rule: the majority of the verdicts that say something ("cannot tell" abstains); when verdicts tie,
 * the most severe of the tied ones (rejected > accepted with reservations > accepted) — a tile one
 * reviewer rejects and another accepts has a problem the contractor must hear about, and it is listed
 * among the disagreement hot spots for the manager. A manager's validation does not change the verdict:
 * it closes the tile's review.
 */
import type { Verdict } from '../review/document.ts';

/** The verdicts that count (everything but "cannot tell"), from the least to the most severe. */
export const TILE_VERDICTS = ['accepted', 'accepted_with_reservations', 'rejected'] as const;
export type TileVerdict = (typeof TILE_VERDICTS)[number];

export interface Consensus {
	/** null: no verdict other than "cannot tell". */
	verdict: TileVerdict | null;
	/** Reviewers disagreed (two different verdicts other than "cannot tell"). */
	split: boolean;
}

/** Index of a verdict in TILE_VERDICTS, −1 for "cannot tell" (or anything else). */
export function verdictIndex(v: Verdict | string): number {
	return v === 'accepted' ? 0 : v === 'accepted_with_reservations' ? 1 : v === 'rejected' ? 2 : -1;
}

/**
 * The consensus of counts per verdict, [accepted, with reservations, rejected] (the fast form: the
 * report counts verdicts per tile in typed arrays).
 */
export function consensusOfCounts(accepted: number, reservations: number, rejected: number): Consensus {
	const counts = [accepted, reservations, rejected];
	const top = Math.max(accepted, reservations, rejected);
	if (top === 0) return { verdict: null, split: false };
	const used = counts.filter((c) => c > 0).length;
	// Most severe among the tied leaders: scan from the most severe.
	for (let i = 2; i >= 0; i--) if (counts[i] === top) return { verdict: TILE_VERDICTS[i], split: used > 1 };
	return { verdict: null, split: false }; // unreachable
}

/** The consensus of a tile's verdicts (see the module comment). */
export function consensusVerdict(verdicts: readonly (Verdict | string)[]): Consensus {
	const c = [0, 0, 0];
	for (const v of verdicts) {
		const i = verdictIndex(v);
		if (i >= 0) c[i]++;
	}
	return consensusOfCounts(c[0], c[1], c[2]);
}
