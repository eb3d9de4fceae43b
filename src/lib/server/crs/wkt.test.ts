import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveEpsg } from './crs.ts';
import { crsFromWkt } from './wkt.ts';

const fixture = (name: string) => readFileSync(`test/fixtures/crs/${name}`, 'utf8');
/** The InputError `fn` throws (fails the test when it throws nothing). */
function failure(fn: () => unknown): { code: string; message: string; messages: { en: string; fr: string } } {
	try {
		fn();
	} catch (e) {
		return e as never;
	}
	throw new Error('expected an error');
}

const GCS_RGF93 =
	'GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const GCS_WGS84 =
	'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const gcsGrs80 = (name: string, datum: string) =>
	`GEOGCS["${name}",DATUM["${datum}",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`;

/** ESRI-style projected WKT (no EPSG code anywhere), as written by ArcGIS and many French tools. */
function esriLcc(name: string, gcs: string, p: { fe: number; fn: number; cm: number; sp1: number; sp2: number; lat0: number }) {
	return `PROJCS["${name}",${gcs},PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",${p.fe}],PARAMETER["False_Northing",${p.fn}],PARAMETER["Central_Meridian",${p.cm}],PARAMETER["Standard_Parallel_1",${p.sp1}],PARAMETER["Standard_Parallel_2",${p.sp2}],PARAMETER["Latitude_Of_Origin",${p.lat0}],UNIT["Meter",1.0]]`;
}
function esriUtm(name: string, gcs: string, zone: number, south = false) {
	return `PROJCS["${name}",${gcs},PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",${south ? 10000000 : 0}],PARAMETER["Central_Meridian",${zone * 6 - 183}],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;
}
const L93 = { fe: 700000, fn: 6600000, cm: 3, sp1: 49, sp2: 44, lat0: 46.5 };
const NTF_LAMBERT_II =
	'PROJCS["NTF_Paris_Lambert_Zone_II",GEOGCS["GCS_NTF_Paris",DATUM["D_NTF",SPHEROID["Clarke_1880_IGN",6378249.2,293.46602]],PRIMEM["Paris",2.33722917],UNIT["Grad",0.0157079632679489]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",600000.0],PARAMETER["False_Northing",2200000.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",52.0],PARAMETER["Scale_Factor",0.99987742],PARAMETER["Latitude_Of_Origin",52.0],UNIT["Meter",1.0]]';

const code = (wkt: string) => crsFromWkt(wkt).epsg;

describe('crsFromWkt', () => {
	it('recognises the real ESRI .prj of the Lambert-93 sample (no EPSG code in it)', () => {
		const prj = readFileSync('test/fixtures/lambert93/zones.prj', 'utf8');
		expect(prj).not.toMatch(/EPSG/);
		const crs = crsFromWkt(prj);
		expect(crs.epsg).toBe(2154);
		expect(crs.projected).toBe(true);
		expect(crs.proj4).toContain('+proj=lcc');
	});

	it('uses the outermost AUTHORITY of WKT1, not the nested GEOGCS one', () => {
		const wkt =
			'PROJCS["RGF93 v1 / Lambert-93",GEOGCS["RGF93 v1",DATUM["Reseau_Geodesique_Francais_1993_v1",SPHEROID["GRS 1980",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4171"]],PROJECTION["Lambert_Conformal_Conic_2SP"],PARAMETER["latitude_of_origin",46.5],PARAMETER["central_meridian",3],PARAMETER["standard_parallel_1",49],PARAMETER["standard_parallel_2",44],PARAMETER["false_easting",700000],PARAMETER["false_northing",6600000],UNIT["metre",1],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","2154"]]';
		expect(code(wkt)).toBe(2154);
		// Without the outer code, the name still gives 2154 (never the nested 4171).
		expect(code(wkt.replace(',AUTHORITY["EPSG","2154"]', ''))).toBe(2154);
	});

	it('reads the WKT2 ID of the outer CRS', () => {
		const wkt2 = `PROJCRS["RGF93 v1 / Lambert-93",
  BASEGEOGCRS["RGF93 v1", DATUM["Reseau Geodesique Francais 1993 v1", ELLIPSOID["GRS 1980",6378137,298.257222101,LENGTHUNIT["metre",1]]],
    PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]], ID["EPSG",4171]],
  CONVERSION["Lambert-93", METHOD["Lambert Conic Conformal (2SP)", ID["EPSG",9802]],
    PARAMETER["Latitude of false origin",46.5,ANGLEUNIT["degree",0.0174532925199433]],
    PARAMETER["Longitude of false origin",3,ANGLEUNIT["degree",0.0174532925199433]],
    PARAMETER["Latitude of 1st standard parallel",49,ANGLEUNIT["degree",0.0174532925199433]],
    PARAMETER["Latitude of 2nd standard parallel",44,ANGLEUNIT["degree",0.0174532925199433]],
    PARAMETER["Easting at false origin",700000,LENGTHUNIT["metre",1]],
    PARAMETER["Northing at false origin",6600000,LENGTHUNIT["metre",1]]],
  CS[Cartesian,2], AXIS["easting (X)",east,ORDER[1]], AXIS["northing (Y)",north,ORDER[2]], LENGTHUNIT["metre",1],
  ID["EPSG",2154]]`;
		expect(code(wkt2)).toBe(2154);
		// WKT2 parameters alone (renamed, no ID) are matched too.
		expect(code(wkt2.replace(/,\s*ID\["EPSG",2154\]/, '').replace('RGF93 v1 / Lambert-93', 'custom'))).toBe(2154);
	});

	it('recognises the CC conic zones 42–50 by ESRI name', () => {
		for (let z = 42; z <= 50; z++) {
			const wkt = esriLcc(`RGF_1993_CC${z}`, GCS_RGF93, { fe: 1700000, fn: (z - 41) * 1000000 + 200000, cm: 3, sp1: z - 0.75, sp2: z + 0.75, lat0: z });
			expect(code(wkt)).toBe(3900 + z);
		}
		expect(code(esriLcc('RGF93_CC46', GCS_RGF93, { fe: 1700000, fn: 5200000, cm: 3, sp1: 45.25, sp2: 46.75, lat0: 46 }))).toBe(3946);
	});

	it('recognises the French overseas UTM projections', () => {
		expect(code(esriUtm('RGFG_1995_UTM_Zone_22N', gcsGrs80('GCS_RGFG_1995', 'D_RGFG_1995'), 22))).toBe(2972);
		expect(code(esriUtm('RGR_1992_UTM_40S', gcsGrs80('GCS_RGR_1992', 'D_RGR_1992'), 40, true))).toBe(2975);
		expect(code(esriUtm('RGM_2004_UTM_Zone_38S', gcsGrs80('GCS_RGM_2004', 'D_RGM_2004'), 38, true))).toBe(4471);
		expect(code(esriUtm('RGAF09_UTM_Zone_20N', gcsGrs80('GCS_RGAF09', 'D_RGAF09'), 20))).toBe(5490);
		expect(code(esriUtm('RGSPM_2006_UTM_Zone_21N', gcsGrs80('GCS_RGSPM_2006', 'D_RGSPM_2006'), 21))).toBe(4467);
	});

	it('recognises geographic CRSs, Web Mercator and world UTM families', () => {
		expect(code(GCS_RGF93)).toBe(4171);
		expect(code(GCS_WGS84)).toBe(4326);
		expect(crsFromWkt(GCS_WGS84).projected).toBe(false);
		expect(
			code(
				`PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",${GCS_WGS84},PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]`
			)
		).toBe(3857);
		expect(code(esriUtm('WGS_1984_UTM_Zone_31N', GCS_WGS84, 31))).toBe(32631);
		expect(code(esriUtm('WGS_1984_UTM_Zone_58S', GCS_WGS84, 58, true))).toBe(32758);
		expect(code(esriUtm('ETRS_1989_UTM_Zone_32N', gcsGrs80('GCS_ETRS_1989', 'D_ETRS_1989'), 32))).toBe(25832);
		expect(code(esriUtm('NAD_1983_UTM_Zone_14N', gcsGrs80('GCS_North_American_1983', 'D_North_American_1983'), 14))).toBe(26914);
	});

	it('recognises Lambert II étendu (NTF Paris, grads)', () => {
		expect(code(NTF_LAMBERT_II)).toBe(27572);
		expect(code(NTF_LAMBERT_II.replace('NTF_Paris_Lambert_Zone_II', 'Lambert II étendu'))).toBe(27572);
		// Renamed: found by its parameters (angles in grads, Paris meridian, Clarke 1880 IGN).
		expect(code(NTF_LAMBERT_II.replace('NTF_Paris_Lambert_Zone_II', 'Projection maison'))).toBe(27572);
	});

	it('falls back to the projection parameters for renamed definitions', () => {
		expect(code(esriLcc('Lambert 93 (copie)', gcsGrs80('GRS80', 'D_Unknown'), L93))).toBe(2154);
		// Two standard parallels given in the other order: same projection.
		expect(code(esriLcc('x', gcsGrs80('GRS80', 'D_Unknown'), { ...L93, sp1: 44, sp2: 49 }))).toBe(2154);
		expect(code(esriUtm('My UTM', GCS_WGS84, 31))).toBe(32631);
		expect(code(esriUtm('Zone 14', gcsGrs80('GCS_North_American_1983', 'D_North_American_1983'), 14))).toBe(26914);
		// UTM 22N on GRS80 is both NAD83 (26922) and RGFG95 (2972): the datum name decides…
		expect(code(esriUtm('Guyane', gcsGrs80('GCS_RGFG_1995', 'D_RGFG_1995'), 22))).toBe(2972);
		// …and without a telling name we refuse to guess.
		expect(() => code(esriUtm('Somewhere', gcsGrs80('GRS80', 'D_Unknown'), 22))).toThrow(/EPSG:2972|EPSG:26922/);
	});

	it('unwraps compound CRSs to their horizontal part', () => {
		const prj = readFileSync('test/fixtures/lambert93/zones.prj', 'utf8');
		expect(code(`COMPD_CS["L93 + NGF-IGN69",${prj},VERT_CS["NGF-IGN69",VERT_DATUM["Nivellement General de la France - IGN69",2005],UNIT["metre",1]]]`)).toBe(2154);
	});

	it('throws unknown_crs with the CRS name when nothing matches', () => {
		const custom = `PROJCS["Local_Grid_Chantier_42",${GCS_RGF93},PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",1234.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",1.7],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",43.0],UNIT["Meter",1.0]]`;
		expect(() => crsFromWkt(custom)).toThrow(expect.objectContaining({ code: 'unknown_crs' }));
		expect(() => crsFromWkt(custom)).toThrow(/the \.prj describes a CRS we cannot match to an EPSG code: "Local_Grid_Chantier_42"/);
		expect(() => crsFromWkt('this is not WKT')).toThrow(expect.objectContaining({ code: 'unknown_crs' }));
		expect(() => crsFromWkt('PROJCS["unterminated"')).toThrow(/not a valid WKT/);
		expect(() => crsFromWkt('  ')).toThrow(/empty/);
		expect(() => crsFromWkt(custom, 'zones.prj')).toThrow(/^zones\.prj describes/);
	});

	it('throws unknown_epsg for an EPSG code that does not exist', () => {
		expect(() => crsFromWkt(`${GCS_WGS84.slice(0, -1)},AUTHORITY["EPSG","999999"]]`)).toThrow(expect.objectContaining({ code: 'unknown_epsg' }));
	});

	it('accepts a trailing NUL byte, a byte-order mark and blank lines around the definition', () => {
		const prj = readFileSync('test/fixtures/lambert93/zones.prj', 'utf8');
		expect(code(`${prj}\0`)).toBe(2154);
		expect(code(`\uFEFF${prj}\r\n\0\0\0`)).toBe(2154);
		expect(code(`${fixture('lambert93.projjson')}\0`)).toBe(2154);
	});
});

describe('crsFromWkt on every CRS it knows, as PROJ writes it (WKT1 ESRI and GDAL, WKT2, PROJJSON)', () => {
	const all = JSON.parse(fixture('projinfo-epsg.json')) as Record<string, Record<'esri' | 'gdal' | 'wkt2' | 'projjson', string>>;
	/** The same definition without its outer EPSG code, so that only its name and parameters speak. */
	const withoutCode = (format: string, text: string) =>
		format === 'projjson' ? JSON.stringify({ ...JSON.parse(text), id: undefined }) : text.replace(/,\s*(AUTHORITY\["EPSG","\d+"\]|ID\["EPSG",\d+\])\]$/, ']');
	const cases = Object.entries(all).flatMap(([epsg, defs]) => Object.entries(defs).map(([format, text]) => [Number(epsg), format, text] as const));

	it.each(cases)('EPSG:%i as %s, with and without its code', (epsg, format, text) => {
		expect(crsFromWkt(text).epsg).toBe(epsg);
		const bare = withoutCode(format, text);
		if (format !== 'esri') expect(bare).not.toBe(text);
		expect(crsFromWkt(bare).epsg).toBe(epsg);
	});
});

describe('crsFromWkt: the parameters and the unit decide, a name or code that disagrees is an error naming both', () => {
	const prjL93 = readFileSync('test/fixtures/lambert93/zones.prj', 'utf8');
	const cc46Esri = fixture('cc46.esri.prj');
	/** CC46 parameters under the Lambert-93 name: the probe's file (1 676 km off when taken as 2154). */
	const cc46NamedL93 = cc46Esri.replace('RGF_1993_CC46', 'RGF_1993_Lambert_93');
	/** Lambert-93 in US survey feet, named as Lambert-93 (1 375 km off). */
	const usftNamedL93 = fixture('lambert93-usft.esri.prj').replace('PROJCS["unknown",GEOGCS["GCS_unknown",DATUM["D_Unknown_based_on_GRS80_ellipsoid"', 'PROJCS["RGF_1993_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993"');

	it('still recognises the genuine definitions, as PROJ writes them', () => {
		expect(code(prjL93)).toBe(2154);
		expect(code(cc46Esri)).toBe(3946);
		expect(code(fixture('cc46.gdal.prj'))).toBe(3946);
		expect(code(fixture('lambert93.wkt2'))).toBe(2154);
	});

	it.each([
		['a CC46 .prj named RGF_1993_Lambert_93', () => cc46NamedL93, ['"RGF_1993_Lambert_93"', 'EPSG:2154', 'EPSG:3946 (RGF93 v1 / CC46)', 'latitude of origin 46° (EPSG:2154: 46.5°)', 'false northing 5200000 m (EPSG:2154: 6600000 m)']],
		['a WGS 84 UTM 31N name over zone 32 parameters', () => esriUtm('WGS_1984_UTM_Zone_31N', GCS_WGS84, 32), ['EPSG:32631', 'EPSG:32632', 'central meridian 9° (EPSG:32631: 3°)']],
		['a Lambert-93 name over parameters of no known CRS', () => esriLcc('RGF_1993_Lambert_93', GCS_RGF93, { ...L93, fe: 700500 }), ['EPSG:2154', 'match no CRS we know', 'false easting 700500 m (EPSG:2154: 700000 m)']],
		['an AUTHORITY["EPSG","2154"] over CC46 parameters', () => fixture('cc46.gdal.prj').replace(/AUTHORITY\["EPSG","3946"\]\]\s*$/, 'AUTHORITY["EPSG","2154"]]'), ['carries the code EPSG:2154', 'EPSG:3946']],
		['a WKT2 ID["EPSG",2154] over CC46 parameters', () => fixture('lambert93.wkt2').replace('PARAMETER["Latitude of false origin",46.5', 'PARAMETER["Latitude of false origin",46').replace('PARAMETER["Northing at false origin",6600000', 'PARAMETER["Northing at false origin",5200000').replace('PARAMETER["Latitude of 1st standard parallel",49', 'PARAMETER["Latitude of 1st standard parallel",46.75').replace('PARAMETER["Latitude of 2nd standard parallel",44', 'PARAMETER["Latitude of 2nd standard parallel",45.25').replace('PARAMETER["Easting at false origin",700000', 'PARAMETER["Easting at false origin",1700000'), ['carries the code EPSG:2154', 'EPSG:3946']],
		['a Lambert-93 name over a Clarke 1880 ellipsoid', () => prjL93.replace('SPHEROID["GRS_1980",6378137.0,298.257222101]', 'SPHEROID["Clarke_1880_IGN",6378249.2,293.466021293627]'), ['ellipsoid Clarke 1880 (IGN) (EPSG:2154: GRS 1980)']],
		['a geographic WGS 84 name over the Clarke 1880 ellipsoid', () => GCS_WGS84.replace('SPHEROID["WGS_1984",6378137.0,298.257223563]', 'SPHEROID["Clarke_1880_IGN",6378249.2,293.466021293627]'), ['EPSG:4326', 'ellipsoid Clarke 1880 (IGN) (EPSG:4326: WGS 84)']],
		['a PROJJSON Lambert-93 (name and id) over CC46 parameters', () => JSON.stringify(withParams(JSON.parse(fixture('lambert93.projjson')), { 'Latitude of false origin': 46, 'Latitude of 1st standard parallel': 45.25, 'Latitude of 2nd standard parallel': 46.75, 'Easting at false origin': 1700000, 'Northing at false origin': 5200000 })), ['carries the code EPSG:2154', 'EPSG:3946']],
		['a PROJJSON Lambert zone II (grads, Paris meridian) with another false easting', () => JSON.stringify(withParams(JSON.parse(fixture('ntf-lambert2.projjson')), { 'False easting': 600100 })), ['carries the code EPSG:27572', 'false easting 600100 m (EPSG:27572: 600000 m)']]
	])('refuses %s', (_, wkt, parts) => {
		const e = failure(() => crsFromWkt(wkt(), 'zones.prj'));
		expect(e.code).toBe('crs_mismatch');
		expect(e.message).toMatch(/^zones\.prj /);
		for (const p of parts) expect(e.message).toContain(p);
		expect(e.messages.fr).toMatch(/^zones\.prj /);
	});

	it('says it in French too, with decimal commas', () => {
		const e = failure(() => crsFromWkt(cc46NamedL93, 'zones.prj'));
		expect(e.messages.fr).toContain('« RGF_1993_Lambert_93 »');
		expect(e.messages.fr).toContain('EPSG:3946 (RGF93 v1 / CC46)');
		expect(e.messages.fr).toContain('latitude d’origine 46° (EPSG:2154 : 46,5°)');
	});

	it.each([
		['the probe’s Lambert-93 in US survey feet', () => usftNamedL93, ['US survey foot', '"RGF_1993_Lambert_93"', 'EPSG:2154', 'in metres']],
		['a Lambert-93 .prj whose unit alone says feet', () => prjL93.replace('UNIT["Meter",1.0]]', 'UNIT["Foot_US",0.3048006096012192]]'), ['Foot_US', 'EPSG:2154']],
		['Lambert-93 parameters in US survey feet, unnamed', () => fixture('lambert93-usft.esri.prj'), ['US survey foot']],
		['the same as PROJJSON', () => fixture('lambert93-usft.projjson'), ['US survey foot']],
		['a real CRS in US survey feet (EPSG:2263 as ArcGIS writes it)', () => fixture('ny-longisland-ftus.esri.prj'), ['US survey foot']],
		['a CRS in kilometres', () => prjL93.replace('UNIT["Meter",1.0]]', 'UNIT["Kilometer",1000.0]]'), ['Kilometer']]
	])('refuses coordinates that are not in metres: %s', (_, wkt, parts) => {
		const e = failure(() => crsFromWkt(wkt(), 'zones.prj'));
		expect(e.code).toBe('crs_unit');
		for (const p of parts) expect(e.message).toContain(p);
		expect(e.message).toContain('metres');
		expect(e.messages.fr).toContain('mètres');
	});

	it('refuses an EPSG code whose coordinates are not in metres (projected) or degrees (geographic)', () => {
		expect(failure(() => resolveEpsg(2263))).toMatchObject({ code: 'crs_unit', message: expect.stringContaining('EPSG:2263 (NAD83 / New York Long Island (ftUS)) gives coordinates in US survey foot') });
		expect(failure(() => resolveEpsg(4807))).toMatchObject({ code: 'crs_unit', message: expect.stringContaining('grad') });
		expect(failure(() => crsFromWkt(fixture('cc46.gdal.prj').replace(/AUTHORITY\["EPSG","3946"\]\]\s*$/, 'AUTHORITY["EPSG","2263"]]')))).toMatchObject({ code: 'crs_unit' });
		expect(resolveEpsg(2154).epsg).toBe(2154);
	});
});

/** A PROJJSON document with some conversion parameters changed (by name). */
function withParams(doc: { conversion: { parameters: { name: string; value: number }[] } }, values: Record<string, number>) {
	for (const p of doc.conversion.parameters) if (p.name in values) p.value = values[p.name];
	return doc;
}

describe('crsFromWkt: PROJJSON', () => {
	it.each([
		['Lambert-93 as PROJ writes it', () => fixture('lambert93.projjson'), 2154],
		['WGS 84 (a datum ensemble)', () => fixture('wgs84.projjson'), 4326],
		['NTF (Paris) / Lambert zone II (grads, semi-minor axis)', () => fixture('ntf-lambert2.projjson'), 27572],
		['Lambert-93 renamed and without its id: by parameters', () => fixture('lambert93.projjson').replace('"name":"RGF93 v1 / Lambert-93"', '"name":"Projection du bureau d’études"').replace(/,\s*"id":\s*\{\s*"authority":\s*"EPSG",\s*"code":\s*2154\s*\}\s*\}\s*$/, '}'), 2154],
		['Lambert zone II renamed and without ids: by parameters in grads', () => JSON.stringify(stripIds(JSON.parse(fixture('ntf-lambert2.projjson')), 'Lambert II maison')), 27572],
		['a compound CRS (Lambert-93 + NGF-IGN69 heights)', () => JSON.stringify({ type: 'CompoundCRS', name: 'RGF93 v1 / Lambert-93 + NGF-IGN69 height', components: [JSON.parse(fixture('lambert93.projjson')), { type: 'VerticalCRS', name: 'NGF-IGN69 height' }] }), 2154]
	])('%s', (_, text, epsg) => {
		expect(crsFromWkt(text()).epsg).toBe(epsg);
	});

	it('refuses broken JSON and JSON that is not a CRS, saying so', () => {
		expect(failure(() => crsFromWkt('{"type": "ProjectedCRS", "name": ', 'zones.prj'))).toMatchObject({ code: 'unknown_crs', message: expect.stringContaining('zones.prj is not valid PROJJSON') });
		expect(failure(() => crsFromWkt('{"type": "FeatureCollection", "features": []}', 'zones.prj'))).toMatchObject({ code: 'unknown_crs', message: expect.stringContaining('FeatureCollection') });
	});
});

/** A PROJJSON document without any "id" (so only its parameters can identify it), renamed. */
function stripIds(doc: unknown, name: string): unknown {
	const walk = (v: unknown): unknown =>
		Array.isArray(v) ? v.map(walk) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'id' && k !== 'ids').map(([k, x]) => [k, walk(x)])) : v;
	return { ...(walk(doc) as object), name };
}
