import { describe, expect, it } from 'vitest';
import type { NomenclatureEntry } from '../../api/types.ts';
import {
	answerTotal,
	classProgress,
	defaultFilter,
	fold,
	matchClasses,
	neighbour,
	pickableClasses,
	sessionsToClose,
	startingItem,
	walkedItems,
	withMyAnswers,
	type WalkItem,
	type WalkOverview
} from './walk.ts';

const item = (featureId: number, classCode: string, tileId: number, extra: Partial<WalkItem> = {}): WalkItem => ({
	featureId,
	classCode,
	ordinal: 1,
	tileId,
	tileName: `T${tileId}`,
	answers: 0,
	mine: null,
	...extra
});
const none = { correct: 0, other_class: 0, geometry_error: 0, cannot_tell: 0 };

const overview = (): WalkOverview => ({
	draw: { perClass: 2, percent: false, seed: 's' },
	classes: [
		{ code: 'A', label: 'Eau', color: '#00f', sampled: 2, answered: 1, byAnswer: { ...none, correct: 1 } },
		{ code: 'B', label: 'Forêt', color: '#0f0', sampled: 2, answered: 0, byAnswer: { ...none } }
	],
	items: [item(10, 'A', 1, { answers: 1, mine: 'correct' }), item(11, 'A', 2), item(20, 'B', 1), item(21, 'B', 3)]
});

describe('which polygons a person walks', () => {
	it('"mine" keeps the polygons whose home tile is one of mine, in walk order', () => {
		const items = overview().items;
		expect(walkedItems(items, 'mine', new Set([1])).map((i) => i.featureId)).toEqual([10, 20]);
		expect(walkedItems(items, 'all', new Set([1])).map((i) => i.featureId)).toEqual([10, 11, 20, 21]);
		expect(walkedItems(items, 'mine', new Set())).toEqual([]);
	});

	it('starts on "mine" for someone with polygons, on "all" for others (managers, observers)', () => {
		const items = overview().items;
		expect(defaultFilter(items, new Set([3]))).toBe('mine');
		expect(defaultFilter(items, new Set([99]))).toBe('all');
		expect(defaultFilter(items, new Set())).toBe('all');
		expect(defaultFilter([], new Set([1]))).toBe('all');
	});

	it('next and previous stop at the ends', () => {
		const items = overview().items;
		expect(neighbour(items, 10, 1)?.featureId).toBe(11);
		expect(neighbour(items, 11, -1)?.featureId).toBe(10);
		expect(neighbour(items, 10, -1)).toBeNull();
		expect(neighbour(items, 21, 1)).toBeNull();
		expect(neighbour(items, 999, 1)).toBeNull();
		expect(neighbour([], null, 1)).toBeNull();
	});

	it('starts on the polygon asked for, else the first one not answered yet (counting answers just given), else the first', () => {
		const items = overview().items;
		expect(startingItem(items, 21, new Map())?.featureId).toBe(21);
		expect(startingItem(items, 999, new Map())?.featureId).toBe(11);
		expect(startingItem(items, null, new Map([[11, 'correct']]))?.featureId).toBe(20);
		expect(startingItem(items, null, new Map([[10, null]]))?.featureId).toBe(10);
		const allDone = items.map((i) => ({ ...i, mine: 'correct' as const }));
		expect(startingItem(allDone, null, new Map())?.featureId).toBe(10);
		expect(startingItem([], null, new Map())).toBeNull();
	});
});

describe('withMyAnswers: progress counts an answer as soon as it is given', () => {
	it('a first answer counts the polygon as answered and the answer by kind', () => {
		const o = withMyAnswers(overview(), new Map([[11, 'other_class']]));
		expect(o.classes[0]).toMatchObject({ answered: 2, byAnswer: { ...none, correct: 1, other_class: 1 } });
		expect(o.items[1]).toMatchObject({ featureId: 11, mine: 'other_class', answers: 1 });
	});

	it('a changed answer moves from one kind to the other; the polygon was already answered', () => {
		const o = withMyAnswers(overview(), new Map([[10, 'geometry_error']]));
		expect(o.classes[0]).toMatchObject({ answered: 1, byAnswer: { ...none, geometry_error: 1 } });
		expect(o.items[0]).toMatchObject({ mine: 'geometry_error', answers: 1 });
	});

	it('a withdrawn answer is taken off', () => {
		const o = withMyAnswers(overview(), new Map([[10, null]]));
		expect(o.classes[0]).toMatchObject({ answered: 0, byAnswer: none });
		expect(o.items[0]).toMatchObject({ mine: null, answers: 0 });
	});

	it('changes nothing once the server has the answer (no double count), and leaves the input alone', () => {
		const base = overview();
		const stored = withMyAnswers(base, new Map([[20, 'cannot_tell']]));
		expect(withMyAnswers(stored, new Map([[20, 'cannot_tell']]))).toEqual(stored);
		expect(base.classes[1].byAnswer.cannot_tell).toBe(0);
		expect(withMyAnswers(base, new Map())).toBe(base);
	});

	it('another reviewer’s answer on the polygon keeps it answered when mine is withdrawn', () => {
		const base = overview();
		base.items[0] = { ...base.items[0], answers: 2 };
		base.classes[0] = { ...base.classes[0], byAnswer: { ...none, correct: 2 } };
		const o = withMyAnswers(base, new Map([[10, null]]));
		expect(o.classes[0]).toMatchObject({ answered: 1, byAnswer: { ...none, correct: 1 } });
	});

	it('each class’s progress: everyone’s answers, and the walker’s own share of what they walk', () => {
		const o = withMyAnswers(overview(), new Map([[20, 'correct']]));
		const progress = classProgress(o, walkedItems(o.items, 'mine', new Set([1])));
		expect(progress.map((c) => [c.code, c.sampled, c.answered, c.walked, c.mineAnswered, answerTotal(c)])).toEqual([
			['A', 2, 1, 1, 1, 1],
			['B', 2, 1, 1, 1, 1]
		]);
	});
});

const entries: NomenclatureEntry[] = [
	{ code: 'CS1', label: 'Sans végétation', labelEn: 'Without vegetation', color: '#f00' },
	{ code: 'CS1.2.2', label: 'Surfaces d’eau', labelEn: 'Water surfaces', color: '#00f' },
	{ code: 'CS2.1.1.1', label: 'Peuplement de feuillus', labelEn: 'Broadleaved stands', color: '#0f0' },
	{ code: 'CS2.1.1', label: 'Formations arborées', labelEn: 'Tree formations', color: '#0f0' },
	{ code: 'CS2.2.1', label: 'Formations herbacées', labelEn: 'Herbaceous formations', color: '#cf4' },
	{ code: 'CS1.2.1', label: 'Sols nus', labelEn: 'Bare soils', color: '#ccc' }
];
const codes = (list: NomenclatureEntry[]) => list.map((e) => e.code);

describe('the class picker', () => {
	it('offers the finest classes, without the one the polygon has', () => {
		expect(codes(pickableClasses(entries, 'CS1.2.1'))).toEqual(['CS1.2.2', 'CS2.1.1.1', 'CS2.2.1']);
		expect(codes(pickableClasses(entries, null))).toEqual(['CS1.2.2', 'CS2.1.1.1', 'CS2.2.1', 'CS1.2.1']);
	});

	it('folds case, accents and spaces', () => {
		expect(fold('  Forêts   Feuillues ')).toBe('forets feuillues');
		expect(fold('HERBACÉES')).toBe('herbacees');
	});

	it.each([
		['', 'fr', ['CS1', 'CS1.2.2', 'CS2.1.1.1', 'CS2.1.1', 'CS2.2.1', 'CS1.2.1']],
		['eau', 'fr', ['CS1.2.2']],
		['herb', 'fr', ['CS2.2.1']],
		['HERBACEES', 'fr', ['CS2.2.1']],
		['cs2.2', 'fr', ['CS2.2.1']],
		['CS1.2', 'fr', ['CS1.2.2', 'CS1.2.1']],
		['form arbo', 'fr', ['CS2.1.1']],
		['water', 'en', ['CS1.2.2']],
		// The French label still answers in English (the nomenclature's own words).
		['feuillus', 'en', ['CS2.1.1.1']],
		['zzz', 'fr', []]
	] as const)('"%s" (%s) → %j', (query, locale, expected) => {
		expect(codes(matchClasses(entries, query, locale))).toEqual(expected);
	});

	it('puts a word that starts with the query before a match inside a word', () => {
		// "sol" starts the word "Sols" and is only inside "Tournesol".
		const list: NomenclatureEntry[] = [
			{ code: 'X1', label: 'Tournesol', color: '#000' },
			{ code: 'X2', label: 'Sols nus', color: '#000' }
		];
		expect(codes(matchClasses(list, 'sol', 'fr'))).toEqual(['X2', 'X1']);
	});
});

describe('which review sessions to close', () => {
	const open = [
		{ tileId: 1, lastUsed: 0, pending: 0 },
		{ tileId: 2, lastUsed: 0, pending: 3 },
		{ tileId: 3, lastUsed: 50_000, pending: 0 },
		{ tileId: 4, lastUsed: 0, pending: 0 }
	];
	it('closes sessions neither current nor previous, unused for the grace time, with nothing waiting', () => {
		expect(sessionsToClose(open, new Set([4]), 60_000)).toEqual([1]);
		expect(sessionsToClose(open, new Set([4]), 80_000)).toEqual([1, 3]);
	});
	it('keeps a session whose changes the server has not confirmed (offline work)', () => {
		expect(sessionsToClose(open, new Set(), 10_000_000)).not.toContain(2);
	});
	it('keeps everything within the grace time', () => {
		expect(sessionsToClose(open, new Set(), 29_999)).toEqual([]);
	});
});
