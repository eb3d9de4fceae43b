import { describe, it, expect } from 'vitest';
import { binomialCdf, probabilityOfAcceptance, samplingDecision } from './acceptance.ts';
import { StatsInputError } from './errors.ts';

describe('probabilityOfAcceptance (binomial operating characteristic), against hand computations', () => {
	it('n = 5, c = 1, p = 0.1: 0.9⁵ + 5·0.1·0.9⁴ = 0.59049 + 0.32805 = 0.91854', () => {
		expect(probabilityOfAcceptance({ sampleSize: 5, acceptanceNumber: 1 }, 0.1)).toBeCloseTo(0.91854, 14);
	});

	it('n = 20, c = 0, p = 0.05: 0.95²⁰', () => {
		expect(probabilityOfAcceptance({ sampleSize: 20, acceptanceNumber: 0 }, 0.05)).toBeCloseTo(0.95 ** 20, 14);
	});

	it('n = 50, c = 2, p = 0.02: 0.98⁵⁰ + 50·0.02·0.98⁴⁹ + 1225·0.02²·0.98⁴⁸', () => {
		const hand = 0.98 ** 50 + 50 * 0.02 * 0.98 ** 49 + 1225 * 0.02 ** 2 * 0.98 ** 48;
		expect(probabilityOfAcceptance({ sampleSize: 50, acceptanceNumber: 2 }, 0.02)).toBeCloseTo(hand, 14);
	});

	it('n = 4, c = 2, p = 0.5: (1 + 4 + 6)/16 = 11/16', () => {
		expect(probabilityOfAcceptance({ sampleSize: 4, acceptanceNumber: 2 }, 0.5)).toBeCloseTo(11 / 16, 15);
	});

	it('falls as the defect rate rises (an OC curve), from 1 at p = 0 to 0 at p = 1', () => {
		const plan = { sampleSize: 80, acceptanceNumber: 3 };
		let prev = 1.000001;
		for (let p = 0; p <= 1.0000001; p += 0.01) {
			const pa = probabilityOfAcceptance(plan, Math.min(p, 1));
			expect(pa).toBeLessThanOrEqual(prev);
			prev = pa;
		}
		expect(probabilityOfAcceptance(plan, 0)).toBe(1);
		expect(probabilityOfAcceptance(plan, 1)).toBe(0);
	});
});

describe('binomialCdf', () => {
	it('survives (1 − p)ⁿ underflowing: n = 10 000, p = 0.5, c = 5 000 is just above one half', () => {
		// P(X ≤ n/2) = ½ + ½·P(X = n/2), and P(X = 5000) = C(10000, 5000)/2^10000 = 0.00797864613938…
		// (Stirling: 1/√(π·5000) · (1 − 1/(8·5000)) ≈ 0.00797865), so P = 0.50398932306969….
		const v = binomialCdf(5000, 10_000, 0.5);
		expect((v - 0.5) * 2).toBeCloseTo(0.00797865, 7);
		expect(Math.abs(v - 0.50398932306969) / v).toBeLessThan(1e-11);
	});

	it('sums to 1 and matches the complementary sum', () => {
		const n = 37;
		const p = 0.23;
		let sum = 0;
		for (let k = 0; k <= n; k++) sum += binomialCdf(k, n, p) - binomialCdf(k - 1, n, p);
		expect(sum).toBeCloseTo(1, 13);
		expect(binomialCdf(-1, n, p)).toBe(0);
		expect(binomialCdf(n, n, p)).toBe(1);
	});
});

describe('samplingDecision', () => {
	const plan = { sampleSize: 50, acceptanceNumber: 2 };
	it.each<[number, number, string]>([
		[0, 50, 'accepted'],
		[2, 50, 'accepted'],
		[3, 50, 'rejected'],
		[3, 10, 'rejected'], // more than c already: no need to finish the sample
		[1, 10, 'pending']
	])('%s defective in %s inspected → %s', (d, i, want) => {
		expect(samplingDecision(plan, d, i).decision).toBe(want);
	});

	it('counts the whole sample as inspected by default', () => {
		expect(samplingDecision(plan, 2).decision).toBe('accepted');
	});

	it('refuses impossible plans and counts', () => {
		expect(() => samplingDecision({ sampleSize: 10, acceptanceNumber: 11 }, 0)).toThrow(StatsInputError);
		expect(() => samplingDecision({ sampleSize: 0, acceptanceNumber: 0 }, 0)).toThrow(StatsInputError);
		expect(() => samplingDecision(plan, 5, 4)).toThrow(StatsInputError);
		expect(() => samplingDecision(plan, 1, 60)).toThrow(StatsInputError);
		expect(() => probabilityOfAcceptance(plan, 1.5)).toThrow(StatsInputError);
	});
});
