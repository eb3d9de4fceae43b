import { describe, expect, it } from 'vitest';
import type { TileCollection, TileFeature, TileStatus } from '$lib/api/types.ts';
import {
	classAreaRows,
	countByStatus,
	dominantClassesOf,
	EMPTY_FILTER,
	entryLabel,
	filterRows,
	isFiltered,
	NO_CLASS,
	NO_ORGANISATION,
	normalizeText,
	sortRows,
	tileRows,
	toggleSort
} from './table.ts';

function tile(
	id: number,
	name: string,
	status: TileStatus,
	ordinal: number,
	dominant: string | null,
	areas: Record<string, number> = {},
	featureCount = 0
): TileFeature {
	return {
		type: 'Feature',
		id,
		geometry: { type: 'Polygon', coordinates: [] },
		properties: {
			name,
			status,
			feature_count: featureCount,
			in_sample: true,
			dominant_class: dominant,
			ordinal,
			areas
		}
	};
}

const collection: TileCollection = {
	type: 'FeatureCollection',
	features: [
		tile(3, 'T10', 'reviewed', 2, 'CS1.1.1.1', { 'CS1.1.1.1': 500, 'CS2.1.1.1': 100 }, 12),
		tile(1, 'T2', 'not_started', 0, 'CS2.1.1.1', { 'CS2.1.1.1': 900 }, 4),
		tile(2, 'Tuile été', 'in_review', 1, null, {}, 0),
		tile(4, 'T1', 'not_started', 3, 'CS9.9', { 'CS9.9': 50 }, 1)
	]
};
const entries = [
	{ code: 'CS1.1.1.1', label: 'Zones bâties', color: '#ff0000' },
	{ code: 'CS2.1.1.1', label: 'Peuplement de feuillus', color: '#00ff00' }
];

describe('tileRows', () => {
	it('flattens features in review order with the dominant class area', () => {
		const rows = tileRows(collection);
		expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4]);
		expect(rows[2]).toEqual({
			id: 3,
			name: 'T10',
			status: 'reviewed',
			featureCount: 12,
			ordinal: 2,
			dominantClass: 'CS1.1.1.1',
			dominantArea: 500,
			organisationIds: [],
			mine: false
		});
		expect(rows[1].dominantArea).toBe(0);
	});

	it('handles an empty collection', () => {
		expect(tileRows({ type: 'FeatureCollection', features: [] })).toEqual([]);
	});
});

describe('filterRows', () => {
	const rows = tileRows(collection);
	it('filters by status, class, missing class and accent-insensitive name', () => {
		expect(filterRows(rows, { ...EMPTY_FILTER, status: 'not_started' }).map((r) => r.id)).toEqual([1, 4]);
		expect(filterRows(rows, { ...EMPTY_FILTER, dominantClass: 'CS2.1.1.1' }).map((r) => r.id)).toEqual([1]);
		expect(filterRows(rows, { ...EMPTY_FILTER, dominantClass: NO_CLASS }).map((r) => r.id)).toEqual([2]);
		expect(filterRows(rows, { ...EMPTY_FILTER, search: '  ETE ' }).map((r) => r.id)).toEqual([2]);
		expect(filterRows(rows, { ...EMPTY_FILTER, search: 't1' }).map((r) => r.id)).toEqual([3, 4]);
		expect(filterRows(rows, { ...EMPTY_FILTER, status: 'reviewed', dominantClass: 'CS2.1.1.1' })).toEqual([]);
		expect(filterRows(rows, EMPTY_FILTER)).toHaveLength(4);
		expect(isFiltered(EMPTY_FILTER)).toBe(false);
		expect(isFiltered({ ...EMPTY_FILTER, search: '  ' })).toBe(false);
		expect(isFiltered({ ...EMPTY_FILTER, mine: true })).toBe(true);
	});

	it('filters “my tiles” and by organisation, “not assigned” included', () => {
		// Tile 1 is the commune's (7) and the DDT's (9), tile 3 the DDT's; the user reviews for the commune.
		const assigned = tileRows(collection, { tiles: { '1': [7, 9], '3': [9] }, myOrganisationIds: [7] });
		expect(assigned.filter((r) => r.mine).map((r) => r.id)).toEqual([1]);
		expect(filterRows(assigned, { ...EMPTY_FILTER, mine: true }).map((r) => r.id)).toEqual([1]);
		expect(filterRows(assigned, { ...EMPTY_FILTER, organisation: '9' }).map((r) => r.id)).toEqual([1, 3]);
		expect(filterRows(assigned, { ...EMPTY_FILTER, organisation: NO_ORGANISATION }).map((r) => r.id)).toEqual([2, 4]);
		expect(filterRows(assigned, { ...EMPTY_FILTER, mine: true, status: 'reviewed' })).toEqual([]);
		// Nobody's tiles without assignments: "my tiles" is then empty, not everything.
		expect(filterRows(rows, { ...EMPTY_FILTER, mine: true })).toEqual([]);
	});
	it('normalizes text', () => {
		expect(normalizeText(' Écrin ')).toBe('ecrin');
	});
});

describe('sortRows', () => {
	const rows = tileRows(collection);
	const ids = (key: Parameters<typeof sortRows>[1]['key'], direction: 'ascending' | 'descending' = 'ascending') =>
		sortRows(rows, { key, direction }, (code) => entries.find((e) => e.code === code)?.label ?? code).map((r) => r.id);

	it('sorts names naturally', () => {
		expect(ids('name')).toEqual([4, 1, 3, 2]);
		expect(ids('name', 'descending')).toEqual([2, 3, 1, 4]);
	});
	it('sorts statuses by workflow order, ties by review order', () => {
		expect(ids('status')).toEqual([1, 4, 2, 3]);
	});
	it('sorts numbers', () => {
		expect(ids('featureCount')).toEqual([2, 4, 1, 3]);
		expect(ids('dominantArea', 'descending')).toEqual([1, 3, 4, 2]);
	});
	it('sorts classes by label, missing last', () => {
		// CS9.9 (no label → its code) < Peuplement < Zones; null last.
		expect(ids('dominantClass')).toEqual([4, 1, 3, 2]);
	});
	it('does not mutate its input', () => {
		const before = rows.map((r) => r.id);
		sortRows(rows, { key: 'name', direction: 'descending' });
		expect(rows.map((r) => r.id)).toEqual(before);
	});
	it('toggles direction on the same column and resets on another', () => {
		expect(toggleSort({ key: 'name', direction: 'ascending' }, 'name')).toEqual({ key: 'name', direction: 'descending' });
		expect(toggleSort({ key: 'name', direction: 'descending' }, 'name')).toEqual({ key: 'name', direction: 'ascending' });
		expect(toggleSort({ key: 'name', direction: 'descending' }, 'status')).toEqual({ key: 'status', direction: 'ascending' });
	});
});

describe('counts and classes', () => {
	it('counts every status', () => {
		expect(countByStatus(tileRows(collection))).toEqual({ not_started: 2, in_review: 1, reviewed: 1, validated: 0 });
		expect(countByStatus([])).toEqual({ not_started: 0, in_review: 0, reviewed: 0, validated: 0 });
	});
	it('lists dominant classes in nomenclature order, unknown codes last', () => {
		expect(dominantClassesOf(tileRows(collection), entries)).toEqual(['CS1.1.1.1', 'CS2.1.1.1', 'CS9.9']);
	});
});

describe('classAreaRows', () => {
	it('labels, colours and shares areas, largest first', () => {
		const rows = classAreaRows({ 'CS2.1.1.1': 100, 'CS1.1.1.1': 300, X: 0, Y: Number.NaN }, entries, '#999');
		expect(rows).toEqual([
			{ code: 'CS1.1.1.1', label: 'Zones bâties', color: '#ff0000', area: 300, share: 0.75 },
			{ code: 'CS2.1.1.1', label: 'Peuplement de feuillus', color: '#00ff00', area: 100, share: 0.25 }
		]);
	});
	it('falls back to the code and the unknown colour', () => {
		expect(classAreaRows({ Z: 10 }, [], '#999')).toEqual([
			{ code: 'Z', label: 'Z', color: '#999', area: 10, share: 1 }
		]);
	});
	it('handles missing areas', () => {
		expect(classAreaRows(undefined, entries, '#999')).toEqual([]);
	});
});

describe('entryLabel', () => {
	it('uses the English label in English when there is one', () => {
		const entry = { code: 'CS1', label: 'Zones bâties', labelEn: 'Built-up areas', color: '#f00' };
		expect(entryLabel(entry, 'fr')).toBe('Zones bâties');
		expect(entryLabel(entry, 'en')).toBe('Built-up areas');
		expect(entryLabel({ ...entry, labelEn: undefined }, 'en')).toBe('Zones bâties');
		expect(entryLabel(undefined, 'en')).toBeUndefined();
		expect(classAreaRows({ CS1: 1 }, [entry], '#999', 'en')[0].label).toBe('Built-up areas');
	});
});
