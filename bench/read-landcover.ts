/**
 * Land-cover reader benchmark: openLandcover + iterate every feature of a 200 000-feature GeoPackage
 * (EPSG:2154, 6–30 vertices, holes, multipolygons; generated once into bench/out/).
 *
 *   npx tsx bench/read-landcover.ts [count]
 *
 * Prints `landcover.read_polygons_per_s=N` (features per second, median of 5 runs after a warm-up,
 * wall clock, open included, default options: SQLite in a reader thread) and the same figure with
 * everything on the main thread (`…_single_thread`).
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openLandcover } from '../src/lib/server/landcover/open.ts';
import { makeLargeLandcover } from './make-large-landcover.ts';

const count = Number(process.argv[2] ?? 200_000);
const path = resolve(dirname(fileURLToPath(import.meta.url)), 'out', `landcover-${count}.gpkg`);
if (!existsSync(path)) {
	const t = performance.now();
	const made = makeLargeLandcover(path, { count });
	console.log(`generated ${path}: ${made.count} features, ${made.polygons} polygons, ${made.vertices} vertices in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

interface Run {
	wallMs: number;
	cpuMs: number;
	openMs: number;
	features: number;
	vertices: number;
}

async function run(threads: boolean): Promise<Run> {
	const cpu = process.cpuUsage();
	const t0 = performance.now();
	const ds = await openLandcover(path, { classField: 'code_cs', threads });
	const t1 = performance.now();
	let features = 0, vertices = 0;
	try {
		for (const f of ds.features()) {
			features++;
			// Touch what a consumer touches: geometry, class, bbox.
			for (const poly of f.geometry) vertices += poly[0].length >> 1;
			if (f.classCode.length === 0 || f.bbox[0] > f.bbox[2]) throw new Error('bad feature');
		}
	} finally {
		ds.close();
	}
	const wallMs = performance.now() - t0;
	const c = process.cpuUsage(cpu);
	return { wallMs, cpuMs: (c.user + c.system) / 1000, openMs: t1 - t0, features, vertices };
}

function measure(threads: boolean, runs = 5): Promise<Run[]> {
	return (async () => {
		await run(threads); // warm-up: JIT, page cache
		const out: Run[] = [];
		for (let i = 0; i < runs; i++) out.push(await run(threads));
		return out.sort((a, b) => a.wallMs - b.wallMs);
	})();
}
const rate = (r: Run, ms: number) => Math.round(r.features / (ms / 1000));

const single = await measure(false);
const threaded = await measure(true);
const m1 = single[2], m2 = threaded[2];
console.log(`${m2.features} features (${m2.vertices} exterior vertices) per run, open ${m2.openMs.toFixed(1)} ms`);
console.log(`single thread : median ${m1.wallMs.toFixed(0)} ms (best ${single[0].wallMs.toFixed(0)} ms)`);
console.log(`reader thread : median ${m2.wallMs.toFixed(0)} ms (best ${threaded[0].wallMs.toFixed(0)} ms), process CPU ${m2.cpuMs.toFixed(0)} ms`);
console.log(`landcover.read_polygons_per_s_single_thread=${rate(m1, m1.wallMs)}`);
console.log(`landcover.read_polygons_per_s=${rate(m2, m2.wallMs)}`);
