import { describe, expect, it } from 'vitest';
import { checkGeometry } from './document.ts';
import { anchorOf, clampGeometry, clampPosition, defectGeometry, geometryInsideTile, insideTile, type Bounds } from './geometry.ts';

// A tile in the demo area (negative longitudes): 0.01° wide, 0.01° high.
const TILE: Bounds = [-97.02, 37.5, -97.01, 37.51];

describe('positions', () => {
	it.each([
		[[-97.015, 37.505], true],
		[[-97.02, 37.5], true],
		[[-97.01, 37.51], true],
		[[-97.0201, 37.505], false],
		[[-97.015, 37.5101], false]
	])('insideTile(%j) = %s', (p, inside) => {
		expect(insideTile(p, TILE)).toBe(inside);
	});

	it('clamps to the nearest edge and rounds to 1e-7°', () => {
		expect(clampPosition([-97.1, 37.505], TILE)).toEqual([-97.02, 37.505]);
		expect(clampPosition([-96.9, 38], TILE)).toEqual([-97.01, 37.51]);
		expect(clampPosition([-97.012345678, 37.501234567], TILE)).toEqual([-97.0123457, 37.5012346]);
	});
});

describe('clampGeometry', () => {
	it('moves every vertex inside, drops repeats and keeps rings closed', () => {
		const polygon = clampGeometry(
			{ type: 'Polygon', coordinates: [[[-97.03, 37.505], [-97.015, 37.52], [-97.015, 37.52], [-97.012, 37.502], [-97.03, 37.505]]] },
			TILE
		);
		expect(polygon).toEqual({ type: 'Polygon', coordinates: [[[-97.02, 37.505], [-97.015, 37.51], [-97.012, 37.502], [-97.02, 37.505]]] });
		expect(geometryInsideTile(polygon, TILE)).toBe(true);
		expect(checkGeometry(polygon, TILE)).toBeNull();
	});

	it('closes a ring a tool left open', () => {
		const polygon = clampGeometry({ type: 'Polygon', coordinates: [[[-97.019, 37.501], [-97.015, 37.509], [-97.011, 37.501]]] }, TILE);
		if (polygon.type !== 'Polygon') throw new Error('a polygon stays a polygon');
		expect(polygon.coordinates[0]).toHaveLength(4);
		expect(polygon.coordinates[0][3]).toEqual(polygon.coordinates[0][0]);
	});
});

describe('defectGeometry (what the drawing tools produce)', () => {
	it('accepts a point, a line and a polygon inside the tile unchanged', () => {
		for (const g of [
			{ type: 'Point', coordinates: [-97.015, 37.505] },
			{ type: 'LineString', coordinates: [[-97.019, 37.501], [-97.011, 37.509]] },
			{ type: 'Polygon', coordinates: [[[-97.019, 37.501], [-97.015, 37.509], [-97.011, 37.501], [-97.019, 37.501]]] }
		]) {
			expect(defectGeometry(g, TILE)).toEqual({ ok: true, geometry: g });
		}
	});

	it('brings a point drawn outside the tile onto its edge', () => {
		expect(defectGeometry({ type: 'Point', coordinates: [-97.5, 37.505] }, TILE)).toEqual({ ok: true, geometry: { type: 'Point', coordinates: [-97.02, 37.505] } });
	});

	it.each([
		['a multipoint', { type: 'MultiPoint', coordinates: [[-97.015, 37.505]] }, /Point, LineString or Polygon/],
		['nothing', null, /Point, LineString or Polygon/],
		['a line of one position', { type: 'LineString', coordinates: [[-97.015, 37.505]] }, /2 to/],
		['a position with NaN', { type: 'Point', coordinates: [Number.NaN, 37.5] }, /numbers/],
		['a bow-tie', { type: 'Polygon', coordinates: [[[-97.019, 37.501], [-97.011, 37.509], [-97.011, 37.501], [-97.019, 37.509], [-97.019, 37.501]]] }, /crosses itself|no area/],
		['a line entirely outside, folded onto a corner', { type: 'LineString', coordinates: [[-98, 36], [-98.5, 36.5]] }, /2 to|distinct/],
		['a polygon flattened onto an edge', { type: 'Polygon', coordinates: [[[-98, 37.501], [-98.5, 37.505], [-98, 37.509], [-98, 37.501]]] }, /no area|at least 4/]
	])('refuses %s, saying why', (_what, g, why) => {
		const result = defectGeometry(g, TILE);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.problem).toMatch(why);
	});

	it('whatever it accepts, the document accepts', () => {
		const samples = Array.from({ length: 200 }, (_, i) => {
			const r = (k: number) => TILE[0] - 0.005 + (((i * 7919 + k * 104729) % 1000) / 1000) * 0.02;
			const s = (k: number) => TILE[1] - 0.005 + (((i * 6007 + k * 7727) % 1000) / 1000) * 0.02;
			return { type: 'LineString', coordinates: [[r(1), s(1)], [r(2), s(2)], [r(3), s(3)]] };
		});
		for (const g of samples) {
			const result = defectGeometry(g, TILE);
			if (result.ok) {
				expect(checkGeometry(result.geometry, TILE)).toBeNull();
				expect(geometryInsideTile(result.geometry, TILE)).toBe(true);
			}
		}
	});
});

describe('anchorOf', () => {
	it('is the point, the middle vertex of a line, the mean of a polygon’s vertices', () => {
		expect(anchorOf({ type: 'Point', coordinates: [1, 2] })).toEqual([1, 2]);
		expect(anchorOf({ type: 'LineString', coordinates: [[0, 0], [1, 1], [2, 2]] })).toEqual([1, 1]);
		expect(anchorOf({ type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] })).toEqual([1, 1]);
	});
});

describe('a flat polygon (three vertices on one line, at real coordinates)', () => {
	const flat = { type: 'Polygon' as const, coordinates: [[[-97.019, 37.501], [-97.015, 37.505], [-97.011, 37.509], [-97.019, 37.501]] as [number, number][]] };

	it('is refused by the browser before it is written', () => {
		expect(defectGeometry(flat, TILE)).toEqual({ ok: false, problem: 'a polygon ring has no area' });
	});

	// The server's own rule: a collinear ring's floating-point noise is no area (relative tolerance).
	it('is refused by the document’s own rule (checkGeometry)', () => {
		expect(checkGeometry(flat, TILE)).toBe('a polygon ring has no area');
	});
});
