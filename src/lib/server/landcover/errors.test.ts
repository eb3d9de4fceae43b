/** Every user mistake the readers must turn into a clear InputError, with real (generated) bad files. */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { deflateSync, zipSync } from 'fflate';
import * as fgb from 'flatgeobuf/lib/mjs/geojson.js';
import type { FeatureCollection } from 'geojson';
import { afterAll, describe, expect, it } from 'vitest';
import type { MultiPolygon } from '../../geo/types.ts';
import { InputError } from '../errors.ts';
import { registerGpkgFunctions, writeGpkg } from './gpkg-write.ts';
import { openLandcover } from './open.ts';
import type { OpenLandcoverOptions } from './types.ts';
import { collect, PRAIRIE_GPKG, rawZip, tempDir, ZONES_DIR } from './test-helpers.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const sq = (x: number, y: number, s: number) => new Float64Array([x, y, x + s, y, x + s, y + s, x, y + s, x, y]);
const fields = [{ name: 'code_cs', type: 'TEXT' as const }];
const oneFeature = [{ geometry: [[sq(650000, 6862000, 10)]] as MultiPolygon, properties: { code_cs: 'CS1.1.1.1' } }];
const zonesFiles = (exts = ['shp', 'shx', 'dbf', 'prj', 'cpg'], dir = '') =>
	Object.fromEntries(exts.map((e) => [`${dir}zones.${e}`, new Uint8Array(readFileSync(`${ZONES_DIR}/zones.${e}`))]));
const polygonFc = (extra: object = {}) => ({
	type: 'FeatureCollection',
	...extra,
	features: [{ type: 'Feature', properties: { code: 'A' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } }]
});

/** Opens (and fully iterates, since some errors only appear while reading) and returns the error. */
async function failure(path: string, opts: OpenLandcoverOptions = {}): Promise<InputError> {
	try {
		const ds = await openLandcover(path, opts);
		collect(ds);
		ds.close();
	} catch (e) {
		expect(e).toBeInstanceOf(InputError);
		const err = e as InputError;
		expect(err.message).not.toMatch(/\n/); // one line
		return err;
	}
	throw new Error(`${path} opened without error`);
}

function write(name: string, data: string | Uint8Array): string {
	const p = tmp.path(name);
	writeFileSync(p, data);
	return p;
}

describe('file not found / wrong format', () => {
	it('file not found', async () => {
		const e = await failure(tmp.path('missing.gpkg'));
		expect(e.code).toBe('file_not_found');
		expect(e.message).toContain('missing.gpkg does not exist');
		expect((await failure(tmp.dir)).code).toBe('file_not_found');
	});

	it('content that does not match the extension', async () => {
		const zip = write('occupation.gpkg', zipSync({ 'a.txt': new Uint8Array(3) }));
		expect(await failure(zip)).toMatchObject({
			code: 'wrong_format',
			message: 'occupation.gpkg is not a GeoPackage (it looks like a ZIP archive). If it really is a ZIP archive, rename it with the .zip extension.'
		});
		const gpkgAsJson = write('occupation.geojson', readFileSync(PRAIRIE_GPKG));
		expect((await failure(gpkgAsJson)).message).toMatch(/^occupation\.geojson is not a GeoJSON file \(it looks like an SQLite database\)/);
		const text = write('ocs.gpkg', 'id;code\n1;CS1.1\n');
		expect(await failure(text)).toMatchObject({ code: 'wrong_format', message: expect.stringMatching(/^ocs\.gpkg is not a GeoPackage \(it looks like a text file\)/) });
		const tiff = write('ocs.zip', new Uint8Array([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]));
		expect((await failure(tiff)).message).toMatch(/^ocs\.zip is not a zipped shapefile \(ZIP archive\) \(it looks like a TIFF image\)/);
		const jsonAsFgb = write('ocs.fgb', JSON.stringify(polygonFc()));
		expect((await failure(jsonAsFgb)).code).toBe('wrong_format');
		expect(await failure(`${ZONES_DIR}/zones.dbf`)).toMatchObject({ code: 'wrong_format', message: expect.stringContaining('zones.dbf is only one part of a shapefile') });
	});

	it('unsupported content without a known extension, empty files, SQLite files that are not GeoPackages', async () => {
		expect(await failure(write('ortho.tif', new Uint8Array([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0])))).toMatchObject({
			code: 'wrong_format',
			message: expect.stringContaining('ortho.tif is not a land-cover file we can read (it looks like a TIFF image)')
		});
		expect(await failure(write('empty.geojson', ''))).toMatchObject({ code: 'corrupt_file', message: expect.stringContaining('empty (0 bytes)') });
		const db = tmp.path('plain.gpkg');
		const Database = (await import('better-sqlite3')).default;
		new Database(db).exec('CREATE TABLE t (a INTEGER)');
		expect(await failure(db)).toMatchObject({ code: 'wrong_format', message: 'plain.gpkg is an SQLite database but not a GeoPackage (it has no gpkg_contents table).' });
	});

	it('detects the format from content when the extension is unknown', async () => {
		const p = write('delivery.dat', readFileSync(PRAIRIE_GPKG));
		const ds = await openLandcover(p);
		expect(ds.format).toBe('gpkg');
		ds.close();
	});
});

describe('CRS errors', () => {
	it('shapefile without .prj (bare and zipped)', async () => {
		mkdirSync(tmp.path('noprj'));
		for (const ext of ['shp', 'shx', 'dbf']) copyFileSync(`${ZONES_DIR}/zones.${ext}`, tmp.path(`noprj/zones.${ext}`));
		expect(await failure(tmp.path('noprj/zones.shp'))).toMatchObject({ code: 'no_crs', message: expect.stringContaining('zones.shp has no .prj file') });
		const zip = write('noprj.zip', zipSync(zonesFiles(['shp', 'shx', 'dbf'])));
		expect(await failure(zip)).toMatchObject({ code: 'no_crs', message: expect.stringMatching(/^noprj\.zip: zones\.shp has no \.prj file/) });
	});

	it('GeoPackage layer with an undefined SRS (srs_id 0 and -1)', async () => {
		for (const srsId of [0, -1]) {
			const p = tmp.path(`undefined${srsId}.gpkg`);
			writeGpkg(p, { srsId, fields }, oneFeature);
			expect(await failure(p)).toMatchObject({ code: 'no_crs', message: expect.stringContaining(`has no coordinate reference system (srs_id ${srsId}`) });
		}
	});

	it('FlatGeobuf without CRS', async () => {
		const p = write('nocrs.fgb', fgb.serialize(polygonFc() as unknown as FeatureCollection));
		expect((await failure(p)).code).toBe('no_crs');
	});

	it('unknown EPSG codes (GeoPackage, GeoJSON, FlatGeobuf)', async () => {
		const p = tmp.path('epsg999999.gpkg');
		writeGpkg(p, { srsId: 999999, definition: 'undefined', fields }, oneFeature);
		expect(await failure(p)).toMatchObject({ code: 'unknown_epsg', message: expect.stringMatching(/^epsg999999\.gpkg: Unknown EPSG code 999999/) });
		const gj = write('epsg.geojson', JSON.stringify(polygonFc({ crs: { type: 'name', properties: { name: 'EPSG:999999' } } })));
		expect(await failure(gj)).toMatchObject({ code: 'unknown_epsg', message: expect.stringContaining('999999') });
		const f = write('epsg.fgb', fgb.serialize(polygonFc() as unknown as FeatureCollection, 999999));
		expect((await failure(f)).code).toBe('unknown_epsg');
	});

	it('a .prj we cannot match, and a GeoJSON crs that names no EPSG code', async () => {
		const files = zonesFiles(['shp', 'dbf']);
		files['zones.prj'] = new TextEncoder().encode(
			'PROJCS["Chantier_local",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",1000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.5],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",44.0],UNIT["Meter",1.0]]'
		);
		const e = await failure(write('local.zip', zipSync(files)));
		expect(e.code).toBe('unknown_crs');
		expect(e.message).toContain('zones.prj describes a CRS we cannot match to an EPSG code: "Chantier_local"');
		const gj = write('ignf.geojson', JSON.stringify(polygonFc({ crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:IGNF::LAMB93' } } })));
		expect((await failure(gj)).code).toBe('unknown_crs');
	});
});

describe('class field errors', () => {
	it('missing_class_field lists the available fields, for every format', async () => {
		const gpkg = await failure(PRAIRIE_GPKG, { classField: 'CODE_CS' });
		expect(gpkg).toMatchObject({
			code: 'missing_class_field',
			message: 'occupation_sol.gpkg has no attribute "CODE_CS" (did you mean "code_cs"? names are case-sensitive); available attributes: "id", "code_cs", "millesime".'
		});
		const shp = await failure(`${ZONES_DIR}/zones.shp`, { classField: 'code_cs' });
		expect(shp.code).toBe('missing_class_field');
		expect(shp.message).toContain('"id_zone", "comment"');
		const gj = await failure(write('fields.geojson', JSON.stringify(polygonFc())), { classField: 'code_cs' });
		expect(gj.message).toContain('available attributes: "code"');
		const f = await failure(write('fields.fgb', fgb.serialize(polygonFc() as unknown as FeatureCollection, 2154)), { classField: 'nature' });
		expect(f).toMatchObject({ code: 'missing_class_field', message: expect.stringContaining('"code"') });
	});

	it('missing_class_field has a French message naming the missing field', async () => {
		const e = await failure(PRAIRIE_GPKG, { classField: 'CODE_CS' });
		expect(e.localized('en')).toBe(e.message);
		expect(e.localized('fr')).toBe(
			'occupation_sol.gpkg n’a pas de champ « CODE_CS » (vouliez-vous dire « code_cs » ? les noms distinguent majuscules et minuscules) ; champs disponibles : « id », « code_cs », « millesime ».'
		);
	});

	it('sampleValues refuses unknown fields', async () => {
		const ds = await openLandcover(PRAIRIE_GPKG);
		expect(() => ds.sampleValues('nope')).toThrow(expect.objectContaining({ code: 'unknown_field' }));
		ds.close();
	});
});

describe('empty datasets', () => {
	it('zero features', async () => {
		const p = tmp.path('empty.gpkg');
		writeGpkg(p, { srsId: 2154, fields }, []);
		expect(await failure(p)).toMatchObject({ code: 'empty_dataset', message: 'empty.gpkg: layer "landcover" contains no feature.' });
		const gj = write('empty.geojson', JSON.stringify({ type: 'FeatureCollection', features: [] }));
		expect((await failure(gj)).code).toBe('empty_dataset');
	});

	it('zero polygons', async () => {
		const gj = write('points.geojson', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [0, 0] } }] }));
		expect(await failure(gj)).toMatchObject({ code: 'empty_dataset', message: expect.stringContaining('contains no polygon (found 1 Point)') });
		const points = tmp.path('points.gpkg');
		writeGpkg(points, { srsId: 2154, geometryType: 'POINT', fields }, []);
		expect(await failure(points)).toMatchObject({ code: 'empty_dataset', message: 'points.gpkg contains no polygon layer: its vector layers are "landcover" (POINT).' });
		// A GEOMETRY layer is only found to hold no polygon once read.
		const mixed = tmp.path('mixed.gpkg');
		writeGpkg(mixed, { srsId: 2154, geometryType: 'GEOMETRY', fields }, [{ geometry: null, properties: { code_cs: 'x' } }]);
		const Database = (await import('better-sqlite3')).default;
		const db = new Database(mixed);
		registerGpkgFunctions(db);
		const pt = new Uint8Array(8 + 21);
		pt.set([0x47, 0x50, 0, 1]);
		pt[8] = 1;
		new DataView(pt.buffer).setUint32(9, 1, true);
		db.prepare('INSERT INTO landcover (geom, code_cs) VALUES (?, ?)').run(pt, 'y');
		db.close();
		expect(await failure(mixed)).toMatchObject({ code: 'empty_dataset', message: expect.stringContaining('its geometries are 1 Point, 1 empty or null') });
		const shp = readFileSync(`${ZONES_DIR}/zones.shp`);
		new DataView(shp.buffer, shp.byteOffset).setInt32(32, 1, true); // header shape type → Point
		const files = zonesFiles(['dbf', 'prj']);
		files['zones.shp'] = new Uint8Array(shp);
		expect(await failure(write('pointshp.zip', zipSync(files)))).toMatchObject({ code: 'empty_dataset', message: expect.stringContaining('Point shapes, not polygons') });
	});
});

describe('zip bombs', () => {
	it('a small, highly compressible entry over a low limit', async () => {
		const files = zonesFiles();
		files['zones.dbf'] = new Uint8Array(300_000); // zeros: a few hundred bytes compressed
		const p = write('small-bomb.zip', zipSync(files));
		expect(readFileSync(p).length).toBeLessThan(5_000);
		expect(await failure(p, { maxUncompressedBytes: 100_000 })).toMatchObject({ code: 'zip_bomb', status: 413, message: expect.stringContaining('more than the 97.7 KiB limit') });
	});

	it('an entry with a ratio over 200:1', async () => {
		const files = zonesFiles();
		files['zones.dbf'] = new Uint8Array(20 * 2 ** 20);
		expect(await failure(write('ratio.zip', zipSync(files)))).toMatchObject({ code: 'zip_bomb', message: expect.stringContaining('ratio over 200:1') });
	});

	it('a central directory declaring a huge size', async () => {
		const shp = readFileSync(`${ZONES_DIR}/zones.shp`);
		const p = write(
			'huge.zip',
			rawZip([
				{ name: 'zones.shp', data: shp, method: 0, size: 3_000_000_000 },
				{ name: 'zones.dbf', data: readFileSync(`${ZONES_DIR}/zones.dbf`), method: 0, size: 2493 }
			])
		);
		expect(await failure(p)).toMatchObject({ code: 'zip_bomb', message: expect.stringContaining('declares 2.8 GiB uncompressed') });
	});

	it('an entry that inflates past the size its headers declare (stops inflating)', async () => {
		const zeros = deflateSync(new Uint8Array(50 * 2 ** 20));
		const p = write(
			'liar.zip',
			rawZip([
				{ name: 'zones.shp', data: zeros, method: 8, size: 1000 },
				{ name: 'zones.prj', data: readFileSync(`${ZONES_DIR}/zones.prj`), method: 0, size: 453 }
			])
		);
		const t = performance.now();
		expect(await failure(p)).toMatchObject({ code: 'zip_bomb', message: expect.stringContaining('inflates to more than the 1000 bytes its header declares') });
		expect(performance.now() - t).toBeLessThan(2000);
	});

	it('an entry whose real ratio exceeds 200:1 although its declared sizes look sane (stops inflating)', async () => {
		const data = deflateSync(new Uint8Array(20 * 2 ** 20));
		// Compressed size padded so that the declared ratio is ~146:1; the deflate stream itself is ~1 000:1.
		const padding = Math.ceil((20 * 2 ** 20) / 146) - data.length;
		const p = write('padded.zip', rawZip([{ name: 'zones.shp', data, method: 8, size: 20 * 2 ** 20, padding }]));
		expect(await failure(p)).toMatchObject({ code: 'zip_bomb', message: expect.stringContaining('inflates more than 200 times its compressed size') });
	});
});

describe('corrupt files', () => {
	it('truncated GeoPackage', async () => {
		const full = readFileSync(PRAIRIE_GPKG);
		const p = write('truncated.gpkg', full.subarray(0, Math.floor(full.length / 2)));
		expect(await failure(p)).toMatchObject({ code: 'corrupt_file', message: expect.stringMatching(/^truncated\.gpkg is truncated: its header declares \d+ pages/) });
		expect((await failure(write('tiny.gpkg', full.subarray(0, 50)))).message).toContain('is truncated');
	});

	it('GeoPackage whose pages are damaged', async () => {
		const full = new Uint8Array(readFileSync(PRAIRIE_GPKG));
		// Overwrite the middle of the file (table b-tree pages) with garbage, keeping the size.
		for (let i = Math.floor(full.length * 0.3); i < Math.floor(full.length * 0.7); i++) full[i] = (i * 7919) & 0xff;
		const e = await failure(write('damaged.gpkg', full));
		expect(e.code).toBe('corrupt_file');
	});

	it('GeoPackage geometry that is not a GeoPackage blob', async () => {
		const p = tmp.path('badblob.gpkg');
		writeGpkg(p, { srsId: 2154, fields }, oneFeature);
		const Database = (await import('better-sqlite3')).default;
		const db = new Database(p);
		registerGpkgFunctions(db);
		db.prepare('UPDATE landcover SET geom = ? WHERE fid = 1').run(Buffer.from('not a geometry'));
		db.close();
		expect(await failure(p)).toMatchObject({ code: 'corrupt_file', message: 'badblob.gpkg: the geometry of feature 1 in layer "landcover" is not a GeoPackage geometry (no "GP" header).' });
	});

	it('invalid JSON, with line and column', async () => {
		const text = '{"type": "FeatureCollection",\n "features": [\n  {"type": "Feature", "properties": {"a": 1,}, "geometry": null}\n ]\n}';
		expect(await failure(write('bad.geojson', text))).toMatchObject({
			code: 'corrupt_file',
			message: 'bad.geojson is not valid JSON: trailing comma before "}" at line 3, column 45 (character 90).'
		});
		const truncated = JSON.stringify(polygonFc()).slice(0, 60);
		expect((await failure(write('cut.geojson', truncated))).message).toMatch(/unexpected end of file \(is it truncated\?\) at line 1, column 61/);
		expect((await failure(write('notgeo.json', '{"hello": "world"}'))).message).toBe('notgeo.json is JSON but not a GeoJSON FeatureCollection (found "type": null).');
	});

	it('GeoJSON with invalid coordinates', async () => {
		const fc = polygonFc();
		(fc.features[0].geometry.coordinates[0][1] as unknown[]) = ['1', 0];
		expect(await failure(write('coords.geojson', JSON.stringify(fc)))).toMatchObject({ code: 'corrupt_file', message: expect.stringContaining('feature 1: invalid position ["1",0]') });
	});

	it('truncated zip and truncated shapefile', async () => {
		const zip = zipSync(zonesFiles());
		expect(await failure(write('cut.zip', zip.subarray(0, zip.length - 30)))).toMatchObject({ code: 'corrupt_file', message: expect.stringContaining('central directory is missing') });
		const files = zonesFiles(['dbf', 'prj']);
		files['zones.shp'] = new Uint8Array(readFileSync(`${ZONES_DIR}/zones.shp`)).subarray(0, 300);
		expect(await failure(write('cutshp.zip', zipSync(files)))).toMatchObject({ code: 'corrupt_file', message: expect.stringContaining('truncated or corrupt at record') });
	});

	it('zip without a shapefile', async () => {
		const p = write('other.zip', zipSync({ 'data/ocs.gpkg': new Uint8Array(10), 'readme.txt': new Uint8Array(1) }));
		expect(await failure(p)).toMatchObject({ code: 'wrong_format', message: 'other.zip contains no shapefile but data/ocs.gpkg: upload that file directly instead of a zip.' });
	});
});
