/**
 * Which EPSG CRS a definition describes, whatever its syntax (WKT1 OGC or ESRI, WKT2, PROJJSON: see
 * wkt.ts and projjson.ts, which turn each into a {@link CrsDescription}).
 *
 * A definition is recognised by what it says of the coordinates: projection method, ellipsoid, prime
 * meridian, parameters and unit. Its code (`AUTHORITY["EPSG","2154"]`) or its name
 * (`RGF_1993_Lambert_93`, how ESRI .prj files say it) only tells which CRS it claims to be; when the
 * parameters disagree with the claim, the definition is refused with both named — believing either
 * blindly puts the land cover hundreds of kilometres away (CC46 taken for Lambert-93: 1 676 km).
 *
 *  1. Unit: projected coordinates must be in metres (tiles and areas are computed in the CRS's unit),
 *     geographic ones in degrees.
 *  2. Claim: an EPSG code on the outermost CRS, else a well-known name. Its EPSG definition (proj4
 *     string from `epsg-index`, read by proj4) must have the same parameters, for the methods we can
 *     compare (Lambert conic conformal, transverse Mercator, Web Mercator, geographic); other methods
 *     are taken on the claim's word.
 *  3. No claim: the parameters are matched against candidate EPSG CRSs (French and common ones); a
 *     tie (UTM 22N on GRS80 is both NAD83 and RGFG95) is broken by the datum's name, else refused.
 */
import proj4 from 'proj4';
import type { CrsInfo } from '../../geo/types.ts';
import { InputError, type Localized } from '../errors.ts';
import { resolveEpsg } from './crs.ts';

/** What a CRS definition says, in a form independent of its syntax. */
export interface CrsDescription {
	/** 'projected', 'geographic', or 'other' (vertical, engineering… CRSs we cannot use). */
	kind: 'projected' | 'geographic' | 'other';
	/** The definition's own word for its kind ("PROJCS", "ProjectedCRS", "VERT_CS"…), for messages. */
	type: string;
	name: string;
	/** EPSG code the outermost CRS carries, if any. */
	epsg: number | null;
	/** Names of the CRS, its base CRS and datum: they break ties between identical parameter sets. */
	names: string[];
	/** Projection method as written ('' for a geographic CRS). */
	method: string;
	/** Normalised parameters, or null when the definition lacks an ellipsoid we can read. */
	params: Params | null;
	/**
	 * Unit of the coordinates: metres per unit (projected) or degrees per unit (geographic); null
	 * when the definition does not say (metres and degrees are then assumed, as WKT readers do).
	 */
	unit: { name: string; factor: number } | null;
}

/** Lower-case, accents stripped, every run of non-alphanumerics turned into one '_'. */
function normalize(s: string): string {
	return s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_|_$/g, '');
}

// ------------------------------------------------------------------------------------- name matching

/** Spell datum names the same way whatever the writer (ESRI "RGF_1993", EPSG "RGF93 v1", …). */
function canonicalName(s: string): string {
	return normalize(s)
		.replace(/^gcs_/, '')
		.replace(/(^|_)rgf_?(?:19)?93(?:_v1)?(?=_|$)/g, '$1rgf93')
		.replace(/(^|_)wgs_?(?:19)?84(?=_|$)/g, '$1wgs84')
		.replace(/(^|_)etrs_?(?:19)?89(?=_|$)/g, '$1etrs89')
		.replace(/(^|_)north_american_(?:datum_)?1983(?=_|$)/g, '$1nad83')
		.replace(/(^|_)nad_?(?:19)?83(?=_|$)/g, '$1nad83')
		.replace(/(^|_)rgfg_?(?:19)?95(?=_|$)/g, '$1rgfg95')
		.replace(/(^|_)rgr_?(?:19)?92(?=_|$)/g, '$1rgr92')
		.replace(/(^|_)rgm_?(?:20)?04(?=_|$)/g, '$1rgm04')
		.replace(/(^|_)rgaf_?(?:20)?09(?=_|$)/g, '$1rgaf09')
		.replace(/(^|_)rgspm_?(?:20)?06(?=_|$)/g, '$1rgspm06');
}

/** UTM code bases by datum; the French overseas ones exist for one zone only. */
const UTM: Record<string, { n?: number; s?: number; only?: Record<string, number> }> = {
	wgs84: { n: 32600, s: 32700 },
	etrs89: { n: 25800 },
	nad83: { n: 26900 },
	rgfg95: { only: { '22n': 2972 } },
	rgr92: { only: { '40s': 2975 } },
	rgm04: { only: { '38s': 4471 } },
	rgaf09: { only: { '20n': 5490 } },
	rgspm06: { only: { '21n': 4467 } }
};

const GEOG_NAMES: Record<string, number> = { rgf93: 4171, wgs84: 4326, etrs89: 4258, nad83: 4269 };

const WEB_MERCATOR_NAMES = new Set([
	'wgs84_web_mercator_auxiliary_sphere',
	'wgs84_web_mercator',
	'wgs84_pseudo_mercator',
	'web_mercator',
	'web_mercator_auxiliary_sphere',
	'pseudo_mercator',
	'popular_visualisation_crs_mercator',
	'google_maps_global_mercator'
]);

/** EPSG code for a well-known CRS name, or null. */
function codeFromName(rawName: string, geographic: boolean): number | null {
	const s = canonicalName(rawName);
	if (geographic) return GEOG_NAMES[s] ?? null;
	if (/^(?:rgf93_)?lambert_?93$/.test(s)) return 2154;
	let m = /^(?:rgf93_)?(?:lambert_)?(?:cc|conic_conformal_zone_)(4[2-9]|50)$/.exec(s);
	if (m) return 3900 + Number(m[1]);
	m = /^([a-z0-9]+)_utm_(?:zone_)?(\d{1,2})_?([ns])$/.exec(s);
	if (m) {
		const d = UTM[m[1]];
		const zone = Number(m[2]);
		if (!d || zone < 1 || zone > 60) return null;
		if (d.only) return d.only[`${zone}${m[3]}`] ?? null;
		const base = m[3] === 'n' ? d.n : d.s;
		return base ? base + zone : null;
	}
	if (WEB_MERCATOR_NAMES.has(s)) return 3857;
	m = /^(?:ntf_(?:paris_)?)?lambert_(?:zone_)?(i|ii|iii|iv|1|2|3|4)(?:_(?:etendu|extended|carto))?$/.exec(s);
	if (m && (s.startsWith('ntf') || /etendu|extended/.test(s))) {
		const zone = { i: 1, ii: 2, iii: 3, iv: 4 }[m[1]] ?? Number(m[1]);
		return 27570 + zone;
	}
	return null;
}

// ------------------------------------------------------------------------------------- parameters

type Kind = 'geog' | 'lcc1' | 'lcc2' | 'tmerc' | 'webmerc' | string;
type ParamKey = 'lat_0' | 'lon_0' | 'lat_1' | 'lat_2' | 'k' | 'x_0' | 'y_0';

/** A CRS's defining numbers, normalised: angles in degrees, lengths in metres. */
export interface Params {
	kind: Kind;
	/** Ellipsoid key from ELLIPSOIDS, 'sphere', or '?' */
	ellps: string;
	/** Semi-major axis and inverse flattening as written (for messages about unknown ellipsoids). */
	axes: [number, number];
	/** Prime meridian in degrees east of Greenwich; several readings when the WKT is ambiguous. */
	pm: number[];
	v: Partial<Record<ParamKey, number>>;
}

/** The kinds whose parameters we compare; others (oblique Mercator, stereographic…) are not checked. */
const COMPARABLE = new Set(['geog', 'lcc1', 'lcc2', 'tmerc', 'webmerc']);

const ELLIPSOIDS: Record<string, { axes: [number, number]; label: string }> = {
	GRS80: { axes: [6378137, 298.257222101], label: 'GRS 1980' },
	WGS84: { axes: [6378137, 298.257223563], label: 'WGS 84' },
	clrk80ign: { axes: [6378249.2, 293.4660212936269], label: 'Clarke 1880 (IGN)' },
	intl: { axes: [6378388, 297], label: 'International 1924' },
	clrk66: { axes: [6378206.4, 294.9786982138982], label: 'Clarke 1866' },
	bessel: { axes: [6377397.155, 299.1528128], label: 'Bessel 1841' }
};

/**
 * The named ellipsoid nearest to (a, 1/f), or '?' when none is close. Nearest, because writers round
 * (ESRI gives Clarke 1880 IGN as 293.46602) while GRS 1980 and WGS 84 differ by only 1.5e-6 in 1/f.
 */
export function ellipsoidKey(a: number, rf: number): string {
	if (rf === 0 || !Number.isFinite(rf)) return 'sphere';
	let best = '?';
	let bestD = Infinity;
	for (const [k, { axes: [ea, erf] }] of Object.entries(ELLIPSOIDS)) {
		if (Math.abs(ea - a) > 1) continue;
		const d = Math.abs(erf - rf);
		if (d < 1e-3 && d < bestD) {
			best = k;
			bestD = d;
		}
	}
	return best;
}

/** Parameter names of WKT1 (OGC, ESRI), WKT2 and PROJJSON, after {@link normalize}. */
const PARAM_ALIASES: Record<string, ParamKey> = {
	latitude_of_origin: 'lat_0',
	latitude_of_center: 'lat_0',
	latitude_of_centre: 'lat_0',
	latitude_of_false_origin: 'lat_0',
	latitude_of_natural_origin: 'lat_0',
	central_meridian: 'lon_0',
	longitude_of_origin: 'lon_0',
	longitude_of_center: 'lon_0',
	longitude_of_centre: 'lon_0',
	longitude_of_false_origin: 'lon_0',
	longitude_of_natural_origin: 'lon_0',
	standard_parallel_1: 'lat_1',
	latitude_of_1st_standard_parallel: 'lat_1',
	standard_parallel_2: 'lat_2',
	latitude_of_2nd_standard_parallel: 'lat_2',
	scale_factor: 'k',
	scale_factor_at_natural_origin: 'k',
	false_easting: 'x_0',
	easting_at_false_origin: 'x_0',
	false_northing: 'y_0',
	northing_at_false_origin: 'y_0'
};

/** The parameter a name stands for, or undefined. */
export function paramKey(name: string): ParamKey | undefined {
	return PARAM_ALIASES[normalize(name)];
}

/** Whether a parameter is an angle (else a length, or the scale factor 'k'). */
export const isAngle = (k: ParamKey): boolean => k.startsWith('la') || k === 'lon_0';

function methodKind(method: string): Kind {
	const m = normalize(method);
	if (m.includes('lambert_conformal_conic') || m.includes('lambert_conic_conformal')) return 'lcc';
	if (m === 'transverse_mercator') return 'tmerc';
	if (m.includes('auxiliary_sphere') || m.includes('pseudo_mercator') || m.includes('popular_visualisation')) return 'webmerc';
	return m;
}

/** LCC with one standard parallel (or two equal ones) is the 1SP variant: origin on that parallel. */
function normalizeLcc(p: Params): void {
	const v = p.v;
	const sp1 = v.lat_1, sp2 = v.lat_2;
	if (sp2 === undefined || sp1 === undefined || Math.abs(sp1 - sp2) < 1e-9) {
		p.kind = 'lcc1';
		v.lat_0 = sp1 ?? v.lat_0;
		v.k = v.k ?? 1;
		delete v.lat_1;
		delete v.lat_2;
	} else {
		p.kind = 'lcc2';
		v.lat_1 = Math.min(sp1, sp2);
		v.lat_2 = Math.max(sp1, sp2);
		if (v.k === 1) delete v.k;
	}
}

/**
 * Parameters from what a definition says: its method name ('' for geographic), ellipsoid, prime
 * meridian readings (degrees) and parameter values already converted to degrees and metres.
 */
export function buildParams(method: string | null, a: number, rf: number, pm: number[], values: Partial<Record<ParamKey, number>>): Params {
	const p: Params = { kind: method === null ? 'geog' : methodKind(method), ellps: ellipsoidKey(a, rf), axes: [a, rf], pm, v: { ...values } };
	if (p.kind === 'lcc') normalizeLcc(p);
	return p;
}

const RAD_TO_DEG = 180 / Math.PI;

/** Parameters of an EPSG CRS, from its proj4 definition as proj4 itself reads it. */
function paramsOfProj4(def: string): Params | null {
	let d: proj4.ProjectionDefinition & { a: number; b: number; sphere?: boolean };
	try {
		d = proj4.Proj(def) as never;
	} catch {
		return null;
	}
	const deg = (r: number | undefined) => (r ?? 0) * RAD_TO_DEG;
	const sphere = d.sphere || d.a === d.b;
	const rf = sphere ? 0 : (d.rf ?? d.a / (d.a - d.b));
	const p: Params = { kind: d.projName ?? '?', ellps: ellipsoidKey(d.a, rf), axes: [d.a, rf], pm: [deg(d.from_greenwich)], v: {} };
	switch (d.projName) {
		case 'longlat':
		case 'latlong':
			p.kind = 'geog';
			break;
		case 'utm':
		case 'tmerc':
		case 'etmerc':
			p.kind = 'tmerc';
			p.v = { lat_0: deg(d.lat0), lon_0: deg(d.long0), k: d.k0 ?? 1, x_0: d.x0 ?? 0, y_0: d.y0 ?? 0 };
			break;
		case 'lcc':
			p.kind = 'lcc';
			p.v = { lat_0: deg(d.lat0), lon_0: deg(d.long0), lat_1: deg(d.lat1), lat_2: d.lat2 === undefined ? undefined : deg(d.lat2), k: d.k0, x_0: d.x0 ?? 0, y_0: d.y0 ?? 0 };
			for (const k of Object.keys(p.v) as ParamKey[]) if (p.v[k] === undefined) delete p.v[k];
			normalizeLcc(p);
			break;
		case 'merc':
			if (sphere) {
				p.kind = 'webmerc';
				p.v = { lon_0: deg(d.long0), x_0: d.x0 ?? 0, y_0: d.y0 ?? 0 };
			}
			break;
	}
	return p;
}

const TOLERANCE: Record<ParamKey, number> = { lat_0: 1e-7, lon_0: 1e-7, lat_1: 1e-7, lat_2: 1e-7, k: 1e-9, x_0: 1e-3, y_0: 1e-3 };
const ORDER: ParamKey[] = ['lat_0', 'lon_0', 'lat_1', 'lat_2', 'k', 'x_0', 'y_0'];

const KIND_LABEL: Record<string, Localized> = {
	geog: { en: 'geographic (longitude/latitude)', fr: 'géographique (longitude/latitude)' },
	lcc1: { en: 'Lambert conic conformal with one standard parallel', fr: 'conique conforme de Lambert à un parallèle standard' },
	lcc2: { en: 'Lambert conic conformal with two standard parallels', fr: 'conique conforme de Lambert à deux parallèles standards' },
	tmerc: { en: 'transverse Mercator', fr: 'Mercator transverse' },
	webmerc: { en: 'Web Mercator', fr: 'Mercator web (pseudo-Mercator)' }
};

const PARAM_LABEL: Record<ParamKey, Localized> = {
	lat_0: { en: 'latitude of origin', fr: 'latitude d’origine' },
	lon_0: { en: 'central meridian', fr: 'méridien central' },
	lat_1: { en: 'southern standard parallel', fr: 'parallèle standard sud' },
	lat_2: { en: 'northern standard parallel', fr: 'parallèle standard nord' },
	k: { en: 'scale factor', fr: 'facteur d’échelle' },
	x_0: { en: 'false easting', fr: 'faux est (X0)' },
	y_0: { en: 'false northing', fr: 'faux nord (Y0)' }
};

/** A number for messages: at most 9 decimals, no trailing zeros, decimal comma in French. */
function fmt(x: number, fr: boolean): string {
	const s = String(Number(x.toFixed(9)));
	return fr ? s.replace('.', ',') : s;
}

function valueText(k: ParamKey, x: number, fr: boolean): string {
	return isAngle(k) ? `${fmt(x, fr)}°` : k === 'k' ? fmt(x, fr) : `${fmt(x, fr)} m`;
}

function ellipsoidText(p: Params): string {
	return ELLIPSOIDS[p.ellps]?.label ?? (p.ellps === 'sphere' ? `sphere ${p.axes[0]} m` : `a = ${p.axes[0]} m, 1/f = ${p.axes[1]}`);
}

/**
 * How `w` (the definition) differs from `c` (an EPSG CRS): one entry per differing element, each
 * giving the definition's value and, in parentheses, the EPSG one (`ref` names it). Empty when equal.
 */
function differences(w: Params, c: Params, ref: string): Localized[] {
	if (w.kind !== c.kind) {
		const label = (k: string): Localized => KIND_LABEL[k] ?? { en: k, fr: k };
		return [{ en: `projection ${label(w.kind).en} (${ref}: ${label(c.kind).en})`, fr: `projection ${label(w.kind).fr} (${ref} : ${label(c.kind).fr})` }];
	}
	const out: Localized[] = [];
	// Web Mercator is defined on a sphere by proj4 but written with the WGS 84 ellipsoid: the method says it all.
	if (c.kind !== 'webmerc' && w.ellps !== c.ellps) {
		out.push({ en: `ellipsoid ${ellipsoidText(w)} (${ref}: ${ellipsoidText(c)})`, fr: `ellipsoïde ${ellipsoidText(w)} (${ref} : ${ellipsoidText(c)})` });
	}
	if (!w.pm.some((x) => Math.abs(x - c.pm[0]) < 1e-6)) {
		out.push({ en: `prime meridian ${fmt(w.pm[0], false)}° (${ref}: ${fmt(c.pm[0], false)}°)`, fr: `méridien d’origine ${fmt(w.pm[0], true)}° (${ref} : ${fmt(c.pm[0], true)}°)` });
	}
	for (const k of ORDER) {
		const def = k === 'k' ? 1 : 0;
		const a = w.v[k] ?? def, b = c.v[k] ?? def;
		if (Math.abs(a - b) > TOLERANCE[k]) {
			out.push({
				en: `${PARAM_LABEL[k].en} ${valueText(k, a, false)} (${ref}: ${valueText(k, b, false)})`,
				fr: `${PARAM_LABEL[k].fr} ${valueText(k, a, true)} (${ref} : ${valueText(k, b, true)})`
			});
		}
	}
	return out;
}

// ------------------------------------------------------------------------------------- candidates

/** Datum family of each candidate, to split candidates with identical parameters (e.g. NAD83 vs RGFG95 UTM 22N). */
const FAMILY_TESTS: [string, RegExp][] = [
	['rgf93', /(^|_)rgf93(_|$)|reseau_geodesique_francais_1993/],
	['rgfg95', /rgfg95|guyane/],
	['rgr92', /rgr92|reunion/],
	['rgm04', /rgm04|mayotte/],
	['rgaf09', /rgaf09|antilles/],
	['rgspm06', /rgspm06|saint_pierre/],
	['wgs84', /(^|_)wgs84(_|$)|world_geodetic_system_1984/],
	['etrs89', /etrs89|european_terrestrial/],
	['nad83', /(^|_)nad83(_|$)/],
	['ntf', /(^|_)ntf(_|$)|nouvelle_triangulation/]
];

interface Candidate {
	code: number;
	family: string;
	params: Params;
}
let candidates: Candidate[] | null = null;

function candidateList(): Candidate[] {
	if (candidates) return candidates;
	const codes: [number, string][] = [[2154, 'rgf93'], [4171, 'rgf93'], [4326, 'wgs84'], [3857, 'wgs84'], [4258, 'etrs89'], [4269, 'nad83'], [2972, 'rgfg95'], [2975, 'rgr92'], [4471, 'rgm04'], [5490, 'rgaf09'], [4467, 'rgspm06']];
	for (let z = 42; z <= 50; z++) codes.push([3900 + z, 'rgf93']);
	for (let z = 1; z <= 60; z++) codes.push([32600 + z, 'wgs84'], [32700 + z, 'wgs84']);
	for (let z = 28; z <= 38; z++) codes.push([25800 + z, 'etrs89']);
	for (let z = 1; z <= 23; z++) codes.push([26900 + z, 'nad83']);
	for (let z = 1; z <= 4; z++) codes.push([27570 + z, 'ntf']);
	const list: Candidate[] = [];
	for (const [code, family] of codes) {
		try {
			const params = paramsOfProj4(resolveEpsg(code).proj4);
			if (params) list.push({ code, family, params });
		} catch {
			// A code missing from this epsg-index version is simply not a candidate.
		}
	}
	return (candidates = list);
}

/** Candidates with the same parameters as `d`, narrowed by its datum names when several match. */
function candidatesFor(d: CrsDescription): { matches: Candidate[]; pick: Candidate[] } {
	if (!d.params || !COMPARABLE.has(d.params.kind)) return { matches: [], pick: [] };
	const matches = candidateList().filter((c) => differences(d.params!, c.params, '').length === 0);
	if (matches.length <= 1) return { matches, pick: matches };
	const names = d.names.map(canonicalName);
	const families = FAMILY_TESTS.filter(([, re]) => names.some((n) => re.test(n))).map(([f]) => f);
	return { matches, pick: matches.filter((c) => families.includes(c.family)) };
}

const label = (crs: CrsInfo) => `EPSG:${crs.epsg} (${crs.name})`;

// --------------------------------------------------------------------------------------- identify

/**
 * The EPSG CRS a description is, checked as explained at the top of this file.
 * @param src how to name the definition at the start of a sentence ("zones.prj", "the .prj").
 * @throws InputError `crs_unit` (coordinates not in metres/degrees), `crs_mismatch` (code or name
 *   against parameters), `unknown_crs` (nothing matches, or several candidates tie), `unknown_epsg`.
 */
export function identifyCrs(d: CrsDescription, src: Localized): CrsInfo {
	if (d.kind === 'other') {
		throw new InputError('unknown_crs', {
			en: `${src.en} describes a ${d.type} "${d.name}", not a geographic or projected CRS we can use.`,
			fr: `${src.fr} décrit un ${d.type} « ${d.name} », et non un système de coordonnées géographiques ou projetées que nous pouvons utiliser.`
		});
	}
	const geographic = d.kind === 'geographic';
	const byName = d.epsg === null ? codeFromName(d.name, geographic) : null;
	const claimedCode = d.epsg ?? byName;
	let claimed: CrsInfo | null = null;
	if (claimedCode !== null) {
		try {
			claimed = resolveEpsg(claimedCode);
		} catch (e) {
			// A code the definition carries must exist; a name we map to a missing code is just no claim.
			if (d.epsg !== null || (e instanceof InputError && e.code === 'crs_unit')) throw e;
		}
	}
	const claim: Localized | null = claimed
		? d.epsg !== null
			? { en: `carries the code ${label(claimed)}`, fr: `porte le code ${label(claimed)}` }
			: { en: `is named "${d.name}", i.e. ${label(claimed)},`, fr: `porte le nom « ${d.name} », c’est-à-dire ${label(claimed)},` }
		: null;

	checkUnit(d, src, claimed);

	if (claimed) {
		const expected = paramsOfProj4(claimed.proj4);
		if (d.params && expected && COMPARABLE.has(d.params.kind) && COMPARABLE.has(expected.kind)) {
			const diffs = differences(d.params, expected, `EPSG:${claimed.epsg}`);
			if (diffs.length) throw mismatch(d, src, claimed, claim!, diffs);
		}
		return claimed;
	}

	const { matches, pick } = candidatesFor(d);
	if (pick.length === 1) return resolveEpsg(pick[0].code);
	if (matches.length > 1) {
		const codes = matches.map((c) => `EPSG:${c.code}`).join(', ');
		throw new InputError('unknown_crs', {
			en: `${src.en} describes a CRS we cannot match to a single EPSG code: "${d.name}" has the parameters of ${codes}. Save the layer with an explicit EPSG code (e.g. export it as GeoPackage).`,
			fr: `${src.fr} décrit un système de coordonnées que nous ne pouvons pas rattacher à un code EPSG unique : « ${d.name} » a les paramètres de ${codes}. Enregistrez la couche avec un code EPSG explicite (par exemple en l’exportant en GeoPackage).`
		});
	}
	const method: Localized = geographic
		? { en: 'geographic', fr: 'géographique' }
		: d.method
			? { en: d.method, fr: d.method }
			: { en: 'no projection', fr: 'sans projection' };
	throw new InputError('unknown_crs', {
		en: `${src.en} describes a CRS we cannot match to an EPSG code: "${d.name}" (${method.en}). Reproject the layer to a standard CRS such as Lambert-93 (EPSG:2154) or save it with an EPSG code.`,
		fr: `${src.fr} décrit un système de coordonnées que nous ne pouvons rattacher à aucun code EPSG : « ${d.name} » (${method.fr}). Reprojetez la couche dans un système de coordonnées courant comme le Lambert-93 (EPSG:2154) ou enregistrez-la avec un code EPSG.`
	});
}

/** `crs_mismatch`: the code or name says one CRS, the parameters another (or none we know). */
function mismatch(d: CrsDescription, src: Localized, claimed: CrsInfo, claim: Localized, diffs: Localized[]): InputError {
	const { pick } = candidatesFor(d);
	const actual = pick.length === 1 ? resolveEpsg(pick[0].code) : null;
	const theirs: Localized = actual
		? { en: `its parameters are those of ${label(actual)}`, fr: `ses paramètres sont ceux d’${label(actual)}` }
		: { en: `its parameters match no CRS we know`, fr: `ses paramètres ne correspondent à aucun système de coordonnées que nous connaissons` };
	return new InputError('crs_mismatch', {
		en: `${src.en} ${claim.en} but ${theirs.en}: ${diffs.map((x) => x.en).join('; ')}. Which one is right? Check where the layer falls in your GIS, give it its true CRS (QGIS: Layer ▸ Set CRS) and export it again.`,
		fr: `${src.fr} ${claim.fr} mais ${theirs.fr} : ${diffs.map((x) => x.fr).join(' ; ')}. Lequel est le bon ? Vérifiez où tombe la couche dans votre SIG, attribuez-lui son vrai système de coordonnées (dans QGIS : Couche ▸ Définir le SCR de la couche) puis exportez-la à nouveau.`
	});
}

/** `crs_unit`: projected coordinates not in metres, or geographic ones not in degrees. */
function checkUnit(d: CrsDescription, src: Localized, claimed: CrsInfo | null): void {
	if (!d.unit) return;
	// "degree" as WKT writes it (0.0174532925199433 rad) is 1° within 1e-12.
	if (Math.abs(d.unit.factor - 1) < 1e-9) return;
	const projected = d.kind === 'projected';
	const per = projected ? { en: `${fmt(d.unit.factor, false)} m`, fr: `${fmt(d.unit.factor, true)} m` } : { en: `${fmt(d.unit.factor, false)}°`, fr: `${fmt(d.unit.factor, true)}°` };
	const base = projected ? { en: 'metres', fr: 'mètres' } : { en: 'degrees', fr: 'degrés' };
	let named = { en: '', fr: '' };
	if (claimed) {
		const who = d.epsg !== null ? { en: 'Its code is', fr: 'Son code est' } : { en: `Its name, "${d.name}", is that of`, fr: `Son nom, « ${d.name} », est celui d’` };
		named = {
			en: ` ${who.en} ${label(claimed)}, whose coordinates are in ${base.en}: as it stands, the data is not in EPSG:${claimed.epsg}.`,
			fr: ` ${who.fr}${d.epsg !== null ? ' ' : ''}${label(claimed)}, dont les coordonnées sont en ${base.fr} : en l’état, les données ne sont pas en EPSG:${claimed.epsg}.`
		};
	}
	throw new InputError('crs_unit', {
		en: `${src.en} gives coordinates in ${d.unit.name} (1 ${d.unit.name} = ${per.en}), and Recette reads coordinates in ${base.en} only (tiles and areas are computed in the CRS's unit).${named.en} Reproject the layer to a CRS in metres, such as Lambert-93 (EPSG:2154), and export it again.`,
		fr: `${src.fr} exprime les coordonnées en ${d.unit.name} (1 ${d.unit.name} = ${per.fr}), et Recette ne lit que des coordonnées en ${base.fr} (les tuiles et les surfaces sont calculées dans l’unité du système de coordonnées).${named.fr} Reprojetez la couche dans un système en mètres, comme le Lambert-93 (EPSG:2154), puis exportez-la à nouveau.`
	});
}
