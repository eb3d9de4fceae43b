import { describe, it, expect } from 'vitest';
import { erfc, normalCdf, normalQuantile, zForConfidence } from './normal.ts';

const relErr = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);

describe('normalQuantile (Wichura 1988, AS 241 PPND16)', () => {
	// Reference values: the standard normal quantiles to 16 significant digits (as printed by R's qnorm and
	// by a 30-digit mpmath root of Φ(z) = p). Each of AS 241's three pieces is hit: |p − ½| ≤ 0.425,
	// the tail with √(−ln p) ≤ 5, and the far tail beyond (p < ~1.4e-11).
	it.each<[number, number]>([
		[0.5, 0],
		[0.6, 0.2533471031357998],
		[0.75, 0.6744897501960817],
		[0.9, 1.2815515655446004],
		[0.95, 1.6448536269514727],
		[0.975, 1.959963984540054],
		[0.99, 2.326347874040841],
		[0.995, 2.5758293035489],
		[0.999, 3.090232306167813],
		[0.0001, -3.719016485455681],
		[0.025, -1.959963984540054]
	])('z(%s) = %s to 1e-12', (p, z) => {
		expect(Math.abs(normalQuantile(p) - z)).toBeLessThan(1e-12);
	});

	it('keeps relative precision far in the tails', () => {
		expect(relErr(normalQuantile(1e-10), -6.361340902404056)).toBeLessThan(1e-14);
		expect(relErr(normalQuantile(1e-20), -9.262340089798408)).toBeLessThan(1e-14);
		expect(relErr(normalQuantile(1e-300), -37.0470962993612)).toBeLessThan(1e-14);
	});

	it('is antisymmetric: z(1 − p) = −z(p)', () => {
		for (const p of [0.001, 0.01, 0.1, 0.3, 0.49]) expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 12);
	});

	it('inverts the CDF (computed independently, from series and continued fraction) over 300 decades', () => {
		// Φ has no fitted constants (see normal.ts), so agreement here checks every coefficient of AS 241.
		// Tolerance: Φ's relative condition at z is about z² (dΦ/Φ ≈ |z|·dz and dz ≈ |z|·1e-16), and
		// e^(−z²/2) carries the same z²·1e-16; a wrong digit in a coefficient is many orders above.
		for (let e = -300; e <= -1; e += 0.5) {
			const p = 10 ** e;
			const z = normalQuantile(p);
			expect(relErr(normalCdf(z), p)).toBeLessThan(2e-15 * (1 + z * z));
		}
		for (let p = 0.01; p < 1; p += 0.01) expect(Math.abs(normalCdf(normalQuantile(p)) - p)).toBeLessThan(1e-15);
	});

	it('gives ±∞ at 0 and 1, NaN outside [0, 1]', () => {
		expect(normalQuantile(0)).toBe(-Infinity);
		expect(normalQuantile(1)).toBe(Infinity);
		expect(normalQuantile(-0.1)).toBeNaN();
		expect(normalQuantile(1.5)).toBeNaN();
		expect(normalQuantile(NaN)).toBeNaN();
	});
});

describe('normalCdf', () => {
	// Φ to 16 digits (R's pnorm).
	it.each<[number, number]>([
		[0, 0.5],
		[1, 0.8413447460685429],
		[-1, 0.15865525393145705],
		[-1.959963984540054, 0.025],
		[-3, 0.0013498980316300946],
		[-5, 2.866515718791939e-7],
		[-10, 7.619853024160527e-24],
		[6, 0.9999999990134123]
	])('Φ(%s) = %s', (x, p) => {
		expect(relErr(normalCdf(x), p)).toBeLessThan(1e-13);
	});

	it('erfc is continuous where its two expansions meet (t = 1.2)', () => {
		const below = erfc(1.2 - 1e-12);
		const above = erfc(1.2);
		expect(relErr(below, above)).toBeLessThan(1e-11);
		expect(relErr(erfc(1.2), 0.08968602177036462)).toBeLessThan(1e-14);
	});

	it('is monotone and bounded', () => {
		let prev = 0;
		for (let x = -40; x <= 10; x += 0.125) {
			const p = normalCdf(x);
			expect(p).toBeGreaterThanOrEqual(prev);
			expect(p).toBeLessThanOrEqual(1);
			prev = p;
		}
	});
});

describe('zForConfidence', () => {
	it('gives the two-sided critical value', () => {
		expect(zForConfidence(0.95)).toBeCloseTo(1.959963984540054, 14);
		expect(zForConfidence(0.9)).toBeCloseTo(1.6448536269514727, 14);
		expect(zForConfidence(0.99)).toBeCloseTo(2.5758293035489, 13);
	});
	it('refuses a level outside (0, 1)', () => {
		expect(() => zForConfidence(95)).toThrow(RangeError);
		expect(() => zForConfidence(0)).toThrow(RangeError);
	});
});
