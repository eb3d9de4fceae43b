/**
 * Generate a large, realistic land-cover GeoPackage for benchmarks (reader, split).
 *
 * Polygons sit on a jittered grid over `extent` metres of Lambert-93 around (650000, 6862000): each is a
 * star-shaped ring of 6–30 vertices inside its own cell (so polygons never overlap), ~10 % with a hole,
 * ~5 % multipolygons of 2–3 parts; `code_cs` is drawn among 14 OCS GE cover codes with a skewed
 * distribution. Deterministic for a given seed.
 *
 *   npx tsx bench/make-large-landcover.ts [count] [out.gpkg]
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BBox, MultiPolygon, Polygon } from '../src/lib/geo/types.ts';
import { writeGpkg } from '../src/lib/server/landcover/gpkg-write.ts';

export const OCS_GE_CS_CODES = [
	'CS1.1.1.1', 'CS1.1.1.2', 'CS1.1.2.1', 'CS1.1.2.2', 'CS1.2.1', 'CS1.2.2', 'CS1.2.3',
	'CS2.1.1.1', 'CS2.1.1.2', 'CS2.1.1.3', 'CS2.1.2', 'CS2.1.3', 'CS2.2.1', 'CS2.2.2'
];
// Relative frequencies: grassland, crops and buildings dominate, as in a real OCS GE delivery.
const CODE_WEIGHTS = [10, 3, 2, 1, 2, 1, 2, 8, 4, 3, 2, 1, 20, 6];

export interface MakeLandcoverOptions {
	/** Number of features (default 200 000). */
	count?: number;
	/** PRNG seed (default 42). */
	seed?: number;
	/** Centre in EPSG:2154 (default [650000, 6862000]). */
	center?: [number, number];
	/** Side of the covered square in metres (default 30 000). */
	extent?: number;
}

export interface MadeLandcover {
	path: string;
	count: number;
	polygons: number;
	vertices: number;
	bbox: BBox;
	bytes: number;
}

/** Small fast deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Star-shaped closed ring around (cx, cy), counter-clockwise, radii in [rMin, rMax]. */
function starRing(rand: () => number, cx: number, cy: number, rMin: number, rMax: number, n: number, clockwise = false): Float64Array {
	const ring = new Float64Array((n + 1) * 2);
	const phase = rand() * Math.PI * 2;
	for (let i = 0; i < n; i++) {
		const k = clockwise ? n - i : i;
		const a = phase + (k / n) * Math.PI * 2;
		const r = rMin + rand() * (rMax - rMin);
		// Round to the centimetre like real deliveries.
		ring[i * 2] = Math.round((cx + Math.cos(a) * r) * 100) / 100;
		ring[i * 2 + 1] = Math.round((cy + Math.sin(a) * r) * 100) / 100;
	}
	ring[n * 2] = ring[0];
	ring[n * 2 + 1] = ring[1];
	return ring;
}

/** Write the benchmark GeoPackage (layer `occupation_sol`, EPSG:2154) and describe it. */
export function makeLargeLandcover(path: string, opts: MakeLandcoverOptions = {}): MadeLandcover {
	const count = opts.count ?? 200_000;
	const rand = rng(opts.seed ?? 42);
	const [ox, oy] = opts.center ?? [650_000, 6_862_000];
	const extent = opts.extent ?? 30_000;
	const side = Math.ceil(Math.sqrt(count));
	const cell = extent / side;
	const x0 = ox - extent / 2, y0 = oy - extent / 2;
	const totalW = CODE_WEIGHTS.reduce((a, b) => a + b, 0);
	const pickCode = () => {
		let r = rand() * totalW;
		for (let i = 0; i < CODE_WEIGHTS.length; i++) if ((r -= CODE_WEIGHTS[i]) < 0) return OCS_GE_CS_CODES[i];
		return OCS_GE_CS_CODES[0];
	};
	let polygons = 0, vertices = 0;
	const vertexCount = () => 6 + Math.floor(rand() * 25);

	function* features() {
		for (let i = 0; i < count; i++) {
			const cx = x0 + ((i % side) + 0.5) * cell + (rand() - 0.5) * cell * 0.1;
			const cy = y0 + (Math.floor(i / side) + 0.5) * cell + (rand() - 0.5) * cell * 0.1;
			const kind = rand();
			let geometry: MultiPolygon;
			if (kind < 0.05) {
				// Multipolygon: 2–3 small parts side by side in the cell.
				const parts = 2 + Math.floor(rand() * 2);
				geometry = [];
				for (let p = 0; p < parts; p++) {
					const px = cx + (p - (parts - 1) / 2) * (cell / parts);
					const ring = starRing(rand, px, cy, cell * 0.08, cell / parts / 2 - cell * 0.02, vertexCount());
					geometry.push([ring]);
				}
			} else {
				const outer = starRing(rand, cx, cy, cell * 0.3, cell * 0.45, vertexCount());
				const poly: Polygon = [outer];
				if (kind < 0.15) poly.push(starRing(rand, cx, cy, cell * 0.05, cell * 0.15, 6 + Math.floor(rand() * 10), true));
				geometry = [poly];
			}
			for (const poly of geometry) {
				polygons++;
				for (const ring of poly) vertices += ring.length / 2;
			}
			yield {
				fid: i + 1,
				geometry,
				properties: {
					id: `OCS${String(i + 1).padStart(7, '0')}`,
					code_cs: pickCode(),
					millesime: 2021
				}
			};
		}
	}

	mkdirSync(dirname(path), { recursive: true });
	writeGpkg(
		path,
		{
			table: 'occupation_sol',
			srsId: 2154,
			srsName: 'RGF93 v1 / Lambert-93',
			geometryType: 'MULTIPOLYGON',
			fields: [
				{ name: 'id', type: 'TEXT' },
				{ name: 'code_cs', type: 'TEXT' },
				{ name: 'millesime', type: 'INTEGER' }
			]
		},
		features()
	);
	return { path, count, polygons, vertices, bbox: [x0, y0, x0 + extent, y0 + extent], bytes: statSync(path).size };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const count = Number(process.argv[2] ?? 200_000);
	const out = process.argv[3] ?? resolve(dirname(fileURLToPath(import.meta.url)), 'out', `landcover-${count}.gpkg`);
	const t = performance.now();
	const made = makeLargeLandcover(out, { count });
	console.log(`wrote ${made.path}: ${made.count} features, ${made.polygons} polygons, ${made.vertices} vertices, ${(made.bytes / 2 ** 20).toFixed(1)} MiB in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
