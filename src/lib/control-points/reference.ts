/**
 * The reference class of a control point from its reviewers' labels: the majority of the labels that
 * name a class ("cannot tell" abstains); a tie, or nothing but "cannot tell", leaves the point without
 * a reference until the manager adjudicates; a majority over a dissent is a reference, listed for the
 * manager as a disagreement. The manager's adjudication, when there is one, is the reference.
 */

/** The most frequent value and whether another value is as frequent. */
export interface MajorityResult<T> {
	/** The single most frequent value; null when there is none (no value) or several share the top. */
	winner: T | null;
	/** How many times the top value(s) occur. */
	top: number;
	/** Every value occurring `top` times (one element unless tied), in first-seen order. */
	leaders: T[];
	/** Number of distinct values. */
	distinct: number;
}

/** Plain majority (plurality) of `values`, equal values compared with `===`. */
export function majority<T>(values: readonly T[]): MajorityResult<T> {
	const counts = new Map<T, number>();
	for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
	let top = 0;
	let leaders: T[] = [];
	for (const [v, c] of counts) {
		if (c > top) {
			top = c;
			leaders = [v];
		} else if (c === top) leaders.push(v);
	}
	return { winner: leaders.length === 1 ? leaders[0] : null, top, leaders, distinct: counts.size };
}

/**
 * Where a point stands:
 * - `unlabelled`: nobody labelled it yet;
 * - `unanimous`: every label naming a class names the same one (some may say "cannot tell");
 * - `majority`: one class has more labels than any other, but others disagree (a disagreement);
 * - `tie`: two or more classes share the most labels (no reference without the manager);
 * - `cannot_tell`: every label says "cannot tell" (no reference without the manager);
 * - `adjudicated`: the manager chose the reference class;
 * - `excluded`: the manager judged the point impossible to label; it leaves the sample.
 */
export type PointStatus = 'unlabelled' | 'unanimous' | 'majority' | 'tie' | 'cannot_tell' | 'adjudicated' | 'excluded';

export interface PointReference {
	status: PointStatus;
	/** The reference class, when there is one. */
	reference: string | null;
	/** The manager should look at it: a tie, only "cannot tell", or a disagreement not yet adjudicated. */
	toAdjudicate: boolean;
}

/**
 * The reference of one point from its labels (class codes; null = "cannot tell") and the manager's
 * adjudication (`undefined`: none; a class code; null: excluded).
 */
export function pointReference(labels: readonly (string | null)[], adjudication?: string | null): PointReference {
	if (adjudication !== undefined) {
		return adjudication === null ? { status: 'excluded', reference: null, toAdjudicate: false } : { status: 'adjudicated', reference: adjudication, toAdjudicate: false };
	}
	if (labels.length === 0) return { status: 'unlabelled', reference: null, toAdjudicate: false };
	const named = labels.filter((l): l is string => l !== null);
	if (named.length === 0) return { status: 'cannot_tell', reference: null, toAdjudicate: true };
	const m = majority(named);
	if (m.winner === null) return { status: 'tie', reference: null, toAdjudicate: true };
	if (m.distinct === 1) return { status: 'unanimous', reference: m.winner, toAdjudicate: false };
	return { status: 'majority', reference: m.winner, toAdjudicate: true };
}

/** A point leaves the estimates without a reference until its status is one of these. */
export const DECIDED: ReadonlySet<PointStatus> = new Set(['unanimous', 'majority', 'adjudicated', 'excluded']);
