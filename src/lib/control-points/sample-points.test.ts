import { describe, expect, it } from 'vitest';
import { seededRandom } from '../sampling/random.ts';
import { stratumSeed } from '../sampling/sample.ts';
import { drawPointsInPolygons, EmptyRegionError, pointInMultiPolygon, rectangle } from './sample-points.ts';
import type { MultiPolygon } from '../geo/types.ts';

/** A square of side `s` at (x, y), in Lambert-93-like coordinates (large values, as in real campaigns). */
const square = (x: number, y: number, s: number): MultiPolygon => rectangle(x, y, x + s, y + s);
/** A 100 m square with a 50 m square hole in its middle (area 7 500 m²). */
const withHole: MultiPolygon = [[Float64Array.of(650000, 6860000, 650100, 6860000, 650100, 6860100, 650000, 6860100), Float64Array.of(650025, 6860025, 650025, 6860075, 650075, 6860075, 650075, 6860025)]];

describe('drawPointsInPolygons', () => {
	it('gives the same points for the same seed, other points for another seed', () => {
		const polygons = [square(650000, 6860000, 100), withHole];
		const a = drawPointsInPolygons(polygons, 50, seededRandom(stratumSeed('recette', 'CS1.1.1.1')));
		const b = drawPointsInPolygons(polygons, 50, seededRandom(stratumSeed('recette', 'CS1.1.1.1')));
		const c = drawPointsInPolygons(polygons, 50, seededRandom(stratumSeed('recette', 'CS2.2.1')));
		expect(b).toEqual(a);
		expect(c).not.toEqual(a);
		expect(a).toHaveLength(50);
	});

	it('pins the first points of a seed (changing the algorithm would move every campaign’s points)', () => {
		const [p] = drawPointsInPolygons([square(0, 0, 1000)], 1, seededRandom('pin'));
		const r = seededRandom('pin');
		r(); // the polygon choice (one polygon)
		expect(p).toEqual({ x: r() * 1000, y: r() * 1000, polygon: 0 });
	});

	it('never puts a point in a hole, and covers the ring around it uniformly', () => {
		const pts = drawPointsInPolygons([withHole], 4000, seededRandom('hole'));
		const inHole = (p: { x: number; y: number }) => p.x > 650025 && p.x < 650075 && p.y > 6860025 && p.y < 6860075;
		expect(pts.filter((p) => !pointInMultiPolygon(withHole, p.x, p.y) || inHole(p))).toEqual([]);
		// Left band (x < 650025: 2 500 m²) holds a third of the 7 500 m².
		const left = pts.filter((p) => p.x < 650025).length / pts.length;
		expect(left).toBeGreaterThan(0.3);
		expect(left).toBeLessThan(0.37);
	});

	it('chooses polygons in proportion to their area (1 : 3)', () => {
		const small = square(0, 0, 100); // 10 000 m²
		const large = rectangle(1000, 0, 1300, 100); // 30 000 m²
		const pts = drawPointsInPolygons([small, large], 8000, seededRandom('weights'));
		const share = pts.filter((p) => p.polygon === 1).length / pts.length;
		// Binomial SD at n = 8000: 0.0048; ±4 SD.
		expect(share).toBeGreaterThan(0.75 - 0.02);
		expect(share).toBeLessThan(0.75 + 0.02);
		expect(pts.filter((p) => !pointInMultiPolygon(p.polygon === 0 ? small : large, p.x, p.y))).toEqual([]);
	});

	it('is uniform within a polygon: equal counts in the 16 cells of a grid (chi-square)', () => {
		const pts = drawPointsInPolygons([square(650000, 6860000, 1000)], 16000, seededRandom('uniform'));
		const cells = new Array(16).fill(0);
		for (const p of pts) cells[Math.floor((p.x - 650000) / 250) + 4 * Math.floor((p.y - 6860000) / 250)]++;
		const expected = pts.length / 16;
		const chi2 = cells.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
		// 15 degrees of freedom: P(χ² > 37.7) = 0.001.
		expect(chi2).toBeLessThan(37.7);
	});

	it('keeps only accepted points, uniformly over the accepted part (the draw restarts)', () => {
		// Two squares; only x < 150 accepted: all of the first (100 × 100), half of the second (50 × 100).
		const pts = drawPointsInPolygons([square(0, 0, 100), square(100, 0, 100)], 6000, seededRandom('accept'), { accept: (x) => x < 150 });
		expect(pts.filter((p) => p.x >= 150)).toEqual([]);
		const inFirst = pts.filter((p) => p.polygon === 0).length / pts.length;
		expect(inFirst).toBeGreaterThan(2 / 3 - 0.025);
		expect(inFirst).toBeLessThan(2 / 3 + 0.025);
	});

	it('handles n = 0, and refuses regions without area or that accept refuses', () => {
		expect(drawPointsInPolygons([], 0, seededRandom('x'))).toEqual([]);
		expect(() => drawPointsInPolygons([], 3, seededRandom('x'))).toThrow(EmptyRegionError);
		expect(() => drawPointsInPolygons([rectangle(0, 0, 0, 10)], 3, seededRandom('x'))).toThrow(EmptyRegionError);
		expect(() => drawPointsInPolygons([square(0, 0, 10)], 2, seededRandom('x'), { accept: () => false, maxTriesPerPoint: 50 })).toThrow(/0 of 2 points/);
		expect(() => drawPointsInPolygons([square(0, 0, 10)], 1.5, seededRandom('x'))).toThrow(RangeError);
	});

	it('tests points against multipolygons with open or closed rings', () => {
		const open: MultiPolygon = [[Float64Array.of(0, 0, 10, 0, 10, 10, 0, 10)]];
		expect(pointInMultiPolygon(open, 5, 5)).toBe(true);
		expect(pointInMultiPolygon(open, 15, 5)).toBe(false);
		const two: MultiPolygon = [...square(0, 0, 1), ...square(5, 5, 1)];
		expect(pointInMultiPolygon(two, 5.5, 5.5)).toBe(true);
		expect(pointInMultiPolygon(two, 3, 3)).toBe(false);
	});
});
