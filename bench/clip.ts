/**
 * Micro-benchmark of the tile split (src/lib/tiling/split.ts): 200 000 random concave 6–30-vertex polygons
 * (radius 5–400 m, log-uniform, 30 % with a hole) over a 50 × 50 km Lambert-93 area, split on a 1 000 m grid.
 * Measures the whole `add()` path (cell lookup, clipping, per-class accumulation), not geometry generation.
 *
 * Run: npx tsx bench/clip.ts   → prints `split.clip_polygons_per_s=NNN` (plus context lines on stderr).
 */
import { createSplitter, type SplitFeature } from '../src/lib/tiling/split.ts';
import { multiPolygonArea } from '../src/lib/tiling/clip.ts';
import { seededRandom } from '../src/lib/sampling/random.ts';
import type { BBox } from '../src/lib/geo/types.ts';

const COUNT = 200_000;
const GRID = 1000;
const rnd = seededRandom('bench/clip');

function makeFeature(fid: number): SplitFeature {
	const n = 6 + Math.floor(rnd() * 25);
	const rmax = Math.exp(Math.log(5) + rnd() * (Math.log(400) - Math.log(5)));
	const cx = 650000 + rnd() * 50000;
	const cy = 6830000 + rnd() * 50000;
	const ring = new Float64Array(2 * n);
	const bbox: BBox = [Infinity, Infinity, -Infinity, -Infinity];
	for (let i = 0; i < n; i++) {
		const a = (2 * Math.PI * i) / n;
		const r = rmax * (0.3 + 0.7 * rnd());
		const x = cx + r * Math.cos(a);
		const y = cy + r * Math.sin(a);
		ring[2 * i] = x;
		ring[2 * i + 1] = y;
		if (x < bbox[0]) bbox[0] = x;
		if (y < bbox[1]) bbox[1] = y;
		if (x > bbox[2]) bbox[2] = x;
		if (y > bbox[3]) bbox[3] = y;
	}
	const poly = [ring];
	if (rnd() < 0.3) {
		const h = rmax * 0.15;
		poly.push(new Float64Array([cx - h, cy - h, cx - h, cy + h, cx + h, cy + h, cx + h, cy - h]));
	}
	return { fid, classCode: `CS${Math.floor(rnd() * 14)}`, geometry: [poly], bbox };
}

const features = Array.from({ length: COUNT }, (_, i) => makeFeature(i));
const multiCell = features.filter(
	(f) =>
		Math.floor(f.bbox[0] / GRID) !== Math.ceil(f.bbox[2] / GRID) - 1 ||
		Math.floor(f.bbox[1] / GRID) !== Math.ceil(f.bbox[3] / GRID) - 1
).length;

function run(list: SplitFeature[]): { seconds: number; area: number; tiles: number } {
	const splitter = createSplitter({ grid: { size: GRID }, keepFeatureIds: false });
	const t0 = performance.now();
	for (const f of list) splitter.add(f);
	const tiles = splitter.result();
	const seconds = (performance.now() - t0) / 1000;
	let area = 0;
	for (const t of tiles) for (const a of t.areas.values()) area += a;
	return { seconds, area, tiles: tiles.length };
}

run(features.slice(0, 20_000)); // JIT warm-up
const { seconds, area, tiles } = run(features);
const expected = features.reduce((s, f) => s + multiPolygonArea(f.geometry), 0);
const relErr = Math.abs(area - expected) / expected;

console.error(
	`split: ${COUNT} polygons (${((100 * multiCell) / COUNT).toFixed(1)} % spanning several cells) into ${tiles} tiles ` +
		`in ${(seconds * 1000).toFixed(0)} ms; area conservation error ${relErr.toExponential(1)}`
);
if (relErr > 1e-9) {
	console.error('split: total tile area differs from the input area');
	process.exitCode = 1;
}
console.log(`split.clip_polygons_per_s=${Math.round(COUNT / seconds)}`);
