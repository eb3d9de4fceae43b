import { describe, expect, it } from 'vitest';
import { consensusVerdict, type Consensus } from './verdicts.ts';

describe('consensusVerdict', () => {
	it.each<[string, string[], Consensus]>([
		['no verdict', [], { verdict: null, split: false }],
		['only "cannot tell"', ['cannot_tell'], { verdict: null, split: false }],
		['one reviewer', ['rejected'], { verdict: 'rejected', split: false }],
		['"cannot tell" abstains', ['accepted', 'cannot_tell'], { verdict: 'accepted', split: false }],
		['majority', ['accepted', 'accepted', 'rejected'], { verdict: 'accepted', split: true }],
		['tie: the most severe', ['accepted', 'rejected'], { verdict: 'rejected', split: true }],
		['tie with reservations', ['accepted', 'accepted_with_reservations'], { verdict: 'accepted_with_reservations', split: true }],
		['three-way tie', ['accepted', 'accepted_with_reservations', 'rejected'], { verdict: 'rejected', split: true }],
		['majority over a more severe minority', ['accepted_with_reservations', 'accepted_with_reservations', 'rejected'], { verdict: 'accepted_with_reservations', split: true }]
	])('%s', (_, verdicts, expected) => {
		expect(consensusVerdict(verdicts)).toEqual(expected);
	});
});
