/**
 * Minimal GeoPackage writer for (multi)polygon layers: used by the benchmarks and tests to produce
 * realistic inputs (and usable for exports). Writes the mandatory gpkg_* tables, an optional R-tree.
 */
import { existsSync, unlinkSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { MultiPolygon } from '../../geo/types.ts';
import { multiPolygonBBox } from './common.ts';
import { encodeGpkgGeometry } from './gpkg-blob.ts';
import { quoteIdent } from './gpkg.ts';

export interface GpkgLayerSpec {
	/** Table name (default "landcover"). */
	table?: string;
	/** srs_id of the layer; registered in gpkg_spatial_ref_sys unless it is -1, 0 or 4326. */
	srsId: number;
	srsName?: string;
	/** Default "EPSG" with organization_coordsys_id = srsId. */
	organization?: string;
	organizationId?: number;
	/** WKT definition (default "undefined"). */
	definition?: string;
	/** gpkg_geometry_columns.geometry_type_name (default MULTIPOLYGON). */
	geometryType?: string;
	fields: { name: string; type: 'TEXT' | 'INTEGER' | 'REAL' }[];
	/** Build the spatial index (default true). */
	rtree?: boolean;
}

export interface GpkgFeatureIn {
	fid?: number;
	geometry: MultiPolygon | null;
	properties: Record<string, unknown>;
}

const BASE_SCHEMA = `
PRAGMA application_id = 1196444487;
PRAGMA user_version = 10300;
CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE IF NOT EXISTS gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name));
CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL);
INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES ('Undefined Cartesian SRS', -1, 'NONE', -1, 'undefined', NULL);
INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', NULL);
INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]]', NULL);
`;

/**
 * Write one polygon layer into a GeoPackage at `path` (the file is replaced unless `append`).
 * Returns the number of features written.
 */
export function writeGpkg(path: string, spec: GpkgLayerSpec, features: Iterable<GpkgFeatureIn>, append = false): number {
	if (!append && existsSync(path)) unlinkSync(path);
	const db = new Database(path);
	try {
		db.pragma('journal_mode = OFF');
		db.pragma('synchronous = OFF');
		db.exec(BASE_SCHEMA);
		const table = spec.table ?? 'landcover';
		if (![-1, 0, 4326].includes(spec.srsId)) {
			db.prepare('INSERT OR REPLACE INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, NULL)').run(
				spec.srsName ?? `EPSG:${spec.srsId}`,
				spec.srsId,
				spec.organization ?? 'EPSG',
				spec.organizationId ?? spec.srsId,
				spec.definition ?? 'undefined'
			);
		}
		const cols = spec.fields.map((f) => `, ${quoteIdent(f.name)} ${f.type}`).join('');
		db.exec(`CREATE TABLE ${quoteIdent(table)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom BLOB${cols})`);
		const withRtree = spec.rtree ?? true;
		const rtree = `rtree_${table}_geom`;
		if (withRtree) {
			db.exec(`CREATE VIRTUAL TABLE ${quoteIdent(rtree)} USING rtree(id, minx, maxx, miny, maxy)`);
			db.prepare("INSERT INTO gpkg_extensions VALUES (?, 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')").run(table);
		}
		const names = spec.fields.map((f) => f.name);
		const ins = db.prepare(
			`INSERT INTO ${quoteIdent(table)} (fid, geom${names.map((n) => `, ${quoteIdent(n)}`).join('')}) VALUES (?, ?${names.map(() => ', ?').join('')})`
		);
		const insR = withRtree ? db.prepare(`INSERT INTO ${quoteIdent(rtree)} VALUES (?, ?, ?, ?, ?)`) : null;
		let n = 0;
		let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
		const args: unknown[] = new Array(names.length + 2);
		db.transaction(() => {
			for (const f of features) {
				let blob: Uint8Array | null = null;
				let b: number[] | null = null;
				if (f.geometry) {
					b = f.geometry.length ? multiPolygonBBox(f.geometry) : null;
					blob = encodeGpkgGeometry(f.geometry, spec.srsId, b as [number, number, number, number] | undefined);
				}
				args[0] = f.fid ?? null;
				args[1] = blob;
				for (let i = 0; i < names.length; i++) {
					const v = f.properties[names[i]];
					args[i + 2] = v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v;
				}
				const fid = ins.run(...args).lastInsertRowid;
				if (b) {
					insR?.run(fid, b[0], b[2], b[1], b[3]);
					if (b[0] < minX) minX = b[0];
					if (b[1] < minY) minY = b[1];
					if (b[2] > maxX) maxX = b[2];
					if (b[3] > maxY) maxY = b[3];
				}
				n++;
			}
		})();
		const finite = Number.isFinite(minX);
		db.prepare('INSERT INTO gpkg_contents (table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
			table,
			'features',
			table,
			finite ? minX : null,
			finite ? minY : null,
			finite ? maxX : null,
			finite ? maxY : null,
			spec.srsId
		);
		// GDAL keeps the feature count here (readers use it instead of a count(*) over the whole table).
		db.exec('CREATE TABLE IF NOT EXISTS gpkg_ogr_contents (table_name TEXT NOT NULL PRIMARY KEY, feature_count INTEGER DEFAULT NULL)');
		db.prepare('INSERT OR REPLACE INTO gpkg_ogr_contents VALUES (?, ?)').run(table, n);
		db.prepare('INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)').run(table, 'geom', spec.geometryType ?? 'MULTIPOLYGON', spec.srsId);
		return n;
	} finally {
		db.close();
	}
}
