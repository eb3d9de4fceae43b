/**
 * Shapefile reader (.shp geometry + .dbf attributes + .prj CRS + .cpg encoding), from a zip archive
 * (in memory, see zip.ts) or from sidecar files next to a .shp path.
 *
 * Written here rather than with the `shapefile` package: everything is in memory already, and reading
 * synchronously lets the dataset expose the same fast synchronous iterator as the other formats.
 * Shapefile polygons are flat lists of rings: exteriors are clockwise, holes counter-clockwise; we
 * rebuild (multi)polygons by assigning each hole to the smallest exterior that contains it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { BBox, CrsInfo, LandcoverFeature, MultiPolygon, Polygon } from '../../geo/types.ts';
import { crsFromWkt } from '../crs/wkt.ts';
import { InputError } from '../errors.ts';
import { decodeTextFile } from '../text-decoding.ts';
import { openDbf, readDbfRecord } from './dbf.ts';
import { checkField, checkNotAllSkipped, classCodeOf, countSkippedType, distinctStrings, emptyStats, prefixed, resetStats } from './common.ts';
import type { LandcoverDataset, OpenLandcoverOptions } from './types.ts';
import { checkDeclaredSizes, DEFAULT_ZIP_LIMITS, extractEntries, listZip, type ZipEntry } from './zip.ts';

const SHAPE_TYPE_NAMES: Record<number, string> = {
	0: 'Null',
	1: 'Point',
	3: 'PolyLine',
	5: 'Polygon',
	8: 'MultiPoint',
	11: 'PointZ',
	13: 'PolyLineZ',
	15: 'PolygonZ',
	18: 'MultiPointZ',
	21: 'PointM',
	23: 'PolyLineM',
	25: 'PolygonM',
	28: 'MultiPointM',
	31: 'MultiPatch'
};
const POLYGON_TYPES = new Set([5, 15, 25]);

/** The raw parts of one shapefile, wherever they come from. */
export interface ShapefileParts {
	/** Base name (no extension), e.g. "zones". */
	stem: string;
	shp: Uint8Array;
	dbf?: Uint8Array;
	prj?: Uint8Array;
	cpg?: Uint8Array;
}

// ------------------------------------------------------------------------------------------------ SHP

function signedArea(ring: Float64Array): number {
	let a = 0;
	const n = ring.length;
	for (let i = 0, j = n - 2; i < n; j = i, i += 2) a += ring[j] * ring[i + 1] - ring[i] * ring[j + 1];
	return a / 2;
}

function pointInRing(x: number, y: number, ring: Float64Array): boolean {
	let inside = false;
	const n = ring.length;
	for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
		const xi = ring[i], yi = ring[i + 1], xj = ring[j], yj = ring[j + 1];
		if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
	}
	return inside;
}

/** Rebuild polygons from shapefile rings (clockwise = exterior, counter-clockwise = hole). */
export function assembleRings(rings: Float64Array[]): MultiPolygon {
	const outers: { ring: Float64Array; area: number; holes: Float64Array[] }[] = [];
	const holes: Float64Array[] = [];
	for (const r of rings) {
		const a = signedArea(r);
		if (a < 0) outers.push({ ring: r, area: -a, holes: [] });
		else if (a > 0) holes.push(r);
	}
	// Badly oriented files (all rings counter-clockwise): every ring is an exterior.
	if (outers.length === 0) return holes.map((r) => [r]);
	if (outers.length === 1) return [[outers[0].ring, ...holes]];
	for (const h of holes) {
		let best: (typeof outers)[number] | null = null;
		for (const o of outers) {
			if ((!best || o.area < best.area) && pointInRing(h[0], h[1], o.ring)) best = o;
		}
		if (best) best.holes.push(h);
		else outers.push({ ring: h, area: signedArea(h), holes: [] });
	}
	return outers.map((o) => [o.ring, ...o.holes] as Polygon);
}

// -------------------------------------------------------------------------------------------- dataset

/** Open a shapefile from its parts. `name` is the user-visible file name (zip or .shp). */
export function openShapefileParts(parts: ShapefileParts, name: string, opts: OpenLandcoverOptions = {}, layers: string[] = []): LandcoverDataset {
	const shp = parts.shp;
	const stem = parts.stem;
	if (shp.length < 100) {
		throw new InputError('corrupt_file', {
			en: `${name}: ${stem}.shp is truncated (${shp.length} bytes, less than its 100-byte header).`,
			fr: `${name} : ${stem}.shp est incomplet (${shp.length} octets, moins que son en-tête de 100 octets).`
		});
	}
	const dv = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
	if (dv.getInt32(0, false) !== 9994) {
		throw new InputError('corrupt_file', {
			en: `${name}: ${stem}.shp is not a shapefile (bad file code).`,
			fr: `${name} : ${stem}.shp n’est pas un fichier Shapefile (code de fichier incorrect).`
		});
	}
	const shapeType = dv.getInt32(32, true);
	if (!POLYGON_TYPES.has(shapeType) && shapeType !== 0) {
		const type = SHAPE_TYPE_NAMES[shapeType];
		throw new InputError('empty_dataset', {
			en: `${name}: ${stem}.shp contains ${type ?? `type ${shapeType}`} shapes, not polygons.`,
			fr: `${name} : ${stem}.shp contient des géométries de type ${type ?? shapeType}, pas des polygones.`
		});
	}
	if (!parts.dbf) {
		throw new InputError('incomplete_shapefile', {
			en: `${name}: ${stem}.shp comes without ${stem}.dbf (its attribute table). Provide all the files of the shapefile (.shp, .shx, .dbf, .prj, .cpg).`,
			fr: `${name} : ${stem}.shp est fourni sans ${stem}.dbf (sa table attributaire). Fournissez tous les fichiers du Shapefile (.shp, .shx, .dbf, .prj, .cpg).`
		});
	}
	if (!parts.prj) {
		throw new InputError('no_crs', {
			en: `${name}: ${stem}.shp has no .prj file, so its coordinate reference system is unknown. Add ${stem}.prj (QGIS: Export ▸ Save Features As… writes it) and try again.`,
			fr: `${name} : ${stem}.shp n’a pas de fichier .prj, son système de coordonnées est donc inconnu. Ajoutez ${stem}.prj (dans QGIS, Exporter ▸ Sauvegarder les entités sous… le crée) et réessayez.`
		});
	}
	let crs: CrsInfo;
	try {
		// A .prj is ASCII in practice, but a CRS name may carry an accent in UTF-8 or Windows-1252.
		crs = crsFromWkt(decodeTextFile(parts.prj), `${parts.stem}.prj`);
	} catch (e) {
		if (e instanceof InputError) throw prefixed(name, e);
		throw e;
	}
	const dbf = openDbf(parts.dbf, name, parts.cpg);
	const fields = dbf.fields.map((f) => f.name);
	checkField(name, fields, opts.classField);
	if (dbf.records === 0) {
		throw new InputError('empty_dataset', { en: `${name}: ${stem}.shp contains no feature.`, fr: `${name} : ${stem}.shp ne contient aucune entité.` });
	}
	const bbox: BBox = [dv.getFloat64(36, true), dv.getFloat64(44, true), dv.getFloat64(52, true), dv.getFloat64(60, true)];
	const classField = opts.classField;
	const stats = emptyStats();

	function* iterate(): Generator<LandcoverFeature> {
		resetStats(stats);
		let p = 100;
		let index = 0;
		while (p + 8 <= shp.length) {
			const recNo = dv.getInt32(p, false);
			const contentBytes = dv.getInt32(p + 4, false) * 2;
			const c = p + 8;
			if (contentBytes < 4 || c + contentBytes > shp.length) {
				throw new InputError('corrupt_file', {
					en: `${name}: ${stem}.shp is truncated or corrupt at record ${index + 1} (byte ${p}).`,
					fr: `${name} : ${stem}.shp est incomplet ou endommagé à l’entité ${index + 1} (octet ${p}).`
				});
			}
			p = c + contentBytes;
			const i = index++;
			const type = dv.getInt32(c, true);
			const properties = readDbfRecord(dbf, i);
			if (properties === null) continue; // deleted record
			if (type === 0) {
				stats.skippedEmpty++;
				continue;
			}
			if (!POLYGON_TYPES.has(type)) {
				countSkippedType(stats, SHAPE_TYPE_NAMES[type] ?? `type ${type}`);
				continue;
			}
			const numParts = dv.getInt32(c + 36, true);
			const numPoints = dv.getInt32(c + 40, true);
			const pts = c + 44 + 4 * numParts;
			if (numParts < 0 || numPoints < 0 || pts + 16 * numPoints > c + contentBytes) {
				throw new InputError('corrupt_file', {
					en: `${name}: record ${i + 1} of ${stem}.shp is corrupt (${numParts} parts, ${numPoints} points do not fit in ${contentBytes} bytes).`,
					fr: `${name} : l’entité ${i + 1} de ${stem}.shp est endommagée (${numParts} parties et ${numPoints} points ne tiennent pas dans ${contentBytes} octets).`
				});
			}
			const rings: Float64Array[] = [];
			for (let k = 0; k < numParts; k++) {
				const from = dv.getInt32(c + 44 + 4 * k, true);
				const to = k + 1 < numParts ? dv.getInt32(c + 48 + 4 * k, true) : numPoints;
				if (from < 0 || to > numPoints || to < from) {
					throw new InputError('corrupt_file', {
						en: `${name}: record ${i + 1} of ${stem}.shp has invalid ring offsets.`,
						fr: `${name} : l’entité ${i + 1} de ${stem}.shp a des positions de contours (anneaux) invalides.`
					});
				}
				if (to - from < 3) continue;
				const ring = new Float64Array((to - from) * 2);
				for (let v = 0, q = pts + from * 16; v < ring.length; v += 2, q += 16) {
					ring[v] = dv.getFloat64(q, true);
					ring[v + 1] = dv.getFloat64(q + 8, true);
				}
				rings.push(ring);
			}
			if (!rings.length) {
				stats.skippedEmpty++;
				continue;
			}
			stats.polygons++;
			yield {
				fid: recNo > 0 ? recNo : i + 1,
				classCode: classField !== undefined ? classCodeOf(properties[classField]) : '',
				geometry: assembleRings(rings),
				bbox: [dv.getFloat64(c + 4, true), dv.getFloat64(c + 12, true), dv.getFloat64(c + 20, true), dv.getFloat64(c + 28, true)],
				properties
			};
		}
		checkNotAllSkipped(name, stats);
	}

	return {
		format: 'shapefile',
		name,
		crs,
		fields,
		featureCount: dbf.records,
		bbox,
		layer: parts.stem,
		layers: layers.length ? layers : [parts.stem],
		classField: classField ?? null,
		features: iterate,
		sampleValues(field: string, n = 20) {
			checkField(name, fields, field, 'unknown_field');
			return distinctStrings(
				(function* () {
					for (let i = 0; i < dbf.records; i++) yield readDbfRecord(dbf, i)?.[field];
				})(),
				n
			);
		},
		stats,
		close() {}
	};
}

const extOf = (p: string) => /\.([^./]+)$/.exec(p)?.[1]?.toLowerCase() ?? '';
const stemOf = (p: string) => p.replace(/\.[^./]+$/, '');

/** Open a zipped shapefile (in memory, with zip-bomb limits). */
export function openZippedShapefile(path: string, name: string, opts: OpenLandcoverOptions = {}): LandcoverDataset {
	const buf = readFileSync(path);
	const entries = listZip(buf, name).filter((e) => !e.name.endsWith('/') && !/(^|\/)__MACOSX\//.test(e.name) && !/(^|\/)\._/.test(e.name));
	const shps = entries.filter((e) => extOf(e.name) === 'shp');
	if (!shps.length) {
		const others = entries.filter((e) => /^(gpkg|geojson|json|fgb)$/.test(extOf(e.name)));
		const list = entries.slice(0, 8).map((e) => e.name).join(', ') + (entries.length > 8 ? ', …' : '');
		throw new InputError(
			'wrong_format',
			others.length
				? {
						en: `${name} contains no shapefile but ${others[0].name}: upload that file directly instead of a zip.`,
						fr: `${name} ne contient pas de Shapefile mais ${others[0].name} : envoyez directement ce fichier plutôt qu’un fichier compressé (zip).`
					}
				: {
						en: `${name} contains no shapefile (.shp); it holds: ${list || 'nothing'}.`,
						fr: `${name} ne contient aucun Shapefile (.shp) ; il contient : ${list || 'aucun fichier'}.`
					}
		);
	}
	const layers = shps.map((e) => basename(stemOf(e.name)));
	let shpEntry = shps[0];
	if (opts.layer !== undefined) {
		const i = layers.findIndex((l) => l === opts.layer) >= 0 ? layers.findIndex((l) => l === opts.layer) : layers.findIndex((l) => l.toLowerCase() === opts.layer!.toLowerCase());
		if (i < 0) {
			throw new InputError('unknown_layer', {
				en: `${name} has no shapefile "${opts.layer}"; it contains: ${layers.map((l) => `"${l}"`).join(', ')}.`,
				fr: `${name} ne contient pas de Shapefile « ${opts.layer} » ; il contient : ${layers.map((l) => `« ${l} »`).join(', ')}.`
			});
		}
		shpEntry = shps[i];
	}
	const stem = stemOf(shpEntry.name).toLowerCase();
	const wanted: ZipEntry[] = [shpEntry];
	const sidecar: Record<string, ZipEntry | undefined> = {};
	for (const e of entries) {
		const ext = extOf(e.name);
		if (stemOf(e.name).toLowerCase() === stem && ['dbf', 'prj', 'cpg'].includes(ext)) {
			sidecar[ext] = e;
			wanted.push(e);
		}
	}
	const limits = { ...DEFAULT_ZIP_LIMITS, maxBytes: opts.maxUncompressedBytes ?? DEFAULT_ZIP_LIMITS.maxBytes };
	// Declared sizes of the whole archive are checked, not only of the entries we use: an archive
	// declaring terabytes is not a land-cover delivery.
	checkDeclaredSizes(entries, name, limits);
	const all = extractEntries(buf, wanted, name, limits);
	const get = (e: ZipEntry | undefined) => (e ? all.get(e.name) : undefined);
	return openShapefileParts(
		{ stem: basename(stemOf(shpEntry.name)), shp: get(shpEntry)!, dbf: get(sidecar.dbf), prj: get(sidecar.prj), cpg: get(sidecar.cpg) },
		name,
		opts,
		layers
	);
}

/** Open a .shp given by path, with its .dbf/.prj/.cpg next to it (any extension case). */
export function openShapefileFromDisk(path: string, name: string, opts: OpenLandcoverOptions = {}): LandcoverDataset {
	const dir = dirname(path);
	const stem = stemOf(basename(path));
	const siblings = readdirSync(dir);
	const find = (ext: string) => {
		const f = siblings.find((s) => stemOf(s) === stem && extOf(s) === ext) ?? siblings.find((s) => stemOf(s).toLowerCase() === stem.toLowerCase() && extOf(s) === ext);
		return f && existsSync(join(dir, f)) ? readFileSync(join(dir, f)) : undefined;
	};
	return openShapefileParts({ stem, shp: readFileSync(path), dbf: find('dbf'), prj: find('prj'), cpg: find('cpg') }, name, opts);
}
