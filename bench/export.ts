/**
 * The contractor's defect report at campaign scale: 40 000 tiles of 1 km in Lambert-93, 200 000
 * defects (70 % points, 20 % lines, 10 % polygons) by 20 reviewers of 4 organisations, 2 000 class
 * corrections, everything released to the contractor. Measures the whole export as the command line
 * and the HTTP endpoint run it — reading the projections, reprojecting to the campaign's CRS, writing
 * the file — and prints `name=value` lines (best of 3 runs):
 * `export.gpkg_ms=` (the GeoPackage, reviewers' view), `export.gpkg_released_ms=` (the contractor's),
 * `export.csv_ms=`, `export.geojson_ms=`, and the GeoPackage's size.
 * Run: `npx tsx bench/export.ts`.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeCompact, quantumDigits } from '../src/lib/geo/compact.ts';
import { seededRandom } from '../src/lib/sampling/random.ts';
import { releaseDefects } from '../src/lib/server/contractor/releases.service.ts';
import { resolveEpsg, transformer, WGS84 } from '../src/lib/server/crs/crs.ts';
import { createDb } from '../src/lib/server/db/db.ts';
import { defectReport, writeDefectReport, type ExportAudience, type ExportFormat } from '../src/lib/server/exports/defects-export.service.ts';

const TILES_PER_SIDE = 200; // 40 000 tiles
const DEFECTS = 200_000;
const CORRECTIONS = 2_000;
const REVIEWERS = 20;

// BENCH_KEEP=<folder>: build the database there once and reuse it on later runs (profiling).
const keep = process.env.BENCH_KEEP;
const dir = keep ?? mkdtempSync(join(tmpdir(), 'recette-bench-export-'));
try {
	const reuse = !!keep && existsSync(join(dir, 'bench.db'));
	const db = createDb(join(dir, 'bench.db'));
	const sqlite = db.$client;
	const rnd = seededRandom('export-bench');
	const l93 = resolveEpsg(2154);
	const toWgs = transformer(l93, WGS84);
	const x0 = 600_000;
	const y0 = 6_800_000;

	const t0 = performance.now();
	if (!reuse) sqlite.transaction(() => {
		const campaignId = Number(
			sqlite
				.prepare(
					`INSERT INTO campaigns (name, status, crs_epsg, tiling_mode, tile_size, class_field, nomenclature, landcover_file, landcover_epsg, bbox_wgs84, footprint)
					 VALUES ('Bench', 'ready', 2154, 'grid', 1000, 'code_cs', ?, 'bench.gpkg', 2154, '[0,0,1,1]', '{"type":"Polygon","coordinates":[]}')`
				)
				.run(JSON.stringify({ id: 'bench', name: 'bench', entries: [{ code: 'CS1', label: 'Bâti', color: '#ff0000' }, { code: 'CS2', label: 'Eau', color: '#0000ff' }] })).lastInsertRowid
		);
		const manager = Number(sqlite.prepare(`INSERT INTO users (email, name) VALUES ('manager@bench', 'Manager')`).run().lastInsertRowid);
		sqlite.prepare(`INSERT INTO campaign_members (campaign_id, user_id, role) VALUES (?, ?, 'manager')`).run(campaignId, manager);
		const reviewers: number[] = [];
		for (let o = 0; o < 4; o++) {
			const org = Number(sqlite.prepare(`INSERT INTO organisations (name, name_key, kind) VALUES (?, ?, 'commune')`).run(`Commune ${o}`, `commune ${o}`).lastInsertRowid);
			for (let r = 0; r < REVIEWERS / 4; r++) {
				const u = Number(sqlite.prepare(`INSERT INTO users (email, name) VALUES (?, ?)`).run(`r${o}-${r}@bench`, `Relecteur ${o}-${r}`).lastInsertRowid);
				sqlite.prepare(`INSERT INTO campaign_members (campaign_id, user_id, role, organisation_id) VALUES (?, ?, 'reviewer', ?)`).run(campaignId, u, org);
				reviewers.push(u);
			}
		}
		const insTile = sqlite.prepare(`INSERT INTO tiles (campaign_id, name, ordinal, xmin, ymin, xmax, ymax, geometry, in_sample) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`).pluck();
		const tiles: { id: number; x: number; y: number }[] = [];
		for (let i = 0; i < TILES_PER_SIDE; i++) {
			for (let j = 0; j < TILES_PER_SIDE; j++) {
				const x = x0 + i * 1000;
				const y = y0 + j * 1000;
				const name = `${String(x / 1000).padStart(4, '0')}_${String((y + 1000) / 1000).padStart(4, '0')}`;
				const ring = [toWgs(x, y), toWgs(x + 1000, y), toWgs(x + 1000, y + 1000), toWgs(x, y + 1000), toWgs(x, y)];
				tiles.push({ id: insTile.get(campaignId, name, tiles.length, x, y, x + 1000, y + 1000, JSON.stringify({ type: 'Polygon', coordinates: [ring] })) as number, x, y });
			}
		}
		const insDefect = sqlite.prepare(
			`INSERT INTO defects (tile_id, id, campaign_id, geometry, category, severity, comment, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
		);
		const categories = ['radiometry_saturation', 'geometry_seamline', 'geometry_blur', 'landcover_wrong_cover', 'landcover_boundary'];
		const severities = ['minor', 'major', 'blocking'];
		const pt = (t: { x: number; y: number }) => toWgs(t.x + 50 + rnd() * 900, t.y + 50 + rnd() * 900).map((v) => Math.round(v * 1e7) / 1e7);
		for (let k = 0; k < DEFECTS; k++) {
			const t = tiles[k % tiles.length];
			const kind = rnd();
			let geometry: unknown;
			if (kind < 0.7) geometry = { type: 'Point', coordinates: pt(t) };
			else if (kind < 0.9) geometry = { type: 'LineString', coordinates: [pt(t), pt(t), pt(t)] };
			else {
				const a = pt(t);
				geometry = { type: 'Polygon', coordinates: [[a, [a[0] + 0.0005, a[1]], [a[0] + 0.0005, a[1] + 0.0004], [a[0], a[1] + 0.0004], a]] };
			}
			insDefect.run(
				t.id,
				`d${k}`,
				campaignId,
				JSON.stringify(geometry),
				categories[k % categories.length],
				severities[Math.floor(rnd() * 3)],
				k % 3 === 0 ? 'Flou marqué sur le bâti ; à reprendre' : '',
				reviewers[k % reviewers.length],
				new Date(Date.UTC(2026, 2, 1) + k * 1000).toISOString()
			);
		}
		// Corrections, each on its own land-cover square.
		const insFeature = sqlite.prepare(`INSERT INTO landcover_features (campaign_id, fid, class_code, geometry, properties) VALUES (?, ?, 'CS1', ?, '{}')`);
		const insCorrection = sqlite.prepare(
			`INSERT INTO corrections (tile_id, feature_id, user_id, campaign_id, from_class, to_class, comment, at) VALUES (?, ?, ?, ?, 'CS1', 'CS2', '', ?)`
		);
		for (let k = 0; k < CORRECTIONS; k++) {
			const t = tiles[(k * 17) % tiles.length];
			const ring = new Float64Array([t.x + 100, t.y + 100, t.x + 400, t.y + 100, t.x + 400, t.y + 400, t.x + 100, t.y + 400, t.x + 100, t.y + 100]);
			insFeature.run(campaignId, k + 1, encodeCompact([[ring]], quantumDigits(true)));
			insCorrection.run(t.id, k + 1, reviewers[k % reviewers.length], campaignId, new Date(Date.UTC(2026, 2, 2)).toISOString());
		}
	})();
	const campaignId = 1;
	const release = reuse ? { added: DEFECTS } : releaseDefects(db, campaignId, {}, { id: 1, email: 'manager@bench' });
	console.log(`export.setup_ms=${Math.round(performance.now() - t0)} (tiles=${TILES_PER_SIDE ** 2}, defects=${DEFECTS}, released=${release.added}, corrections=${CORRECTIONS})`);

	const best = (audience: ExportAudience, format: ExportFormat, runs = 3) => {
		let min = Infinity;
		const out = join(dir, `defects.${format}`);
		for (let i = 0; i < runs; i++) {
			const t = performance.now();
			const report = defectReport(db, campaignId, { audience, locale: 'fr' });
			const n = writeDefectReport(report, format, out);
			min = Math.min(min, performance.now() - t);
			if (n.defects !== DEFECTS) throw new Error(`${format}: ${n.defects} defects written, ${DEFECTS} expected`);
		}
		return { ms: Math.round(min), bytes: statSync(out).size };
	};
	const gpkg = best('reviews', 'gpkg');
	console.log(`export.gpkg_ms=${gpkg.ms}`);
	console.log(`export.gpkg_mb=${(gpkg.bytes / 1e6).toFixed(1)}`);
	console.log(`export.gpkg_released_ms=${best('released', 'gpkg').ms}`);
	console.log(`export.csv_ms=${best('reviews', 'csv').ms}`);
	console.log(`export.geojson_ms=${best('reviews', 'geojson').ms}`);
	db.$client.close();
} finally {
	if (!keep) rmSync(dir, { recursive: true, force: true });
}
