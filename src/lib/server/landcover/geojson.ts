/**
 * GeoJSON reader: the whole FeatureCollection is parsed with JSON.parse (fast, and fine up to the size
 * limit); one validation pass at open time collects fields, extent and geometry types so that errors
 * (bad coordinates, no polygon at all) surface before the import starts. A document nested deeper than
 * any land cover needs is refused before parsing (jsonDepth), so no recursive code after it can
 * overflow the stack. Parsing a large file takes seconds of CPU: the web server calls this reader in a
 * worker thread (uploads/off-thread.ts), imports run in their own process.
 */
import { readFileSync } from 'node:fs';
import type { BBox, CrsInfo, LandcoverFeature, MultiPolygon, Polygon } from '../../geo/types.ts';
import { resolveEpsg, WGS84 } from '../crs/crs.ts';
import { InputError } from '../errors.ts';
import { checkField, classCodeOf, distinctStrings, emptyStats, fmtBytes, prefixed, resetStats, countSkippedType, checkNotAllSkipped } from './common.ts';
import type { LandcoverDataset, OpenLandcoverOptions } from './types.ts';

/** V8 cannot build strings longer than ~512 MiB; stay below. */
export const MAX_GEOJSON_BYTES = 500 * 2 ** 20;

/**
 * Deepest nesting of arrays and objects accepted. Land cover needs 8 (collection, features, feature,
 * geometry, then a MultiPolygon's 4 levels of coordinate arrays); the rest leaves room for structured
 * properties. JSON.parse itself copes with any depth, but the recursive code after it (JSON.stringify
 * of properties when importing, String() of a value, messages quoting a value) overflows the stack
 * somewhere past a few thousand levels.
 */
export const MAX_GEOJSON_DEPTH = 64;

/**
 * Deepest nesting of arrays and objects in a JSON text, brackets inside strings excluded. Works on the
 * bytes as stored (`[ { " \` are ASCII and never occur inside a UTF-8 multi-byte character), in one
 * loop without recursion, so it can guard the recursive code that follows on any input, valid or not.
 */
export function jsonDepth(bytes: Uint8Array): number {
	let depth = 0;
	let max = 0;
	const n = bytes.length;
	for (let i = 0; i < n; i++) {
		const c = bytes[i];
		if (c === 0x22) {
			// A string: skip to its closing quote (a backslash escapes the byte after it, \" included).
			for (i++; i < n; i++) {
				const d = bytes[i];
				if (d === 0x22) break;
				if (d === 0x5c) i++;
			}
		} else if (c === 0x5b || c === 0x7b) {
			if (++depth > max) max = depth;
		} else if (c === 0x5d || c === 0x7d) depth--;
	}
	return max;
}

/** A 422 for a document nested deeper than MAX_GEOJSON_DEPTH, saying how deep it is. */
function tooDeep(name: string, depth: number): InputError {
	const en = depth.toLocaleString('en-GB');
	const fr = depth.toLocaleString('fr-FR');
	return new InputError(
		'too_deep',
		{
			en: `${name} is nested ${en} levels deep (arrays and objects inside one another): a land-cover GeoJSON needs about 8, since a geometry has at most 4 levels of arrays, and at most ${MAX_GEOJSON_DEPTH} are accepted. Export the file again from your GIS software.`,
			fr: `${name} est imbriqué sur ${fr} niveaux (tableaux et objets les uns dans les autres) : un GeoJSON d’occupation du sol en utilise environ 8, car une géométrie a au plus 4 niveaux de tableaux, et ${MAX_GEOJSON_DEPTH} au plus sont acceptés. Exportez à nouveau le fichier depuis votre logiciel SIG.`
		},
		422
	);
}

interface GjGeometry {
	type: string;
	coordinates?: unknown;
}
interface GjFeature {
	type?: string;
	id?: unknown;
	geometry: GjGeometry | null;
	properties?: Record<string, unknown> | null;
}

/** Line and column (1-based) of a character offset, for messages about text files. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
	let line = 1;
	let lineStart = 0;
	for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
		line++;
		lineStart = i + 1;
	}
	return { line, column: offset - lineStart + 1 };
}

/**
 * Offset of the first JSON syntax error in `s` (only called after JSON.parse failed, whose message
 * does not always give a position), with a short description in English (`what`) and French (`whatFr`).
 */
export function findJsonError(s: string): { offset: number; what: string; whatFr: string } {
	let i = 0;
	const n = s.length;
	class Stop {
		constructor(
			readonly what: string,
			readonly whatFr: string
		) {}
	}
	const eof = () => new Stop('unexpected end of file (is it truncated?)', 'fin de fichier inattendue (le fichier est-il incomplet ?)');
	/** End of file, or `expected <en>, found <char>`. */
	const expected = (en: string, fr: string) => {
		if (i >= n) return eof();
		const found = JSON.stringify(s[i]);
		return new Stop(`expected ${en}, found ${found}`, `${fr} attendu, mais ${found} trouvé`);
	};
	const ws = () => {
		for (; i < n; i++) {
			const c = s.charCodeAt(i);
			if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 0xfeff) break;
		}
	};
	const unexpected = (): never => {
		throw i >= n ? eof() : new Stop(`unexpected character ${JSON.stringify(s[i])}`, `caractère inattendu ${JSON.stringify(s[i])}`);
	};
	const str = () => {
		i++;
		for (;;) {
			if (i >= n) unexpected();
			const c = s.charCodeAt(i);
			if (c === 34) {
				i++;
				return;
			}
			if (c < 32) throw new Stop('control character inside a string (unescaped line break?)', 'caractère de contrôle dans une chaîne (retour à la ligne non échappé ?)');
			if (c === 92) {
				const e = s[i + 1];
				if (e === 'u') {
					if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) {
						i++;
						throw new Stop('invalid \\u escape', 'séquence d’échappement \\u invalide');
					}
					i += 6;
				} else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
				else {
					i++;
					throw new Stop('invalid escape in a string', 'séquence d’échappement invalide dans une chaîne');
				}
			} else i++;
		}
	};
	const value = (depth: number): void => {
		if (depth > 1000) throw new Stop('nesting too deep', 'imbrication trop profonde');
		ws();
		const c = s[i];
		if (c === '{') {
			i++;
			ws();
			if (s[i] === '}') {
				i++;
				return;
			}
			for (;;) {
				ws();
				if (s[i] !== '"') {
					if (s[i] === '}') throw new Stop('trailing comma before "}"', 'virgule en trop avant « } »');
					throw expected('a property name in double quotes', 'nom de propriété entre guillemets doubles');
				}
				str();
				ws();
				if (s[i] !== ':') throw expected('":" after a property name', '« : » après un nom de propriété');
				i++;
				value(depth + 1);
				ws();
				if (s[i] === ',') {
					i++;
					continue;
				}
				if (s[i] === '}') {
					i++;
					return;
				}
				throw expected('"," or "}"', '« , » ou « } »');
			}
		}
		if (c === '[') {
			i++;
			ws();
			if (s[i] === ']') {
				i++;
				return;
			}
			for (;;) {
				ws();
				if (s[i] === ']') throw new Stop('trailing comma before "]"', 'virgule en trop avant « ] »');
				value(depth + 1);
				ws();
				if (s[i] === ',') {
					i++;
					continue;
				}
				if (s[i] === ']') {
					i++;
					return;
				}
				throw expected('"," or "]"', '« , » ou « ] »');
			}
		}
		if (c === '"') return str();
		const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(s.slice(i, i + 400));
		if (m && m[0].length) {
			i += m[0].length;
			return;
		}
		for (const lit of ['true', 'false', 'null']) {
			if (s.startsWith(lit, i)) {
				i += lit.length;
				return;
			}
		}
		unexpected();
	};
	try {
		value(0);
		ws();
		if (i < n) {
			const found = JSON.stringify(s[i]);
			throw new Stop(`unexpected text after the end of the JSON document: ${found}`, `texte inattendu après la fin du document JSON : ${found}`);
		}
		return { offset: -1, what: 'unknown error', whatFr: 'erreur inconnue' };
	} catch (e) {
		if (e instanceof Stop) return { offset: i, what: e.what, whatFr: e.whatFr };
		return { offset: i, what: 'nesting too deep', whatFr: 'imbrication trop profonde' };
	}
}

function crsOf(name: string, crs: unknown): CrsInfo {
	if (crs === undefined || crs === null) return WGS84;
	const c = crs as { type?: string; properties?: { name?: unknown; code?: unknown } };
	const text = c.properties?.name ?? (c.type?.toUpperCase() === 'EPSG' ? c.properties?.code : undefined);
	const s = String(text ?? '');
	if (/CRS:?84$|CRS84$/i.test(s)) return WGS84;
	const m = /EPSG(?::[\d.]*)?::?(\d+)$/i.exec(s) ?? (/^\d+$/.test(s) ? [s, s] : null);
	if (!m) {
		const member = JSON.stringify(crs).slice(0, 120);
		throw new InputError('unknown_crs', {
			en: `${name}: its "crs" member (${member}) does not name an EPSG code. Remove it (GeoJSON is WGS 84 by definition) or use "EPSG:XXXX".`,
			fr: `${name} : sa propriété « crs » (${member}) n’indique pas de code EPSG. Supprimez-la (un GeoJSON est en WGS 84 par définition) ou indiquez « EPSG:XXXX ».`
		});
	}
	try {
		return resolveEpsg(Number(m[1]));
	} catch (e) {
		if (e instanceof InputError) throw prefixed(name, e);
		throw e;
	}
}

/** Validate polygon coordinates and grow `acc` (bbox); returns false when the geometry has no vertex. */
function scanPolygon(coords: unknown, acc: number[], name: string, k: number): boolean {
	if (!Array.isArray(coords)) {
		throw new InputError('corrupt_file', {
			en: `${name}: feature ${k + 1}: polygon coordinates must be an array of rings.`,
			fr: `${name} : entité ${k + 1} : les coordonnées d’un polygone doivent être une liste de contours (anneaux).`
		});
	}
	let any = false;
	for (const ring of coords) {
		if (!Array.isArray(ring)) {
			throw new InputError('corrupt_file', {
				en: `${name}: feature ${k + 1}: a polygon ring must be an array of positions.`,
				fr: `${name} : entité ${k + 1} : un contour (anneau) de polygone doit être une liste de positions.`
			});
		}
		for (const pt of ring) {
			const x = (pt as number[])?.[0], y = (pt as number[])?.[1];
			if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
				const pos = JSON.stringify(pt)?.slice(0, 60);
				throw new InputError('corrupt_file', {
					en: `${name}: feature ${k + 1}: invalid position ${pos} (expected [x, y] numbers).`,
					fr: `${name} : entité ${k + 1} : position invalide ${pos} (deux nombres [x, y] sont attendus).`
				});
			}
			if (x < acc[0]) acc[0] = x;
			if (y < acc[1]) acc[1] = y;
			if (x > acc[2]) acc[2] = x;
			if (y > acc[3]) acc[3] = y;
			any = true;
		}
	}
	return any;
}

function toPolygon(coords: number[][][], bb: number[]): Polygon {
	const poly: Polygon = new Array(coords.length);
	for (let r = 0; r < coords.length; r++) {
		const pts = coords[r];
		const ring = new Float64Array(pts.length * 2);
		for (let i = 0; i < pts.length; i++) {
			const x = pts[i][0], y = pts[i][1];
			ring[2 * i] = x;
			ring[2 * i + 1] = y;
			if (x < bb[0]) bb[0] = x;
			if (y < bb[1]) bb[1] = y;
			if (x > bb[2]) bb[2] = x;
			if (y > bb[3]) bb[3] = y;
		}
		poly[r] = ring;
	}
	return poly;
}

/** Open a GeoJSON FeatureCollection (or a single Feature / bare geometry). */
export function openGeojson(path: string, name: string, size: number, opts: OpenLandcoverOptions = {}): LandcoverDataset {
	const limit = Math.min(opts.maxUncompressedBytes ?? Infinity, MAX_GEOJSON_BYTES);
	if (size > limit) {
		throw new InputError(
			'file_too_large',
			{
				en: `${name} is ${fmtBytes(size)}, more than the ${fmtBytes(limit)} we accept for GeoJSON (it is parsed in memory). Convert it to GeoPackage or FlatGeobuf.`,
				fr: `${name} fait ${fmtBytes(size, 'fr')}, plus que les ${fmtBytes(limit, 'fr')} acceptés pour un GeoJSON (il est lu entièrement en mémoire). Convertissez-le en GeoPackage ou en FlatGeobuf.`
			},
			413
		);
	}
	let text: string;
	{
		// Scoped so the bytes can be collected once decoded: the file is held once, not twice, while parsing.
		const bytes = readFileSync(path);
		const depth = jsonDepth(bytes);
		if (depth > MAX_GEOJSON_DEPTH) throw tooDeep(name, depth);
		text = bytes.toString('utf8');
	}
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	let doc: unknown;
	try {
		doc = JSON.parse(text);
	} catch {
		const { offset, what, whatFr } = findJsonError(text);
		const { line, column } = lineColumn(text, Math.max(0, offset));
		throw new InputError('corrupt_file', {
			en: `${name} is not valid JSON: ${what} at line ${line}, column ${column} (character ${offset + 1}).`,
			fr: `${name} n’est pas un JSON valide : ${whatFr} à la ligne ${line}, colonne ${column} (caractère ${offset + 1}).`
		});
	}
	text = '';
	const obj = doc as { type?: unknown; features?: unknown; crs?: unknown; geometry?: unknown; coordinates?: unknown };
	let features: GjFeature[];
	if (obj && obj.type === 'FeatureCollection' && Array.isArray(obj.features)) features = obj.features as GjFeature[];
	else if (obj && obj.type === 'Feature') features = [obj as GjFeature];
	else if (obj && typeof obj.type === 'string' && 'coordinates' in obj) features = [{ type: 'Feature', geometry: obj as GjGeometry, properties: {} }];
	else {
		const isObject = obj && typeof obj === 'object' && !Array.isArray(obj);
		const type = isObject ? JSON.stringify(obj.type ?? null) : '';
		const t = isObject ? `"type": ${type}` : Array.isArray(obj) ? 'an array' : typeof obj;
		const tFr = isObject ? `son « type » vaut ${type}` : Array.isArray(obj) ? 'c’est un tableau' : `c’est une valeur de type ${typeof obj}`;
		throw new InputError('wrong_format', {
			en: `${name} is JSON but not a GeoJSON FeatureCollection (found ${t}).`,
			fr: `${name} est bien du JSON, mais pas une FeatureCollection GeoJSON (${tFr}).`
		});
	}
	const crs = crsOf(name, obj.crs);

	// Validation pass: fields, extent, geometry types.
	const fieldSet = new Set<string>();
	const fields: string[] = [];
	const acc = [Infinity, Infinity, -Infinity, -Infinity];
	let polygons = 0;
	const others: Record<string, number> = {};
	for (let k = 0; k < features.length; k++) {
		const f = features[k];
		if (!f || typeof f !== 'object') {
			throw new InputError('corrupt_file', { en: `${name}: feature ${k + 1} is not an object.`, fr: `${name} : l’entité ${k + 1} n’est pas un objet JSON.` });
		}
		const props = f.properties;
		if (props && typeof props === 'object') {
			for (const key in props) {
				if (!fieldSet.has(key)) {
					fieldSet.add(key);
					fields.push(key);
				}
			}
		}
		const g = f.geometry;
		if (!g) continue;
		if (g.type === 'Polygon') {
			if (scanPolygon(g.coordinates, acc, name, k)) polygons++;
		} else if (g.type === 'MultiPolygon') {
			if (!Array.isArray(g.coordinates)) {
				throw new InputError('corrupt_file', {
					en: `${name}: feature ${k + 1}: MultiPolygon coordinates must be an array of polygons.`,
					fr: `${name} : entité ${k + 1} : les coordonnées d’un MultiPolygon doivent être une liste de polygones.`
				});
			}
			let any = false;
			for (const p of g.coordinates) any = scanPolygon(p, acc, name, k) || any;
			if (any) polygons++;
		} else {
			others[String(g.type)] = (others[String(g.type)] ?? 0) + 1;
		}
	}
	checkField(name, fields, opts.classField);
	if (features.length === 0) throw new InputError('empty_dataset', { en: `${name} contains no feature.`, fr: `${name} ne contient aucune entité.` });
	if (polygons === 0) {
		const found = Object.entries(others).map(([t, n]) => `${n} ${t}`);
		throw new InputError('empty_dataset', {
			en: `${name} contains no polygon${found.length ? ` (found ${found.join(', ')})` : ' (all geometries are null or empty)'}. Land cover must be made of Polygon or MultiPolygon features.`,
			fr: `${name} ne contient aucun polygone${found.length ? ` (géométries trouvées : ${found.join(', ')})` : ' (toutes les géométries sont vides ou absentes)'}. L’occupation du sol doit être composée d’entités Polygon ou MultiPolygon.`
		});
	}
	const classField = opts.classField;
	const stats = emptyStats();

	function* iterate(): Generator<LandcoverFeature> {
		resetStats(stats);
		for (let k = 0; k < features.length; k++) {
			const f = features[k];
			const g = f.geometry;
			if (!g) {
				stats.skippedEmpty++;
				continue;
			}
			const bb = [Infinity, Infinity, -Infinity, -Infinity];
			let geometry: MultiPolygon;
			if (g.type === 'Polygon') geometry = [toPolygon(g.coordinates as number[][][], bb)];
			else if (g.type === 'MultiPolygon') geometry = (g.coordinates as number[][][][]).map((p) => toPolygon(p, bb));
			else {
				countSkippedType(stats, String(g.type));
				continue;
			}
			if (bb[0] > bb[2]) {
				stats.skippedEmpty++;
				continue;
			}
			const properties = f.properties && typeof f.properties === 'object' ? f.properties : {};
			stats.polygons++;
			yield {
				fid: typeof f.id === 'number' && Number.isSafeInteger(f.id) ? f.id : k + 1,
				classCode: classField !== undefined ? classCodeOf(properties[classField]) : '',
				geometry,
				bbox: bb as BBox,
				properties
			};
		}
		checkNotAllSkipped(name, stats);
	}

	return {
		format: 'geojson',
		name,
		crs,
		fields,
		featureCount: features.length,
		bbox: acc as BBox,
		layer: null,
		layers: [],
		classField: classField ?? null,
		features: iterate,
		sampleValues(field: string, n = 20) {
			checkField(name, fields, field, 'unknown_field');
			return distinctStrings(
				(function* () {
					for (const f of features) yield f.properties?.[field];
				})(),
				n
			);
		},
		stats,
		close() {
			features = [];
		}
	};
}
