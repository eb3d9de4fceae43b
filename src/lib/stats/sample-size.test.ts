import { describe, it, expect } from 'vitest';
import { allocateEqual, allocateProportional, allocateWithMinimum, sampleSizeForOverallAccuracy } from './sample-size.ts';
import { StatsInputError } from './errors.ts';
import { OLOFSSON_2014 } from './examples.fixture.ts';

const plan = OLOFSSON_2014.planning;

describe('sampleSizeForOverallAccuracy', () => {
	it('gives n = 641 on Olofsson et al. (2014) §5.1.1 / Table 5 (target SE 0.01)', () => {
		const r = sampleSizeForOverallAccuracy({ weights: plan.weights, anticipatedUsers: plan.anticipatedUsers, targetSe: plan.targetSeOverall });
		expect(r.n).toBe(plan.n);
		// (Σ W_i √(U_i(1−U_i)) / 0.01)² = (0.253088…/0.01)²
		expect(r.exact).toBeCloseTo(640.536, 3);
	});

	it('accepts areas instead of shares (same weights once normalised)', () => {
		const areas = OLOFSSON_2014.mappedPixels;
		expect(sampleSizeForOverallAccuracy({ weights: areas, anticipatedUsers: plan.anticipatedUsers, targetSe: 0.01 }).n).toBe(641);
	});

	it('applies Cochran’s finite population term when the population is counted', () => {
		// Hand computation: Σ W S = 0.5·√0.25 + 0.5·√0.09 = 0.4; Σ W S² = 0.5·0.25 + 0.5·0.09 = 0.17;
		// n = 0.16 / (0.02² + 0.17/1000) = 0.16 / 0.00057 = 280.70…
		const r = sampleSizeForOverallAccuracy({ weights: [1, 1], anticipatedUsers: [0.5, 0.9], targetSe: 0.02, populationSize: 1000 });
		expect(r.exact).toBeCloseTo(0.16 / 0.00057, 10);
		expect(r.n).toBe(281);
		expect(sampleSizeForOverallAccuracy({ weights: [1, 1], anticipatedUsers: [0.5, 0.9], targetSe: 0.02 }).n).toBe(400);
	});

	it('asks for nothing when every class is expected perfect', () => {
		expect(sampleSizeForOverallAccuracy({ weights: [1, 2], anticipatedUsers: [1, 1], targetSe: 0.01 })).toEqual({ n: 0, exact: 0 });
	});

	it.each<[string, Parameters<typeof sampleSizeForOverallAccuracy>[0], string]>([
		['a target SE of 0', { weights: [1], anticipatedUsers: [0.9], targetSe: 0 }, 'bad_target_se'],
		['an accuracy above 1', { weights: [1], anticipatedUsers: [90], targetSe: 0.01 }, 'bad_accuracy'],
		['mismatched lengths', { weights: [1, 1], anticipatedUsers: [0.9], targetSe: 0.01 }, 'weights_mismatch'],
		['no area', { weights: [0, 0], anticipatedUsers: [0.9, 0.9], targetSe: 0.01 }, 'no_mapped_area'],
		['a negative population', { weights: [1], anticipatedUsers: [0.9], targetSe: 0.01, populationSize: -5 }, 'bad_population']
	])('refuses %s', (_l, input, code) => {
		expect(() => sampleSizeForOverallAccuracy(input)).toThrow(StatsInputError);
		try {
			sampleSizeForOverallAccuracy(input);
		} catch (e) {
			expect((e as StatsInputError).code).toBe(code);
		}
	});
});

describe('allocation', () => {
	it('proportional: Olofsson et al. (2014) Table 5 "Prop" column, 13/10/205/413', () => {
		expect(allocateProportional(641, plan.weights)).toEqual(plan.proportional);
	});

	it('equal: adds up to n (Table 5 prints 160 × 4 = 640 for n = 641; we keep the 641st point)', () => {
		expect(allocateEqual(641, 4)).toEqual([161, 160, 160, 160]);
		expect(allocateEqual(640, 4)).toEqual([160, 160, 160, 160]);
		expect(allocateEqual(0, 3)).toEqual([0, 0, 0]);
	});

	it('minimum per class: the rule of §5.1.1 (100 to each change class, the rest proportional to the stable ones)', () => {
		// 441 left for the stable classes: 441·0.320/0.965 = 146.2, 441·0.645/0.965 = 294.8. (Table 5's Alloc
		// columns print 149/292, which that rule does not give.)
		expect(allocateWithMinimum(641, plan.weights, 100)).toEqual([100, 100, 146, 295]);
	});

	it('minimum per class: repeats until no share falls below the minimum', () => {
		// First pass fixes the 1 %; the 9 % then falls to 0.09/0.99·(200 − 50) = 13.6 < 50 and is fixed too.
		expect(allocateWithMinimum(200, [0.01, 0.09, 0.9], 50)).toEqual([50, 50, 100]);
		// No class below the minimum: plain proportional.
		expect(allocateWithMinimum(100, [1, 1], 10)).toEqual([50, 50]);
	});

	it('minimum per class: the minimum wins when n is too small; classes without area get nothing', () => {
		expect(allocateWithMinimum(100, [1, 1, 1], 50)).toEqual([50, 50, 50]);
		expect(allocateWithMinimum(100, [1, 0, 3], 30)).toEqual([30, 0, 70]);
	});

	it('every allocation adds up exactly, whatever the weights', () => {
		const weights = [0.3333, 0.3333, 0.3334, 1e-6, 7];
		for (const n of [0, 1, 7, 99, 1000, 12345]) {
			expect(allocateProportional(n, weights).reduce((s, v) => s + v, 0)).toBe(n);
			const withMin = allocateWithMinimum(n, weights, 2);
			expect(withMin.reduce((s, v) => s + v, 0)).toBe(Math.max(n, 10));
			expect(Math.min(...withMin)).toBeGreaterThanOrEqual(2);
		}
	});

	it('refuses a fractional or negative n', () => {
		expect(() => allocateProportional(10.5, [1])).toThrow(StatsInputError);
		expect(() => allocateWithMinimum(10, [1], -1)).toThrow(StatsInputError);
	});
});
