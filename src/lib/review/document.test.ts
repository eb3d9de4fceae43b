import { describe, expect, it } from 'vitest';
import { activeCodes, DEFAULT_CATALOGUE, CUSTOM_CODE } from './catalogue.ts';
import {
	checkCorrectionChange,
	checkDefectChange,
	checkGeometry,
	checkMessage,
	checkMessageRemoval,
	checkVerdictChange,
	checkWalkChange,
	type DefectValue,
	type ReviewContext
} from './document.ts';

// A 1 km tile near Prairie (the demo): about 0.0125° of longitude and 0.009° of latitude.
const BOUNDS = [-97.5, 38.0, -97.4875, 38.009] as const;
const ctx = (over: Partial<ReviewContext> = {}): ReviewContext => ({
	userId: 7,
	isManager: false,
	activeCategories: activeCodes([...DEFAULT_CATALOGUE, { code: 'custom_1', target: 'orthophoto', group: 'x', label: { fr: 'x', en: 'x' }, retired: true }]),
	allCategories: new Set([...DEFAULT_CATALOGUE.map((c) => c.code), 'custom_1']),
	classCodes: new Set(['CS1.1.1.1', 'CS2.1.1.1']),
	tileBounds: BOUNDS,
	hasFeature: (id) => id === 12 || id === 13,
	...over
});
const inside: [number, number] = [-97.495, 38.004];
const defect = (over: Partial<DefectValue> = {}): DefectValue => ({
	geometry: { type: 'Point', coordinates: inside },
	category: 'radiometry_saturation',
	severity: 'major',
	comment: 'Toits brûlés',
	author: 7,
	createdAt: '2026-12-06T10:00:00.000Z',
	...over
});

describe('defect catalogue', () => {
	it('has 18 default categories with unique codes, all active, orthophoto and land cover', () => {
		const codes = DEFAULT_CATALOGUE.map((c) => c.code);
		expect(new Set(codes).size).toBe(18);
		expect(DEFAULT_CATALOGUE.filter((c) => c.target === 'orthophoto')).toHaveLength(12);
		expect(DEFAULT_CATALOGUE.filter((c) => c.target === 'landcover')).toHaveLength(6);
		expect(codes.every((c) => !CUSTOM_CODE.test(c))).toBe(true);
	});
});

describe('defect geometry', () => {
	it.each([
		[{ type: 'Point', coordinates: inside }, null],
		[{ type: 'LineString', coordinates: [inside, [-97.49, 38.005]] }, null],
		[{ type: 'Polygon', coordinates: [[[-97.499, 38.001], [-97.49, 38.001], [-97.49, 38.008], [-97.499, 38.001]]] }, null],
		// 10 % of the tile's width outside is tolerated (a defect straddling the edge), more is not
		[{ type: 'Point', coordinates: [-97.5 - 0.0011, 38.004] }, null],
		[{ type: 'Point', coordinates: [-97.5 - 0.0014, 38.004] }, 'the point is outside the tile'],
		[{ type: 'Point', coordinates: [2.35, 48.85] }, 'the point is outside the tile'],
		[{ type: 'Point', coordinates: [Number.NaN, 38] }, 'a point needs [longitude, latitude] numbers'],
		[{ type: 'Point', coordinates: ['-97.5', 38] }, 'a point needs [longitude, latitude] numbers'],
		[{ type: 'Point', coordinates: [-97.495, 38.004, 12] }, 'a point needs [longitude, latitude] numbers'],
		[{ type: 'LineString', coordinates: [inside] }, 'a line needs 2 to 5000 positions'],
		[{ type: 'LineString', coordinates: [inside, inside] }, 'a line needs two distinct positions'],
		[{ type: 'Polygon', coordinates: [[inside, [-97.49, 38.005], inside]] }, 'a polygon ring needs at least 4 positions (closed)'],
		[{ type: 'Polygon', coordinates: [[[-97.499, 38.001], [-97.49, 38.001], [-97.49, 38.008], [-97.498, 38.002]]] }, 'a polygon ring must be closed (last position = first)'],
		[{ type: 'Polygon', coordinates: [[[-97.499, 38.001], [-97.49, 38.001], [-97.495, 38.001], [-97.499, 38.001]]] }, 'a polygon ring has no area'],
		// a bow-tie
		[{ type: 'Polygon', coordinates: [[[-97.499, 38.001], [-97.49, 38.008], [-97.49, 38.001], [-97.499, 38.008], [-97.499, 38.001]]] }, 'a polygon ring crosses itself'],
		[{ type: 'MultiPoint', coordinates: [inside] }, 'geometry must be a GeoJSON Point, LineString or Polygon'],
		[{ type: 'Point', coordinates: inside, crs: 'EPSG:2154' }, 'geometry must be a GeoJSON Point, LineString or Polygon'],
		['POINT(1 2)', 'geometry must be a GeoJSON Point, LineString or Polygon']
	])('%j → %s', (geometry, expected) => {
		expect(checkGeometry(geometry, BOUNDS)).toBe(expected);
	});
});

describe('defect changes', () => {
	it('a reviewer creates a defect as themselves, with an active category', () => {
		expect(checkDefectChange('d-1', undefined, defect(), ctx())).toBeNull();
		expect(checkDefectChange('d-1', undefined, defect({ author: 8 }), ctx())).toMatchObject({ kind: 'forbidden' });
		expect(checkDefectChange('d-1', undefined, defect({ category: 'custom_1' }), ctx())).toEqual({ kind: 'invalid', reason: 'category "custom_1" is retired' });
		expect(checkDefectChange('d-1', undefined, defect({ category: 'nope' }), ctx())).toEqual({ kind: 'invalid', reason: 'unknown defect category "nope"' });
	});

	it('refuses unknown fields, bad severities, long comments, bad ids and dates', () => {
		expect(checkDefectChange('d-1', undefined, { ...defect(), colour: 'red' }, ctx())).toEqual({ kind: 'invalid', reason: 'unknown defect field "colour"' });
		expect(checkDefectChange('d-1', undefined, defect({ severity: 'critical' as never }), ctx())?.kind).toBe('invalid');
		expect(checkDefectChange('d-1', undefined, defect({ comment: 'x'.repeat(4001) }), ctx())?.kind).toBe('invalid');
		expect(checkDefectChange('d 1', undefined, defect(), ctx())?.kind).toBe('invalid');
		expect(checkDefectChange('x'.repeat(65), undefined, defect(), ctx())?.kind).toBe('invalid');
		expect(checkDefectChange('d-1', undefined, defect({ createdAt: 'yesterday' }), ctx())?.kind).toBe('invalid');
		const { comment: _c, ...missing } = defect();
		expect(checkDefectChange('d-1', undefined, missing, ctx())).toEqual({ kind: 'invalid', reason: 'a defect needs "comment"' });
	});

	it('only the author or a manager edits or deletes; author and creation date never change', () => {
		const mine = defect();
		const theirs = defect({ author: 8 });
		expect(checkDefectChange('d-1', mine, { ...mine, severity: 'minor', updatedAt: '2026-12-06T11:00:00Z', updatedBy: 7 }, ctx())).toBeNull();
		expect(checkDefectChange('d-1', theirs, { ...theirs, severity: 'minor' }, ctx())?.kind).toBe('forbidden');
		expect(checkDefectChange('d-1', theirs, { ...theirs, severity: 'minor', updatedBy: 7 }, ctx({ isManager: true }))).toBeNull();
		expect(checkDefectChange('d-1', mine, { ...mine, author: 8 }, ctx())?.kind).toBe('forbidden');
		expect(checkDefectChange('d-1', mine, { ...mine, createdAt: '2020-01-01T00:00:00Z' }, ctx())?.kind).toBe('forbidden');
		expect(checkDefectChange('d-1', mine, undefined, ctx())).toBeNull();
		expect(checkDefectChange('d-1', theirs, undefined, ctx())?.kind).toBe('forbidden');
		expect(checkDefectChange('d-1', theirs, undefined, ctx({ isManager: true }))).toBeNull();
		// a retired category stays on an existing defect, but cannot be newly chosen
		const old = defect({ category: 'custom_1' });
		expect(checkDefectChange('d-1', old, { ...old, comment: 'précisé' }, ctx())).toBeNull();
		expect(checkDefectChange('d-1', mine, { ...mine, category: 'custom_1' }, ctx())?.kind).toBe('invalid');
	});
});

describe('verdicts, corrections, walk answers, messages', () => {
	const at = '2026-12-06T10:00:00Z';
	it('a verdict is the sender’s own', () => {
		expect(checkVerdictChange('7', { verdict: 'accepted_with_reservations', comment: '', at }, ctx())).toBeNull();
		expect(checkVerdictChange('8', { verdict: 'accepted', comment: '', at }, ctx())?.kind).toBe('forbidden');
		expect(checkVerdictChange('7', { verdict: 'ok', comment: '', at }, ctx())?.kind).toBe('invalid');
		expect(checkVerdictChange('7', undefined, ctx())).toBeNull();
		expect(checkVerdictChange('8', undefined, ctx({ isManager: true }))?.kind).toBe('forbidden');
	});

	it('a correction names a feature of the tile and a class of the nomenclature', () => {
		const ok = { featureId: 12, from: 'CS2.1.1.1', to: 'CS1.1.1.1', comment: 'bâti', author: 7, at };
		expect(checkCorrectionChange('12:7', ok, ctx())).toBeNull();
		expect(checkCorrectionChange('12:8', { ...ok, author: 8 }, ctx())?.kind).toBe('forbidden');
		expect(checkCorrectionChange('99:7', { ...ok, featureId: 99 }, ctx())?.kind).toBe('invalid');
		expect(checkCorrectionChange('12:7', { ...ok, to: 'CS9' }, ctx())?.kind).toBe('invalid');
		expect(checkCorrectionChange('12:7', { ...ok, featureId: 13 }, ctx())?.kind).toBe('invalid');
		expect(checkCorrectionChange('12:7', { ...ok, author: 8 }, ctx())?.kind).toBe('forbidden');
		expect(checkCorrectionChange('12-7', ok, ctx())?.kind).toBe('invalid');
	});

	it('a walk answer: "other class" names the class, the others do not', () => {
		const ok = { featureId: 13, answer: 'correct', comment: '', author: 7, at };
		expect(checkWalkChange('13:7', ok, ctx())).toBeNull();
		expect(checkWalkChange('13:7', { ...ok, answer: 'other_class', to: 'CS1.1.1.1' }, ctx())).toBeNull();
		expect(checkWalkChange('13:7', { ...ok, answer: 'other_class' }, ctx())?.kind).toBe('invalid');
		expect(checkWalkChange('13:7', { ...ok, to: 'CS1.1.1.1' }, ctx())?.kind).toBe('invalid');
		expect(checkWalkChange('13:7', { ...ok, answer: 'maybe' }, ctx())?.kind).toBe('invalid');
	});

	it('messages are the sender’s; only the author or a manager removes one', () => {
		expect(checkMessage({ author: 7, text: 'Vu sur place : c’est une prairie.', at }, ctx())).toBeNull();
		expect(checkMessage({ author: 8, text: 'x', at }, ctx())?.kind).toBe('forbidden');
		expect(checkMessage({ author: 7, text: '   ', at }, ctx())?.kind).toBe('invalid');
		expect(checkMessageRemoval({ author: 7, text: 'x', at }, ctx())).toBeNull();
		expect(checkMessageRemoval({ author: 8, text: 'x', at }, ctx())?.kind).toBe('forbidden');
		expect(checkMessageRemoval({ author: 8, text: 'x', at }, ctx({ isManager: true }))).toBeNull();
	});
});
