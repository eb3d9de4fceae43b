import { describe, it, expect } from 'vitest';
import {
	asprsHorizontal,
	azimuthDeg,
	decreeAllowedBeyondT1,
	decreeOutliers,
	decreeSmallestClassCm,
	decreeTest,
	decreeThresholds,
	ellipticalCircularError95,
	nssdaHorizontal95,
	offsetStats,
	residual,
	residuals,
	seamOffset,
	summarize,
	summarizeBy,
	type Checkpoint,
	type Offset
} from './positional.ts';

/** A residual given directly (dx, dy), for tests about statistics rather than coordinates. */
function off(id: string, dx: number, dy: number): Offset {
	return residual({ id, xRef: 0, yRef: 0, xMap: dx, yMap: dy });
}

/** |actual − table| within half a unit of the table's last printed decimal. */
function expectPrinted(actual: number, printed: number, decimals: number) {
	expect(Math.abs(actual - printed)).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9);
}

// Hand-computed set used below (metres):
//   A ( 0.03,  0.04) d 0.05        B (-0.06,  0.08) d 0.10
//   C ( 0.00, -0.02) d 0.02        D ( 0.03, -0.02) d √0.0013 = 0.036056
// mean dx = 0, mean dy = 0.08 / 4 = 0.02
// RMSE_x = √(0.0054 / 4) = √0.00135, RMSE_y = √(0.0088 / 4) = √0.0022, RMSE_r = √0.00355
// sd x = √(0.0054 / 3) = √0.0018, sd y = √((0.02² + 0.06² + 0.04² + 0.04²) / 3) = √0.0024
// E_moy = (0.05 + 0.10 + 0.02 + √0.0013) / 4
const HAND: Checkpoint[] = [
	{ id: 'A', xRef: 652000.0, yRef: 6862000.0, xMap: 652000.03, yMap: 6862000.04 },
	{ id: 'B', xRef: 652100.0, yRef: 6862100.0, xMap: 652099.94, yMap: 6862100.08 },
	{ id: 'C', xRef: -10.0, yRef: -20.0, xMap: -10.0, yMap: -20.02 },
	{ id: 'D', xRef: 652300.0, yRef: 6862300.0, xMap: 652300.03, yMap: 6862299.98 }
];

describe('residual', () => {
	// Lambert-93-sized coordinates carry ~1e-9 m of floating-point noise into the residuals, hence the
	// 4-decimal bearings.
	it('is map − reference, with the distance and a bearing clockwise from grid north', () => {
		const [a, b, c, d] = residuals(HAND);
		expect(a.dx).toBeCloseTo(0.03, 9);
		expect(a.dy).toBeCloseTo(0.04, 9);
		expect(a.distance).toBeCloseTo(0.05, 9);
		expect(a.azimuthDeg).toBeCloseTo((Math.atan(3 / 4) * 180) / Math.PI, 4); // 36.87°, north-east
		expect(b.azimuthDeg).toBeCloseTo(360 - (Math.atan(6 / 8) * 180) / Math.PI, 4); // 323.13°, north-west
		expect(c.azimuthDeg).toBeCloseTo(180, 4); // negative coordinates, shifted south
		expect(d.azimuthDeg).toBeCloseTo(180 - (Math.atan(3 / 2) * 180) / Math.PI, 4); // 123.69°, south-east
	});

	it.each<[number, number, number | null]>([
		[0, 1, 0],
		[1, 0, 90],
		[0, -1, 180],
		[-1, 0, 270],
		[1, 1, 45],
		[-1, 1, 315],
		[-0, 1, 0],
		[0, 0, null]
	])('azimuth of (%d, %d) is %s', (dx, dy, az) => {
		const got = azimuthDeg(dx, dy);
		if (az === null) expect(got).toBeNull();
		else expect(got).toBeCloseTo(az, 9);
		if (got !== null) expect(got >= 0 && got < 360).toBe(true);
	});

	it('measures a seam offset from the first click to the second', () => {
		const o = seamOffset({ id: 's1', a: { x: 100, y: 200 }, b: { x: 100.03, y: 199.96 } });
		expect(o.dx).toBeCloseTo(0.03, 9);
		expect(o.dy).toBeCloseTo(-0.04, 9);
		expect(o.distance).toBeCloseTo(0.05, 9);
		expect(o.azimuthDeg).toBeCloseTo(180 - (Math.atan(3 / 4) * 180) / Math.PI, 6);
	});
});

describe('offsetStats', () => {
	it('matches the hand computation', () => {
		const s = offsetStats(residuals(HAND));
		expect(s.n).toBe(4);
		expect(s.meanDx).toBeCloseTo(0, 9);
		expect(s.meanDy).toBeCloseTo(0.02, 9);
		expect(s.rmseX).toBeCloseTo(Math.sqrt(0.00135), 9);
		expect(s.rmseY).toBeCloseTo(Math.sqrt(0.0022), 9);
		expect(s.rmseR).toBeCloseTo(Math.sqrt(0.00355), 9);
		expect(s.sdX).toBeCloseTo(Math.sqrt(0.0018), 9);
		expect(s.sdY).toBeCloseTo(Math.sqrt(0.0024), 9);
		expect(s.meanR).toBeCloseTo((0.05 + 0.1 + 0.02 + Math.sqrt(0.0013)) / 4, 9);
		expect(s.maxR).toBeCloseTo(0.1, 9);
		expect(s.maxId).toBe('B');
	});

	it('keeps RMSE about zero, so a pure shift shows in the bias and the RMSE, not in the spread', () => {
		const s = offsetStats([off('a', 0.5, 0), off('b', 0.5, 0), off('c', 0.5, 0)]);
		expect(s.meanDx).toBeCloseTo(0.5, 12);
		expect(s.rmseX).toBeCloseTo(0.5, 12);
		expect(s.sdX).toBeCloseTo(0, 12);
	});

	it('has no standard deviation for one offset, and refuses an empty set', () => {
		const s = offsetStats([off('a', 1, 2)]);
		expect(s.sdX).toBeNull();
		expect(s.sdY).toBeNull();
		expect(() => offsetStats([])).toThrow(RangeError);
	});
});

describe('NSSDA horizontal accuracy at 95 % (FGDC-STD-007.3-1998, appendix 3-A)', () => {
	it('case 1, RMSE_x = RMSE_y: 1.7308 × RMSE_r, which is 2.4477 × RMSE_x', () => {
		const r = nssdaHorizontal95(0.1, 0.1);
		expect(r.method).toBe('circular');
		expect(r.value).toBeCloseTo(1.7308 * Math.hypot(0.1, 0.1), 12);
		// The standard's two constants agree to its 4 decimals: 1.7308 × √2 = 2.4477.
		expect(r.value / 0.1).toBeCloseTo(2.4477, 4);
	});

	it('case 2, 0.6 ≤ RMSE_min/RMSE_max < 1: 2.4477 × 0.5 × (RMSE_x + RMSE_y)', () => {
		expect(nssdaHorizontal95(0.06, 0.1)).toEqual({ value: 2.4477 * 0.5 * 0.16, method: 'approximate' });
		const hand = nssdaHorizontal95(Math.sqrt(0.00135), Math.sqrt(0.0022)); // ratio 0.783
		expect(hand.method).toBe('approximate');
		expect(hand.value).toBeCloseTo(2.4477 * 0.5 * (Math.sqrt(0.00135) + Math.sqrt(0.0022)), 12);
	});

	it('below a ratio of 0.6, the 95 % radius of the elliptical error (Greenwalt and Schultz)', () => {
		const r = nssdaHorizontal95(0.05, 0.1);
		expect(r.method).toBe('elliptical');
		expect(r.value).toBeGreaterThan(1.96 * 0.1);
		expect(r.value).toBeLessThan(2.4477 * 0.1);
	});

	it('no error at all gives 0', () => {
		expect(nssdaHorizontal95(0, 0).value).toBe(0);
	});
});

/** erf, Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): an independent route to the same probability. */
function erf(x: number): number {
	const t = 1 / (1 + 0.3275911 * Math.abs(x));
	const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
	return x >= 0 ? y : -y;
}

/**
 * P(X² + Y² ≤ r²) for X ~ N(0, a²), Y ~ N(0, b²), integrating along x = r sin u (the substitution removes
 * the square-root kink at x = ±r), Simpson with 4000 steps.
 */
function probabilityAlongX(r: number, a: number, b: number): number {
	const steps = 4000;
	const h = Math.PI / steps;
	let sum = 0;
	for (let i = 0; i <= steps; i++) {
		const u = -Math.PI / 2 + i * h;
		const x = r * Math.sin(u);
		const half = r * Math.cos(u);
		const density = Math.exp((-x * x) / (2 * a * a)) / (a * Math.sqrt(2 * Math.PI));
		sum += density * erf(half / (b * Math.SQRT2)) * half * (i === 0 || i === steps ? 1 : i % 2 ? 4 : 2);
	}
	return (sum * h) / 3;
}

describe('ellipticalCircularError95', () => {
	it('is √(−2 ln 0.05) σ = 2.4477 σ for a circular error', () => {
		expect(ellipticalCircularError95(1, 1)).toBeCloseTo(Math.sqrt(-2 * Math.log(0.05)), 6);
		expect(ellipticalCircularError95(0.2, 0.2)).toBeCloseTo(0.2 * 2.447747, 6);
	});

	it('is 1.96 σ when one axis has no error', () => {
		expect(ellipticalCircularError95(0.3, 0)).toBeCloseTo(0.3 * 1.959964, 6);
		expect(ellipticalCircularError95(0, 0)).toBe(0);
	});

	it.each([
		[1, 0.5],
		[1, 0.3],
		[0.02, 0.1],
		[1, 0.05]
	])('holds 95 %% of an elliptical error σx = %f, σy = %f (checked by another integration)', (a, b) => {
		const r = ellipticalCircularError95(a, b);
		// The check's erf is good to 1.5e-7, hence 6 decimals.
		expect(probabilityAlongX(r, a, b)).toBeCloseTo(0.95, 6);
	});
});

describe('ASPRS Edition 2 horizontal accuracy class', () => {
	it('names the class by RMSE_H = √(RMSE_x² + RMSE_y²), rounded up to the millimetre', () => {
		const c = asprsHorizontal(Math.sqrt(0.00135), Math.sqrt(0.0022), 4); // RMSE_H 5.958 cm
		expect(c.rmseH).toBeCloseTo(Math.sqrt(0.00355), 12);
		expect(c.classCm).toBe(6);
		expect(c.className).toBe('6-cm');
		expect(asprsHorizontal(0.03, 0.04, 30).className).toBe('5-cm'); // exactly 5 cm stays 5
		expect(asprsHorizontal(0.0192, 0.0256, 30).className).toBe('3.2-cm');
		expect(asprsHorizontal(0.0192, 0.02561, 30).className).toBe('3.3-cm');
	});

	it('adds the checkpoint survey error by propagation', () => {
		const c = asprsHorizontal(Math.sqrt(0.00135), Math.sqrt(0.0022), 4, 0.02);
		expect(c.rmseH).toBeCloseTo(Math.sqrt(0.00355 + 0.0004), 12);
		expect(c.className).toBe('6.3-cm');
	});

	it('asks for at least 30 checkpoints', () => {
		expect(asprsHorizontal(0.01, 0.01, 29).enoughCheckpoints).toBe(false);
		expect(asprsHorizontal(0.01, 0.01, 30).enoughCheckpoints).toBe(true);
	});
});

describe('decree of 16 September 2003', () => {
	// Cerema, fiche n° 10 « Critère de précision de position » (2017), annexe 1, table of N'.
	it.each([
		[1, 0],
		[4, 0],
		[5, 1],
		[13, 1],
		[14, 2],
		[44, 2],
		[45, 3],
		[85, 3],
		[86, 4],
		[132, 4],
		[133, 5],
		[184, 5],
		[185, 6],
		[240, 6],
		[241, 7],
		[298, 7],
		[299, 8],
		[359, 8],
		[360, 9],
		[422, 9],
		[423, 10],
		[487, 10]
	])("N = %d points allow N' = %d deviations above T1", (n, allowed) => {
		expect(decreeAllowedBeyondT1(n)).toBe(allowed);
	});

	// Same annex, « Quelques ordres de grandeur (pour C = 2 et k = 2,42) »: P, E_moy limit, T1, T2 (m).
	// The table computes T2 as 1.5 × its rounded T1 (10 m: 1.5 × 27,23 = 40,85 where 1.5 × 27.225 = 40.84),
	// so T2 is checked to the rounding of T1 carried through × 1.5.
	it.each([
		[0.2, 0.23, 0.54, 0.82],
		[0.5, 0.56, 1.36, 2.04],
		[1, 1.13, 2.72, 4.08],
		[2.5, 2.81, 6.81, 10.21],
		[5, 5.63, 13.61, 20.42],
		[10, 11.25, 27.23, 40.85],
		[20, 22.5, 54.45, 81.68],
		[50, 56.25, 136.13, 204.19]
	])('class %d m: E_moy < %d, T1 = %d, T2 = %d', (p, meanMax, t1, t2) => {
		const th = decreeThresholds(p * 100);
		expectPrinted(th.meanMax, meanMax, 2);
		expectPrinted(th.t1, t1, 2);
		expect(Math.abs(th.t2 - t2)).toBeLessThanOrEqual(0.005 + 1.5 * 0.005 + 1e-9);
		expect(th.t2).toBeCloseTo(1.5 * th.t1, 12);
	});

	it('reads a 2 cm class as a mean deviation below 2.25 cm with C = 2, 2.01 cm with C = 10 (GeoRezo, 2004)', () => {
		expect(decreeThresholds(2).meanMax).toBeCloseTo(0.0225, 12);
		expect(decreeThresholds(2, { safety: 10 }).meanMax).toBeCloseTo(0.0201, 12);
	});

	it('refuses a safety coefficient below 2', () => {
		expect(() => decreeThresholds(5, { safety: 1.5 })).toThrow(RangeError);
	});

	// Cerema training « Précision de position » (2022), worked example: deviations 2,2 ; 1,6 ; 1,5 ; 1,6 ;
	// 2,0 ; 7,0 ; 2,3 m, class 2,5 m: E_moy = 2,6 < 2,81; T1 = 6,8; T2 = 10,2; one deviation (7 m)
	// between T1 and T2, N' = 1, none above T2: « la classe de précision de 2,5 m est acceptable ».
	const CEREMA = [2.2, 1.6, 1.5, 1.6, 2.0, 7.0, 2.3];

	it('accepts the Cerema example in the 2.5 m class, with the figures it prints', () => {
		const t = decreeTest(CEREMA, 250);
		expect(t.meanDeviation).toBeCloseTo(2.6, 12);
		expectPrinted(t.meanMax, 2.81, 2);
		expectPrinted(t.t1, 6.8, 1);
		expectPrinted(t.t2, 10.2, 1);
		expect(t.beyondT1).toBe(1);
		expect(t.allowedBeyondT1).toBe(1);
		expect(t.beyondT2).toBe(0);
		expect(t).toMatchObject({ meanOk: true, countOk: true, maxOk: true, pass: true });
	});

	it('gives 232 cm as the smallest class of the Cerema example (E_moy 2.6 m needs P > 2.6 / 1.125 = 2.311 m)', () => {
		expect(decreeSmallestClassCm(CEREMA)).toBe(232);
		expect(decreeTest(CEREMA, 231).pass).toBe(false);
		expect(decreeTest(CEREMA, 231).meanOk).toBe(false);
	});

	it('fails each condition on its own', () => {
		// Two deviations above T1 = 6.81 m where N' = 1; mean 2.71 m and maximum 7 m are fine.
		const two = decreeTest([1, 1, 1, 1, 1, 7, 7], 250);
		expect(two).toMatchObject({ meanOk: true, countOk: false, maxOk: true, pass: false });
		// One deviation above T2 = 10.21 m.
		const far = decreeTest([1, 1, 1, 1, 1, 1, 10.5], 250);
		expect(far).toMatchObject({ meanOk: true, countOk: true, maxOk: false, pass: false });
		// With fewer than 5 points, no deviation may exceed T1.
		expect(decreeTest([1, 1, 1, 7], 250)).toMatchObject({ allowedBeyondT1: 0, countOk: false });
	});

	it('finds the smallest whole-centimetre class of the hand set (E_moy 5.15 cm needs P > 4.58 cm)', () => {
		const d = residuals(HAND).map((r) => r.distance);
		expect(decreeSmallestClassCm(d)).toBe(5);
		expect(decreeTest(d, 4).pass).toBe(false);
		expect(decreeTest(d, 5).pass).toBe(true);
	});

	it('is monotone: every class above the smallest passes too', () => {
		const d = [0.031, 0.012, 0.08, 0.02, 0.044, 0.019, 0.027, 0.15];
		const c = decreeSmallestClassCm(d) as number;
		expect(decreeTest(d, c - 1).pass).toBe(false);
		for (let cm = c; cm < c + 40; cm++) expect(decreeTest(d, cm).pass).toBe(true);
	});

	it('never states a class better than the pixel (article 8.2), nor below 1 cm', () => {
		expect(decreeSmallestClassCm([0.001, 0.002, 0.001], { pixelSize: 0.05 })).toBe(5);
		expect(decreeSmallestClassCm([0, 0])).toBe(1);
		expect(decreeSmallestClassCm([])).toBeNull();
	});

	it('flags the points beyond T1 and T2 of the class under test', () => {
		const offs = CEREMA.map((e, i) => off(`p${i + 1}`, e, 0));
		expect(decreeOutliers(offs, 250)).toEqual([{ id: 'p6', distance: 7, level: 'beyond_t1' }]);
		// Class 1 m: T1 = 2.72 m, T2 = 4.08 m.
		expect(decreeOutliers(offs, 100)).toEqual([{ id: 'p6', distance: 7, level: 'beyond_t2' }]);
		// Class 80 cm: T1 = 2.178 m, so 2.3 and 2.2 join.
		expect(decreeOutliers(offs, 80).map((o) => [o.id, o.level])).toEqual([
			['p6', 'beyond_t2'],
			['p7', 'beyond_t1'],
			['p1', 'beyond_t1']
		]);
	});
});

describe('summarize', () => {
	it('puts the statistics and the three standards together for the hand set', () => {
		const s = summarize(residuals(HAND));
		expect(s.rmseR).toBeCloseTo(Math.sqrt(0.00355), 9);
		expect(s.nssda95.method).toBe('approximate');
		expect(s.nssdaEnoughCheckpoints).toBe(false);
		expect(s.asprs.className).toBe('6-cm');
		expect(s.decree.classCm).toBe(5);
		expect(s.decree.test.classCm).toBe(5);
		expect(s.decree.test.pass).toBe(true);
		expect(s.decree.outliers).toEqual([]);
	});

	it("tests the contract's class when given", () => {
		const s = summarize(residuals(HAND), { contractClassCm: 4, checkpointRmseH: 0.02 });
		expect(s.decree.classCm).toBe(5);
		expect(s.decree.test.classCm).toBe(4);
		expect(s.decree.test.pass).toBe(false);
		expect(s.asprs.className).toBe('6.3-cm');
	});
});

describe('summarizeBy', () => {
	it('summarises each group on its own, groups sorted by key', () => {
		const tiles = ['T2', 'T1', 'T2', 'T1'];
		const items = residuals(HAND).map((r, i) => ({ ...r, tile: tiles[i] }));
		const groups = summarizeBy(items, (r) => r.tile);
		expect(groups.map((g) => g.key)).toEqual(['T1', 'T2']);
		expect(groups[0].summary).toEqual(summarize([items[1], items[3]]));
		expect(groups[1].summary).toEqual(summarize([items[0], items[2]]));
		expect(groups[0].summary.n + groups[1].summary.n).toBe(4);
	});

	it('passes the options to every group, and gives nothing for no items', () => {
		const items = residuals(HAND).map((r) => ({ ...r, org: 'Ville' }));
		expect(summarizeBy(items, (r) => r.org, { contractClassCm: 4 })[0].summary.decree.test.classCm).toBe(4);
		expect(summarizeBy([] as Offset[], (r) => r.id)).toEqual([]);
	});
});
