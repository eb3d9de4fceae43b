import { describe, expect, it } from 'vitest';
import { checkpointSpread, spreadAdvice } from './positional-spread.ts';

// A 1000 m × 1000 m area: diagonal √2 km = 1414.2 m, so NSSDA's spacing is 141.42 m; quadrants cut at (500, 500).
const AREA = [0, 0, 1000, 1000] as const;

describe('checkpointSpread (NSSDA: 20 % per quadrant, 10 % of the diagonal apart)', () => {
	it('counts points per quadrant, a point on a cutting line going east / north', () => {
		const s = checkpointSpread(
			[
				{ x: 100, y: 900 }, // NW
				{ x: 900, y: 900 }, // NE
				{ x: 100, y: 100 }, // SW
				{ x: 900, y: 100 }, // SE
				{ x: 500, y: 500 } // on both lines: NE
			],
			AREA
		);
		expect(s.quadrants).toEqual({ northEast: 2, northWest: 1, southWest: 1, southEast: 1 });
		expect(s.smallestQuadrantShare).toBeCloseTo(0.2, 12);
		expect(s.quadrantRuleMet).toBe(true); // 1 of 5 is exactly 20 %
		expect(s.diagonal).toBeCloseTo(1414.2136, 4);
		expect(s.spacingThreshold).toBeCloseTo(141.42136, 5);
		// nearest neighbours: corners to the centre, √(400² + 400²) = 565.7 m
		expect(s.smallestSpacing).toBeCloseTo(565.685, 3);
		expect(s.spacingRuleMet).toBe(true);
		expect(s.enoughForNssda).toBe(false);
	});

	it('flags a missing quadrant and crowded points', () => {
		const s = checkpointSpread(
			[
				{ x: 100, y: 900 },
				{ x: 150, y: 900 }, // 50 m from the first: both crowded
				{ x: 900, y: 900 },
				{ x: 100, y: 100 }
			],
			AREA
		);
		expect(s.quadrants.southEast).toBe(0);
		expect(s.quadrantRuleMet).toBe(false);
		expect(s.smallestSpacing).toBeCloseTo(50, 9);
		expect(s.crowdedPoints).toBe(2);
		expect(s.spacingRuleMet).toBe(false);
	});

	it('counts 20 and 30 points as the minimums of NSSDA and ASPRS Edition 2', () => {
		const grid = (n: number) => Array.from({ length: n }, (_, i) => ({ x: (i % 6) * 180 + 10, y: Math.floor(i / 6) * 180 + 10 }));
		expect([checkpointSpread(grid(19), AREA).enoughForNssda, checkpointSpread(grid(20), AREA).enoughForNssda]).toEqual([false, true]);
		expect([checkpointSpread(grid(29), AREA).enoughForAsprs, checkpointSpread(grid(30), AREA).enoughForAsprs]).toEqual([false, true]);
	});

	it('has no spacing with one point and no quadrant share with none', () => {
		expect(checkpointSpread([{ x: 1, y: 1 }], AREA)).toMatchObject({ n: 1, smallestSpacing: null, spacingRuleMet: false, crowdedPoints: 0 });
		expect(checkpointSpread([], AREA)).toMatchObject({ n: 0, smallestQuadrantShare: 0, quadrantRuleMet: false, spacingRuleMet: false });
	});
});

describe('spreadAdvice', () => {
	it('says how many points the standards ask for, and how the spread compares', () => {
		const few = spreadAdvice(checkpointSpread([{ x: 100, y: 900 }, { x: 150, y: 900 }, { x: 900, y: 100 }], AREA));
		expect(few.map((a) => a.en)).toEqual([
			'3 checkpoints: NSSDA (FGDC-STD-007.3-1998) asks for at least 20, and for another means of evaluation when fewer can be found; ASPRS Edition 2 asks for 30.',
			'With fewer than 5 points, the decree of 16 September 2003 tolerates no deviation above its first threshold T1.',
			'NSSDA advises at least 20 % of the points in each quadrant of the area; here NW / NE / SW / SE: 2 / 0 / 0 / 1 (smallest share 0 %).',
			"NSSDA advises points at least 141 m apart (10 % of the area's diagonal); 2 points have a closer neighbour."
		]);
		expect(few[0].fr).toMatch(/^3 points de contrôle : la NSSDA/);
	});
});
