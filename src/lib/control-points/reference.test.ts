import { describe, expect, it } from 'vitest';
import { majority, pointReference, type PointStatus } from './reference.ts';

describe('majority', () => {
	it.each<[string[], string | null, number, string[]]>([
		[[], null, 0, []],
		[['a'], 'a', 1, ['a']],
		[['a', 'b', 'a'], 'a', 2, ['a']],
		[['a', 'b'], null, 1, ['a', 'b']],
		[['b', 'a', 'b', 'a', 'c'], null, 2, ['b', 'a']],
		[['c', 'c', 'c', 'a', 'a'], 'c', 3, ['c']]
	])('%j → %j', (values, winner, top, leaders) => {
		expect(majority(values)).toMatchObject({ winner, top, leaders });
	});
});

describe('pointReference', () => {
	it.each<[string, (string | null)[], string | null | undefined, PointStatus, string | null, boolean]>([
		['nobody labelled it', [], undefined, 'unlabelled', null, false],
		['a single reviewer', ['CS1'], undefined, 'unanimous', 'CS1', false],
		['two agree', ['CS1', 'CS1'], undefined, 'unanimous', 'CS1', false],
		['"cannot tell" abstains', ['CS1', null], undefined, 'unanimous', 'CS1', false],
		['two against one: majority, listed as a disagreement', ['CS1', 'CS2', 'CS1'], undefined, 'majority', 'CS1', true],
		['one each: a tie, no reference', ['CS1', 'CS2'], undefined, 'tie', null, true],
		['a tie is not broken by "cannot tell"', ['CS1', 'CS2', null], undefined, 'tie', null, true],
		['only "cannot tell"', [null, null], undefined, 'cannot_tell', null, true],
		['the manager decides a tie', ['CS1', 'CS2'], 'CS2', 'adjudicated', 'CS2', false],
		['the manager overrides a unanimous label', ['CS1', 'CS1'], 'CS3', 'adjudicated', 'CS3', false],
		['the manager excludes a point nobody can label', [null], null, 'excluded', null, false]
	])('%s', (_, labels, adjudication, status, reference, toAdjudicate) => {
		expect(pointReference(labels, adjudication)).toEqual({ status, reference, toAdjudicate });
	});
});
