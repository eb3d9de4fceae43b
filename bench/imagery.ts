/**
 * Imagery benchmark: fresh tile rendering and tile-cache reads over the demo orthophoto.
 *
 *   npx tsx bench/imagery.ts            (IMAGERY_BENCH_FILE=path.tif to use another file)
 *
 * Single core: tiles are rendered one after the other and sharp runs with one thread, so the figures
 * are per core. Prints machine-readable `imagery.*=N` lines, then a human summary.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { tileRangeForBBox } from '../src/lib/geo/webmercator.ts';
import { createTileCache } from '../src/lib/server/imagery/cache.ts';
import { closeOrtho, openOrtho } from '../src/lib/server/imagery/geotiff.ts';
import { createImageryRenderer } from '../src/lib/server/imagery/renderer.ts';

sharp.concurrency(1);

const candidates = [process.env.IMAGERY_BENCH_FILE, 'server/demo/prairie-naip/ortho-2020.tif', 'test/fixtures/prairie-naip/ortho-2020.tif'];
const file = candidates.find((f): f is string => !!f && existsSync(f));
if (!file) {
	console.error('bench/imagery.ts: no orthophoto found (set IMAGERY_BENCH_FILE)');
	process.exit(1);
}

async function main(): Promise<void> {
	const format = (process.env.IMAGERY_BENCH_FORMAT as 'png' | 'webp') ?? 'png';
	const info = await openOrtho(file!);
	const probe = await createImageryRenderer([info]);
	const tiles: [number, number, number][] = [];
	for (let z = 14; z <= 17; z++) {
		const r = tileRangeForBBox(probe.bounds, z);
		for (let y = r.minY; y <= r.maxY; y++) for (let x = r.minX; x <= r.maxX; x++) tiles.push([z, x, y]);
	}
	await probe.close();

	// (a1) cold: a new renderer, every block decoded on first use.
	const renderer = await createImageryRenderer([info]);
	let t0 = performance.now();
	const coldCpu0 = process.cpuUsage();
	const encoded: (Buffer | null)[] = [];
	for (const [z, x, y] of tiles) encoded.push(await renderer.renderTile(z, x, y, { size: 256, format }));
	const coldMs = performance.now() - t0;
	const coldCpu = process.cpuUsage(coldCpu0);
	const coldCpuMs = (coldCpu.user + coldCpu.system) / 1000;
	const decodedBlocks = renderer.stats().blockMisses;

	// (a2) fresh renders with blocks already decoded (what a user panning around a delivery gets once
	// the few blocks under the view are in memory). Several rounds for a stable figure.
	const rounds = 3;
	t0 = performance.now();
	const cpu0 = process.cpuUsage();
	for (let r = 0; r < rounds; r++) for (const [z, x, y] of tiles) await renderer.renderTile(z, x, y, { size: 256, format });
	const warmMs = (performance.now() - t0) / rounds;
	const cpu = process.cpuUsage(cpu0);
	const warmCpuMs = (cpu.user + cpu.system) / 1000 / rounds;

	// Split of the warm figure: resampling alone vs PNG/WebP encoding.
	t0 = performance.now();
	for (const [z, x, y] of tiles) await renderer.renderRgba(z, x, y, 256);
	const rgbaMs = performance.now() - t0;
	await renderer.close();

	// (b) tiles served from the SQLite tile cache.
	const dir = mkdtempSync(join(tmpdir(), 'recette-bench-'));
	const cache = createTileCache(join(dir, 'tiles.sqlite'));
	tiles.forEach(([z, x, y], i) => cache.put({ campaignId: 1, vintage: 'current', z, x, y, size: 256, format }, encoded[i]));
	const reads = Math.max(20_000, tiles.length * 20);
	let bytes = 0;
	t0 = performance.now();
	for (let i = 0; i < reads; i++) {
		const [z, x, y] = tiles[(i * 7919) % tiles.length];
		const b = cache.get({ campaignId: 1, vintage: 'current', z, x, y, size: 256, format });
		bytes += b ? b.length : 0;
	}
	const cacheMs = performance.now() - t0;
	cache.close();
	rmSync(dir, { recursive: true, force: true });
	await closeOrtho(info);

	const n = tiles.length;
	const cold = (n / coldMs) * 1000;
	const fresh = (n / warmMs) * 1000;
	const resample = (n / rgbaMs) * 1000;
	const cached = (reads / cacheMs) * 1000;
	const nonEmpty = encoded.filter((b) => b).length;
	const avgKb = encoded.reduce((s, b) => s + (b?.length ?? 0), 0) / Math.max(1, nonEmpty) / 1024;
	console.log(`imagery.fresh_cold_tiles_per_s=${cold.toFixed(0)}`);
	console.log(`imagery.fresh_tiles_per_s=${fresh.toFixed(0)}`);
	console.log(`imagery.fresh_cold_tiles_per_cpu_s=${((n / coldCpuMs) * 1000).toFixed(0)}`);
	console.log(`imagery.fresh_tiles_per_cpu_s=${((n / warmCpuMs) * 1000).toFixed(0)}`);
	console.log(`imagery.resample_only_tiles_per_s=${resample.toFixed(0)}`);
	console.log(`imagery.cache_tiles_per_s=${cached.toFixed(0)}`);
	console.log('');
	console.log(`Imagery bench — ${file}, ${n} distinct 256 px ${format.toUpperCase()} tiles at z14–17 (${nonEmpty} with imagery, avg ${avgKb.toFixed(1)} KB), one core:`);
	console.log(`  cold (new renderer, ${decodedBlocks} blocks decoded): ${cold.toFixed(0)} tiles/s (${(coldMs / n).toFixed(2)} ms/tile)`);
	console.log(`  fresh render, blocks decoded:       ${fresh.toFixed(0)} tiles/s (${(warmMs / n).toFixed(2)} ms/tile; resampling alone ${(rgbaMs / n).toFixed(2)} ms, the rest is ${format} encoding)`);
	console.log(`  per CPU-second of this process (robust to other load on the machine): cold ${((n / coldCpuMs) * 1000).toFixed(0)}, fresh ${((n / warmCpuMs) * 1000).toFixed(0)} tiles/s`);
	console.log(`  from the SQLite tile cache:         ${cached.toFixed(0)} tiles/s (${reads} reads)`);
	console.log(`  targets: ≥170 fresh tiles/s per core, ≥1000 tiles/s from cache`);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
