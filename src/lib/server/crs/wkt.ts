/**
 * CRS definitions as text — WKT1 (OGC or ESRI, the .prj of shapefiles), WKT2 (GeoPackage, FlatGeobuf)
 * or PROJJSON — resolved to an EPSG CRS. This file reads the syntax into a {@link CrsDescription};
 * identify.ts decides which CRS that is (by parameters and unit, checking any code or name).
 */
import type { CrsInfo } from '../../geo/types.ts';
import { InputError, type Localized } from '../errors.ts';
import { buildParams, identifyCrs, isAngle, paramKey, type CrsDescription, type Params } from './identify.ts';
import { describeProjjson } from './projjson.ts';

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

// ------------------------------------------------------------------------------------- description

const RAD_TO_DEG = 180 / Math.PI;
const DATUM = ['DATUM', 'GEODETICDATUM', 'TRF', 'ENSEMBLE'];

/** Parameters of a WKT1 or WKT2 CRS, normalised (see identify.ts). */
function paramsFromWkt(crs: WktNode, geographic: boolean): Params | null {
	const geog = geographic ? crs : child(crs, 'GEOGCS', 'BASEGEOGCRS', 'BASEGEODCRS');
	if (!geog) return null;
	const datum = child(geog, ...DATUM);
	const sph = child(datum ?? geog, 'SPHEROID', 'ELLIPSOID');
	const a = numArg(sph, 1), rf = numArg(sph, 2);
	if (a === undefined || rf === undefined) return null;
	// Angular unit of the geographic CRS, in degrees per unit (WKT1: parameters are expressed in it).
	const degPerUnit = (numArg(child(geog, 'UNIT', 'ANGLEUNIT'), 1) ?? Math.PI / 180) * RAD_TO_DEG;
	const primem = child(geog, 'PRIMEM');
	const pmv = numArg(primem, 1) ?? 0;
	const pmUnit = child(primem, 'ANGLEUNIT', 'UNIT');
	// WKT2 gives the prime meridian's unit. WKT1: ESRI writes it in degrees even in a grad GEOGCS,
	// OGC in the GEOGCS unit: try both.
	const pm = pmUnit ? [pmv * (numArg(pmUnit, 1) ?? Math.PI / 180) * RAD_TO_DEG] : [pmv, pmv * degPerUnit];
	if (geographic) return buildParams(null, a, rf, pm, {});

	const conv = child(crs, 'CONVERSION') ?? crs;
	const method = nameOf(child(conv, 'PROJECTION', 'METHOD'));
	const mPerUnit = numArg(children(crs, 'UNIT', 'LENGTHUNIT')[0], 1) ?? 1;
	const values: Parameters<typeof buildParams>[4] = {};
	for (const par of children(conv, 'PARAMETER')) {
		const key = paramKey(nameOf(par));
		const value = numArg(par, 1);
		if (!key || value === undefined) continue;
		const unit = child(par, 'ANGLEUNIT', 'LENGTHUNIT', 'SCALEUNIT', 'UNIT');
		if (isAngle(key)) values[key] = unit ? value * (numArg(unit, 1) ?? Math.PI / 180) * RAD_TO_DEG : value * degPerUnit;
		else if (key === 'k') values[key] = value;
		else values[key] = value * (unit ? (numArg(unit, 1) ?? 1) : mPerUnit);
	}
	return buildParams(method, a, rf, pm, values);
}

/**
 * Unit of the coordinates: the CRS's own UNIT (WKT1) or LENGTHUNIT/ANGLEUNIT (WKT2), else the first
 * axis's. Metres per unit for a projected CRS, degrees per unit for a geographic one.
 */
function unitOf(crs: WktNode, projected: boolean): CrsDescription['unit'] {
	const kws = projected ? ['UNIT', 'LENGTHUNIT'] : ['UNIT', 'ANGLEUNIT'];
	const axis = crs.kw === 'PROJCS' || crs.kw === 'GEOGCS' ? undefined : child(crs, 'AXIS');
	const u = child(crs, ...kws) ?? child(axis, ...kws);
	const factor = numArg(u, 1);
	if (!u || factor === undefined || !(factor > 0)) return null;
	return { name: nameOf(u), factor: projected ? factor : factor * RAD_TO_DEG };
}

function describeWkt(root: WktNode): CrsDescription {
	const crs = horizontal(root);
	// The outermost code: nested AUTHORITY nodes belong to the datum, the base CRS…
	const epsg = epsgAuthority(root) ?? (crs !== root ? epsgAuthority(crs) : null);
	const projected = PROJECTED.includes(crs.kw);
	const geographic = GEOGRAPHIC.includes(crs.kw);
	const geog = geographic ? crs : child(crs, 'GEOGCS', 'BASEGEOGCRS', 'BASEGEODCRS');
	return {
		kind: projected ? 'projected' : geographic ? 'geographic' : 'other',
		type: crs.kw,
		name: nameOf(crs),
		epsg,
		names: [crs, geog, child(geog, ...DATUM), child(crs, ...DATUM)].map(nameOf).filter(Boolean),
		method: projected ? nameOf(child(child(crs, 'CONVERSION') ?? crs, 'PROJECTION', 'METHOD')) : '',
		params: projected || geographic ? paramsFromWkt(crs, geographic) : null,
		unit: projected || geographic ? unitOf(crs, projected) : null
	};
}

// ------------------------------------------------------------------------------------------- public

const DEFAULT_SOURCE: Localized = { en: 'the .prj', fr: 'le fichier .prj' };

/**
 * The CRS described by a WKT (WKT1 or WKT2, OGC or ESRI flavour) or PROJJSON text, resolved to an
 * EPSG code. A byte-order mark, surrounding blank lines and trailing NUL bytes (some writers pad
 * .prj files with them) are ignored.
 * @param source how to name the definition in error messages, at the start of a sentence after
 *   "file name: " (default "the .prj" / "le fichier .prj"); a plain string (a file name) serves both languages.
 * @throws InputError `unknown_crs` when no EPSG code can be recognised; `crs_mismatch` when its code
 *   or name disagrees with its parameters; `crs_unit` when its coordinates are not in metres (or
 *   degrees); `unknown_epsg` when it names an EPSG code that does not exist.
 */
export function crsFromWkt(wkt: string, source: string | Localized = DEFAULT_SOURCE): CrsInfo {
	const src: Localized = typeof source === 'string' ? { en: source, fr: source } : source;
	const text = wkt.replace(/^[\s\uFEFF\0]+|[\s\0]+$/g, '');
	if (!text) {
		throw new InputError('unknown_crs', {
			en: `${src.en} is empty: it does not describe any coordinate reference system.`,
			fr: `${src.fr} est vide : aucun système de coordonnées n’y est décrit.`
		});
	}
	if (text.startsWith('{')) return identifyCrs(describeProjjson(text, src), src);
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
	return identifyCrs(describeWkt(root), src);
}
