import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crsFromWkt } from './wkt.ts';

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
});
