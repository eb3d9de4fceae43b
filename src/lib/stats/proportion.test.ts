import { describe, it, expect } from 'vitest';
import { wilsonInterval } from './proportion.ts';
import { StatsInputError } from './errors.ts';

const r4 = (x: number | null) => Math.round((x as number) * 10_000) / 10_000;

describe('wilsonInterval: Newcombe (1998) Table I, 95 % intervals to the 4 printed decimals', () => {
	it.each<[number, number, number, number]>([
		[81, 263, 0.2553, 0.3662],
		[15, 148, 0.0624, 0.1605],
		[0, 20, 0, 0.1611],
		[1, 29, 0.0061, 0.1718]
	])('score method (3), no continuity correction: %s/%s → %s–%s', (r, n, lo, hi) => {
		const w = wilsonInterval(r, n);
		expect([r4(w.lower), r4(w.upper)]).toEqual([lo, hi]);
		expect(w.estimate).toBe(r / n);
	});

	it.each<[number, number, number, number]>([
		[81, 263, 0.2535, 0.3682],
		[15, 148, 0.0598, 0.1644],
		[0, 20, 0, 0.2005],
		[1, 29, 0.0018, 0.1963]
	])('score method with continuity correction (4): %s/%s → %s–%s', (r, n, lo, hi) => {
		const w = wilsonInterval(r, n, { continuityCorrection: true });
		expect([r4(w.lower), r4(w.upper)]).toEqual([lo, hi]);
	});
});

describe('wilsonInterval: behaviour', () => {
	it('is symmetric: r/n and (n − r)/n mirror each other', () => {
		for (const cc of [false, true]) {
			const a = wilsonInterval(3, 40, { continuityCorrection: cc });
			const b = wilsonInterval(37, 40, { continuityCorrection: cc });
			expect(a.lower).toBeCloseTo(1 - b.upper!, 14);
			expect(a.upper).toBeCloseTo(1 - b.lower!, 14);
		}
	});

	it('stays inside [0, 1] at the extremes and reaches them only at 0 or n successes', () => {
		const all = wilsonInterval(20, 20);
		expect(all.upper).toBe(1);
		expect(all.lower).toBeGreaterThan(0.8);
		expect(wilsonInterval(0, 1).lower).toBe(0);
		expect(wilsonInterval(1, 1, { continuityCorrection: true }).upper).toBe(1);
	});

	it('widens with the confidence level', () => {
		const w90 = wilsonInterval(10, 50, { confidence: 0.9 });
		const w99 = wilsonInterval(10, 50, { confidence: 0.99 });
		expect(w99.upper! - w99.lower!).toBeGreaterThan(w90.upper! - w90.lower!);
	});

	it('no trial: nulls with a reason, not a throw', () => {
		expect(wilsonInterval(0, 0)).toEqual({ estimate: null, lower: null, upper: null, reason: 'no_data' });
	});

	it('refuses impossible counts', () => {
		expect(() => wilsonInterval(5, 3)).toThrow(StatsInputError);
		expect(() => wilsonInterval(-1, 3)).toThrow(StatsInputError);
		expect(() => wilsonInterval(1.5, 3)).toThrow(StatsInputError);
	});
});
