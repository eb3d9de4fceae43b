import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { MultiPolygon } from '../../geo/types.ts';
import { encodeWkb } from '../../geo/wkb.ts';
import { encodeGpkgGeometry } from './gpkg-blob.ts';
import { registerGpkgFunctions, writeGpkg } from './gpkg-write.ts';
import { openLandcover } from './open.ts';
import { collect, tempDir } from './test-helpers.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const sq = (x: number, y: number, s: number) => new Float64Array([x, y, x + s, y, x + s, y + s, x, y + s, x, y]);
const L93 = { srsId: 2154, srsName: 'RGF93 v1 / Lambert-93' };
const fields = [
	{ name: 'code_cs', type: 'TEXT' as const },
	{ name: 'surface', type: 'REAL' as const }
];
const feats = (n: number, x0 = 650000) =>
	Array.from({ length: n }, (_, i) => ({
		geometry: [[sq(x0 + i * 10, 6862000, 5)]] as MultiPolygon,
		properties: { code_cs: i % 2 ? 'CS2.2.1' : 'CS1.1.1.1', surface: 25.5 }
	}));

/** GeoPackage blob with a big-endian header, no envelope, around arbitrary WKB. */
function blobBE(wkb: Uint8Array, srsId = 2154): Uint8Array {
	const out = new Uint8Array(8 + wkb.length);
	out.set([0x47, 0x50, 0, 0b0000_0000]);
	new DataView(out.buffer).setInt32(4, srsId, false);
	out.set(wkb, 8);
	return out;
}

/** Big-endian ISO PolygonZ WKB of one ring. */
function polygonZBE(ring: number[][]): Uint8Array {
	const out = new Uint8Array(1 + 4 + 4 + 4 + ring.length * 24);
	const dv = new DataView(out.buffer);
	out[0] = 0;
	dv.setUint32(1, 1003, false);
	dv.setUint32(5, 1, false);
	dv.setUint32(9, ring.length, false);
	ring.forEach((p, i) => {
		dv.setFloat64(13 + i * 24, p[0], false);
		dv.setFloat64(21 + i * 24, p[1], false);
		dv.setFloat64(29 + i * 24, 123, false);
	});
	return out;
}

describe('GeoPackage reader', () => {
	it('reads what writeGpkg writes, including multipolygons and holes, in batches across 1 000-row pages', async () => {
		const p = tmp.path('many.gpkg');
		const many = feats(2500);
		many[7].geometry = [[sq(0, 0, 10), sq(2, 2, 2)], [sq(20, 20, 1)]];
		writeGpkg(p, { ...L93, fields }, many);
		const ds = await openLandcover(p, { classField: 'code_cs' });
		expect(ds.featureCount).toBe(2500);
		expect(ds.crs.epsg).toBe(2154);
		const got = collect(ds);
		expect(got).toHaveLength(2500);
		expect(got.map((f) => f.fid)).toEqual(many.map((_, i) => i + 1));
		expect(got[1]).toMatchObject({ classCode: 'CS2.2.1', properties: { code_cs: 'CS2.2.1', surface: 25.5 }, bbox: [650010, 6862000, 650015, 6862005] });
		expect(got[7].geometry.map((p) => p.map((r) => Array.from(r)))).toEqual(many[7].geometry.map((p) => p.map((r) => Array.from(r))));
		expect(got[7].bbox).toEqual([0, 0, 21, 21]);
		ds.close();
	});

	it('exposes every polygon layer, reads the first by default and the one asked for', async () => {
		const p = tmp.path('layers.gpkg');
		writeGpkg(p, { ...L93, table: 'ocs_2021', fields }, feats(3));
		writeGpkg(p, { ...L93, table: 'ocs_2018', fields }, feats(5), true);
		writeGpkg(p, { ...L93, table: 'points', geometryType: 'POINT', fields }, [], true);
		const ds = await openLandcover(p);
		expect(ds.layers).toEqual(['ocs_2021', 'ocs_2018']);
		expect(ds.layer).toBe('ocs_2021');
		expect(ds.featureCount).toBe(3);
		const other = await openLandcover(p, { layer: 'ocs_2018' });
		expect(other.layer).toBe('ocs_2018');
		expect(collect(other)).toHaveLength(5);
		await expect(openLandcover(p, { layer: 'nope' })).rejects.toMatchObject({
			code: 'unknown_layer',
			message: 'layers.gpkg has no vector layer "nope"; its layers are: "ocs_2021", "ocs_2018", "points".'
		});
		await expect(openLandcover(p, { layer: 'points' })).rejects.toMatchObject({ code: 'empty_dataset', message: expect.stringContaining('POINT') });
	});

	it('decodes big-endian headers, missing envelopes and Z geometries; skips null, empty and point geometries', async () => {
		const p = tmp.path('variants.gpkg');
		writeGpkg(p, { ...L93, geometryType: 'GEOMETRY', fields }, feats(2));
		const db = new Database(p);
		registerGpkgFunctions(db);
		const ins = db.prepare('INSERT INTO landcover (geom, code_cs) VALUES (?, ?)');
		ins.run(blobBE(polygonZBE([[0, 0], [4, 0], [4, 3], [0, 0]])), 'Z');
		ins.run(null, 'null geometry');
		ins.run(encodeGpkgGeometry([], 2154), 'empty');
		const point = new Uint8Array(21);
		point[0] = 1;
		new DataView(point.buffer).setUint32(1, 1, true);
		ins.run(blobBE(point), 'point');
		ins.run(encodeGpkgGeometry([[sq(1, 1, 1)]], 2154), 'last');
		db.close();
		const ds = await openLandcover(p, { classField: 'code_cs' });
		const got = collect(ds);
		expect(got.map((f) => f.classCode)).toEqual(['CS1.1.1.1', 'CS2.2.1', 'Z', 'last']);
		expect(Array.from(got[2].geometry[0][0])).toEqual([0, 0, 4, 0, 4, 3, 0, 0]);
		expect(got[2].bbox).toEqual([0, 0, 4, 3]);
		expect(got[2].properties).toEqual({ code_cs: 'Z', surface: null });
		expect(ds.stats).toEqual({ polygons: 4, skippedByType: { Point: 1 }, skippedEmpty: 2 });
	});

	it('hex-encodes blob attributes (JSON cannot carry them) and handles odd column names', async () => {
		const p = tmp.path('odd.gpkg');
		writeGpkg(p, { ...L93, fields: [{ name: "l'état \"final\"", type: 'TEXT' }] }, feats(2).map((f) => ({ ...f, properties: { "l'état \"final\"": 'ok' } })));
		const db = new Database(p);
		registerGpkgFunctions(db);
		db.prepare('UPDATE landcover SET "l\'état ""final""" = ? WHERE fid = 2').run(Buffer.from([0xca, 0xfe]));
		db.close();
		const ds = await openLandcover(p, { classField: "l'état \"final\"" });
		expect(collect(ds).map((f) => f.classCode)).toEqual(['ok', 'CAFE']);
	});

	it('reads a feature view (no rowid to page on) row by row', async () => {
		const p = tmp.path('view.gpkg');
		writeGpkg(p, { ...L93, fields }, feats(4));
		const db = new Database(p);
		db.exec(`CREATE VIEW grass AS SELECT fid AS fid, geom, code_cs FROM landcover WHERE code_cs = 'CS2.2.1'`);
		db.exec(`INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('grass', 'features', 'grass', 2154)`);
		db.exec(`INSERT INTO gpkg_geometry_columns VALUES ('grass', 'geom', 'POLYGON', 2154, 0, 0)`);
		db.close();
		const ds = await openLandcover(p, { layer: 'grass', classField: 'code_cs' });
		const got = collect(ds);
		expect(got.map((f) => f.classCode)).toEqual(['CS2.2.1', 'CS2.2.1']);
		expect(got[0].properties).toEqual({ fid: 2, code_cs: 'CS2.2.1' });
	});

	it('resolves a CRS registered under another organisation from its WKT definition', async () => {
		const p = tmp.path('ignf.gpkg');
		const prj =
			'PROJCS["RGF93 / Lambert-93",GEOGCS["RGF93",DATUM["Reseau_Geodesique_Francais_1993",SPHEROID["GRS 1980",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic_2SP"],PARAMETER["standard_parallel_1",49],PARAMETER["standard_parallel_2",44],PARAMETER["latitude_of_origin",46.5],PARAMETER["central_meridian",3],PARAMETER["false_easting",700000],PARAMETER["false_northing",6600000],UNIT["metre",1]]';
		writeGpkg(p, { srsId: 100001, srsName: 'LAMB93', organization: 'IGNF', organizationId: 310024, definition: prj, fields }, feats(1));
		const ds = await openLandcover(p);
		expect(ds.crs.epsg).toBe(2154);
	});

	it('uses gpkg_ogr_contents for the count but falls back to count(*)', async () => {
		const p = tmp.path('count.gpkg');
		writeGpkg(p, { ...L93, fields }, feats(7));
		const db = new Database(p);
		db.exec('DROP TABLE gpkg_ogr_contents');
		db.close();
		expect((await openLandcover(p)).featureCount).toBe(7);
	});

	it('big layers: the reader thread gives exactly what the main thread gives, and stops early cleanly', async () => {
		const p = tmp.path('big.gpkg');
		const n = 25_000; // above the reader-thread threshold
		writeGpkg(p, { ...L93, fields }, feats(n));
		const threaded = await openLandcover(p, { classField: 'code_cs' });
		const local = await openLandcover(p, { classField: 'code_cs', threads: false });
		const a = collect(threaded);
		const b = collect(local);
		expect(a).toHaveLength(n);
		expect(a.map((f) => [f.fid, f.classCode, f.bbox.join()])).toEqual(b.map((f) => [f.fid, f.classCode, f.bbox.join()]));
		expect(Array.from(a[n - 1].geometry[0][0])).toEqual(Array.from(b[n - 1].geometry[0][0]));
		// Breaking out of the loop stops the thread; iterating again starts a new one.
		let k = 0;
		for (const f of threaded.features()) if (++k === 1500 || !f) break;
		expect(collect(threaded)).toHaveLength(n);
		// An iterator abandoned mid-way (no break, no return) is stopped by close().
		const it = threaded.features()[Symbol.iterator]();
		it.next();
		threaded.close();
		local.close();
	});

	it('big layers: damage found by the reader thread becomes corrupt_file', async () => {
		const p = tmp.path('big-damaged.gpkg');
		writeGpkg(p, { ...L93, fields }, feats(25_000));
		const bytes = new Uint8Array(readFileSync(p));
		for (let i = Math.floor(bytes.length * 0.5); i < Math.floor(bytes.length * 0.6); i++) bytes[i] = (i * 7919) & 0xff;
		writeFileSync(p, bytes);
		const ds = await openLandcover(p);
		expect(() => collect(ds)).toThrow(expect.objectContaining({ code: 'corrupt_file' }));
		ds.close();
	});

	it('keeps WKB encoding consistent with encodeGpkgGeometry', () => {
		const mp: MultiPolygon = [[sq(0, 0, 1)]];
		expect(encodeGpkgGeometry(mp, 2154).subarray(40)).toEqual(encodeWkb(mp));
	});
});
