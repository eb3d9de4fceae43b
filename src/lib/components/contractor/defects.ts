/**
 * Pure helpers of the contractor page: where each released defect stands, and which tiles a new
 * review round would take in.
 */
import type { ReleasedDefectProperties } from './types.ts';

/** Where a released defect stands in the conversation. */
export type DefectStanding = 'unanswered' | 'accepted' | 'fixed' | 'disputed' | 'agreed' | 'maintained';

export function standing(p: Pick<ReleasedDefectProperties, 'answer'>): DefectStanding {
	const a = p.answer;
	if (!a) return 'unanswered';
	if (a.answer === 'disputed') return a.outcome ?? 'disputed';
	return a.answer;
}

/** Has the defect been released again (a new version) since the contractor answered it? */
export function updatedSinceAnswer(p: Pick<ReleasedDefectProperties, 'answer' | 'releasedAt'>): boolean {
	return !!p.answer && Date.parse(p.releasedAt) > Date.parse(p.answer.at);
}

/**
 * Tiles with a released defect answered "fixed in a new delivery" that are still in the round the
 * defect was released in (what "the tiles answered fixed" of a new round means on the server).
 */
export function tilesAnsweredFixed(defects: readonly Pick<ReleasedDefectProperties, 'tileId' | 'answer' | 'live'>[]): number[] {
	const out = new Set<number>();
	for (const d of defects) if (d.answer?.answer === 'fixed' && d.live !== 'later_round') out.add(d.tileId);
	return [...out].sort((a, b) => a - b);
}
