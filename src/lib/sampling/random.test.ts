import { describe, it, expect } from 'vitest';
import { cyrb128, randomInt, seededRandom } from './random.ts';

describe('seededRandom (cyrb128 → sfc32) is frozen', () => {
	// These values pin the algorithm forever: a campaign's sample is re-derived from its seed.
	// If this test fails, the change breaks every existing campaign — revert it.
	it.each<[string, number[], number[]]>([
		[
			'recette',
			[591277920, 2305891163, 3302204213, 3218705564],
			[0.4239630305673927, 0.20507701113820076, 0.0944147864356637, 0.0434906892478466, 0.6455274550244212]
		],
		[
			'',
			[41608494, 3485963809, 1435736333, 1262568316],
			[0.11529152351431549, 0.11355750914663076, 0.523753639543429, 0.9361718473955989, 0.17640693136490881]
		],
		[
			'campagne-2024-été', // non-ASCII: hashed as UTF-8 bytes
			[1416414394, 3261983121, 1673503718, 515234971],
			[0.20923679461702704, 0.3847579413559288, 0.8983013476245105, 0.064967644168064, 0.9372177899349481]
		]
	])('seed %j', (seed, hash, first) => {
		expect(cyrb128(seed)).toEqual(hash);
		const r = seededRandom(seed);
		expect(first.map(() => r())).toEqual(first);
	});

	it('same seed ⇒ same stream; different seeds ⇒ different streams', () => {
		const a = seededRandom('x');
		const b = seededRandom('x');
		const c = seededRandom('y');
		const sa = Array.from({ length: 100 }, () => a());
		expect(Array.from({ length: 100 }, () => b())).toEqual(sa);
		expect(Array.from({ length: 100 }, () => c())).not.toEqual(sa);
	});

	it('outputs lie in [0, 1)', () => {
		const r = seededRandom('range');
		let bad = 0;
		for (let i = 0; i < 100000; i++) {
			const v = r();
			if (!(v >= 0 && v < 1)) bad++;
		}
		expect(bad).toBe(0);
	});

	it('is roughly uniform (chi-square over 20 bins, 200 000 draws)', () => {
		const r = seededRandom('uniformity');
		const bins = new Array(20).fill(0);
		const N = 200000;
		for (let i = 0; i < N; i++) bins[randomInt(r, 20)]++;
		const e = N / 20;
		const chi2 = bins.reduce((s, o) => s + ((o - e) * (o - e)) / e, 0);
		// 19 degrees of freedom: P(χ² > 43.8) = 0.001. Deterministic seed, so this either always passes or never.
		expect(chi2).toBeLessThan(43.8);
		// and not suspiciously perfect either (P(χ² < 7.6) = 0.01)
		expect(chi2).toBeGreaterThan(7.6);
	});

	it('successive values are not correlated (lag-1 serial correlation)', () => {
		const r = seededRandom('serial');
		const N = 100000;
		let prev = r();
		let sxy = 0;
		let sx = 0;
		let sxx = 0;
		for (let i = 0; i < N; i++) {
			const v = r();
			sxy += prev * v;
			sx += prev;
			sxx += prev * prev;
			prev = v;
		}
		const mean = sx / N;
		const corr = (sxy / N - mean * mean) / (sxx / N - mean * mean);
		expect(Math.abs(corr)).toBeLessThan(0.02);
	});
});
