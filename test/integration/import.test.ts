import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCampaign } from '../../src/lib/server/campaigns/import.service.ts';
import { tileDetail, tileLandcover, tilesFeatureCollection, campaignDetail } from '../../src/lib/server/campaigns/campaigns.service.ts';
import { openLandcover } from '../../src/lib/server/landcover/open.ts';
import { listAudit } from '../../src/lib/server/audit/audit.service.ts';
import { listMembers } from '../../src/lib/server/people/members.service.ts';
import { createUser } from '../../src/lib/server/people/users.service.ts';
import { multiPolygonArea } from '../../src/lib/tiling/clip.ts';
import { createDb, type Db } from '../../src/lib/server/db/db.ts';
import { DEMO, FIXTURES, freshDb, tableCounts } from '../helpers/db.ts';

const LANDCOVER = join(DEMO, 'occupation_sol.gpkg');
const ORTHO = join(DEMO, 'ortho-2020.tif');
const PREVIOUS = join(DEMO, 'ortho-2018.tif');

let ctx: ReturnType<typeof freshDb>;
let db: Db;
beforeEach(() => {
	ctx = freshDb();
	db = ctx.db;
});
afterEach(() => ctx.cleanup());

const base = { name: 'Test', landcover: LANDCOVER, classField: 'code_cs', ortho: [ORTHO] };

async function totalLandcoverArea(): Promise<{ total: number; byClass: Map<string, number>; count: number }> {
	const ds = await openLandcover(LANDCOVER, { classField: 'code_cs' });
	const byClass = new Map<string, number>();
	let total = 0;
	let count = 0;
	for await (const f of ds.features()) {
		const a = multiPolygonArea(f.geometry);
		total += a;
		count++;
		byClass.set(f.classCode, (byClass.get(f.classCode) ?? 0) + a);
	}
	ds.close?.();
	return { total, byClass, count };
}

describe('importCampaign on the real demo delivery', () => {
	it('cuts a 1 km grid aligned on multiples of 1000 m, named by upper-left corner in km', async () => {
		const id = await importCampaign(db, base);
		const fc = tilesFeatureCollection(db, id);
		expect(fc.features.length).toBeGreaterThan(10);
		const rows = db.$client.prepare('SELECT name, xmin, ymin, xmax, ymax FROM tiles WHERE campaign_id = ?').all(id) as {
			name: string; xmin: number; ymin: number; xmax: number; ymax: number;
		}[];
		for (const r of rows) {
			expect(r.xmin % 1000).toBe(0);
			expect(r.ymin % 1000).toBe(0);
			expect(r.xmax - r.xmin).toBe(1000);
			expect(r.ymax - r.ymin).toBe(1000);
			expect(r.name).toBe(`${String(r.xmin / 1000).padStart(4, '0')}_${String(r.ymax / 1000).padStart(4, '0')}`);
		}
	});

	it('stores per-tile class areas that add up to the land cover area of each class', async () => {
		const id = await importCampaign(db, base);
		const { total, byClass, count } = await totalLandcoverArea();
		expect(count).toBe(2665);
		const stored = db.$client
			.prepare('SELECT a.class_code AS code, sum(a.area) AS area FROM tile_class_areas a JOIN tiles t ON t.id = a.tile_id WHERE t.campaign_id = ? GROUP BY a.class_code')
			.all(id) as { code: string; area: number }[];
		const storedTotal = stored.reduce((s, r) => s + r.area, 0);
		// Every polygon lies inside the grid, so clipping must neither lose nor invent area.
		expect(storedTotal).toBeCloseTo(total, 0);
		for (const r of stored) expect(r.area).toBeCloseTo(byClass.get(r.code)!, 0);
		expect(new Set(stored.map((r) => r.code))).toEqual(new Set(['CS1.2.1', 'CS1.2.2', 'CS2.1.1.1', 'CS2.2.1']));
		// No tile holds more than its own 1 km².
		const maxPerTile = db.$client
			.prepare('SELECT max(s) AS m FROM (SELECT sum(area) AS s FROM tile_class_areas GROUP BY tile_id)')
			.get() as { m: number };
		expect(maxPerTile.m).toBeLessThanOrEqual(1_000_000 + 1e-3);
	});

	it('counts a polygon crossing a tile border in each tile it touches', async () => {
		const id = await importCampaign(db, base);
		const links = (db.$client.prepare('SELECT sum(length(feature_ids)) / 4 AS n FROM tiles WHERE campaign_id = ?').get(id) as { n: number }).n;
		const sumCounts = (db.$client.prepare('SELECT sum(feature_count) AS n FROM tiles WHERE campaign_id = ?').get(id) as { n: number }).n;
		expect(sumCounts).toBe(links);
		expect(links).toBeGreaterThan(2665); // some polygons straddle borders
	});

	it('serves a tile with its land cover in WGS84 and prev/next navigation', async () => {
		const id = await importCampaign(db, base);
		const fc = tilesFeatureCollection(db, id);
		const second = fc.features[1];
		const t = tileDetail(db, id, second.id);
		expect(t.prev?.id).toBe(fc.features[0].id);
		expect(t.next?.id).toBe(fc.features[2].id);
		const lc = tileLandcover(db, id, second.id);
		expect(lc.features.length).toBe(second.properties.feature_count);
		const [lon, lat] = (lc.features[0].geometry.coordinates as number[][][])[0][0] as unknown as number[];
		// North Dakota, around 99° W 47.8° N.
		expect(lon).toBeGreaterThan(-100);
		expect(lon).toBeLessThan(-98);
		expect(lat).toBeGreaterThan(47);
		expect(lat).toBeLessThan(49);
		expect(lc.features[0].properties.class_label).toBeTruthy();
		expect(lc.features[0].properties.class_color).toMatch(/^#[0-9a-f]{6}$/i);
	});

	it('draws the same seeded sample twice and a different one with another seed', async () => {
		const sample = { mode: 'random' as const, n: 5, seed: 'recette-2026' };
		const a = await importCampaign(db, { ...base, sampling: sample });
		const b = await importCampaign(db, { ...base, sampling: sample });
		const c = await importCampaign(db, { ...base, sampling: { ...sample, seed: 'autre' } });
		const names = (id: number) => tilesFeatureCollection(db, id).features.map((f) => f.properties.name);
		expect(names(a)).toHaveLength(5);
		expect(names(b)).toEqual(names(a));
		expect(names(c)).not.toEqual(names(a));
		// The population stays stored for later estimates.
		expect(tilesFeatureCollection(db, a, true).features.length).toBeGreaterThan(5);
	});

	it('stratifies the sample by dominant class', async () => {
		const id = await importCampaign(db, { ...base, sampling: { mode: 'stratified', n: 8, seed: 's' } });
		const fc = tilesFeatureCollection(db, id);
		expect(fc.features).toHaveLength(8);
		const all = tilesFeatureCollection(db, id, true).features;
		const strata = new Set(all.map((f) => f.properties.dominant_class));
		const sampled = new Set(fc.features.map((f) => f.properties.dominant_class));
		// With 8 draws and fewer strata than that, every stratum is represented.
		if (strata.size <= 8) expect(sampled).toEqual(strata);
	});

	it('makes the person who created it its manager, in its own transaction, and says so in the audit trail', async () => {
		const creator = await createUser(db, { email: 'chef@region.fr', password: 'long enough', name: 'Chef' }, null);
		const id = await importCampaign(db, { ...base, ortho: [], tiling: { mode: 'grid', size: 2000 }, managerId: creator.id });
		expect(listMembers(db, id).map((m) => [m.email, m.role])).toEqual([['chef@region.fr', 'manager']]);
		expect(listAudit(db, { campaignId: id }).map((e) => [e.action, e.actorEmail, e.details])).toEqual([
			['member.add', 'chef@region.fr', { userId: creator.id, role: 'manager', organisationId: null }],
			['campaign.create', 'chef@region.fr', { name: 'Test' }]
		]);
		// Without a creator (command line, demo), nobody is made manager and nothing is recorded.
		const cli = await importCampaign(db, { ...base, ortho: [], tiling: { mode: 'grid', size: 2000 } });
		expect([listMembers(db, cli), listAudit(db, { campaignId: cli })]).toEqual([[], []]);
	});

	it('makes one tile per image file, named after the file', async () => {
		const id = await importCampaign(db, { ...base, tiling: { mode: 'images' } });
		const fc = tilesFeatureCollection(db, id);
		expect(fc.features.map((f) => f.properties.name)).toEqual(['ortho-2020']);
		expect(fc.features[0].properties.feature_count).toBe(2665);
	});

	it('keeps the previous vintage and exposes both imagery layers', async () => {
		const id = await importCampaign(db, { ...base, previous: [PREVIOUS] });
		const c = campaignDetail(db, id);
		expect(c.imagery.current?.tiles[0]).toContain(`/api/campaigns/${id}/imagery/{z}/{x}/{y}`);
		expect(c.imagery.previous?.tiles[0]).toContain('vintage=previous');
		expect(c.crs.epsg).toBe(26914);
	});

	it('cuts a Lambert-93 shapefile (ESRI .prj without EPSG code) and finds the areas the file records', async () => {
		const id = await importCampaign(db, {
			name: 'L93',
			landcover: join(FIXTURES, 'lambert93', 'zones.shp'),
			classField: 'id_zone',
			tiling: { mode: 'grid', size: 100 }
		});
		expect(campaignDetail(db, id).crs.epsg).toBe(2154);
		const rows = db.$client
			.prepare('SELECT class_code AS code, sum(area) AS area FROM tile_class_areas GROUP BY class_code ORDER BY class_code')
			.all() as { code: string; area: number }[];
		// The file's own `area` attribute: 256 m, 512 m and 256 m squares.
		expect(rows).toEqual([
			{ code: 'CU_S1_3', area: 65536 },
			{ code: 'CV_S1_2', area: 262144 },
			{ code: 'UC_S1_1', area: 65536 }
		]);
		// 256 m squares on a 100 m grid starting on multiples of 16 m: each spans 3 or 4 columns.
		expect((db.$client.prepare('SELECT count(*) AS n FROM tiles').get() as { n: number }).n).toBeGreaterThan(3 * 9);
	});

	it('reprojects land cover into the delivery CRS before clipping', async () => {
		// UTM land cover cut in the equal-area Albers CRS: same total area up to UTM's scale factor.
		const { total } = await totalLandcoverArea();
		const id = await importCampaign(db, { name: 'Albers', landcover: LANDCOVER, classField: 'code_cs', crs: 'EPSG:5070' });
		expect(campaignDetail(db, id).crs.epsg).toBe(5070);
		const stored = (db.$client.prepare('SELECT sum(area) AS a FROM tile_class_areas').get() as { a: number }).a;
		expect(Math.abs(stored / total - 1)).toBeLessThan(0.005);
		expect(stored).not.toBeCloseTo(total, 0);
	});
});

describe('bad input leaves nothing behind', () => {
	const cases: [string, () => Record<string, unknown>, RegExp][] = [
		['a class field that does not exist', () => ({ ...base, classField: 'code_xx' }), /code_xx/],
		['an unknown nomenclature file', () => ({ ...base, nomenclature: '/nonexistent/nom.csv' }), /not found/i],
		['a missing orthophoto', () => ({ ...base, ortho: ['/nonexistent/ortho.tif'] }), /not found/i],
		['layers that do not overlap', () => ({ ...base, landcover: join(FIXTURES, 'lambert93', 'zones.shp'), classField: 'id_zone' }), /do not overlap/],
		['a sample without seed', () => ({ ...base, sampling: { mode: 'random', n: 3, seed: '' } }), /seed/],
		['a tile size of 0', () => ({ ...base, tiling: { mode: 'grid', size: 0 } }), /at least 10 m/],
		['a creator who has no account', () => ({ ...base, managerId: 999 }), /user does not exist/]
	];
	for (const [what, req, msg] of cases) {
		it(`refuses ${what}`, async () => {
			await expect(importCampaign(db, req() as never)).rejects.toThrow(msg);
			expect(tableCounts(db)).toEqual({ campaigns: 0, imagery_sources: 0, tiles: 0, tile_class_areas: 0, landcover_features: 0 });
		});
	}

	it('refuses a GeoJSON whose coordinates are metres although GeoJSON means WGS84', async () => {
		const file = join(ctx.dir, 'lambert.geojson');
		const square = [[650000, 6862000], [650100, 6862000], [650100, 6862100], [650000, 6862100], [650000, 6862000]];
		writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { c: 'A' }, geometry: { type: 'Polygon', coordinates: [square] } }] }));
		const err = await importCampaign(db, { name: 'x', landcover: file, classField: 'c', crs: 'EPSG:2154' }).catch((e) => e);
		expect(err.code).toBe('coordinates_out_of_range');
		expect(err.message).toMatch(/650000 6862000/);
		expect(tableCounts(db).campaigns).toBe(0);
	});

	it('refuses to cut tiles in Web Mercator, whose areas are inflated', async () => {
		await expect(importCampaign(db, { name: 'x', landcover: LANDCOVER, classField: 'code_cs', crs: 'EPSG:3857' })).rejects.toThrow(/inflates areas/);
		expect(tableCounts(db).campaigns).toBe(0);
	});

	it('refuses a previous vintage that does not cover the delivery', async () => {
		const l93 = join(FIXTURES, 'lambert93', 'mask-0478208_6275328.tif');
		await expect(importCampaign(db, { ...base, previous: [l93] })).rejects.toThrow(/previous-vintage orthophoto mask-0478208_6275328.tif does not overlap/);
		expect(tableCounts(db).campaigns).toBe(0);
	});

	it('refuses a grid of millions of tiles (a CRS mistake, not a review)', async () => {
		const file = join(ctx.dir, 'far.geojson');
		const sq = (x: number, y: number) => [[[x, y], [x + 50, y], [x + 50, y + 50], [x, y + 50], [x, y]]];
		writeFileSync(
			file,
			JSON.stringify({
				type: 'FeatureCollection',
				crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } },
				features: [sq(100000, 6100000), sq(1200000, 7100000)].map((c) => ({ type: 'Feature', properties: { c: 'A' }, geometry: { type: 'Polygon', coordinates: c } }))
			})
		);
		await expect(importCampaign(db, { name: 'x', landcover: file, classField: 'c', tiling: { mode: 'grid', size: 10 } })).rejects.toThrow(/would have about .* tiles/);
		expect(tableCounts(db).campaigns).toBe(0);
	});

	it('refuses a truncated orthophoto', async () => {
		const bad = join(ctx.dir, 'truncated.tif');
		const { readFileSync } = await import('node:fs');
		writeFileSync(bad, readFileSync(ORTHO).subarray(0, 300_000));
		await expect(importCampaign(db, { ...base, ortho: [bad] })).rejects.toThrow(/truncated/i);
		expect(tableCounts(db).campaigns).toBe(0);
	});

	it('refuses a GeoPackage that is not one', async () => {
		const bad = join(ctx.dir, 'fake.gpkg');
		copyFileSync(ORTHO, bad);
		await expect(importCampaign(db, { ...base, landcover: bad })).rejects.toThrow(/not a GeoPackage/i);
		expect(tableCounts(db).campaigns).toBe(0);
	});
});

describe('imports sharing one database', () => {
	it('waits for another writer that holds the database longer than the busy timeout, then imports', async () => {
		// Another process's import holds the write lock: a second connection to the same file.
		const other = createDb(ctx.path);
		other.$client.exec('BEGIN IMMEDIATE');
		other.$client.prepare("INSERT INTO organisations (name, name_key, kind) VALUES ('Holder', 'holder', 'other')").run();
		// A short busy timeout stands for a long import: without waiting, the import would fail at once.
		db.$client.pragma('busy_timeout = 200');
		const stages: string[] = [];
		const release = setTimeout(() => other.$client.exec('COMMIT'), 1500);
		try {
			const id = await importCampaign(db, { ...base, ortho: [], tiling: { mode: 'grid', size: 2000 } }, (stage) => stages.push(stage));
			expect(stages).toContain('waiting');
			expect(stages.indexOf('waiting')).toBeLessThan(stages.indexOf('reading'));
			expect(tableCounts(db)).toMatchObject({ campaigns: 1, landcover_features: 2665 });
			expect(tilesFeatureCollection(db, id, true).features.length).toBeGreaterThan(0);
		} finally {
			clearTimeout(release);
			if (other.$client.inTransaction) other.$client.exec('ROLLBACK');
			other.$client.close();
		}
	});
});
