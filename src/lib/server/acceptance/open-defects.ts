/**
 * HOOK for the contractor loop (issue 15, branch r15-contractor): which blocking defects are "left".
 *
 * A blocking defect is **left** until the contractor answers it "fixed" (in a new delivery); one
 * answered otherwise (accepted, disputed) stays left, and is also counted in `answeredNotFixed`, which
 * turns an otherwise accepted delivery into "accepted with reservations" (src/lib/acceptance/decision.ts).
 *
 * Until the contractor's answers exist, every blocking defect is left and none is answered: the
 * contractor loop replaces the body of this function (reading its `defect_answers`-like table), and
 * nothing else has to change.
 */
import type { Db } from '../db/db.ts';

export interface BlockingDefects {
	/** Blocking defects in the campaign's review projections. */
	total: number;
	/** Not answered "fixed" by the contractor. */
	left: number;
	/** Answered by the contractor, but not "fixed". */
	answeredNotFixed: number;
}

/**
 * The campaign's blocking defects and how many are left.
 * @param blockingTotal blocking defects counted by the caller (the report has just counted every
 *   defect by severity: no second scan of the defects)
 */
export function openBlockingDefects(db: Db, campaignId: number, blockingTotal: number): BlockingDefects {
	void db;
	void campaignId;
	return { total: blockingTotal, left: blockingTotal, answeredNotFixed: 0 };
}
