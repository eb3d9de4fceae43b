import { describe, expect, it } from 'vitest';
import type { TileCollection } from '../../api/types.ts';
import { geometryBBox, hatchPattern, initials, labelAnchors, OVERVIEW_IDS, overviewLayers, visibleLabels } from './overview-layers.ts';

describe('overview layers', () => {
	it('use no symbol layer (no glyphs offline) and read every per-tile change from feature-state', () => {
		const layers = overviewLayers();
		expect(layers.some((l) => l.type === 'symbol')).toBe(false);
		const text = JSON.stringify(layers);
		for (const state of ['hover', 'hidden', 'mine', 'orgColor', 'shared', 'selected', 'presenceColor', 'claimed']) expect(text).toContain(`["feature-state","${state}"]`);
		// The assignment view's layers start hidden (the status view is the default).
		for (const id of [OVERVIEW_IDS.organisationFill, OVERVIEW_IDS.sharedHatch]) expect(layers.find((l) => l.id === id)?.layout).toEqual({ visibility: 'none' });
	});
});

describe('hatch pattern', () => {
	it('is an RGBA square with light stripes, dark edges and transparent gaps, repeating seamlessly', () => {
		const { width, height, data } = hatchPattern(12);
		expect([width, height, data.length]).toEqual([12, 12, 12 * 12 * 4]);
		const alpha = (x: number, y: number) => data[(y * 12 + x) * 4 + 3];
		const pixel = (x: number, y: number) => [...data.slice((y * 12 + x) * 4, (y * 12 + x) * 4 + 4)];
		const kinds = new Set<string>();
		for (let y = 0; y < 12; y++) for (let x = 0; x < 12; x++) kinds.add(alpha(x, y) === 0 ? 'gap' : data[(y * 12 + x) * 4] > 128 ? 'light' : 'dark');
		expect([...kinds].sort()).toEqual(['dark', 'gap', 'light']);
		// Seamless: moving one pixel right and one up stays on the same stripe, across the edges too.
		for (let y = 1; y < 12; y++) for (let x = 0; x < 12; x++) expect(pixel((x + 1) % 12, y - 1)).toEqual(pixel(x, y));
	});
});

const square = (id: number, name: string, x: number, y: number, size = 0.01) => ({
	type: 'Feature' as const,
	id,
	properties: { name } as never,
	geometry: { type: 'Polygon' as const, coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]] }
});

describe('tile labels', () => {
	const tiles = { type: 'FeatureCollection', features: [square(1, '0485_5206', 0, 0), square(2, '0486_5206', 0.01, 0)] } as unknown as TileCollection;
	const anchors = labelAnchors(tiles);

	it('anchor each tile on its bounding box (polygons and multipolygons)', () => {
		expect(anchors.map((a) => [a.id, a.name])).toEqual([[1, '0485_5206'], [2, '0486_5206']]);
		expect(geometryBBox({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, -2], [6, -2], [6, -1], [5, -2]]]] })).toEqual([0, -2, 6, 1]);
	});

	it('appear only when tiles are wide enough on screen, at their centre, inside the view', () => {
		// 1 degree = `scale` pixels, y growing downwards.
		const projector = (scale: number) => ([lng, lat]: [number, number]) => ({ x: lng * scale, y: 100 - lat * scale });
		expect(visibleLabels(anchors, projector(1000), { width: 800, height: 600 })).toEqual([]);
		const zoomed = visibleLabels(anchors, projector(10_000), { width: 800, height: 600 });
		expect(zoomed).toEqual([
			{ id: 1, name: '0485_5206', x: 50, y: 50 },
			{ id: 2, name: '0486_5206', x: 150, y: 50 }
		]);
		// A tile whose centre is outside the view gets no label.
		expect(visibleLabels(anchors, projector(10_000), { width: 120, height: 600 }).map((l) => l.id)).toEqual([1]);
	});
});

describe('initials', () => {
	it.each([
		['Léa Bernard (commune)', 'LB'],
		['Hugo Petit (intercommunalité)', 'HP'],
		['élodie', 'É'],
		['agent@test-sur-prairie.fr', 'AT'],
		['', '?'],
		['(démo)', '?']
	])('%s → %s', (name, expected) => expect(initials(name)).toBe(expected));
});
