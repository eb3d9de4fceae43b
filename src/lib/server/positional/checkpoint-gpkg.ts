/**
 * Checkpoints from a GeoPackage point layer (what QGIS or a surveyor's software exports): the point
 * geometry gives x and y (and z when it has one), attributes named like the CSV's columns give the
 * identifier, description and photo-sketch link. The layer's CRS is read the way the land-cover reader
 * reads it (crsOfLayer), so any EPSG code or WKT definition works.
 *
 * A checkpoint file is small (tens to thousands of points): it is read whole, from the bytes (an
 * in-memory copy of the database) or from an uploaded file, without the land-cover reader's batching.
 */
import Database from 'better-sqlite3';
import type { CrsInfo } from '../../geo/types.ts';
import { decodeWkbPoint } from '../../geo/wkb-point.ts';
import { WkbError } from '../../geo/wkb.ts';
import { checkValues, duplicateCodes, mapColumns, type CheckpointInput, type LineProblem, type ReadResult } from '../../positional/checkpoint-file.ts';
import { shorten } from '../../text/shorten.ts';
import { InputError } from '../errors.ts';
import { GPKG_ENVELOPE_BYTES, GPKG_FLAG_EMPTY } from '../landcover/gpkg-blob.ts';
import { crsOfLayer, quoteIdent, type LayerRow } from '../landcover/gpkg.ts';

/** The 16 bytes every SQLite file starts with. */
const SQLITE_MAGIC = 'SQLite format 3\0';

/** Whether `bytes` are an SQLite database (a GeoPackage), as opposed to text. */
export function isSqlite(bytes: Uint8Array): boolean {
	return bytes.length >= 100 && Buffer.from(bytes.buffer, bytes.byteOffset, 16).toString('latin1') === SQLITE_MAGIC;
}

const POINTS = new Set(['POINT', 'MULTIPOINT', 'GEOMETRY']);

export interface GpkgCheckpoints {
	crs: CrsInfo;
	layer: string;
	result: ReadResult;
}

/** Open a GeoPackage given as bytes (read-only, in memory) or as a path. */
function open(source: Uint8Array | string, name: string): Database.Database {
	try {
		if (typeof source === 'string') return new Database(source, { readonly: true, fileMustExist: true });
		// A database last written in WAL mode says so in bytes 18–19; deserialized, SQLite would look
		// for a -wal file that cannot exist here. Its content is whole in the bytes: read it as rollback.
		const copy = Buffer.from(source);
		if (copy[18] === 2) copy[18] = 1;
		if (copy[19] === 2) copy[19] = 1;
		return new Database(copy, { readonly: true });
	} catch (e) {
		throw new InputError('corrupt_file', {
			en: `${name} cannot be opened as a GeoPackage: SQLite reports "${(e as Error).message}".`,
			fr: `${name} ne peut pas être ouvert comme GeoPackage : SQLite signale « ${(e as Error).message} ».`
		});
	}
}

/**
 * Read the checkpoints of a GeoPackage: the layer named `layer`, else its only point layer.
 * @throws InputError for a file that is no GeoPackage, has no (or several, unnamed) point layers, or no CRS.
 */
export function readCheckpointGpkg(source: Uint8Array | string, name: string, layer?: string): GpkgCheckpoints {
	const db = open(source, name);
	try {
		return readLayer(db, name, layer);
	} catch (e) {
		if (e instanceof InputError) throw e;
		throw new InputError('corrupt_file', {
			en: `${name} cannot be read: SQLite reports "${(e as Error).message}".`,
			fr: `${name} ne peut pas être lu : SQLite signale « ${(e as Error).message} ».`
		});
	} finally {
		db.close();
	}
}

function readLayer(db: Database.Database, name: string, wanted: string | undefined): GpkgCheckpoints {
	if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = 'gpkg_contents'").get()) {
		throw new InputError('wrong_format', {
			en: `${name} is an SQLite database but not a GeoPackage (it has no gpkg_contents table).`,
			fr: `${name} est une base de données SQLite mais pas un GeoPackage (la table gpkg_contents est absente).`
		});
	}
	const all = db
		.prepare(
			`SELECT c.table_name, g.column_name, upper(g.geometry_type_name) AS geometry_type_name, g.srs_id, c.min_x, c.min_y, c.max_x, c.max_y
			 FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name ORDER BY c.rowid`
		)
		.all() as LayerRow[];
	const list = (rows: LayerRow[]) => rows.map((l) => `"${l.table_name}" (${l.geometry_type_name})`).join(', ') || 'none';
	const listFr = (rows: LayerRow[]) => rows.map((l) => `« ${l.table_name} » (${l.geometry_type_name})`).join(', ') || 'aucune';
	let layer: LayerRow | undefined;
	if (wanted !== undefined && wanted !== '') {
		layer = all.find((l) => l.table_name === wanted) ?? all.find((l) => l.table_name.toLowerCase() === wanted.toLowerCase());
		if (!layer) {
			throw new InputError('unknown_layer', {
				en: `${name} has no layer "${shorten(wanted)}"; its layers are: ${list(all)}.`,
				fr: `${name} n’a pas de couche « ${shorten(wanted)} » ; ses couches sont : ${listFr(all)}.`
			});
		}
	} else {
		const points = all.filter((l) => POINTS.has(l.geometry_type_name));
		if (points.length !== 1) {
			throw new InputError(points.length ? 'several_layers' : 'no_point_layer', {
				en: points.length
					? `${name} has several point layers (${list(points)}): say which one holds the checkpoints.`
					: `${name} has no point layer: its layers are ${list(all)}.`,
				fr: points.length
					? `${name} contient plusieurs couches de points (${listFr(points)}) : indiquez celle des points de contrôle.`
					: `${name} ne contient aucune couche de points : ses couches sont ${listFr(all)}.`
			});
		}
		layer = points[0];
	}
	const crs = crsOfLayer(db, name, layer);
	const table = layer.table_name;
	const columns = db.prepare(`PRAGMA table_info(${quoteIdent(table)})`).all() as { name: string; type: string; pk: number }[];
	const attributes = columns.filter((c) => c.name !== layer.column_name);
	const fields = mapColumns(attributes.map((c) => c.name));
	const pk = columns.find((c) => c.pk === 1)?.name;
	const key = pk ? quoteIdent(pk) : 'rowid';
	const rows = db.prepare(`SELECT ${key} AS __fid, ${quoteIdent(layer.column_name)} AS __geom, * FROM ${quoteIdent(table)} ORDER BY ${key}`).all() as Record<string, unknown>[];
	const text = (row: Record<string, unknown>, field: 'code' | 'description' | 'sketch' | 'z') => {
		const i = fields[field];
		const v = i === undefined ? null : row[attributes[i].name];
		return v === null || v === undefined ? '' : String(v).trim();
	};
	const problems: LineProblem[] = [];
	const points: CheckpointInput[] = [];
	if (rows.length === 0) problems.push({ line: null, en: `layer "${table}" has no feature`, fr: `la couche « ${table} » n’a aucune entité` });
	for (const row of rows) {
		const fid = Number(row.__fid);
		// Without an identifier column, the feature id names the point (what QGIS shows as "fid").
		const code = fields.code === undefined ? String(fid) : text(row, 'code');
		const description = text(row, 'description');
		const sketch = text(row, 'sketch');
		const before = problems.length;
		problems.push(...checkValues(fid, code, { description, sketch }));
		const geom = row.__geom;
		let point: ReturnType<typeof decodeWkbPoint> | null = null;
		if (!(geom instanceof Uint8Array) || geom.length < 8 || geom[0] !== 0x47 || geom[1] !== 0x50) {
			problems.push({ line: fid, en: 'it has no geometry', fr: 'elle n’a pas de géométrie' });
		} else {
			const envelope = GPKG_ENVELOPE_BYTES[(geom[3] >> 1) & 0x07];
			if (envelope === undefined) problems.push({ line: fid, en: 'its geometry header is invalid', fr: 'l’en-tête de sa géométrie est invalide' });
			else if (geom[3] & GPKG_FLAG_EMPTY) point = { kind: 'empty' };
			else {
				try {
					point = decodeWkbPoint(geom, 8 + envelope);
				} catch (e) {
					if (!(e instanceof WkbError)) throw e;
					problems.push({ line: fid, en: `its geometry is invalid (${e.message})`, fr: `sa géométrie est invalide (${e.message})` });
				}
			}
		}
		if (point && point.kind === 'empty') problems.push({ line: fid, en: 'its point is empty', fr: 'son point est vide' });
		if (point && point.kind === 'multi') problems.push({ line: fid, en: `it is a MultiPoint of ${point.count} points: give one point per checkpoint`, fr: `c’est un multipoint de ${point.count} points : donnez un point par point de contrôle` });
		if (point && point.kind === 'other') problems.push({ line: fid, en: `it is a ${point.type}, not a point`, fr: `c’est un(e) ${point.type}, pas un point` });
		let z: number | null = point?.kind === 'point' ? point.z : null;
		const zText = text(row, 'z');
		if (zText !== '') {
			const v = Number(zText.replace(',', '.'));
			if (Number.isFinite(v)) z = v;
			else problems.push({ line: fid, en: `z is not a number: "${shorten(zText)}"`, fr: `z n’est pas un nombre : « ${shorten(zText)} »` });
		}
		if (problems.length > before || point?.kind !== 'point') continue;
		if (!Number.isFinite(point.x) || !Number.isFinite(point.y)) {
			problems.push({ line: fid, en: 'its coordinates are not finite numbers', fr: 'ses coordonnées ne sont pas des nombres finis' });
			continue;
		}
		points.push({ line: fid, code, x: point.x, y: point.y, z, description, sketch });
	}
	problems.push(...duplicateCodes(points, { en: 'feature', fr: 'par l’entité' }));
	return { crs, layer: table, result: { points, problems } };
}
