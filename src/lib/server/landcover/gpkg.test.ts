import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { MultiPolygon } from '../../geo/types.ts';
import { encodeWkb } from '../../geo/wkb.ts';
import { encodeGpkgGeometry } from './gpkg-blob.ts';
import { registerGpkgFunctions, writeGpkg } from './gpkg-write.ts';
import { openLandcover } from './open.ts';
import { area, collect, PRAIRIE_GPKG, tempDir } from './test-helpers.ts';

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

// ------------------------------------------------------------------ curve types (GeoPackage extension)
// QGIS and ArcGIS declare layers MULTISURFACE or CURVEPOLYGON and write rows as MultiSurface of
// Polygons, or CurvePolygons whose rings are LineStrings: straight-edged polygons in curve clothing.

/** Little-endian 2D WKB pieces, written out field by field (ISO type codes). */
const wkb = {
	bytes(...parts: (Uint8Array | number[])[]): Uint8Array {
		const all = parts.map((p) => (p instanceof Uint8Array ? p : new Uint8Array(p)));
		const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
		let o = 0;
		for (const p of all) (out.set(p, o), (o += p.length));
		return out;
	},
	u32(n: number) {
		const b = new Uint8Array(4);
		new DataView(b.buffer).setUint32(0, n, true);
		return b;
	},
	header(type: number) {
		return wkb.bytes([1], wkb.u32(type));
	},
	points(pts: number[][]) {
		const b = new Uint8Array(4 + pts.length * 8 * pts[0].length);
		const dv = new DataView(b.buffer);
		dv.setUint32(0, pts.length, true);
		pts.flat().forEach((v, i) => dv.setFloat64(4 + 8 * i, v, true));
		return b;
	},
	polygon: (rings: number[][][], type = 3) => wkb.bytes(wkb.header(type), wkb.u32(rings.length), ...rings.map(wkb.points)),
	lineString: (pts: number[][], type = 2) => wkb.bytes(wkb.header(type), wkb.points(pts)),
	circularString: (pts: number[][]) => wkb.bytes(wkb.header(8), wkb.points(pts)),
	collection: (type: number, members: Uint8Array[]) => wkb.bytes(wkb.header(type), wkb.u32(members.length), ...members)
};
const compoundCurve = (members: Uint8Array[]) => wkb.collection(9, members);
const curvePolygon = (rings: Uint8Array[]) => wkb.collection(10, rings);
const multiSurface = (members: Uint8Array[]) => wkb.collection(12, members);
const square = (x: number, y: number, s: number) => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];

/** GeoPackage blob around WKB: little-endian header, no envelope. */
function gp(body: Uint8Array, srsId = 2154): Uint8Array {
	const out = new Uint8Array(8 + body.length);
	out.set([0x47, 0x50, 0, 0b0000_0001]);
	new DataView(out.buffer).setInt32(4, srsId, true);
	out.set(body, 8);
	return out;
}

/** A GeoPackage whose one layer is declared `geometryType` and holds these geometry blobs. */
function curveGpkg(file: string, geometryType: string, blobs: Uint8Array[]): string {
	const p = tmp.path(file);
	// The writer makes standard (non-curve) layers only: declare the curve type afterwards, as
	// QGIS or ArcGIS would have written it.
	writeGpkg(p, { ...L93, geometryType: 'GEOMETRY', fields: [{ name: 'code_cs', type: 'TEXT' }] }, []);
	const db = new Database(p);
	registerGpkgFunctions(db);
	db.prepare("UPDATE gpkg_geometry_columns SET geometry_type_name = ? WHERE table_name = 'landcover'").run(geometryType);
	const ins = db.prepare('INSERT INTO landcover (geom, code_cs) VALUES (?, ?)');
	blobs.forEach((b, i) => ins.run(b, `C${i + 1}`));
	db.prepare("INSERT INTO gpkg_extensions VALUES ('landcover', 'geom', ?, 'http://www.geopackage.org/spec/#extension_geometry_types', 'read-write')").run(`gpkg_geom_${geometryType}`);
	db.close();
	return p;
}

const rings = (f: { geometry: MultiPolygon }) => f.geometry.map((poly) => poly.map((r) => Array.from(r)));

describe('GeoPackage reader: MultiSurface and CurvePolygon layers with straight edges', () => {
	it('reads a MULTISURFACE layer whose rows are MultiSurfaces of Polygons, as MultiPolygons', async () => {
		const p = curveGpkg('multisurface.gpkg', 'MULTISURFACE', [
			gp(multiSurface([wkb.polygon([square(0, 0, 10), square(2, 2, 2)]), wkb.polygon([square(20, 0, 5)])])),
			gp(multiSurface([wkb.polygon([square(40, 0, 1)])])),
			gp(wkb.polygon([square(50, 0, 3)])) // a plain Polygon in the same layer
		]);
		const ds = await openLandcover(p, { classField: 'code_cs' });
		const got = collect(ds);
		expect(got.map((f) => f.classCode)).toEqual(['C1', 'C2', 'C3']);
		expect(rings(got[0])).toEqual([[square(0, 0, 10).flat(), square(2, 2, 2).flat()], [square(20, 0, 5).flat()]]);
		expect(got[0].bbox).toEqual([0, 0, 25, 10]);
		expect(rings(got[1])).toEqual([[square(40, 0, 1).flat()]]);
		expect(ds.stats).toEqual({ polygons: 3, skippedByType: {}, skippedEmpty: 0 });
		ds.close();
	});

	it('reads CurvePolygons whose rings are LineStrings or CompoundCurves of LineStrings, alone or in a MultiSurface', async () => {
		// The compound ring: two LineStrings sharing the joint vertex (10, 0) → one ring of 5 vertices.
		const compound = compoundCurve([wkb.lineString([[0, 0], [10, 0]]), wkb.lineString([[10, 0], [10, 10], [0, 10], [0, 0]])]);
		const p = curveGpkg('curvepolygon.gpkg', 'CURVEPOLYGON', [
			gp(curvePolygon([wkb.lineString(square(0, 0, 10)), wkb.lineString(square(2, 2, 2))])),
			gp(curvePolygon([compound])),
			gp(multiSurface([curvePolygon([wkb.lineString(square(30, 0, 4))]), wkb.polygon([square(40, 0, 4)])]))
		]);
		const got = collect(await openLandcover(p, { classField: 'code_cs' }));
		expect(rings(got[0])).toEqual([[square(0, 0, 10).flat(), square(2, 2, 2).flat()]]);
		expect(rings(got[1])).toEqual([[square(0, 0, 10).flat()]]);
		expect(rings(got[2])).toEqual([[square(30, 0, 4).flat()], [square(40, 0, 4).flat()]]);
		expect(got[2].bbox).toEqual([30, 0, 44, 4]);
	});

	it('reads Z MultiSurfaces (ISO codes 1012/1003), dropping the heights', async () => {
		const z = (pts: number[][]) => pts.map(([x, y]) => [x, y, 150]);
		const p = curveGpkg('multisurface-z.gpkg', 'MULTISURFACE', [gp(wkb.collection(1012, [wkb.polygon([z(square(0, 0, 2))], 1003)]))]);
		expect(rings(collect(await openLandcover(p))[0])).toEqual([[square(0, 0, 2).flat()]]);
	});

	// GDAL writes what QGIS writes (QGIS exports through it); CI installs gdal-bin.
	const ogr2ogr = spawnSync('ogr2ogr', ['--version']).status === 0;
	it.skipIf(!ogr2ogr)('reads the demo land cover converted to MULTISURFACE by GDAL, to the same polygons', async () => {
		const p = tmp.path('gdal-multisurface.gpkg');
		const run = spawnSync('ogr2ogr', ['-f', 'GPKG', p, PRAIRIE_GPKG, '-nlt', 'MULTISURFACE', '-nln', 'ocs'], { encoding: 'utf8' });
		expect(run.status, run.stderr).toBe(0);
		const ds = await openLandcover(p, { classField: 'code_cs' });
		const original = await openLandcover(PRAIRIE_GPKG, { classField: 'code_cs' });
		const a = collect(ds), b = collect(original);
		expect(a).toHaveLength(2665);
		expect(a.map((f) => [f.classCode, area(f.geometry)])).toEqual(b.map((f) => [f.classCode, area(f.geometry)]));
		ds.close();
		original.close();
	});

	it('calls a truncated MultiSurface corrupt, and a MultiSurface of lines not a surface', async () => {
		const whole = multiSurface([wkb.polygon([square(0, 0, 10)])]);
		const cut = await openLandcover(curveGpkg('cut.gpkg', 'MULTISURFACE', [gp(whole.subarray(0, whole.length - 12))]));
		expect(() => collect(cut)).toThrow(expect.objectContaining({ code: 'corrupt_file', message: expect.stringContaining('feature 1 in layer "landcover" is corrupt (WKB truncated') }));
		const lines = await openLandcover(curveGpkg('lines.gpkg', 'MULTISURFACE', [gp(multiSurface([wkb.lineString(square(0, 0, 1))]))]));
		expect(() => collect(lines)).toThrow(expect.objectContaining({ code: 'corrupt_file', message: expect.stringContaining('MultiSurface member 0 is a LineString') }));
	});

	it('refuses real curves (CircularString) with a clear error naming the feature and how to convert them', async () => {
		const arc = wkb.circularString([[0, 0], [5, 5], [10, 0], [5, -5], [0, 0]]);
		for (const [file, blob] of [
			['circle.gpkg', gp(curvePolygon([arc]))],
			['compound-arc.gpkg', gp(multiSurface([curvePolygon([compoundCurve([wkb.lineString([[0, 0], [10, 0]]), wkb.circularString([[10, 0], [5, 5], [0, 0]])])])]))]
		] as const) {
			const ds = await openLandcover(curveGpkg(file, 'MULTISURFACE', [gp(wkb.polygon([square(0, 0, 1)])), blob]), { classField: 'code_cs' });
			let err: unknown;
			try {
				collect(ds);
			} catch (e) {
				err = e;
			}
			expect(err, file).toMatchObject({ code: 'curved_geometry', message: expect.stringContaining(`${file}: the geometry of feature 2 in layer "landcover" has circular arcs`) });
			expect((err as Error).message).toContain('CONVERT_TO_LINEAR');
			expect((err as { messages: { fr: string } }).messages.fr).toContain('arcs de cercle');
			ds.close();
		}
	});
});
