import { describe, expect, it } from 'vitest';
import type { TileCollection } from '../../api/types.ts';
import { organisationColor } from '../assignment/palette.ts';
import { heldByOthers, parsePresenceEvent, parseStatusEvent, sharedTileIds, tileColors, withStatuses } from './overview.ts';

const collection = {
	type: 'FeatureCollection',
	features: [1, 2].map((id) => ({ type: 'Feature', id, geometry: { type: 'Polygon', coordinates: [] }, properties: { name: `T${id}`, status: 'not_started' } }))
} as unknown as TileCollection;

describe('the live feed', () => {
	it('reads status events and ignores anything else', () => {
		expect(parseStatusEvent('{"tileId":4,"status":"in_review"}')).toEqual({ tileId: 4, status: 'in_review' });
		expect(parseStatusEvent('{"tileId":4,"status":"lost"}')).toBeNull();
		expect(parseStatusEvent('{"tileId":"4","status":"reviewed"}')).toBeNull();
		expect(parseStatusEvent('not json')).toBeNull();
		expect(parseStatusEvent('null')).toBeNull();
	});

	it('reads presence events, keeping only well-formed people', () => {
		const data = JSON.stringify({
			tiles: {
				'4': [{ userId: 2, name: 'Léa', organisation: 'Commune', color: '#aa3300', claim: true }, { userId: 'x' }],
				'5': [{ userId: 3, name: 'Hugo', organisation: null, color: 'red; background: url(x)', claim: false }],
				'6': 'nobody'
			}
		});
		expect(parsePresenceEvent(data)).toEqual({ '4': [{ userId: 2, name: 'Léa', organisation: 'Commune', color: '#aa3300', claim: true }] });
		expect(parsePresenceEvent('{"tiles":{}}')).toEqual({});
		expect(parsePresenceEvent('[]')).toBeNull();
		expect(parsePresenceEvent('{')).toBeNull();
	});

	it('applies live statuses to the tiles, keeping the same object when nothing changed', () => {
		expect(withStatuses(collection, {})).toBe(collection);
		expect(withStatuses(collection, { 1: 'not_started' })).toBe(collection);
		const next = withStatuses(collection, { 2: 'reviewed', 99: 'validated' });
		expect(next).not.toBe(collection);
		expect(next.features.map((f) => f.properties.status)).toEqual(['not_started', 'reviewed']);
		expect(collection.features[1].properties.status).toBe('not_started');
	});
});

describe('the assignment view', () => {
	const tiles = { '1': [5], '2': [5, 8], '3': [8] };

	it('finds shared tiles', () => {
		expect(sharedTileIds(tiles)).toEqual([2]);
		expect(sharedTileIds({})).toEqual([]);
	});

	it('colours each tile with its organisation’s own colour, the chosen one first on shared tiles', () => {
		expect(tileColors(tiles, null)).toEqual({ '1': organisationColor(5), '2': organisationColor(5), '3': organisationColor(8) });
		expect(tileColors(tiles, 8)['2']).toBe(organisationColor(8));
	});

	it('says which selected tiles another organisation holds (before an add or a replace)', () => {
		expect(heldByOthers([1, 2, 3, 4], tiles, 5)).toEqual({ tiles: 2, organisations: [8] });
		expect(heldByOthers([1], tiles, 5)).toEqual({ tiles: 0, organisations: [] });
	});
});
