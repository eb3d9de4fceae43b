/**
 * Recognise the EPSG code of a CRS given as WKT (shapefile .prj, GeoPackage srs definition, FlatGeobuf).
 *
 * Three strategies, in order:
 *  1. an EPSG authority on the outermost CRS: WKT1 `AUTHORITY["EPSG","2154"]`, WKT2 `ID["EPSG",2154]`;
 *  2. the CRS name: ESRI-style .prj files (most French shapefiles) carry no code, only names such as
 *     `RGF_1993_Lambert_93`, `RGF_1993_CC46`, `WGS_1984_UTM_Zone_31N`;
 *  3. the projection parameters (method, ellipsoid, prime meridian, origin, parallels, false
 *     easting/northing…) compared to a list of candidate CRSs, for renamed definitions.
 */
import type { CrsInfo } from '../../geo/types.ts';
import { InputError, type Localized } from '../errors.ts';
import { resolveEpsg } from './crs.ts';

// ---------------------------------------------------------------------------------------------- parser

type WktArg = string | number | WktNode | { enum: string };
interface WktNode {
	kw: string;
	args: WktArg[];
}

/** A WKT syntax error: `message` in English, `fr` in French, both ending with the offending offset. */
class WktSyntaxError extends Error {
	constructor(
		message: string,
		readonly fr: string
	) {
		super(message);
	}
}

/** Parse WKT1 or WKT2 into a tree; throws WktSyntaxError with the offending offset on bad syntax. */
function parseWkt(text: string): WktNode {
	let i = 0;
	const n = text.length;
	const ws = () => {
		while (i < n && /\s/.test(text[i])) i++;
	};
	const fail = (what: string, fr: string): never => {
		throw new WktSyntaxError(`${what} at character ${i + 1}`, `${fr} au caractère ${i + 1}`);
	};
	const ident = (): string => {
		const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 64));
		if (!m) fail('expected a keyword', 'mot-clé attendu');
		i += m![0].length;
		return m![0];
	};
	const node = (kw: string): WktNode => {
		const open = text[i];
		if (open !== '[' && open !== '(') fail(`expected "[" after ${kw}`, `« [ » attendu après ${kw}`);
		const close = open === '[' ? ']' : ')';
		i++;
		const args: WktArg[] = [];
		for (;;) {
			ws();
			const c = text[i];
			if (c === undefined) fail(`unterminated ${kw}[`, `${kw}[ non refermé`);
			if (c === close && args.length === 0) {
				i++;
				break;
			}
			if (c === '"') {
				let s = '';
				i++;
				for (;;) {
					if (i >= n) fail('unterminated string', 'chaîne non refermée');
					if (text[i] === '"') {
						if (text[i + 1] === '"') {
							s += '"';
							i += 2;
							continue;
						}
						i++;
						break;
					}
					s += text[i++];
				}
				args.push(s);
			} else if (/[-+.\d]/.test(c)) {
				const m = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(i, i + 64));
				if (!m) fail('bad number', 'nombre invalide');
				i += m![0].length;
				args.push(Number(m![0]));
			} else {
				const id = ident();
				ws();
				if (text[i] === '[' || text[i] === '(') args.push(node(id.toUpperCase()));
				else args.push({ enum: id });
			}
			ws();
			if (text[i] === ',') {
				i++;
				continue;
			}
			if (text[i] === close) {
				i++;
				break;
			}
			fail(`expected "," or "${close}" in ${kw}`, `« , » ou « ${close} » attendu dans ${kw}`);
		}
		return { kw, args };
	};
	ws();
	const kw = ident().toUpperCase();
	ws();
	const root = node(kw);
	ws();
	if (i < n) fail('unexpected text after the end of the definition', 'texte inattendu après la fin de la définition');
	return root;
}

const isNode = (a: WktArg): a is WktNode => typeof a === 'object' && 'kw' in a;
const child = (nd: WktNode | undefined, ...kws: string[]): WktNode | undefined =>
	nd?.args.find((a): a is WktNode => isNode(a) && kws.includes(a.kw));
const children = (nd: WktNode, ...kws: string[]): WktNode[] =>
	nd.args.filter((a): a is WktNode => isNode(a) && kws.includes(a.kw));
const nameOf = (nd: WktNode | undefined): string => (nd && typeof nd.args[0] === 'string' ? nd.args[0] : '');
const numArg = (nd: WktNode | undefined, i: number): number | undefined => {
	const v = nd?.args[i];
	return typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && !isNaN(Number(v)) ? Number(v) : undefined;
};

const PROJECTED = ['PROJCS', 'PROJCRS', 'PROJECTEDCRS'];
const GEOGRAPHIC = ['GEOGCS', 'GEOGCRS', 'GEOGRAPHICCRS', 'GEODCRS', 'GEODETICCRS'];

/** Lower-case, accents stripped, every run of non-alphanumerics turned into one '_'. */
function normalize(s: string): string {
	return s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_|_$/g, '');
}

/** The EPSG code of the node's own AUTHORITY/ID, if any. */
function epsgAuthority(nd: WktNode): number | null {
	for (const a of children(nd, 'AUTHORITY', 'ID')) {
		if (typeof a.args[0] === 'string' && a.args[0].toUpperCase() === 'EPSG') {
			const code = numArg(a, 1);
			if (code !== undefined && Number.isInteger(code)) return code;
		}
	}
	return null;
}

/** Unwrap COMPD_CS/COMPOUNDCRS/BOUNDCRS to the horizontal CRS (Z is dropped anyway). */
function horizontal(root: WktNode): WktNode {
	if (root.kw === 'BOUNDCRS') {
		const src = child(root, 'SOURCECRS');
		const inner = src?.args.find(isNode);
		return inner ? horizontal(inner) : root;
	}
	if (root.kw === 'COMPD_CS' || root.kw === 'COMPOUNDCRS') {
		const inner = root.args.find((a): a is WktNode => isNode(a) && (PROJECTED.includes(a.kw) || GEOGRAPHIC.includes(a.kw)));
		return inner ?? root;
	}
	return root;
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

// ------------------------------------------------------------------------------- parameter matching

type Kind = 'geog' | 'lcc1' | 'lcc2' | 'tmerc' | 'webmerc' | string;
interface Params {
	kind: Kind;
	/** Ellipsoid key from ELLIPSOIDS, or '?' */
	ellps: string;
	/** Prime meridian in degrees east of Greenwich; several readings when the WKT is ambiguous. */
	pm: number[];
	v: Partial<Record<'lat_0' | 'lon_0' | 'lat_1' | 'lat_2' | 'k' | 'x_0' | 'y_0', number>>;
}

const ELLIPSOIDS: Record<string, [number, number]> = {
	GRS80: [6378137, 298.257222101],
	WGS84: [6378137, 298.257223563],
	clrk80ign: [6378249.2, 293.4660212936269],
	intl: [6378388, 297],
	clrk66: [6378206.4, 294.9786982138982],
	bessel: [6377397.155, 299.1528128]
};

/** The named ellipsoid nearest to (a, 1/f), or '?' when none is close. */
function ellipsoidKey(a: number, rf: number): string {
	let best = '?';
	let bestD = Infinity;
	for (const [k, [ea, erf]] of Object.entries(ELLIPSOIDS)) {
		if (Math.abs(ea - a) > 1) continue;
		const d = Math.abs(erf - rf);
		if (d < 1e-3 && d < bestD) {
			best = k;
			bestD = d;
		}
	}
	return best;
}

const PARAM_ALIASES: Record<string, keyof Params['v']> = {
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

const RAD_TO_DEG = 180 / Math.PI;

/** Parameters of a WKT1 or WKT2 CRS in the normalised form used for comparison. */
function paramsFromWkt(crs: WktNode): Params | null {
	const geographic = GEOGRAPHIC.includes(crs.kw);
	const geog = geographic ? crs : child(crs, 'GEOGCS', 'BASEGEOGCRS', 'BASEGEODCRS');
	if (!geog) return null;
	const datum = child(geog, 'DATUM', 'GEODETICDATUM', 'TRF');
	const sph = child(datum ?? geog, 'SPHEROID', 'ELLIPSOID');
	const a = numArg(sph, 1), rf = numArg(sph, 2);
	if (a === undefined || rf === undefined) return null;
	// Angular unit of the geographic CRS, in degrees per unit (WKT1: parameters are expressed in it).
	const gUnit = child(geog, 'UNIT', 'ANGLEUNIT');
	const degPerUnit = (numArg(gUnit, 1) ?? Math.PI / 180) * RAD_TO_DEG;
	const pmv = numArg(child(geog, 'PRIMEM'), 1) ?? 0;
	// ESRI writes the prime meridian in degrees even in a grad GEOGCS, OGC in the GEOGCS unit: try both.
	const pm = [pmv, pmv * degPerUnit];
	const p: Params = { kind: 'geog', ellps: ellipsoidKey(a, rf), pm, v: {} };
	if (geographic) return p;

	const conv = child(crs, 'CONVERSION') ?? crs;
	const method = nameOf(child(conv, 'PROJECTION', 'METHOD'));
	p.kind = methodKind(method);
	const lUnit = children(crs, 'UNIT', 'LENGTHUNIT')[0];
	const mPerUnit = numArg(lUnit, 1) ?? 1;
	for (const par of children(conv, 'PARAMETER')) {
		const key = PARAM_ALIASES[normalize(nameOf(par))];
		const value = numArg(par, 1);
		if (!key || value === undefined) continue;
		const angle = key.startsWith('la') || key === 'lon_0';
		const unit = child(par, 'ANGLEUNIT', 'LENGTHUNIT', 'SCALEUNIT', 'UNIT');
		if (angle) v(p, key, unit ? value * (numArg(unit, 1) ?? Math.PI / 180) * RAD_TO_DEG : value * degPerUnit);
		else if (key === 'k') v(p, key, value);
		else v(p, key, value * (unit ? (numArg(unit, 1) ?? 1) : mPerUnit));
	}
	if (p.kind === 'lcc') normalizeLcc(p);
	return p;
}
function v(p: Params, k: keyof Params['v'], x: number) {
	p.v[k] = x;
}

const PM_DEG: Record<string, number> = { greenwich: 0, paris: 2.33722917 };

/** Parameters of a proj4 definition string, same normalised form. */
function paramsFromProj4(def: string): Params | null {
	const kv: Record<string, string> = {};
	for (const tok of def.trim().split(/\s+/)) {
		const m = /^\+([a-z_0-9]+)(?:=(.*))?$/.exec(tok);
		if (m) kv[m[1]] = m[2] ?? '';
	}
	let ellps = kv.ellps ?? (kv.datum === 'WGS84' ? 'WGS84' : '?');
	if (kv.a && kv.b && kv.a === kv.b) ellps = 'sphere';
	const pm = [kv.pm ? (PM_DEG[kv.pm] ?? Number(kv.pm)) : 0];
	const num = (k: string) => (kv[k] !== undefined ? Number(kv[k]) : undefined);
	const p: Params = { kind: '?', ellps, pm, v: {} };
	switch (kv.proj) {
		case 'longlat':
			p.kind = 'geog';
			return p;
		case 'utm': {
			const zone = Number(kv.zone);
			p.kind = 'tmerc';
			p.v = { lat_0: 0, lon_0: zone * 6 - 183, k: 0.9996, x_0: 500000, y_0: 'south' in kv ? 10000000 : 0 };
			return p;
		}
		case 'tmerc':
			p.kind = 'tmerc';
			p.v = { lat_0: num('lat_0') ?? 0, lon_0: num('lon_0') ?? 0, k: num('k') ?? num('k_0') ?? 1, x_0: num('x_0') ?? 0, y_0: num('y_0') ?? 0 };
			return p;
		case 'lcc':
			p.kind = 'lcc';
			p.v = { lat_0: num('lat_0') ?? 0, lon_0: num('lon_0') ?? 0, lat_1: num('lat_1'), lat_2: num('lat_2'), k: num('k_0') ?? num('k'), x_0: num('x_0') ?? 0, y_0: num('y_0') ?? 0 };
			for (const k of Object.keys(p.v) as (keyof Params['v'])[]) if (p.v[k] === undefined) delete p.v[k];
			normalizeLcc(p);
			return p;
		case 'merc':
			if (ellps === 'sphere') {
				p.kind = 'webmerc';
				p.v = { lon_0: num('lon_0') ?? 0, x_0: num('x_0') ?? 0, y_0: num('y_0') ?? 0 };
				return p;
			}
			return null;
		default:
			return null;
	}
}

function sameParams(w: Params, c: Params): boolean {
	if (w.kind !== c.kind) return false;
	// Web Mercator uses a sphere in proj4 but the WGS84 ellipsoid in WKT: method name is what counts.
	if (c.kind !== 'webmerc' && w.ellps !== c.ellps) return false;
	if (!w.pm.some((x) => Math.abs(x - c.pm[0]) < 1e-6)) return false;
	const keys = new Set([...Object.keys(w.v), ...Object.keys(c.v)]) as Set<keyof Params['v']>;
	for (const k of keys) {
		const def = k === 'k' ? 1 : 0;
		const a = w.v[k] ?? def, b = c.v[k] ?? def;
		const tol = k === 'x_0' || k === 'y_0' ? 1e-3 : k === 'k' ? 1e-9 : 1e-7;
		if (Math.abs(a - b) > tol) return false;
	}
	return true;
}

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
			const params = paramsFromProj4(resolveEpsg(code).proj4);
			if (params) list.push({ code, family, params });
		} catch {
			// A code missing from this epsg-index version is simply not a candidate.
		}
	}
	return (candidates = list);
}

// ------------------------------------------------------------------------------------------- public

const DEFAULT_SOURCE: Localized = { en: 'the .prj', fr: 'le fichier .prj' };

/**
 * The CRS described by a WKT (WKT1 or WKT2, OGC or ESRI flavour), resolved to an EPSG code.
 * @param source how to name the definition in error messages, at the start of a sentence after
 *   "file name: " (default "the .prj" / "le fichier .prj"); a plain string (a file name) serves both languages.
 * @throws InputError `unknown_crs` when no EPSG code can be recognised; `unknown_epsg` when the WKT
 *   names an EPSG code that does not exist.
 */
export function crsFromWkt(wkt: string, source: string | Localized = DEFAULT_SOURCE): CrsInfo {
	const src: Localized = typeof source === 'string' ? { en: source, fr: source } : source;
	const text = wkt.replace(/^\uFEFF/, '').trim();
	if (!text) {
		throw new InputError('unknown_crs', {
			en: `${src.en} is empty: it does not describe any coordinate reference system.`,
			fr: `${src.fr} est vide : aucun système de coordonnées n’y est décrit.`
		});
	}
	let root: WktNode;
	try {
		root = parseWkt(text);
	} catch (e) {
		const snippet = text.length > 60 ? `${text.slice(0, 60)}…` : text;
		const why = (e as Error).message;
		throw new InputError('unknown_crs', {
			en: `${src.en} is not a valid WKT CRS definition (${why}): "${snippet}".`,
			fr: `${src.fr} n’est pas une définition WKT de système de coordonnées valide (${e instanceof WktSyntaxError ? e.fr : why}) : « ${snippet} ».`
		});
	}

	// 1. Authority code on the outermost CRS (nested AUTHORITY nodes belong to the datum, the base CRS…).
	const outer = epsgAuthority(root);
	if (outer !== null) return resolveEpsg(outer);
	const crs = horizontal(root);
	const code = crs !== root ? epsgAuthority(crs) : null;
	if (code !== null) return resolveEpsg(code);

	const geographic = GEOGRAPHIC.includes(crs.kw);
	if (!geographic && !PROJECTED.includes(crs.kw)) {
		throw new InputError('unknown_crs', {
			en: `${src.en} describes a ${crs.kw} "${nameOf(crs)}", not a geographic or projected CRS we can use.`,
			fr: `${src.fr} décrit un ${crs.kw} « ${nameOf(crs)} », et non un système de coordonnées géographiques ou projetées que nous pouvons utiliser.`
		});
	}

	// 2. Well-known names.
	const byName = codeFromName(nameOf(crs), geographic);
	if (byName !== null) {
		try {
			return resolveEpsg(byName);
		} catch {
			// fall through to the parameters
		}
	}

	// 3. Parameters.
	const params = paramsFromWkt(crs);
	const projection = geographic ? '' : nameOf(child(child(crs, 'CONVERSION') ?? crs, 'PROJECTION', 'METHOD'));
	const method: Localized = geographic
		? { en: 'geographic', fr: 'géographique' }
		: projection
			? { en: projection, fr: projection }
			: { en: 'no projection', fr: 'sans projection' };
	if (params) {
		const matches = candidateList().filter((c) => sameParams(params, c.params));
		let pick = matches;
		if (matches.length > 1) {
			const names = [crs, child(crs, 'GEOGCS', 'BASEGEOGCRS', 'BASEGEODCRS'), child(crs, 'DATUM', 'GEODETICDATUM')]
				.concat(child(child(crs, 'GEOGCS', 'BASEGEOGCRS', 'BASEGEODCRS'), 'DATUM', 'GEODETICDATUM', 'TRF'))
				.map((nd) => canonicalName(nameOf(nd)))
				.join(' ');
			const families = FAMILY_TESTS.filter(([, re]) => names.split(' ').some((n) => re.test(n))).map(([f]) => f);
			pick = matches.filter((c) => families.includes(c.family));
		}
		if (pick.length === 1) return resolveEpsg(pick[0].code);
		if (matches.length > 1) {
			const codes = matches.map((c) => `EPSG:${c.code}`).join(', ');
			throw new InputError('unknown_crs', {
				en: `${src.en} describes a CRS we cannot match to a single EPSG code: "${nameOf(crs)}" has the parameters of ${codes}. Save the layer with an explicit EPSG code (e.g. export it as GeoPackage).`,
				fr: `${src.fr} décrit un système de coordonnées que nous ne pouvons pas rattacher à un code EPSG unique : « ${nameOf(crs)} » a les paramètres de ${codes}. Enregistrez la couche avec un code EPSG explicite (par exemple en l’exportant en GeoPackage).`
			});
		}
	}
	throw new InputError('unknown_crs', {
		en: `${src.en} describes a CRS we cannot match to an EPSG code: "${nameOf(crs)}" (${method.en}). Reproject the layer to a standard CRS such as Lambert-93 (EPSG:2154) or save it with an EPSG code.`,
		fr: `${src.fr} décrit un système de coordonnées que nous ne pouvons rattacher à aucun code EPSG : « ${nameOf(crs)} » (${method.fr}). Reprojetez la couche dans un système de coordonnées courant comme le Lambert-93 (EPSG:2154) ou enregistrez-la avec un code EPSG.`
	});
}
