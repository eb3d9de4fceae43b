/**
 * The estimators at campaign scale (40 000 tiles, 10 000 labelled points, 200 000 defects): they run
 * inside every acceptance report, so they must take milliseconds. Prints `name=value` lines (best of
 * 5 runs). Run: `npx tsx bench/stats.ts`.
 */
import { accuracyFromStratifiedColumns } from '../src/lib/stats/stehman.ts';
import { accuracyFromErrorMatrix, countErrorMatrix } from '../src/lib/stats/olofsson.ts';
import { cohenKappaFromLabels, fleissKappa } from '../src/lib/stats/agreement.ts';
import { wilsonInterval } from '../src/lib/stats/proportion.ts';
import { seededRandom } from '../src/lib/sampling/random.ts';

const rnd = seededRandom('stats-bench');
const K = 14; // OCS GE-like classes

function best(f: () => unknown, runs = 5): number {
	let min = Infinity;
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		f();
		min = Math.min(min, performance.now() - t0);
	}
	return min;
}

for (const [m, H] of [
	[10_000, 40],
	[200_000, 4_000]
]) {
	const stratum = new Int32Array(m);
	const map = new Int32Array(m);
	const reference = new Int32Array(m);
	for (let u = 0; u < m; u++) {
		stratum[u] = u % H;
		map[u] = Math.floor(rnd() * K);
		reference[u] = rnd() < 0.85 ? map[u] : Math.floor(rnd() * K);
	}
	const strata = Array.from({ length: H }, (_, h) => ({ name: `s${h}`, size: 1000 + h }));
	const classes = Array.from({ length: K }, (_, i) => `c${i}`);
	const ms = best(() => accuracyFromStratifiedColumns({ strata, classes, stratum, map, reference }));
	console.log(`stats.stehman_${m}_points_${H}_strata_ms=${ms.toFixed(2)}`);
}

{
	const m = 200_000;
	const map = new Int32Array(m);
	const reference = new Int32Array(m);
	for (let u = 0; u < m; u++) {
		map[u] = Math.floor(rnd() * K);
		reference[u] = rnd() < 0.9 ? map[u] : Math.floor(rnd() * K);
	}
	const classes = Array.from({ length: K }, (_, i) => `c${i}`);
	const ms = best(() => accuracyFromErrorMatrix({ classes, counts: countErrorMatrix(K, map, reference), mappedAreas: new Array(K).fill(1) }));
	console.log(`stats.olofsson_200000_labels_ms=${ms.toFixed(2)}`);
}

{
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
	console.log(`stats.fleiss_40000_tiles_ms=${best(() => fleissKappa(counts)).toFixed(2)}`);
	console.log(`stats.cohen_40000_pairs_ms=${best(() => cohenKappaFromLabels(a, b, 3)).toFixed(2)}`);
	console.log(`stats.wilson_40000_ms=${best(() => {
		for (let i = 0; i < n; i++) wilsonInterval(i % 50, 50);
	}).toFixed(2)}`);
}
