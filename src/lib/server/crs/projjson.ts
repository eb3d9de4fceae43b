/**
 * PROJJSON (https://proj.org/specifications/projjson.html), the JSON form of WKT2 that PROJ, QGIS
 * and GDAL write, read into a {@link CrsDescription}. Only what identifies a horizontal CRS is read:
 * kind, name, id, datum names, ellipsoid, prime meridian, conversion method and parameters, axis unit.
 */
import { InputError, type Localized } from '../errors.ts';
import { buildParams, isAngle, paramKey, type CrsDescription, type Params } from './identify.ts';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Units PROJJSON names without a conversion factor (the spec's predefined ones), per base unit. */
const LINEAR: Record<string, number> = { metre: 1, meter: 1, kilometre: 1000, foot: 0.3048, 'us survey foot': 1200 / 3937 };
const ANGULAR: Record<string, number> = { degree: 1, grad: 0.9, radian: 180 / Math.PI, 'arc-second': 1 / 3600, 'arc-minute': 1 / 60 };
const RAD_TO_DEG = 180 / Math.PI;

/**
 * A unit as {name, factor}: `factor` in metres (linear) or degrees (angular) per unit. A unit is a
 * string naming a predefined unit, or {type, name, conversion_factor} (factor to metres or radians).
 * Missing: the default (metre, degree). Unknown: null.
 */
function unitOf(u: unknown, angular: boolean): { name: string; factor: number } | null {
	if (u === undefined) return { name: angular ? 'degree' : 'metre', factor: 1 };
	if (typeof u === 'string') {
		const f = (angular ? ANGULAR : LINEAR)[u.toLowerCase()];
		return f === undefined ? null : { name: u, factor: f };
	}
	const o = obj(u);
	const f = o?.conversion_factor;
	if (typeof f !== 'number' || !(f > 0)) return null;
	return { name: str(o!.name), factor: angular ? f * RAD_TO_DEG : f };
}

/** A value that PROJJSON writes as a number or as {value, unit}, in degrees or metres. */
function measure(v: unknown, angular: boolean): number | undefined {
	if (typeof v === 'number') return v;
	const o = obj(v);
	if (!o || typeof o.value !== 'number') return undefined;
	return o.value * (unitOf(o.unit, angular)?.factor ?? 1);
}

function epsgOf(o: Json): number | null {
	const ids = [obj(o.id), ...(Array.isArray(o.ids) ? o.ids.map(obj) : [])];
	for (const id of ids) {
		if (id && str(id.authority).toUpperCase() === 'EPSG') {
			const code = Number(id.code);
			if (Number.isInteger(code)) return code;
		}
	}
	return null;
}

/** Unwrap BoundCRS and CompoundCRS to the horizontal CRS (heights are dropped anyway). */
function horizontal(o: Json): Json {
	if (o.type === 'BoundCRS' && obj(o.source_crs)) return horizontal(obj(o.source_crs)!);
	if (o.type === 'CompoundCRS' && Array.isArray(o.components)) {
		const inner = o.components.map(obj).find((c) => c && /^(Projected|Geographic|Geodetic)CRS$/.test(str(c.type)));
		if (inner) return horizontal(inner);
	}
	return o;
}

function params(crs: Json, projected: boolean): Params | null {
	const base = projected ? obj(crs.base_crs) : crs;
	if (!base) return null;
	const datum = obj(base.datum) ?? obj(base.datum_ensemble);
	const ellipsoid = obj(datum?.ellipsoid);
	if (!ellipsoid) return null;
	const a = measure(ellipsoid.semi_major_axis ?? ellipsoid.radius, false);
	if (a === undefined) return null;
	const b = measure(ellipsoid.semi_minor_axis, false);
	const rf = typeof ellipsoid.inverse_flattening === 'number' ? ellipsoid.inverse_flattening : b !== undefined && b !== a ? a / (a - b) : 0;
	const pmObj = obj(datum?.prime_meridian) ?? obj(base.prime_meridian);
	const pm = [pmObj ? (measure(pmObj.longitude, true) ?? 0) : 0];
	if (!projected) return buildParams(null, a, rf, pm, {});
	const conversion = obj(crs.conversion);
	const values: Parameters<typeof buildParams>[4] = {};
	for (const par of Array.isArray(conversion?.parameters) ? conversion.parameters.map(obj) : []) {
		const key = par && paramKey(str(par.name));
		if (!key || typeof par.value !== 'number') continue;
		const unit = unitOf(par.unit, isAngle(key));
		values[key] = key === 'k' ? par.value : par.value * (unit?.factor ?? 1);
	}
	return buildParams(str(obj(conversion?.method)?.name), a, rf, pm, values);
}

/**
 * Read a PROJJSON text into a description.
 * @throws InputError `unknown_crs` when it is not JSON, or not a CRS.
 */
export function describeProjjson(text: string, src: Localized): CrsDescription {
	let doc: Json | undefined;
	try {
		doc = obj(JSON.parse(text));
	} catch (e) {
		const why = (e as Error).message.split('\n')[0];
		throw new InputError('unknown_crs', { en: `${src.en} is not valid PROJJSON (${why}).`, fr: `${src.fr} n’est pas un PROJJSON valide (${why}).` });
	}
	const type = str(doc?.type);
	if (!doc || !/CRS$/.test(type)) {
		throw new InputError('unknown_crs', {
			en: `${src.en} is JSON but not a PROJJSON coordinate reference system (its "type" is ${type ? `"${type}"` : 'missing'}).`,
			fr: `${src.fr} est du JSON mais pas un système de coordonnées PROJJSON (son « type » est ${type ? `« ${type} »` : 'absent'}).`
		});
	}
	const crs = horizontal(doc);
	const cs = obj(crs.coordinate_system);
	const projected = crs.type === 'ProjectedCRS';
	// A GeodeticCRS is geographic when its coordinate system is ellipsoidal (else geocentric).
	const geographic = crs.type === 'GeographicCRS' || (crs.type === 'GeodeticCRS' && cs?.subtype === 'ellipsoidal');
	const base = projected ? obj(crs.base_crs) : crs;
	const datum = obj(base?.datum) ?? obj(base?.datum_ensemble);
	const axis = Array.isArray(cs?.axis) ? obj(cs.axis[0]) : undefined;
	return {
		kind: projected ? 'projected' : geographic ? 'geographic' : 'other',
		type: str(crs.type),
		name: str(crs.name),
		epsg: epsgOf(crs) ?? (crs !== doc ? epsgOf(doc) : null),
		names: [crs.name, base?.name, datum?.name].map(str).filter(Boolean),
		method: projected ? str(obj(obj(crs.conversion)?.method)?.name) : '',
		params: projected || geographic ? params(crs, projected) : null,
		unit: projected || geographic ? unitOf(axis?.unit, !projected) : null
	};
}
