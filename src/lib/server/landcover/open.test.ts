import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import * as fgb from 'flatgeobuf/lib/mjs/geojson.js';
import type { FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LandcoverFeature } from '../../geo/types.ts';
import { openLandcover } from './open.ts';
import { area, collect, PRAIRIE_GPKG, tempDir, toGeoJsonGeometry, ZONES_DIR } from './test-helpers.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

// The prairie land cover is a partition of its extent (a rasterised classification), so the total
// polygon area must equal the area of the layer's bounding box exactly: an independent check of the
// geometry decoding (rings, holes).
const PRAIRIE_BBOX = [485899, 5205631, 490569, 5209246];
const FOOTPRINT = (PRAIRIE_BBOX[2] - PRAIRIE_BBOX[0]) * (PRAIRIE_BBOX[3] - PRAIRIE_BBOX[1]); // 4.67 km × 3.615 km
const CLASS_COUNTS = { 'CS1.2.1': 886, 'CS1.2.2': 222, 'CS2.1.1.1': 551, 'CS2.2.1': 1006 };

describe('GeoPackage: prairie-naip/occupation_sol.gpkg', () => {
	let features: LandcoverFeature[];
	beforeAll(async () => {
		const ds = await openLandcover(PRAIRIE_GPKG, { classField: 'code_cs' });
		features = collect(ds);
		ds.close();
	});

	it('describes the layer', async () => {
		const ds = await openLandcover(PRAIRIE_GPKG, { classField: 'code_cs' });
		try {
			expect(ds.format).toBe('gpkg');
			expect(ds.name).toBe('occupation_sol.gpkg');
			expect(ds.layer).toBe('occupation_sol');
			expect(ds.layers).toEqual(['occupation_sol']);
			expect(ds.fields).toEqual(['id', 'code_cs', 'millesime']);
			expect(ds.featureCount).toBe(2665);
			expect(ds.crs.epsg).toBe(26914);
			expect(ds.crs.name).toBe('NAD83 / UTM zone 14N');
			expect(ds.bbox).toEqual(PRAIRIE_BBOX);
			expect(ds.classField).toBe('code_cs');
			expect(ds.sampleValues('code_cs')).toEqual(['CS1.2.1', 'CS1.2.2', 'CS2.1.1.1', 'CS2.2.1']);
			expect(ds.sampleValues('millesime')).toEqual(['2020']);
			expect(ds.sampleValues('id', 3)).toHaveLength(3);
		} finally {
			ds.close();
		}
	});

	it('reads every polygon with its class, attributes and bbox', () => {
		expect(features).toHaveLength(2665);
		const counts: Record<string, number> = {};
		for (const f of features) counts[f.classCode] = (counts[f.classCode] ?? 0) + 1;
		expect(counts).toEqual(CLASS_COUNTS);
		expect(new Set(features.map((f) => f.fid)).size).toBe(2665);
		expect(features[0]).toMatchObject({ fid: 1, classCode: 'CS1.2.2', properties: { id: 'OCS0000001', code_cs: 'CS1.2.2', millesime: 2020 } });
		for (const f of features) {
			expect(f.bbox[0]).toBeGreaterThanOrEqual(PRAIRIE_BBOX[0]);
			expect(f.bbox[3]).toBeLessThanOrEqual(PRAIRIE_BBOX[3]);
		}
		// Holes are real in this data set (1 177 of them).
		expect(features.reduce((n, f) => n + f.geometry[0].length - 1, 0)).toBe(1177);
	});

	it('has a total area equal to its footprint (the classification covers the extent exactly)', () => {
		const total = features.reduce((s, f) => s + area(f.geometry), 0);
		expect(total).toBeLessThanOrEqual(FOOTPRINT + 1e-3);
		expect(total).toBeGreaterThanOrEqual(0.8 * FOOTPRINT);
		expect(total).toBeCloseTo(16_882_050, 3);
		const byClass: Record<string, number> = {};
		for (const f of features) byClass[f.classCode] = (byClass[f.classCode] ?? 0) + area(f.geometry);
		expect(byClass).toEqual({ 'CS1.2.1': 2_378_625, 'CS1.2.2': 4_276_300, 'CS2.1.1.1': 519_450, 'CS2.2.1': 9_707_675 });
	});

	it('can be iterated several times, with stats', async () => {
		const ds = await openLandcover(PRAIRIE_GPKG);
		let n = 0;
		for (const f of ds.features()) {
			expect(f.classCode).toBe(''); // no class field asked
			if (++n === 10) break;
		}
		expect([...ds.features()]).toHaveLength(2665);
		expect(ds.stats).toEqual({ polygons: 2665, skippedByType: {}, skippedEmpty: 0 });
		ds.close();
	});
});

describe('GeoJSON and FlatGeobuf made from the GeoPackage give the same features', () => {
	let reference: LandcoverFeature[];
	let gjPath: string, fgbPath: string;
	beforeAll(async () => {
		const ds = await openLandcover(PRAIRIE_GPKG, { classField: 'code_cs' });
		reference = collect(ds);
		ds.close();
		const fc = {
			type: 'FeatureCollection',
			crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::26914' } },
			features: reference.map((f) => ({ type: 'Feature', id: f.fid, properties: f.properties, geometry: toGeoJsonGeometry(f.geometry) }))
		};
		gjPath = tmp.path('occupation_sol.geojson');
		writeFileSync(gjPath, JSON.stringify(fc));
		fgbPath = tmp.path('occupation_sol.fgb');
		writeFileSync(fgbPath, fgb.serialize(fc as unknown as FeatureCollection, 26914));
	});

	for (const [label, format] of [
		['GeoJSON', 'geojson'],
		['FlatGeobuf', 'flatgeobuf']
	] as const) {
		it(`${label}: same count, fields, CRS, classes, geometry and areas`, async () => {
			const ds = await openLandcover(format === 'geojson' ? gjPath : fgbPath, { classField: 'code_cs' });
			try {
				expect(ds.format).toBe(format);
				expect(ds.crs.epsg).toBe(26914);
				expect(ds.fields).toEqual(['id', 'code_cs', 'millesime']);
				expect(ds.featureCount).toBe(2665);
				expect(ds.bbox).toEqual(PRAIRIE_BBOX);
				expect(ds.sampleValues('code_cs')).toEqual(['CS1.2.1', 'CS1.2.2', 'CS2.1.1.1', 'CS2.2.1']);
				const got = collect(ds);
				expect(got).toHaveLength(reference.length);
				for (let i = 0; i < got.length; i++) {
					const a = got[i], b = reference[i];
					expect(a.fid).toBe(b.fid);
					expect(a.classCode).toBe(b.classCode);
					expect(a.properties).toEqual(b.properties);
					expect(a.bbox).toEqual(b.bbox);
					expect(a.geometry.map((p) => p.map((r) => Array.from(r)))).toEqual(b.geometry.map((p) => p.map((r) => Array.from(r))));
				}
				expect(got.reduce((s, f) => s + area(f.geometry), 0)).toBeCloseTo(FOOTPRINT, 3);
			} finally {
				ds.close();
			}
		});
	}

	it('GeoJSON without a crs member is WGS 84 (RFC 7946); "EPSG:XXXX" names are accepted', async () => {
		const p = tmp.path('wgs.geojson');
		const square = [[[2, 48], [2.1, 48], [2.1, 48.1], [2, 48.1], [2, 48]]];
		writeFileSync(p, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { c: 1 }, geometry: { type: 'Polygon', coordinates: square } }] }));
		const ds = await openLandcover(p, { classField: 'c' });
		expect(ds.crs.epsg).toBe(4326);
		expect(collect(ds)[0]).toMatchObject({ fid: 1, classCode: '1', bbox: [2, 48, 2.1, 48.1] });
		const p2 = tmp.path('l93.json');
		writeFileSync(p2, JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:2154' } }, features: [{ type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [square, square] } }] }));
		const ds2 = await openLandcover(p2);
		expect(ds2.crs.epsg).toBe(2154);
		expect(collect(ds2)[0].geometry).toHaveLength(2);
	});

	it('GeoJSON: non-polygon features are skipped and counted', async () => {
		const p = tmp.path('mixed.geojson');
		const poly = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };
		writeFileSync(
			p,
			JSON.stringify({
				type: 'FeatureCollection',
				features: [
					{ type: 'Feature', properties: { k: 'a' }, geometry: poly },
					{ type: 'Feature', properties: { k: 'b' }, geometry: { type: 'Point', coordinates: [0, 0] } },
					{ type: 'Feature', properties: { k: 'c' }, geometry: null },
					{ type: 'Feature', properties: { k: 'd', extra: true }, geometry: poly }
				]
			})
		);
		const ds = await openLandcover(p, { classField: 'k' });
		expect(ds.fields).toEqual(['k', 'extra']);
		expect(collect(ds).map((f) => f.classCode)).toEqual(['a', 'd']);
		expect(ds.stats).toEqual({ polygons: 2, skippedByType: { Point: 1 }, skippedEmpty: 1 });
	});
});

describe('Shapefile: lambert93/zones (ESRI .prj without EPSG code, Latin-1 .dbf)', () => {
	const check = (features: LandcoverFeature[]) => {
		expect(features).toHaveLength(3);
		// Squares of 256 m and 512 m: the dbf "area" attribute gives the same areas.
		expect(features.map((f) => area(f.geometry))).toEqual([65536, 262144, 65536]);
		expect(features.map((f) => f.properties.area)).toEqual([65536, 262144, 65536]);
		expect(features.map((f) => f.bbox[2] - f.bbox[0])).toEqual([256, 512, 256]);
		expect(features[0].properties).toMatchObject({ id_zone: 'UC_S1_1', millesime1: 2016, millesime2: 2019, nom: 'D032' });
		expect(features.some((f) => f.properties.comment === 'culture, herbacés-feuillus')).toBe(true);
	};

	it('reads a bare .shp with its sidecar files', async () => {
		const ds = await openLandcover(`${ZONES_DIR}/zones.shp`, { classField: 'changeType' });
		expect(ds.format).toBe('shapefile');
		expect(ds.crs.epsg).toBe(2154);
		expect(ds.featureCount).toBe(3);
		expect(ds.layer).toBe('zones');
		expect(ds.fields).toContain('id_zone');
		expect(ds.bbox).toEqual([485584, 6255944, 499920, 6259016]);
		const features = collect(ds);
		check(features);
		expect(features.map((f) => f.fid)).toEqual([1, 2, 3]);
		expect(new Set(features.map((f) => f.classCode))).toEqual(new Set(ds.sampleValues('changeType')));
	});

	it('reads the same shapefile zipped in a sub-folder', async () => {
		const files: Record<string, Uint8Array> = {};
		for (const ext of ['shp', 'shx', 'dbf', 'prj', 'cpg']) files[`livraison/OCS/zones.${ext}`] = readFileSync(`${ZONES_DIR}/zones.${ext}`);
		files['__MACOSX/livraison/OCS/._zones.shp'] = new Uint8Array(10);
		files['livraison/LISEZMOI.txt'] = new TextEncoder().encode('hello');
		const p = tmp.path('zones.zip');
		writeFileSync(p, zipSync(files));
		const ds = await openLandcover(p, { classField: 'changeType' });
		expect(ds.format).toBe('shapefile');
		expect(ds.name).toBe('zones.zip');
		expect(ds.crs.epsg).toBe(2154);
		expect(ds.layers).toEqual(['zones']);
		check(collect(ds));
	});

	it('lists several shapefiles of one zip and reads the one asked for', async () => {
		const files: Record<string, Uint8Array> = {};
		for (const stem of ['a_batiments', 'zones'])
			for (const ext of ['shp', 'dbf', 'prj', 'cpg']) files[`${stem}.${ext.toUpperCase()}`] = readFileSync(`${ZONES_DIR}/zones.${ext}`);
		const p = tmp.path('two.zip');
		writeFileSync(p, zipSync(files));
		const first = await openLandcover(p);
		expect(first.layers).toEqual(['a_batiments', 'zones']);
		expect(first.layer).toBe('a_batiments');
		const ds = await openLandcover(p, { layer: 'zones' });
		expect(ds.layer).toBe('zones');
		expect(collect(ds)).toHaveLength(3);
		await expect(openLandcover(p, { layer: 'routes' })).rejects.toMatchObject({ code: 'unknown_layer', message: expect.stringContaining('"zones"') });
	});

	it('reads the .dbf without its .cpg: its bytes are not UTF-8, so they are Windows-1252', async () => {
		for (const ext of ['shp', 'dbf', 'prj']) copyFileSync(`${ZONES_DIR}/zones.${ext}`, tmp.path(`nocpg.${ext}`));
		const ds = await openLandcover(tmp.path('nocpg.shp'));
		expect(collect(ds).some((f) => f.properties.comment === 'culture, herbacés-feuillus')).toBe(true);
	});
});
