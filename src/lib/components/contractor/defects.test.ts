import { describe, expect, it } from 'vitest';
import { standing, updatedSinceAnswer } from './defects.ts';
import type { AnswerView } from './types.ts';

const answer = (a: Partial<AnswerView>): AnswerView => ({ answer: 'accepted', comment: '', by: 'X', at: '2026-03-02T10:00:00.000Z', outcome: null, outcomeComment: null, closedBy: null, closedAt: null, ...a });

describe('standing', () => {
	it('follows the answer, and the manager’s decision on a dispute', () => {
		expect(standing({ answer: null })).toBe('unanswered');
		expect(standing({ answer: answer({ answer: 'fixed' }) })).toBe('fixed');
		expect(standing({ answer: answer({ answer: 'disputed' }) })).toBe('disputed');
		expect(standing({ answer: answer({ answer: 'disputed', outcome: 'maintained' }) })).toBe('maintained');
		expect(standing({ answer: answer({ answer: 'disputed', outcome: 'agreed' }) })).toBe('agreed');
	});
});

describe('updatedSinceAnswer', () => {
	it('is true only for a release later than the answer', () => {
		expect(updatedSinceAnswer({ answer: null, releasedAt: '2026-03-03T00:00:00.000Z' })).toBe(false);
		expect(updatedSinceAnswer({ answer: answer({}), releasedAt: '2026-03-01T00:00:00.000Z' })).toBe(false);
		expect(updatedSinceAnswer({ answer: answer({}), releasedAt: '2026-03-03T00:00:00.000Z' })).toBe(true);
	});
});
