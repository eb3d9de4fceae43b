import { describe, it, expect } from 'vitest';
import {
	clipMultiPolygonToRect,
	clipRingToRect,
	clippedArea,
	multiPolygonArea,
	polygonArea,
	ringArea,
	ringClippedArea
} from './clip.ts';
import type { MultiPolygon, Polygon } from '../geo/types.ts';
import { seededRandom } from '../sampling/random.ts';

const R = (...xy: number[]) => new Float64Array(xy);
/** Axis-aligned rectangle ring, counter-clockwise. */
const rect = (x0: number, y0: number, x1: number, y1: number) => R(x0, y0, x1, y0, x1, y1, x0, y1);
const reverse = (r: Float64Array) => {
	const out = new Float64Array(r.length);
	const n = r.length / 2;
	for (let i = 0; i < n; i++) {
		out[2 * i] = r[2 * (n - 1 - i)];
		out[2 * i + 1] = r[2 * (n - 1 - i) + 1];
	}
	return out;
};
const translate = (r: Float64Array, dx: number, dy: number) => r.map((v, i) => (i % 2 ? v + dy : v + dx));

/** A U shape: 30 wide, 20 high, two 10-wide arms around a 10×10 notch from the top. Area 500. */
const U = R(0, 0, 30, 0, 30, 20, 20, 20, 20, 10, 10, 10, 10, 20, 0, 20);
/** An L: 20×10 base plus a 10×10 block on the left. Area 300. */
const L = R(0, 0, 20, 0, 20, 10, 10, 10, 10, 20, 0, 20);

describe('ringArea', () => {
	it.each<[string, Float64Array, number]>([
		['unit square ccw', rect(0, 0, 1, 1), 1],
		['unit square cw', reverse(rect(0, 0, 1, 1)), -1],
		['closed ring (closing vertex repeated)', R(0, 0, 2, 0, 2, 3, 0, 3, 0, 0), 6],
		['right triangle', R(0, 0, 4, 0, 0, 3), 6],
		['triangle, cw', R(0, 0, 0, 3, 4, 0), -6],
		['L shape', L, 300],
		['U shape', U, 500],
		['Lambert-93 1 m² square (large coordinates, no cancellation)', rect(650000.25, 6862000.5, 650001.25, 6862001.5), 1],
		['degenerate: two vertices', R(0, 0, 1, 1), 0],
		['degenerate: collinear', R(0, 0, 1, 1, 2, 2), 0],
		['empty', R(), 0]
	])('%s', (_n, ring, area) => {
		expect(ringArea(ring)).toBeCloseTo(area, 9);
	});
});

describe('polygonArea / multiPolygonArea', () => {
	const square10 = rect(0, 0, 10, 10);
	const hole = rect(2, 2, 4, 4);
	it.each<[string, Polygon, number]>([
		['no hole', [square10], 100],
		['one hole, same orientation', [square10, hole], 96],
		['one hole, opposite orientation', [square10, reverse(hole)], 96],
		['cw exterior, ccw hole', [reverse(square10), hole], 96],
		['two holes', [square10, hole, rect(6, 6, 9, 9)], 87],
		['invalid: hole larger than exterior floors at 0', [rect(0, 0, 1, 1), rect(-5, -5, 5, 5)], 0],
		['empty polygon', [], 0]
	])('%s', (_n, poly, area) => {
		expect(polygonArea(poly)).toBeCloseTo(area, 9);
	});
	it('sums parts', () => {
		const mp: MultiPolygon = [[square10, hole], [rect(20, 20, 23, 22)], [L]];
		expect(multiPolygonArea(mp)).toBeCloseTo(96 + 6 + 300, 9);
		expect(multiPolygonArea([])).toBe(0);
	});
});

describe('clippedArea (hand-checked)', () => {
	const cell = { xmin: 0, ymin: 0, xmax: 1000, ymax: 1000 };
	it.each<[string, Polygon | MultiPolygon, { xmin: number; ymin: number; xmax: number; ymax: number }, number]>([
		['square entirely inside', [rect(100, 100, 300, 300)], cell, 40000],
		['square half in the cell', [rect(900, 100, 1100, 300)], cell, 20000],
		['same, clockwise', [reverse(rect(900, 100, 1100, 300))], cell, 20000],
		['square in the corner (quarter inside)', [rect(900, 900, 1100, 1100)], cell, 10000],
		['square outside', [rect(1100, 100, 1300, 300)], cell, 0],
		['square touching the cell along an edge only', [rect(1000, 100, 1200, 300)], cell, 0],
		['square touching at a corner only', [rect(1000, 1000, 1200, 1200)], cell, 0],
		['cell entirely inside a big polygon', [rect(-5000, -5000, 5000, 5000)], cell, 1e6],
		['degenerate zero-area ring', [R(100, 100, 1500, 100, 500, 100)], cell, 0],
		['hole crossing the cell border', [rect(800, 0, 1200, 400), rect(900, 100, 1100, 300)], cell, 200 * 400 - 200 * 200 / 2],
		['hole entirely outside the cell', [rect(800, 0, 1500, 400), rect(1100, 100, 1400, 300)], cell, 200 * 400],
		['multipolygon, one part in, one out', [[rect(10, 10, 20, 20)], [rect(2000, 10, 2100, 20)]], cell, 100]
	])('%s', (_n, geom, r, expected) => {
		expect(clippedArea(geom, r)).toBeCloseTo(expected, 6);
	});

	it('triangle cut by x = 1000: hand computation', () => {
		// Triangle (800,0) (1200,0) (800,400): hypotenuse x + y = 1200. Inside x ≤ 1000: trapezoid from x=800 to
		// 1000 with heights 400 (at x=800) and 200 (at x=1000): 200 × (400+200)/2 = 60 000.
		expect(clippedArea([R(800, 0, 1200, 0, 800, 400)], cell)).toBeCloseTo(60000, 6);
	});

	it('accepts a BBox rect', () => {
		expect(clippedArea([rect(900, 100, 1100, 300)], [0, 0, 1000, 1000])).toBeCloseTo(20000, 6);
	});

	it('concave U whose clip splits into two parts', () => {
		// Clip y ≥ 15 (rect y 15..40): only the two arm tips remain, 10×5 each = 100, as two parts joined by a
		// zero-area bridge along y = 15.
		const r = { xmin: -10, ymin: 15, xmax: 40, ymax: 40 };
		expect(clippedArea([U], r)).toBeCloseTo(100, 9);
		expect(clippedArea([reverse(U)], r)).toBeCloseTo(100, 9);
		const ring = clipRingToRect(U, r.xmin, r.ymin, r.xmax, r.ymax);
		expect(Math.abs(ringArea(ring))).toBeCloseTo(100, 9);
		// every output vertex is in the rectangle, and the bridge runs along y = 15
		for (let i = 0; i < ring.length; i += 2) {
			expect(ring[i + 1]).toBeGreaterThanOrEqual(15);
		}
		const onBorder = [];
		for (let i = 0; i < ring.length; i += 2) if (ring[i + 1] === 15) onBorder.push(ring[i]);
		expect(onBorder.sort((a, b) => a - b)).toEqual([0, 10, 20, 30]);
	});

	it('concave U, clip through the middle of the notch', () => {
		// Rect x 5..25, y 5..15: base strip y 5..10 (20×5 = 100) + arms x 5..10 and 20..25, y 10..15 (2 × 25).
		expect(clippedArea([U], { xmin: 5, ymin: 5, xmax: 25, ymax: 15 })).toBeCloseTo(150, 9);
	});

	it('L shape in a cell corner', () => {
		// L translated to (990, 990): inside the cell x,y ≤ 1000: the 10×10 square at (990..1000, 990..1000).
		expect(clippedArea([translate(L, 990, 990)], cell)).toBeCloseTo(100, 9);
		// and in the 3 neighbours: 100 + 100 + 0 … total 300
		const parts = [
			clippedArea([translate(L, 990, 990)], { xmin: 1000, ymin: 0, xmax: 2000, ymax: 1000 }),
			clippedArea([translate(L, 990, 990)], { xmin: 0, ymin: 1000, xmax: 1000, ymax: 2000 }),
			clippedArea([translate(L, 990, 990)], { xmin: 1000, ymin: 1000, xmax: 2000, ymax: 2000 })
		];
		expect(parts[0]).toBeCloseTo(100, 9);
		expect(parts[1]).toBeCloseTo(100, 9);
		expect(parts[2]).toBeCloseTo(0, 9);
	});

	it('polygon spanning 4 cells: the 4 areas sum to the total', () => {
		const poly: Polygon = [R(700, 600, 1350, 800, 1200, 1500, 900, 1300, 650, 1400), rect(950, 950, 1050, 1100)];
		const total = polygonArea(poly);
		let sum = 0;
		for (const [x, y] of [[0, 0], [1000, 0], [0, 1000], [1000, 1000]]) {
			const a = clippedArea(poly, { xmin: x, ymin: y, xmax: x + 1000, ymax: y + 1000 });
			expect(a).toBeGreaterThan(0);
			sum += a;
		}
		expect(sum).toBeCloseTo(total, 6);
	});
});

describe('area-only clip agrees with Sutherland–Hodgman on random polygons', () => {
	it('500 random star polygons (concave), random rectangles', () => {
		const rnd = seededRandom('clip-vs-sh');
		for (let k = 0; k < 500; k++) {
			const n = 3 + Math.floor(rnd() * 28);
			const cx = rnd() * 100;
			const cy = rnd() * 100;
			const ring = new Float64Array(2 * n);
			for (let i = 0; i < n; i++) {
				const ang = (2 * Math.PI * i) / n;
				const rad = 5 + rnd() * 60;
				ring[2 * i] = cx + rad * Math.cos(ang);
				ring[2 * i + 1] = cy + rad * Math.sin(ang);
			}
			const x0 = rnd() * 100 - 20;
			const y0 = rnd() * 100 - 20;
			const x1 = x0 + rnd() * 80 + 1;
			const y1 = y0 + rnd() * 80 + 1;
			const sh = ringArea(clipRingToRect(ring, x0, y0, x1, y1));
			const fast = ringClippedArea(ring, x0, y0, x1, y1);
			expect(fast).toBeCloseTo(sh, 6);
			// complementary decomposition: the rect and the 8 cells around it partition the plane
			let sum = 0;
			const xs = [-1000, x0, x1, 1000];
			const ys = [-1000, y0, y1, 1000];
			for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) sum += ringClippedArea(ring, xs[i], ys[j], xs[i + 1], ys[j + 1]);
			expect(sum).toBeCloseTo(ringArea(ring), 6);
		}
	});
});

describe('clipRingToRect', () => {
	it('returns the clipped square, open, without duplicates', () => {
		const out = clipRingToRect(rect(900, 100, 1100, 300), 0, 0, 1000, 1000);
		expect(Array.from(out)).toEqual([900, 100, 1000, 100, 1000, 300, 900, 300]);
	});
	it('returns an empty ring when outside or touching', () => {
		expect(clipRingToRect(rect(1100, 0, 1200, 10), 0, 0, 1000, 1000).length).toBe(0);
		expect(clipRingToRect(rect(1000, 0, 1200, 10), 0, 0, 1000, 1000).length).toBe(0);
	});
	it('handles a closed input ring and a vertex exactly on the border', () => {
		const out = clipRingToRect(R(0, 0, 1000, 0, 1000, 500, 0, 500, 0, 0), 0, 0, 1000, 1000);
		expect(ringArea(out)).toBeCloseTo(500000, 6);
		expect(out.length).toBe(8);
	});
	it('writes into a caller buffer when given', () => {
		const buf = new Float64Array(64);
		const out = clipRingToRect(rect(900, 100, 1100, 300), 0, 0, 1000, 1000, buf);
		expect(out.buffer).toBe(buf.buffer);
		expect(ringArea(out)).toBeCloseTo(20000, 6);
	});
	it('grows its scratch buffers for big rings', () => {
		const n = 5000;
		const ring = new Float64Array(2 * n);
		for (let i = 0; i < n; i++) {
			const a = (2 * Math.PI * i) / n;
			const r = i % 2 ? 100 : 40; // very spiky: many border crossings
			ring[2 * i] = r * Math.cos(a);
			ring[2 * i + 1] = r * Math.sin(a);
		}
		const out = clipRingToRect(ring, -50, -50, 50, 50);
		expect(ringArea(out)).toBeCloseTo(ringClippedArea(ring, -50, -50, 50, 50), 6);
	});
});

describe('clipMultiPolygonToRect', () => {
	it('keeps inside parts, clips crossing ones, drops outside ones and vanished holes', () => {
		const mp: MultiPolygon = [
			[rect(10, 10, 20, 20)],
			[rect(900, 100, 1100, 300), rect(1020, 150, 1080, 250)],
			[rect(2000, 0, 2100, 100)]
		];
		const out = clipMultiPolygonToRect(mp, { xmin: 0, ymin: 0, xmax: 1000, ymax: 1000 });
		expect(out.length).toBe(2);
		expect(out[0].length).toBe(1);
		expect(Array.from(out[0][0])).toEqual(Array.from(mp[0][0]));
		expect(out[0][0]).not.toBe(mp[0][0]); // copied, not shared
		expect(out[1].length).toBe(1); // the hole lay entirely outside
		expect(multiPolygonArea(out)).toBeCloseTo(100 + 20000, 6);
	});
	it('output area equals clippedArea, holes included', () => {
		const poly: Polygon = [rect(800, 0, 1200, 400), rect(900, 100, 1100, 300)];
		const out = clipMultiPolygonToRect([poly], [0, 0, 1000, 1000]);
		expect(out[0].length).toBe(2);
		expect(multiPolygonArea(out)).toBeCloseTo(clippedArea(poly, [0, 0, 1000, 1000]), 6);
	});
});
