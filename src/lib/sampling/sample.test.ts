import { describe, it, expect } from 'vitest';
import { allocateProportional, simpleRandomSample, stratifiedSample, stratumSeed } from './sample.ts';
import { seededRandom } from './random.ts';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `tile-${String(i).padStart(2, '0')}`);
const id = (s: string) => s;

/** Deterministic shuffle for order-independence tests. */
function shuffled<T>(arr: readonly T[], seed: string): T[] {
	const a = arr.slice();
	const r = seededRandom(seed);
	for (let i = a.length - 1; i > 0; i--) {
		const j = Math.floor(r() * (i + 1));
		[a[i], a[j]] = [a[j], a[i]];
	}
	return a;
}

describe('simpleRandomSample', () => {
	it('is pinned for a known seed (re-derivable forever)', () => {
		expect(simpleRandomSample(ids(20), 5, 'recette', id)).toEqual(['tile-08', 'tile-04', 'tile-03', 'tile-02', 'tile-14']);
	});

	it('does not depend on input order', () => {
		const items = ids(50);
		const ref = simpleRandomSample(items, 10, 'order', id);
		for (const s of ['a', 'b', 'c']) expect(simpleRandomSample(shuffled(items, s), 10, 'order', id)).toEqual(ref);
		expect(simpleRandomSample(items.slice().reverse(), 10, 'order', id)).toEqual(ref);
	});

	it('draws without replacement, from the items', () => {
		const items = ids(30);
		const s = simpleRandomSample(items, 30, 'all', id);
		expect(new Set(s).size).toBe(30);
		expect(s.slice().sort()).toEqual(items);
	});

	it.each<[number, number, number]>([
		[10, 3, 3],
		[10, 10, 10],
		[10, 25, 10], // n > items ⇒ all items
		[10, 0, 0],
		[0, 5, 0],
		[10, 2.7, 2] // fractional n is floored
	])('%d items, n=%d ⇒ %d drawn', (count, n, expected) => {
		expect(simpleRandomSample(ids(count), n, 'sizes', id)).toHaveLength(expected);
	});

	it('rejects a negative or NaN n', () => {
		expect(() => simpleRandomSample(ids(3), -1, 's', id)).toThrow(RangeError);
		expect(() => simpleRandomSample(ids(3), NaN, 's', id)).toThrow(RangeError);
	});

	it('does not mutate its input', () => {
		const items = ids(10).reverse();
		const copy = items.slice();
		simpleRandomSample(items, 5, 's', id);
		expect(items).toEqual(copy);
	});

	it('inclusion frequencies are uniform (chi-square, 4 000 seeds)', () => {
		const items = ids(20);
		const counts = new Map(items.map((t) => [t, 0]));
		const runs = 4000;
		for (let k = 0; k < runs; k++) for (const t of simpleRandomSample(items, 5, `seed-${k}`, id)) counts.set(t, counts.get(t)! + 1);
		const e = (runs * 5) / 20; // 1 000 each
		const chi2 = [...counts.values()].reduce((s, o) => s + ((o - e) * (o - e)) / e, 0);
		// inclusion counts are slightly negatively correlated, so χ²(19) is a conservative reference: P(>43.8) = 0.001
		expect(chi2).toBeLessThan(43.8);
		// first draw position is uniform too
		const first = new Map(items.map((t) => [t, 0]));
		for (let k = 0; k < runs; k++) {
			const t = simpleRandomSample(items, 1, `first-${k}`, id)[0];
			first.set(t, first.get(t)! + 1);
		}
		const e1 = runs / 20;
		const chi2b = [...first.values()].reduce((s, o) => s + ((o - e1) * (o - e1)) / e1, 0);
		expect(chi2b).toBeLessThan(43.8);
	});
});

describe('allocateProportional', () => {
	it.each<[string, number[], number, number[]]>([
		['exact proportions', [50, 30, 20], 10, [5, 3, 2]],
		['largest remainder: quotas 2, 1.2, 0.8 → 2, 1, 1', [5, 3, 2], 4, [2, 1, 1]],
		['at least one per stratum, rebalanced', [97, 2, 1], 10, [8, 1, 1]],
		['fewer draws than strata: zeros allowed', [10, 10, 10, 10], 2, [1, 1, 0, 0]],
		['n ≥ N ⇒ everything', [3, 4], 100, [3, 4]],
		['empty stratum stays at 0', [10, 0, 10], 4, [2, 0, 2]],
		['n = 0', [5, 5], 0, [0, 0]]
	])('%s', (_n, sizes, n, expected) => {
		const alloc = allocateProportional(sizes, n).map((a) => a.allocated);
		expect(alloc).toEqual(expected);
		expect(alloc.reduce((s, v) => s + v, 0)).toBe(Math.min(n, sizes.reduce((s, v) => s + v, 0)));
	});

	it('[12, 6, 2] n=5, hand-checked', () => {
		// quotas 3, 1.5, 0.5; floors 3, 1, 0; 1 left → B (tie .5/.5 goes to the first). C = 0 < 1 → C = 1,
		// excess 1 taken from the stratum most over quota: A 3−3 = 0, B 2−1.5 = 0.5 → B. Result 3, 1, 1.
		expect(allocateProportional([12, 6, 2], 5).map((a) => a.allocated)).toEqual([3, 1, 1]);
	});

	it('always sums to min(n, N) and never exceeds a stratum (random cases)', () => {
		const r = seededRandom('alloc');
		for (let k = 0; k < 2000; k++) {
			const sizes = Array.from({ length: 1 + Math.floor(r() * 12) }, () => (r() < 0.15 ? 0 : 1 + Math.floor(r() * (r() < 0.5 ? 5 : 500))));
			const N = sizes.reduce((s, v) => s + v, 0);
			const n = Math.floor(r() * (N + 10));
			const alloc = allocateProportional(sizes, n).map((a) => a.allocated);
			expect(alloc.reduce((s, v) => s + v, 0)).toBe(Math.min(n, N));
			const nonEmpty = sizes.filter((s) => s > 0).length;
			alloc.forEach((a, i) => {
				expect(a).toBeLessThanOrEqual(sizes[i]);
				expect(a).toBeGreaterThanOrEqual(0);
				if (n >= nonEmpty && sizes[i] > 0) expect(a).toBeGreaterThanOrEqual(1);
			});
		}
	});
});

describe('stratifiedSample', () => {
	const items = ids(20).map((t, i) => ({ id: t, cls: i < 12 ? 'A' : i < 18 ? 'B' : 'C' }));
	const key = (t: { id: string }) => t.id;
	const stratum = (t: { cls: string }) => t.cls;

	it('is pinned for a known seed', () => {
		const { sample, allocation } = stratifiedSample(items, 6, 'recette', key, stratum);
		expect(sample.map((t) => t.id)).toEqual(['tile-07', 'tile-02', 'tile-09', 'tile-14', 'tile-18', 'tile-13']);
		expect(allocation).toEqual([
			{ stratum: 'A', population: 12, quota: 3.6, allocated: 3 },
			{ stratum: 'B', population: 6, quota: 1.8, allocated: 2 },
			{ stratum: 'C', population: 2, quota: 0.6, allocated: 1 }
		]);
	});

	it('same seed + same data ⇒ same sample, whatever the input order', () => {
		const ref = stratifiedSample(items, 7, 'strat', key, stratum);
		for (const s of ['x', 'y', 'z']) {
			const other = stratifiedSample(shuffled(items, s), 7, 'strat', key, stratum);
			expect(other.sample).toEqual(ref.sample);
			expect(other.allocation).toEqual(ref.allocation);
		}
	});

	it('each stratum gets exactly its allocation, drawn from itself, on its own stream', () => {
		const { sample, allocation } = stratifiedSample(items, 9, 's2', key, stratum);
		expect(sample).toHaveLength(9);
		expect(new Set(sample).size).toBe(9);
		for (const row of allocation) {
			const drawn = sample.filter((t) => t.cls === row.stratum);
			expect(drawn).toHaveLength(row.allocated);
			// the stratum's draw is the simple random sample of that stratum with the derived seed
			const own = simpleRandomSample(items.filter((t) => t.cls === row.stratum), row.allocated, stratumSeed('s2', row.stratum), key);
			expect(drawn.map((t) => t.id).sort()).toEqual(own.map((t) => t.id).sort());
		}
	});

	it('allocation sums to n (and to N when n > N)', () => {
		for (const n of [0, 1, 2, 3, 5, 13, 20, 50]) {
			const { sample, allocation } = stratifiedSample(items, n, 'sum', key, stratum);
			const total = allocation.reduce((s, a) => s + a.allocated, 0);
			expect(total).toBe(Math.min(n, 20));
			expect(sample).toHaveLength(total);
		}
	});

	it('stratum seeds are unambiguous', () => {
		expect(stratumSeed('a|b', 'c')).not.toBe(stratumSeed('a', 'b|c'));
	});
});
