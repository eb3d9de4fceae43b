import { describe, expect, it } from 'vitest';
import { consensusVerdict } from './consensus.ts';

describe('consensusVerdict', () => {
	it.each([
		[[], null],
		[['cannot_tell'], null],
		[['cannot_tell', 'cannot_tell'], null],
		[['accepted'], 'accepted'],
		[['accepted', 'cannot_tell', 'cannot_tell'], 'accepted'],
		[['accepted', 'accepted', 'rejected'], 'accepted'],
		[['rejected', 'accepted', 'accepted'], 'accepted'],
		// ties go to the more severe verdict, whatever the order
		[['accepted', 'rejected'], 'rejected'],
		[['rejected', 'accepted'], 'rejected'],
		[['accepted', 'accepted_with_reservations'], 'accepted_with_reservations'],
		[['accepted_with_reservations', 'rejected', 'accepted'], 'rejected'],
		[['accepted', 'accepted', 'rejected', 'rejected', 'accepted_with_reservations'], 'rejected']
	] as const)('%j → %s', (verdicts, expected) => {
		expect(consensusVerdict(verdicts)).toBe(expected);
	});
});
