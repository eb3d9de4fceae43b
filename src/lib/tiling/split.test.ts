import { describe, it, expect } from 'vitest';
import { createSplitter, dominantClass, type SplitFeature } from './split.ts';
import { multiPolygonArea } from './clip.ts';
import type { BBox, MultiPolygon } from '../geo/types.ts';
import { seededRandom } from '../sampling/random.ts';

const R = (...xy: number[]) => new Float64Array(xy);
const rect = (x0: number, y0: number, x1: number, y1: number) => R(x0, y0, x1, y0, x1, y1, x0, y1);

function bboxOf(mp: MultiPolygon): BBox {
	const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
	for (const p of mp)
		for (const r of p)
			for (let i = 0; i < r.length; i += 2) {
				b[0] = Math.min(b[0], r[i]);
				b[1] = Math.min(b[1], r[i + 1]);
				b[2] = Math.max(b[2], r[i]);
				b[3] = Math.max(b[3], r[i + 1]);
			}
	return b;
}
const feat = (fid: number, classCode: string, geometry: MultiPolygon): SplitFeature => ({
	fid,
	classCode,
	geometry,
	bbox: bboxOf(geometry)
});

/** Random star polygon (concave), optionally with a hole. */
function star(rnd: () => number, cx: number, cy: number, rmax: number, n: number, withHole: boolean): MultiPolygon {
	const ring = new Float64Array(2 * n);
	for (let i = 0; i < n; i++) {
		const a = (2 * Math.PI * i) / n;
		const r = rmax * (0.4 + 0.6 * rnd());
		ring[2 * i] = cx + r * Math.cos(a);
		ring[2 * i + 1] = cy + r * Math.sin(a);
	}
	const poly = [ring];
	if (withHole) poly.push(rect(cx - rmax * 0.2, cy - rmax * 0.2, cx + rmax * 0.2, cy + rmax * 0.1));
	return [poly];
}

function totalArea(tiles: { areas: Map<string, number> }[]): number {
	let s = 0;
	for (const t of tiles) for (const a of t.areas.values()) s += a;
	return s;
}

describe('createSplitter (grid)', () => {
	it('hand-checked: one inside, one straddling, one on an edge', () => {
		const s = createSplitter({ grid: { size: 1000 }, keepFeatureIds: true });
		s.add(feat(1, 'A', [[rect(100, 100, 300, 300)]])); // 40 000 in 0_0
		s.add(feat(2, 'B', [[rect(900, 100, 1100, 300)]])); // 20 000 in 0_0, 20 000 in 1_0
		s.add(feat(3, 'A', [[rect(1000, 500, 1200, 700)]])); // touches 0_0 along x=1000 only: 1_0 only
		const tiles = s.result();
		expect(tiles.map((t) => t.key)).toEqual(['0_0', '1_0']);
		const [t00, t10] = tiles;
		expect(t00).toMatchObject({ col: 0, row: 0, xmin: 0, ymin: 0, xmax: 1000, ymax: 1000, featureCount: 2 });
		expect(t00.featureFids).toEqual([1, 2]);
		expect(t00.areas.get('A')).toBeCloseTo(40000, 6);
		expect(t00.areas.get('B')).toBeCloseTo(20000, 6);
		expect(t10.featureCount).toBe(2);
		expect(t10.featureFids).toEqual([2, 3]);
		expect(t10.areas.get('B')).toBeCloseTo(20000, 6);
		expect(t10.areas.get('A')).toBeCloseTo(40000, 6);
	});

	it('a feature whose bbox overlaps a cell but whose polygon only touches it is not counted there', () => {
		// L-shaped polygon: its bbox covers cell 1_1 but the polygon only touches it along y = 1000.
		const L = R(500, 500, 1500, 500, 1500, 1000, 1000, 1000, 1000, 1500, 500, 1500);
		// the top-right square 1000..1500 × 1000..1500 is the notch: no area in 1_1
		const s = createSplitter({ grid: { size: 1000 }, keepFeatureIds: false });
		expect(s.add(feat(1, 'A', [[L]]))).toBe(3);
		const keys = s.result().map((t) => t.key);
		expect(keys).toEqual(['0_1', '0_0', '1_0']);
		expect(s.result()[0].featureFids).toBeUndefined();
	});

	it('negative coordinates', () => {
		const s = createSplitter({ grid: { size: 100 }, keepFeatureIds: false });
		s.add(feat(1, 'X', [[rect(-150, -50, -50, 50)]]));
		const tiles = s.result();
		expect(tiles.map((t) => t.key)).toEqual(['-2_0', '-1_0', '-2_-1', '-1_-1']);
		for (const t of tiles) expect(t.areas.get('X')).toBeCloseTo(2500, 6);
	});

	it('skips empty geometries and invalid bboxes', () => {
		const s = createSplitter({ grid: { size: 1000 }, keepFeatureIds: false });
		expect(s.add({ fid: 1, classCode: 'A', geometry: [], bbox: [0, 0, 1, 1] })).toBe(0);
		expect(s.add({ fid: 2, classCode: 'A', geometry: [[R(0, 0, 1, 1)]], bbox: [Infinity, Infinity, -Infinity, -Infinity] })).toBe(0);
		expect(s.add(feat(3, 'A', [[R(0, 0, 10, 0, 20, 0)]]))).toBe(0); // zero area
		expect(s.result()).toEqual([]);
	});

	it('splitter totals equal the input total area (random concave polygons with holes, 3 grid sizes)', () => {
		for (const size of [1000, 250, 37]) {
			const rnd = seededRandom(`split-total-${size}`);
			const s = createSplitter({ grid: { size }, keepFeatureIds: false });
			let input = 0;
			const perClass = new Map<string, number>();
			for (let i = 0; i < 400; i++) {
				const mp = star(rnd, 650000 + rnd() * 5000, 6860000 + rnd() * 5000, 20 + rnd() * 600, 6 + Math.floor(rnd() * 25), rnd() < 0.3);
				const code = `C${i % 5}`;
				const a = multiPolygonArea(mp);
				input += a;
				perClass.set(code, (perClass.get(code) ?? 0) + a);
				s.add(feat(i, code, mp));
			}
			const tiles = s.result();
			expect(totalArea(tiles)).toBeCloseTo(input, 3);
			expect(totalArea(tiles) / input).toBeCloseTo(1, 10);
			for (const [code, a] of perClass) {
				const got = tiles.reduce((acc, t) => acc + (t.areas.get(code) ?? 0), 0);
				expect(got / a).toBeCloseTo(1, 10);
			}
		}
	});

	it('banded path (huge polygon over many cells) equals the direct path', () => {
		// a 20 000-vertex spiky polygon over ~ 12×12 cells triggers banding
		const rnd = seededRandom('banded');
		const big = star(rnd, 5000, 5000, 6000, 20000, true);
		const s1 = createSplitter({ grid: { size: 1000 }, keepFeatureIds: false });
		s1.add(feat(1, 'F', big));
		const banded = s1.result();
		expect(totalArea(banded) / multiPolygonArea(big)).toBeCloseTo(1, 10);
		// direct: explicit cells with the same rectangles take the per-cell path
		const s2 = createSplitter({
			cells: banded.map((t) => ({ id: t.key, xmin: t.xmin, ymin: t.ymin, xmax: t.xmax, ymax: t.ymax })),
			keepFeatureIds: false
		});
		s2.add(feat(1, 'F', big));
		const direct = s2.result();
		for (let i = 0; i < banded.length; i++) {
			expect(direct[i].key).toBe(banded[i].key);
			expect(banded[i].areas.get('F')!).toBeCloseTo(direct[i].areas.get('F')!, 4);
		}
	});

	it('rejects a bad grid size', () => {
		expect(() => createSplitter({ grid: { size: 0 }, keepFeatureIds: false })).toThrow(RangeError);
	});
});

describe('createSplitter (explicit cells)', () => {
	it('overlapping images: a feature counts in each, with its clipped area; empty tiles are kept', () => {
		const s = createSplitter({
			cells: [
				{ id: 'img-a', xmin: 0, ymin: 0, xmax: 1000, ymax: 1000 },
				{ id: 'img-b', xmin: 800, ymin: 0, xmax: 1800, ymax: 1000 },
				{ id: 'img-c', xmin: 5000, ymin: 5000, xmax: 6000, ymax: 6000 }
			],
			keepFeatureIds: true
		});
		expect(s.add(feat(7, 'W', [[rect(700, 100, 900, 200)]]))).toBe(2);
		expect(s.add(feat(8, 'W', [[rect(1000, 100, 1100, 200)]]))).toBe(1); // touches img-a along x = 1000
		expect(s.add(feat(9, 'W', [[rect(9000, 9000, 9100, 9100)]]))).toBe(0);
		const [a, b, c] = s.result();
		expect(a.areas.get('W')).toBeCloseTo(20000, 6);
		expect(a.featureFids).toEqual([7]);
		expect(b.areas.get('W')).toBeCloseTo(10000 + 10000, 6);
		expect(b.featureFids).toEqual([7, 8]);
		expect(c.featureCount).toBe(0);
		expect(c.areas.size).toBe(0);
	});

	it('keys: id (or its alias key), then col_row, then index', () => {
		const s = createSplitter({
			cells: [
				{ xmin: 0, ymin: 0, xmax: 1, ymax: 1 },
				{ col: 3, row: 4, xmin: 1, ymin: 0, xmax: 2, ymax: 1 },
				{ id: 'x', xmin: 2, ymin: 0, xmax: 3, ymax: 1 },
				{ key: 'k', xmin: 3, ymin: 0, xmax: 4, ymax: 1 }
			],
			keepFeatureIds: false
		});
		expect(s.result().map((t) => t.key)).toEqual(['0', '3_4', 'x', 'k']);
	});

	it('validates cells', () => {
		expect(() => createSplitter({ cells: [{ xmin: 0, ymin: 0, xmax: 0, ymax: 1 }], keepFeatureIds: false })).toThrow(/empty or invalid/);
		expect(() =>
			createSplitter({
				cells: [
					{ id: 'a', xmin: 0, ymin: 0, xmax: 1, ymax: 1 },
					{ id: 'a', xmin: 1, ymin: 0, xmax: 2, ymax: 1 }
				],
				keepFeatureIds: false
			})
		).toThrow(/same key "a"/);
	});

	it('many random tiles: bucket index finds the same tiles as brute force', () => {
		const rnd = seededRandom('explicit-index');
		const cells = Array.from({ length: 300 }, (_, i) => {
			const x = rnd() * 20000;
			const y = rnd() * 20000;
			const w = 200 + rnd() * 2000;
			return { id: `t${i}`, xmin: x, ymin: y, xmax: x + w, ymax: y + w * (0.5 + rnd()) };
		});
		const s = createSplitter({ cells, keepFeatureIds: true });
		const features = Array.from({ length: 300 }, (_, i) =>
			feat(i, 'K', star(rnd, rnd() * 22000, rnd() * 22000, 50 + rnd() * 800, 12, false))
		);
		for (const f of features) s.add(f);
		const tiles = s.result();
		for (let i = 0; i < cells.length; i++) {
			const c = cells[i];
			let expected = 0;
			for (const f of features) {
				const b = f.bbox;
				if (b[0] < c.xmax && b[2] > c.xmin && b[1] < c.ymax && b[3] > c.ymin) {
					// brute force via a one-cell splitter
					const one = createSplitter({ cells: [c], keepFeatureIds: false });
					one.add(f);
					expected += one.result()[0].areas.get('K') ?? 0;
				}
			}
			expect(tiles[i].areas.get('K') ?? 0).toBeCloseTo(expected, 6);
		}
	});
});

describe('dominantClass', () => {
	it.each<[string, Map<string, number> | Record<string, number>, string | null]>([
		['largest wins', new Map([['CS2.2.1', 10], ['CS1.1.1.1', 30], ['CS2.1.1.1', 20]]), 'CS1.1.1.1'],
		['tie broken by code order', new Map([['B', 5], ['A', 5], ['C', 1]]), 'A'],
		['tie broken by code order (insertion order irrelevant)', new Map([['A', 5], ['B', 5]]), 'A'],
		['record input', { x: 1, y: 2 }, 'y'],
		['empty', new Map(), null],
		['only zero areas', { a: 0 }, null]
	])('%s', (_n, areas, expected) => {
		expect(dominantClass(areas)).toBe(expected);
	});
});
