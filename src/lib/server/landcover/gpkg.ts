/**
 * GeoPackage reader (better-sqlite3, read-only). This is the import hot path: rows come from a raw
 * statement iterator (arrays, no per-row object), geometries are decoded straight from the blob by the
 * WKB codec, and attribute objects are built by a function compiled once per layer.
 */
import { closeSync, openSync, readSync, existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { BBox, CrsInfo, LandcoverFeature, MultiPolygon } from '../../geo/types.ts';
import { decodeWkb, wkbTypeName, WkbCurveError, WkbError } from '../../geo/wkb.ts';
import { resolveEpsg } from '../crs/crs.ts';
import { crsFromWkt } from '../crs/wkt.ts';
import { InputError, type Localized } from '../errors.ts';
import { checkField, checkNotAllSkipped, classCodeOf, countSkippedType, distinctStrings, emptyStats, fmtInt, prefixed, resetStats } from './common.ts';
import { GPKG_ENVELOPE_BYTES, GPKG_FLAG_EMPTY } from './gpkg-blob.ts';
import { BatchPrefetcher, type BatchRow } from './gpkg-prefetch.ts';
import type { LandcoverDataset, LandcoverReadStats, OpenLandcoverOptions } from './types.ts';

const POLYGONAL = new Set(['POLYGON', 'MULTIPOLYGON', 'CURVEPOLYGON', 'MULTISURFACE', 'SURFACE', 'GEOMETRY', 'GEOMETRYCOLLECTION']);

export const quoteIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;

export interface LayerRow {
	table_name: string;
	column_name: string;
	geometry_type_name: string;
	srs_id: number;
	min_x: number | null;
	min_y: number | null;
	max_x: number | null;
	max_y: number | null;
}

/**
 * Refuse a truncated file before SQLite does (it would only say "database disk image is malformed",
 * possibly in the middle of the import): the header records the page count.
 */
function checkSqliteHeader(path: string, name: string): void {
	const size = statSync(path).size;
	const head = Buffer.alloc(100);
	const fd = openSync(path, 'r');
	try {
		readSync(fd, head, 0, 100, 0);
	} finally {
		closeSync(fd);
	}
	if (size < 100) {
		throw new InputError('corrupt_file', {
			en: `${name} is truncated: a GeoPackage (SQLite) file has at least a 100-byte header but this one has ${size} bytes.`,
			fr: `${name} est incomplet : un fichier GeoPackage (SQLite) commence par un en-tête d’au moins 100 octets, mais celui-ci ne fait que ${size} octets.`
		});
	}
	const rawPageSize = head.readUInt16BE(16);
	const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
	const pages = head.readUInt32BE(28);
	// The in-header page count is only valid when "version-valid-for" equals the change counter.
	const valid = head.readUInt32BE(92) === head.readUInt32BE(24) && pages > 0;
	if (valid && pages * pageSize > size && !existsSync(`${path}-wal`)) {
		throw new InputError('corrupt_file', {
			en: `${name} is truncated: its header declares ${fmtInt(pages)} pages of ${pageSize} bytes (${fmtInt(pages * pageSize)} bytes) but the file has ${fmtInt(size)} bytes. Copy or upload it again.`,
			fr: `${name} est incomplet : son en-tête annonce ${fmtInt(pages)} pages de ${pageSize} octets (${fmtInt(pages * pageSize)} octets), mais le fichier ne fait que ${fmtInt(size)} octets. Copiez-le ou envoyez-le à nouveau.`
		});
	}
}

/** `where` completes "SQLite reports … <where>": "when opening it" / "à l’ouverture". */
function sqliteFailure(name: string, e: unknown, where: Localized): InputError {
	const msg = (e as Error)?.message ?? String(e);
	const code = (e as { code?: string })?.code ?? '';
	if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' || /malformed|not a database/i.test(msg)) {
		return new InputError('corrupt_file', {
			en: `${name} is corrupt: SQLite reports "${msg}" ${where.en}. Copy or export it again.`,
			fr: `${name} est endommagé : SQLite signale « ${msg} » ${where.fr}. Copiez-le ou exportez-le à nouveau.`
		});
	}
	return new InputError('corrupt_file', {
		en: `${name} cannot be read: SQLite reports "${msg}" ${where.en}.`,
		fr: `${name} ne peut pas être lu : SQLite signale « ${msg} » ${where.fr}.`
	});
}

/** `where` of a read failure in `table`, after `done` features. */
function whileReading(table: string, done: number): Localized {
	return done
		? { en: `when reading layer "${table}" after ${done} features`, fr: `à la lecture de la couche « ${table} » après ${done} entités` }
		: { en: `when reading layer "${table}" from its first features`, fr: `à la lecture de la couche « ${table} » dès ses premières entités` };
}

export function crsOfLayer(db: Database.Database, name: string, layer: LayerRow): CrsInfo {
	const srs = db
		.prepare('SELECT srs_name, organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?')
		.get(layer.srs_id) as { srs_name: string; organization: string; organization_coordsys_id: number; definition: string } | undefined;
	const fix: Localized = {
		en: 'Assign the right CRS to the layer (QGIS: Layer ▸ Set CRS) and export it again.',
		fr: 'Attribuez le bon système de coordonnées à la couche (dans QGIS : Couche ▸ Définir le SCR de la couche) puis exportez-la à nouveau.'
	};
	const t = layer.table_name;
	if (!srs) {
		throw new InputError('no_crs', {
			en: `${name}: layer "${t}" uses srs_id ${layer.srs_id}, which is not defined in gpkg_spatial_ref_sys. ${fix.en}`,
			fr: `${name} : la couche « ${t} » utilise le srs_id ${layer.srs_id}, qui n’est pas défini dans la table gpkg_spatial_ref_sys. ${fix.fr}`
		});
	}
	const org = (srs.organization ?? '').trim().toUpperCase();
	if (layer.srs_id === 0 || layer.srs_id === -1 || org === 'NONE') {
		throw new InputError('no_crs', {
			en: `${name}: layer "${t}" has no coordinate reference system (srs_id ${layer.srs_id}, "${srs.srs_name}"). ${fix.en}`,
			fr: `${name} : la couche « ${t} » n’a pas de système de coordonnées (srs_id ${layer.srs_id}, « ${srs.srs_name} »). ${fix.fr}`
		});
	}
	try {
		if (org === 'EPSG') return resolveEpsg(Number(srs.organization_coordsys_id));
		const def = (srs.definition ?? '').trim();
		if (!def || def.toLowerCase() === 'undefined') {
			const ref = `${srs.organization}:${srs.organization_coordsys_id}`;
			throw new InputError('no_crs', {
				en: `${name}: layer "${t}" uses "${srs.srs_name}" (${ref}) without a WKT definition. ${fix.en}`,
				fr: `${name} : la couche « ${t} » utilise « ${srs.srs_name} » (${ref}) sans définition WKT. ${fix.fr}`
			});
		}
		return crsFromWkt(def, {
			en: `the CRS definition of srs_id ${layer.srs_id} ("${srs.srs_name}")`,
			fr: `la définition du système de coordonnées du srs_id ${layer.srs_id} (« ${srs.srs_name} »)`
		});
	} catch (e) {
		if (e instanceof InputError && e.code !== 'no_crs') throw prefixed(name, e);
		throw e;
	}
}

/**
 * Compiled once per layer: returns the attribute object of a raw row, with a fixed shape (fast
 * property access downstream). Keys are JSON-quoted, so any column name is safe.
 */
function propertiesBuilder(fields: string[], firstIndex: number): (row: unknown[]) => Record<string, unknown> {
	const body = fields
		.map((f, i) => `${f === '__proto__' ? `[${JSON.stringify(f)}]` : JSON.stringify(f)}: r[${i + firstIndex}]`)
		.join(', ');
	return new Function('r', `return { ${body} };`) as (row: unknown[]) => Record<string, unknown>;
}

const BATCH = 1000;
/** Below this many features a reader thread costs more (start-up ~30 ms) than it saves. */
const PREFETCH_MIN_FEATURES = 20_000;

interface GeomReader {
	name: string;
	table: string;
	stats: LandcoverReadStats;
	/** bbox of the last geometry read. */
	bb: Float64Array;
}

// Not a closure inside readGeometry: tsx/esbuild wrap every created function with __name(), which would
// cost a defineProperty per feature.
function where(r: GeomReader, fid: number): Localized {
	return {
		en: `${r.name}: the geometry of feature ${fid} in layer "${r.table}"`,
		fr: `${r.name} : la géométrie de l’entité ${fid} de la couche « ${r.table} »`
	};
}

/**
 * Decode the GeoPackage geometry blob in buf[start, end). Returns null (and counts why in stats) for
 * empty and non-polygon geometries; throws `corrupt_file` for damaged ones.
 */
function readGeometry(r: GeomReader, buf: Uint8Array, start: number, end: number, fid: number): MultiPolygon | null {
	if (end - start < 8 || buf[start] !== 0x47 || buf[start + 1] !== 0x50) {
		const w = where(r, fid);
		throw new InputError('corrupt_file', {
			en: `${w.en} is not a GeoPackage geometry (no "GP" header).`,
			fr: `${w.fr} n’est pas une géométrie GeoPackage (pas d’en-tête « GP »).`
		});
	}
	const flags = buf[start + 3];
	if (flags & GPKG_FLAG_EMPTY) {
		r.stats.skippedEmpty++;
		return null;
	}
	const env = GPKG_ENVELOPE_BYTES[(flags >> 1) & 7];
	if (env === undefined) {
		const w = where(r, fid);
		throw new InputError('corrupt_file', {
			en: `${w.en} has an invalid envelope code ${(flags >> 1) & 7}.`,
			fr: `${w.fr} a un code d’emprise invalide (${(flags >> 1) & 7}).`
		});
	}
	const bb = r.bb;
	bb[0] = Infinity;
	bb[1] = Infinity;
	bb[2] = -Infinity;
	bb[3] = -Infinity;
	let geometry: MultiPolygon | null;
	try {
		geometry = decodeWkb(buf, start + 8 + env, bb, end);
	} catch (e) {
		if (e instanceof WkbCurveError) {
			const w = where(r, fid);
			throw new InputError('curved_geometry', {
				en: `${w.en} has circular arcs (${e.curveType}): Recette reads polygons with straight edges only. Convert the arcs to straight segments and export the layer again (QGIS: Processing ▸ "Segmentize by maximum angle"; GDAL: ogr2ogr -nlt CONVERT_TO_LINEAR).`,
				fr: `${w.fr} contient des arcs de cercle (${e.curveType}) : Recette ne lit que des polygones à côtés droits. Convertissez les arcs en segments puis exportez à nouveau la couche (QGIS : Traitement ▸ « Segmenter par angle maximum » ; GDAL : ogr2ogr -nlt CONVERT_TO_LINEAR).`
			});
		}
		if (e instanceof WkbError) {
			const w = where(r, fid);
			throw new InputError('corrupt_file', { en: `${w.en} is corrupt (${e.message})`, fr: `${w.fr} est endommagée (${e.message})` });
		}
		throw e;
	}
	if (geometry === null) {
		countSkippedType(r.stats, wkbTypeName(buf, start + 8 + env));
		return null;
	}
	if (bb[0] > bb[2]) {
		r.stats.skippedEmpty++;
		return null;
	}
	return geometry;
}

/**
 * Extent of a GeoPackage R-tree index, from its root node only: the union of the root's entries is the
 * extent of the whole tree (0.2 ms, where min()/max() over the virtual table visits every leaf: 60 ms
 * per 200 000 features). Node layout (SQLite rtree.c): u16 depth, u16 entry count, then per entry an
 * i64 id and minx, maxx, miny, maxy as big-endian float32. Null when absent or not as expected.
 */
function rtreeExtent(db: Database.Database, rtree: string): BBox | null {
	try {
		const row = db.prepare(`SELECT data FROM ${quoteIdent(`${rtree}_node`)} WHERE nodeno = 1`).get() as { data: Uint8Array } | undefined;
		const d = row?.data;
		if (!d || d.length < 4) return null;
		const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
		const n = view.getUint16(2);
		if (n === 0 || 4 + n * 24 > d.length) return null;
		let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
		for (let i = 0, p = 12; i < n; i++, p += 24) {
			minX = Math.min(minX, view.getFloat32(p));
			maxX = Math.max(maxX, view.getFloat32(p + 4));
			minY = Math.min(minY, view.getFloat32(p + 8));
			maxY = Math.max(maxY, view.getFloat32(p + 12));
		}
		return minX <= maxX && minY <= maxY && Number.isFinite(minX + minY + maxX + maxY) ? [minX, minY, maxX, maxY] : null;
	} catch {
		return null;
	}
}

/** Open a GeoPackage's polygon layer. `name` is the file name used in messages. */
export function openGpkg(path: string, name: string, opts: OpenLandcoverOptions = {}): LandcoverDataset {
	checkSqliteHeader(path, name);
	let db: Database.Database;
	try {
		db = new Database(path, { readonly: true, fileMustExist: true });
	} catch (e) {
		throw sqliteFailure(name, e, { en: 'when opening it', fr: 'à l’ouverture' });
	}
	try {
		return openLayer(db, path, name, opts);
	} catch (e) {
		db.close();
		if (e instanceof InputError) throw e;
		throw sqliteFailure(name, e, { en: 'when reading its layer list', fr: 'à la lecture de sa liste de couches' });
	}
}

function openLayer(db: Database.Database, path: string, name: string, opts: OpenLandcoverOptions): LandcoverDataset {
	const hasContents = db.prepare("SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = 'gpkg_contents'").get();
	if (!hasContents) {
		throw new InputError('wrong_format', {
			en: `${name} is an SQLite database but not a GeoPackage (it has no gpkg_contents table).`,
			fr: `${name} est une base de données SQLite mais pas un GeoPackage (la table gpkg_contents est absente).`
		});
	}
	const all = db
		.prepare(
			`SELECT c.table_name, g.column_name, upper(g.geometry_type_name) AS geometry_type_name, g.srs_id, c.min_x, c.min_y, c.max_x, c.max_y
			 FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
			 ORDER BY c.rowid`
		)
		.all() as LayerRow[];
	const polygonLayers = all.filter((l) => POLYGONAL.has(l.geometry_type_name));
	let layer: LayerRow | undefined;
	if (opts.layer !== undefined) {
		layer = all.find((l) => l.table_name === opts.layer) ?? all.find((l) => l.table_name.toLowerCase() === opts.layer!.toLowerCase());
		if (!layer) {
			const list = all.length ? all.map((l) => `"${l.table_name}"`).join(', ') : 'none';
			const listFr = all.length ? all.map((l) => `« ${l.table_name} »`).join(', ') : 'aucune';
			throw new InputError('unknown_layer', {
				en: `${name} has no vector layer "${opts.layer}"; its layers are: ${list}.`,
				fr: `${name} n’a pas de couche vectorielle « ${opts.layer} » ; ses couches sont : ${listFr}.`
			});
		}
		if (!POLYGONAL.has(layer.geometry_type_name)) {
			throw new InputError('empty_dataset', {
				en: `${name}: layer "${layer.table_name}" holds ${layer.geometry_type_name} geometries, not polygons.`,
				fr: `${name} : la couche « ${layer.table_name} » contient des géométries de type ${layer.geometry_type_name}, pas des polygones.`
			});
		}
	} else {
		layer = polygonLayers[0];
		if (!layer) {
			const detail = all.length ? `its vector layers are ${all.map((l) => `"${l.table_name}" (${l.geometry_type_name})`).join(', ')}` : 'it has no vector layer';
			const detailFr = all.length ? `ses couches vectorielles sont ${all.map((l) => `« ${l.table_name} » (${l.geometry_type_name})`).join(', ')}` : 'il n’a aucune couche vectorielle';
			throw new InputError('empty_dataset', {
				en: `${name} contains no polygon layer: ${detail}.`,
				fr: `${name} ne contient aucune couche de polygones : ${detailFr}.`
			});
		}
	}
	const table = layer.table_name;
	const geomCol = layer.column_name;
	const crs = crsOfLayer(db, name, layer);

	const columns = db.prepare(`PRAGMA table_info(${quoteIdent(table)})`).all() as { name: string; type: string; pk: number }[];
	const pkCol = columns.find((c) => c.pk === 1 && c.type.toUpperCase() === 'INTEGER' && columns.filter((x) => x.pk > 0).length === 1);
	const fields = columns.filter((c) => c.name !== geomCol && c !== pkCol).map((c) => c.name);
	checkField(name, fields, opts.classField);

	// count(*) reads every page of the table (60 ms per 100 MB); GDAL keeps the count in
	// gpkg_ogr_contents, up to date through triggers, so trust it when present.
	let ogrCount: number | null = null;
	if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'gpkg_ogr_contents'").get()) {
		const r = db.prepare('SELECT feature_count AS n FROM gpkg_ogr_contents WHERE lower(table_name) = lower(?)').get(table) as { n: number | null } | undefined;
		if (typeof r?.n === 'number' && r.n > 0) ogrCount = r.n;
	}
	const featureCount: number = ogrCount ?? (db.prepare(`SELECT count(*) AS n FROM ${quoteIdent(table)}`).get() as { n: number }).n;
	if (featureCount === 0) {
		throw new InputError('empty_dataset', { en: `${name}: layer "${table}" contains no feature.`, fr: `${name} : la couche « ${table} » ne contient aucune entité.` });
	}

	let bbox = rtreeExtent(db, `rtree_${table}_${geomCol}`);
	if (!bbox && layer.min_x !== null && layer.min_y !== null && layer.max_x !== null && layer.max_y !== null) {
		bbox = [layer.min_x, layer.min_y, layer.max_x, layer.max_y];
	}

	const classField = opts.classField;
	const stats = emptyStats();
	const key = pkCol ? quoteIdent(pkCol.name) : 'rowid';
	// Views and WITHOUT ROWID tables have no integer key to page on: they are read row by row.
	let isView = !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'view' AND name = ?").get(table);
	if (!isView) {
		try {
			db.prepare(`SELECT ${key} FROM ${quoteIdent(table)} LIMIT 0`);
		} catch {
			isView = true;
		}
	}
	const reader: GeomReader = { name, table, stats, bb: new Float64Array(4) };
	const inLayer: Localized = { en: `${name} (layer "${table}")`, fr: `${name} (couche « ${table} »)` };
	/** Reader threads of iterations in progress, stopped by close() even if an iterator is abandoned. */
	const prefetchers = new Set<BatchPrefetcher>();

	/**
	 * Fast path, for tables (rowid or INTEGER PRIMARY KEY): one query per 1 000 features. SQLite
	 * concatenates the geometry blobs into one blob and the attributes into one JSON array, so the
	 * per-row cost of crossing into better-sqlite3 (~1 µs for the call, ~1.5 µs per blob Buffer) is paid
	 * once per batch. All aggregates of a batch are computed in the same pass, so their i-th elements
	 * belong to the same row whatever the order SQLite visits them in.
	 */
	function batchSql(hexAll: boolean): string {
		const blobby = new Set(columns.filter((c) => hexAll || c.type === '' || /BLOB/i.test(c.type)).map((c) => c.name));
		const val = (f: string) => (blobby.has(f) ? `iif(typeof(${quoteIdent(f)}) = 'blob', hex(${quoteIdent(f)}), ${quoteIdent(f)})` : quoteIdent(f));
		return `SELECT count(*), max(k), CAST(group_concat(ifnull(g, x''), '') AS BLOB), group_concat(ifnull(octet_length(g), -1)),
				   json_group_array(json_array(k${fields.map((f) => `, ${val(f)}`).join('')}))
				 FROM (SELECT ${key} AS k, ${quoteIdent(geomCol)} AS g${fields.map((f) => `, ${quoteIdent(f)}`).join('')}
				       FROM ${quoteIdent(table)} WHERE ${key} > ? ORDER BY ${key} LIMIT ${BATCH})`;
	}

	/** Batches from this thread's connection. */
	function localBatches(): () => BatchRow | null {
		let stmt = db.prepare(batchSql(false)).raw(true);
		let last = -Infinity;
		return function next(): BatchRow | null {
			for (;;) {
				let row: BatchRow;
				try {
					row = stmt.get(last) as BatchRow;
				} catch (e) {
					if (/JSON cannot hold BLOB/i.test((e as Error).message)) {
						// A blob stored in a column declared TEXT/INTEGER: hex-encode every column and retry.
						stmt = db.prepare(batchSql(true)).raw(true);
						continue;
					}
					throw e;
				}
				if (row[0] === 0) return null;
				last = row[1];
				return row;
			}
		};
	}

	// Attribute rows arrive as [fid, field1, field2, …].
	const buildProps = propertiesBuilder(fields, 1);
	const classIdx = classField !== undefined ? fields.indexOf(classField) + 1 : -1;

	function* batched(): Generator<LandcoverFeature> {
		// Big layers: SQLite runs in a worker thread, ahead of us (see gpkg-prefetch.ts).
		const prefetcher = featureCount >= PREFETCH_MIN_FEATURES && opts.threads !== false ? new BatchPrefetcher(path, batchSql(false), batchSql(true)) : null;
		if (prefetcher) prefetchers.add(prefetcher);
		const next = prefetcher ? () => prefetcher.next() : localBatches();
		let done = 0;
		try {
			for (;;) {
				let row: BatchRow | null;
				try {
					row = next();
				} catch (e) {
					throw sqliteFailure(name, e, whileReading(table, done));
				}
				if (row === null) break;
				const count = row[0];
				done += count;
				// A plain Uint8Array view: Buffer#subarray (used per ring by the decoder) is slower.
				const b = row[2];
				const blob = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
				const lens = row[3].split(',');
				const attrs = JSON.parse(row[4]) as unknown[][];
				let off = 0;
				for (let i = 0; i < count; i++) {
					const len = +lens[i];
					if (len < 0) {
						stats.skippedEmpty++;
						continue;
					}
					const a = attrs[i];
					const fid = a[0] as number;
					const geometry = readGeometry(reader, blob, off, off + len, fid);
					off += len;
					if (geometry === null) continue;
					const bb = reader.bb;
					stats.polygons++;
					yield {
						fid,
						classCode: classIdx > 0 ? classCodeOf(a[classIdx]) : '',
						geometry,
						bbox: [bb[0], bb[1], bb[2], bb[3]],
						properties: buildProps(a)
					};
				}
			}
		} finally {
			if (prefetcher) {
				prefetcher.close();
				prefetchers.delete(prefetcher);
			}
		}
		checkNotAllSkipped(inLayer, stats);
	}

	/** Slow path for views (no rowid to page on): one better-sqlite3 row per feature. */
	function* rowByRow(): Generator<LandcoverFeature> {
		const select = db
			.prepare(`SELECT ${quoteIdent(geomCol)}${fields.map((f) => `, ${quoteIdent(f)}`).join('')} FROM ${quoteIdent(table)}`)
			.raw(true);
		let fid = 0;
		const iter = select.iterate() as IterableIterator<unknown[]>;
		try {
			for (;;) {
				let step: IteratorResult<unknown[]>;
				try {
					step = iter.next();
				} catch (e) {
					throw sqliteFailure(name, e, {
						en: `when reading layer "${table}" after feature ${fid}`,
						fr: `à la lecture de la couche « ${table} » après l’entité ${fid}`
					});
				}
				if (step.done) break;
				const row = step.value;
				fid++;
				const blob = row[0] as Uint8Array | null;
				if (blob === null) {
					stats.skippedEmpty++;
					continue;
				}
				const geometry = readGeometry(reader, blob, 0, blob.length, fid);
				if (geometry === null) continue;
				const bb = reader.bb;
				stats.polygons++;
				yield {
					fid,
					classCode: classIdx > 0 ? classCodeOf(row[classIdx]) : '',
					geometry,
					bbox: [bb[0], bb[1], bb[2], bb[3]],
					properties: buildProps(row)
				};
			}
		} finally {
			iter.return?.();
		}
		checkNotAllSkipped(inLayer, stats);
	}

	function features(): Generator<LandcoverFeature> {
		resetStats(stats);
		return isView ? rowByRow() : batched();
	}

	return {
		format: 'gpkg',
		name,
		crs,
		fields,
		featureCount,
		bbox,
		layer: table,
		layers: polygonLayers.map((l) => l.table_name),
		classField: classField ?? null,
		features,
		sampleValues(field: string, n = 20): string[] {
			checkField(name, fields, field, 'unknown_field');
			const rows = db
				.prepare(`SELECT DISTINCT ${quoteIdent(field)} FROM ${quoteIdent(table)} WHERE ${quoteIdent(field)} IS NOT NULL LIMIT ?`)
				.raw(true)
				.all(n) as unknown[][];
			return distinctStrings(
				rows.map((r) => r[0]),
				n
			);
		},
		stats,
		close() {
			for (const p of prefetchers) p.close();
			prefetchers.clear();
			if (db.open) db.close();
		}
	};
}
