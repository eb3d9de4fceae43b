import { describe, it, expect } from 'vitest';
import { accuracyFromStratifiedColumns } from './stehman.ts';
import { accuracyFromErrorMatrix, countErrorMatrix } from './olofsson.ts';
import { cohenKappaFromLabels, fleissKappa } from './agreement.ts';
import { wilsonInterval } from './proportion.ts';
import { seededRandom } from '../sampling/random.ts';

// The scale: 40 000 tiles, 10 000 labelled points, 200 000 defects. The estimators must take a few
// milliseconds there; the bounds below are ~50× what they take on a quiet machine, because the CI machine
// is shared (timing assertions keep a generous margin).
const time = (f: () => unknown) => {
	const t0 = performance.now();
	f();
	return performance.now() - t0;
};

describe('estimators at campaign scale', () => {
	const rnd = seededRandom('stats-perf');
	const K = 14; // OCS GE-like classes

	it('Stehman on 10 000 points (40 strata) and on 200 000 (4 000 tile strata)', () => {
		for (const [m, H] of [
			[10_000, 40],
			[200_000, 4_000]
		]) {
			const stratum = new Int32Array(m);
			const map = new Int32Array(m);
			const reference = new Int32Array(m);
			for (let u = 0; u < m; u++) {
				stratum[u] = u % H; // every stratum gets points
				map[u] = Math.floor(rnd() * K);
				reference[u] = rnd() < 0.85 ? map[u] : Math.floor(rnd() * K);
			}
			const strata = Array.from({ length: H }, (_, h) => ({ name: `s${h}`, size: 1000 + h }));
			const classes = Array.from({ length: K }, (_, i) => `c${i}`);
			let r: ReturnType<typeof accuracyFromStratifiedColumns> | undefined;
			const ms = time(() => (r = accuracyFromStratifiedColumns({ strata, classes, stratum, map, reference })));
			expect(r!.overall.estimate).toBeGreaterThan(0.8);
			expect(ms).toBeLessThan(m === 10_000 ? 250 : 1000);
		}
	});

	it('error matrix and Olofsson estimates from 200 000 labelled items', () => {
		const m = 200_000;
		const map = new Int32Array(m);
		const reference = new Int32Array(m);
		for (let u = 0; u < m; u++) {
			map[u] = Math.floor(rnd() * K);
			reference[u] = rnd() < 0.9 ? map[u] : Math.floor(rnd() * K);
		}
		const ms = time(() => {
			const counts = countErrorMatrix(K, map, reference);
			accuracyFromErrorMatrix({ classes: Array.from({ length: K }, (_, i) => `c${i}`), counts, mappedAreas: new Array(K).fill(1) });
		});
		expect(ms).toBeLessThan(250);
	});

	it('Fleiss on 40 000 tiles × 3 reviewers, Cohen on 40 000 pairs, 40 000 Wilson intervals', () => {
		const n = 40_000;
		const counts: number[][] = [];
		const a = new Int32Array(n);
		const b = new Int32Array(n);
		for (let i = 0; i < n; i++) {
			const truth = Math.floor(rnd() * 3);
			const row = [0, 0, 0];
			for (let r = 0; r < 3; r++) row[rnd() < 0.8 ? truth : Math.floor(rnd() * 3)]++;
			counts.push(row);
			a[i] = truth;
			b[i] = rnd() < 0.8 ? truth : Math.floor(rnd() * 3);
		}
		const ms = time(() => {
			expect(fleissKappa(counts).estimate).toBeGreaterThan(0.3);
			expect(cohenKappaFromLabels(a, b, 3).estimate).toBeGreaterThan(0.3);
			for (let i = 0; i < n; i++) wilsonInterval(i % 50, 50);
		});
		expect(ms).toBeLessThan(500);
	});
});
