/**
 * A tile's consensus verdict: what its reviewers concluded together, for the exports' tiles layer and
 * the round comparison. Pure.
 */
import type { Verdict } from './document.ts';

/** The verdicts that say something about the tile ("cannot tell" does not). */
export type Conclusion = Exclude<Verdict, 'cannot_tell'>;

/** From the most to the least severe: ties go to the first (an acceptance must not rest on a coin toss). */
const SEVERITY_ORDER: readonly Conclusion[] = ['rejected', 'accepted_with_reservations', 'accepted'];

/**
 * The verdict most reviewers gave, "cannot tell" left out; on a tie, the most severe of the tied
 * verdicts (rejected, then accepted with reservations, then accepted). null when nobody concluded.
 * @example consensusVerdict(['accepted', 'rejected']) // 'rejected'
 */
export function consensusVerdict(verdicts: Iterable<Verdict>): Conclusion | null {
	const counts = new Map<Conclusion, number>();
	for (const v of verdicts) if (v !== 'cannot_tell') counts.set(v, (counts.get(v) ?? 0) + 1);
	let best: Conclusion | null = null;
	for (const v of SEVERITY_ORDER) {
		const n = counts.get(v) ?? 0;
		if (n > 0 && (best === null || n > counts.get(best)!)) best = v;
	}
	return best;
}
