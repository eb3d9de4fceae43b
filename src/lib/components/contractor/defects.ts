/**
 * Pure helpers of the contractor page: where each released defect stands.
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
