/**
 * FlatGeobuf reader on the `flatgeobuf` package's node API.
 *
 * The package's deserializer is an async generator; to offer the same synchronous iterator as the other
 * formats we use it once at open time (it hands us the header and the flatbuffers ByteBuffer over the
 * file) and then walk the size-prefixed features ourselves with the package's `Feature` accessor.
 */
import { readFileSync } from 'node:fs';
// From their own modules: flatgeobuf's main entry also loads its OpenLayers adapter, which needs
// OpenLayers — kept out of Recette's installs (package.json "overrides", vendor/no-ol).
import { Feature } from 'flatgeobuf/lib/mjs/flat-geobuf/feature.js';
import * as generic from 'flatgeobuf/lib/mjs/generic.js';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import type { BBox, CrsInfo, LandcoverFeature, MultiPolygon, Polygon } from '../../geo/types.ts';
import { resolveEpsg } from '../crs/crs.ts';
import { crsFromWkt } from '../crs/wkt.ts';
import { InputError } from '../errors.ts';
import { checkField, checkNotAllSkipped, classCodeOf, countSkippedType, distinctStrings, emptyStats, fmtBytes, prefixed, resetStats } from './common.ts';
import type { LandcoverDataset, OpenLandcoverOptions } from './types.ts';

type Geometry = NonNullable<ReturnType<Feature['geometry']>>;
type ByteBuffer = NonNullable<Feature['bb']>;

const GT = generic.GeometryType;
const TYPE_NAMES: Record<number, string> = Object.fromEntries(
	Object.entries(GT)
		.filter(([, v]) => typeof v === 'number')
		.map(([k, v]) => [v as number, k])
);

/** Byte size of the packed Hilbert R-tree that follows the header (FlatGeobuf spec). */
function treeSize(items: number, nodeSize: number): number {
	if (nodeSize === 0 || items === 0) return 0;
	const ns = Math.min(Math.max(nodeSize, 2), 65535);
	let n = items;
	let nodes = n;
	do {
		n = Math.ceil(n / ns);
		nodes += n;
	} while (n !== 1);
	return nodes * 40;
}

function polygonOf(g: Geometry): Polygon {
	const xy = g.xyArray();
	if (!xy || xy.length < 2) return [];
	const ends = g.endsArray();
	if (!ends || ends.length <= 1) return [xy.slice()];
	const poly: Polygon = [];
	let start = 0;
	for (const end of ends) {
		poly.push(xy.slice(start * 2, end * 2));
		start = end;
	}
	return poly;
}

function crsOf(name: string, header: HeaderMeta): CrsInfo {
	const c = header.crs;
	try {
		if (c && c.code > 0 && (!c.org || c.org.toUpperCase() === 'EPSG')) return resolveEpsg(c.code);
		if (c?.wkt) {
			return crsFromWkt(c.wkt, {
				en: 'the CRS definition (WKT) in its header',
				fr: 'la définition du système de coordonnées (WKT) de son en-tête'
			});
		}
		const m = c?.code_string ? /^(?:EPSG:)?(\d+)$/i.exec(c.code_string.trim()) : null;
		if (m) return resolveEpsg(Number(m[1]));
	} catch (e) {
		if (e instanceof InputError) throw prefixed(name, e);
		throw e;
	}
	throw new InputError('no_crs', {
		en: `${name} does not say which coordinate reference system it uses (no CRS in its header). Export it again with a CRS (e.g. ogr2ogr -a_srs EPSG:2154).`,
		fr: `${name} n’indique pas quel système de coordonnées il utilise (aucun dans son en-tête). Exportez-le à nouveau en précisant le système de coordonnées (par exemple ogr2ogr -a_srs EPSG:2154).`
	});
}

/** Open a FlatGeobuf file (read fully into memory). */
export async function openFlatgeobuf(path: string, name: string, size: number, opts: OpenLandcoverOptions = {}): Promise<LandcoverDataset> {
	const limit = opts.maxUncompressedBytes ?? 2 * 2 ** 30;
	if (size > limit) {
		throw new InputError(
			'file_too_large',
			{
				en: `${name} is ${fmtBytes(size)}, more than the ${fmtBytes(limit)} limit.`,
				fr: `${name} fait ${fmtBytes(size, 'fr')}, plus que la limite de ${fmtBytes(limit, 'fr')}.`
			},
			413
		);
	}
	// A fresh, 8-byte-aligned copy: flatbuffers hands out Float64Array views straight into it.
	const bytes = new Uint8Array(readFileSync(path));
	let header: HeaderMeta | null = null;
	let bb: ByteBuffer | null = null;
	try {
		const gen = generic.deserialize(bytes, {
			headerMetaFn: (h) => (header = h),
			fromFeature: (_id, feature) => {
				bb = feature.bb;
				return {};
			}
		});
		await gen.next();
		await gen.return(undefined);
	} catch (e) {
		const why = (e as Error).message;
		throw new InputError('corrupt_file', {
			en: `${name} is not a readable FlatGeobuf file (${why}).`,
			fr: `${name} n’est pas un fichier FlatGeobuf lisible (${why}).`
		});
	}
	if (!header) {
		throw new InputError('corrupt_file', {
			en: `${name} is not a readable FlatGeobuf file (no header).`,
			fr: `${name} n’est pas un fichier FlatGeobuf lisible (pas d’en-tête).`
		});
	}
	const h: HeaderMeta = header;
	const crs = crsOf(name, h);
	const fields = (h.columns ?? []).map((c) => c.name);
	checkField(name, fields, opts.classField);
	const polygonal = [GT.Unknown, GT.Polygon, GT.MultiPolygon, GT.GeometryCollection].includes(h.geometryType);
	if (!polygonal) {
		const type = TYPE_NAMES[h.geometryType];
		throw new InputError('empty_dataset', {
			en: `${name} contains ${type ?? 'non-polygon'} geometries, not polygons.`,
			fr: `${name} contient des géométries ${type ? `de type ${type}, pas des polygones` : 'qui ne sont pas des polygones'}.`
		});
	}
	if (!bb) throw new InputError('empty_dataset', { en: `${name} contains no feature.`, fr: `${name} ne contient aucune entité.` });
	const buffer: ByteBuffer = bb;
	const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
	const firstFeature = 12 + headerLength + treeSize(h.featuresCount, h.indexNodeSize);
	const classField = opts.classField;
	const stats = emptyStats();

	function* rawFeatures(): Generator<Feature> {
		let offset = firstFeature;
		while (offset + 4 <= bytes.length) {
			const len = buffer.readUint32(offset);
			if (offset + 4 + len > bytes.length) {
				throw new InputError('corrupt_file', {
					en: `${name} is truncated: a feature at byte ${offset} extends past the end of the file.`,
					fr: `${name} est incomplet : une entité à l’octet ${offset} dépasse la fin du fichier.`
				});
			}
			buffer.setPosition(offset);
			yield Feature.getSizePrefixedRootAsFeature(buffer);
			offset += 4 + len;
		}
	}

	// Files written without a spatial index carry no envelope (nor, when streamed, a count): one pass
	// over the coordinate arrays (views, no copy) gives both.
	const env = h.envelope;
	let bbox: BBox | null = env && env.length >= 4 && Number.isFinite(env[0]) && env[0] <= env[2] ? [env[0], env[1], env[2], env[3]] : null;
	let featureCount: number | null = h.featuresCount > 0 ? h.featuresCount : null;
	if (!bbox || featureCount === null) {
		const b = [Infinity, Infinity, -Infinity, -Infinity];
		let n = 0;
		const scan = (g: Geometry) => {
			const xy = g.xyArray();
			if (xy)
				for (let i = 0; i < xy.length; i += 2) {
					if (xy[i] < b[0]) b[0] = xy[i];
					if (xy[i + 1] < b[1]) b[1] = xy[i + 1];
					if (xy[i] > b[2]) b[2] = xy[i];
					if (xy[i + 1] > b[3]) b[3] = xy[i + 1];
				}
			for (let i = 0; i < g.partsLength(); i++) scan(g.parts(i)!);
		};
		for (const f of rawFeatures()) {
			n++;
			const g = f.geometry();
			if (g) scan(g);
		}
		featureCount ??= n;
		if (!bbox && b[0] <= b[2]) bbox = b as BBox;
	}

	function* iterate(): Generator<LandcoverFeature> {
		resetStats(stats);
		let index = 0;
		for (const f of rawFeatures()) {
			index++;
			const g = f.geometry();
			const type = g ? g.type() || h.geometryType : GT.Unknown;
			let geometry: MultiPolygon;
			if (!g) {
				stats.skippedEmpty++;
				continue;
			} else if (type === GT.Polygon) geometry = [polygonOf(g)];
			else if (type === GT.MultiPolygon) {
				geometry = [];
				for (let i = 0; i < g.partsLength(); i++) geometry.push(polygonOf(g.parts(i)!));
			} else {
				countSkippedType(stats, TYPE_NAMES[type] ?? `type ${type}`);
				continue;
			}
			geometry = geometry.filter((p) => p.length > 0);
			if (!geometry.length) {
				stats.skippedEmpty++;
				continue;
			}
			let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
			for (const poly of geometry) {
				const r = poly[0];
				for (let i = 0; i < r.length; i += 2) {
					if (r[i] < minX) minX = r[i];
					if (r[i] > maxX) maxX = r[i];
					if (r[i + 1] < minY) minY = r[i + 1];
					if (r[i + 1] > maxY) maxY = r[i + 1];
				}
			}
			const properties = generic.parseProperties(f, h.columns) as Record<string, unknown>;
			stats.polygons++;
			yield {
				fid: index,
				classCode: classField !== undefined ? classCodeOf(properties[classField]) : '',
				geometry,
				bbox: [minX, minY, maxX, maxY],
				properties
			};
		}
		checkNotAllSkipped(name, stats);
	}

	return {
		format: 'flatgeobuf',
		name,
		crs,
		fields,
		featureCount,
		bbox,
		layer: null,
		layers: [],
		classField: classField ?? null,
		features: iterate,
		sampleValues(field: string, n = 20) {
			checkField(name, fields, field, 'unknown_field');
			return distinctStrings(
				(function* () {
					for (const f of rawFeatures()) yield generic.parseProperties(f, h.columns)[field];
				})(),
				n
			);
		},
		stats,
		close() {}
	};
}
