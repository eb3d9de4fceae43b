/**
 * Reproducible sampling of review tiles: same seed + same data ⇒ same sample, whatever the input order
 * (items are sorted by a caller-given key first). Keys should be unique; items with equal keys keep their
 * relative input order, which then leaks into the result.
 */
import { randomInt, seededRandom } from './random.ts';

function compareKeys(a: string, b: string): number {
	// Plain code-unit comparison: locale-independent, hence stable across machines.
	return a < b ? -1 : a > b ? 1 : 0;
}

function sortedByKey<T>(items: readonly T[], key: (t: T) => string): T[] {
	const keyed = items.map((item) => ({ item, k: key(item) }));
	keyed.sort((a, b) => compareKeys(a.k, b.k));
	return keyed.map((e) => e.item);
}

function checkN(n: number): number {
	if (Number.isNaN(n) || n < 0) throw new RangeError(`Sample size must be a non-negative number, got ${n}.`);
	return Math.floor(n);
}

/** Partial Fisher–Yates on `arr` in place: the first n slots become the sample, in draw order. */
function partialShuffle<T>(arr: T[], n: number, rng: () => number): T[] {
	const len = arr.length;
	for (let i = 0; i < n; i++) {
		const j = i + randomInt(rng, len - i);
		const tmp = arr[i];
		arr[i] = arr[j];
		arr[j] = tmp;
	}
	arr.length = n;
	return arr;
}

/**
 * Simple random sample of n items without replacement: items are sorted by `key`, then a partial Fisher–Yates
 * shuffle driven by `seededRandom(seed)` draws n of them. The result is in draw order (a random order, usable as
 * review order). n ≥ items.length ⇒ all items (in a seeded random order).
 */
export function simpleRandomSample<T>(items: readonly T[], n: number, seed: string, key: (t: T) => string): T[] {
	const k = Math.min(checkN(n), items.length);
	return partialShuffle(sortedByKey(items, key), k, seededRandom(seed));
}

export interface StratumAllocation {
	stratum: string;
	/** Items in the stratum. */
	population: number;
	/** Exact proportional share n·population/N (before rounding). */
	quota: number;
	/** Items drawn from the stratum. */
	allocated: number;
}

export interface StratifiedSample<T> {
	/** The drawn items, in a seeded random order (strata interleaved, usable as review order). */
	sample: T[];
	/** One row per non-empty stratum, sorted by stratum name. Σ allocated = min(n, N). */
	allocation: StratumAllocation[];
}

/** Seed of the independent stream of one stratum (JSON array: no ambiguity between seed and stratum name). */
export function stratumSeed(seed: string, stratum: string): string {
	return JSON.stringify([seed, stratum]);
}

/**
 * Allocation of n draws among strata of the given sizes: proportional, rounded by largest remainder (ties: the
 * first stratum in the given order), then — when n ≥ number of strata — every stratum gets at least 1, the
 * excess being taken back one at a time from the stratum whose allocation most exceeds its quota (ties: the
 * first in order), never below 1. Σ = min(n, Σ sizes); each allocation ≤ its size.
 */
export function allocateProportional(sizes: readonly number[], n: number): { quota: number; allocated: number }[] {
	const total = sizes.reduce((s, v) => s + v, 0);
	const k = Math.min(checkN(n), total);
	if (total === 0) return sizes.map(() => ({ quota: 0, allocated: 0 }));
	const quota = sizes.map((s) => (k * s) / total);
	// Rounding decisions use exact integer arithmetic (k·s mod N), so ties are real ties, not float noise.
	const rem = sizes.map((s) => (k * s) % total);
	const alloc = sizes.map((s, i) => (k * s - rem[i]) / total);
	let left = k - alloc.reduce((s, v) => s + v, 0);
	const byRemainder = rem.map((r, i) => ({ i, r })).sort((a, b) => b.r - a.r || a.i - b.i);
	for (const { i } of byRemainder) {
		if (left <= 0) break;
		if (alloc[i] < sizes[i]) {
			alloc[i]++;
			left--;
		}
	}
	const nonEmpty = sizes.filter((s) => s > 0).length;
	if (k >= nonEmpty) {
		let excess = 0;
		for (let i = 0; i < sizes.length; i++) {
			if (sizes[i] > 0 && alloc[i] === 0) {
				alloc[i] = 1;
				excess++;
			}
		}
		// N·(allocated − quota), exact
		const over = (i: number) => alloc[i] * total - k * sizes[i];
		while (excess > 0) {
			// take one from the stratum most over its quota that can spare one
			let best = -1;
			for (let i = 0; i < sizes.length; i++) {
				if (alloc[i] <= 1) continue;
				if (best < 0 || over(i) > over(best)) best = i;
			}
			if (best < 0) break; // cannot happen when k ≥ nonEmpty, kept as a guard
			alloc[best]--;
			excess--;
		}
	}
	return quota.map((q, i) => ({ quota: q, allocated: alloc[i] }));
}

/**
 * Stratified random sample of n items: strata (by `stratum(item)`, e.g. the tile's dominant class) get a
 * proportional allocation (see `allocateProportional`), and each stratum is sampled with `simpleRandomSample`
 * on its own stream, seeded with `stratumSeed(seed, name)` — so adding a stratum does not reshuffle the
 * others' draws beyond their allocation change. The combined sample is then put in a seeded random order
 * (stream `seededRandom(seed)`), so reviewing in order does not review one class after the other.
 */
export function stratifiedSample<T>(
	items: readonly T[],
	n: number,
	seed: string,
	key: (t: T) => string,
	stratum: (t: T) => string
): StratifiedSample<T> {
	const groups = new Map<string, T[]>();
	for (const item of items) {
		const s = stratum(item);
		let g = groups.get(s);
		if (!g) groups.set(s, (g = []));
		g.push(item);
	}
	const names = [...groups.keys()].sort(compareKeys);
	const sizes = names.map((s) => groups.get(s)!.length);
	const alloc = allocateProportional(sizes, n);
	const drawn: T[] = [];
	const allocation: StratumAllocation[] = names.map((name, i) => {
		const part = simpleRandomSample(groups.get(name)!, alloc[i].allocated, stratumSeed(seed, name), key);
		drawn.push(...part);
		return { stratum: name, population: sizes[i], quota: alloc[i].quota, allocated: alloc[i].allocated };
	});
	// drawn is already in a canonical order (strata by name, then draw order): shuffle it with the seed.
	const sample = partialShuffle(drawn, drawn.length, seededRandom(seed));
	return { sample, allocation };
}
