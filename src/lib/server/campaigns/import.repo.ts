/**
 * The import's writes: its transaction, the campaign row, its land-cover features, imagery sources and
 * tiles with their class areas.
 *
 * Hand-prepared statements on purpose: this is the measured hot path of `bench/split.ts` (200 000
 * features stored per import, batched into multi-row INSERTs); a query builder's per-row cost would
 * show in `split.polygons_per_s`. Row shapes follow `schema.ts` (landcover_features, tiles,
 * tile_class_areas, imagery_sources, campaigns).
 */
import type { Db } from '../db/db.ts';
import type { campaigns, imagerySources, tiles } from '../db/schema.ts';
import { writeWhenFree } from '../db/write-lock.ts';

/** Rows per INSERT statement when storing features (6 parameters each, well under SQLite's 32 766). */
const FEATURE_BATCH = 200;

/**
 * Run `work` in ONE write transaction, committed when it resolves and rolled back when it throws (or
 * never committed when the process dies). Readers (the running server) keep reading the last committed
 * state thanks to WAL; nothing written in it is visible before COMMIT.
 *
 * IMMEDIATE takes the write lock before `work` starts, so ids chosen inside (see `nextFeatureId`) are
 * not taken by another import, which waits here meanwhile — as long as it takes, `onWaiting` telling so.
 */
export async function inImportTransaction<T>(db: Db, onWaiting: () => void, work: () => Promise<T>): Promise<T> {
	const sqlite = db.$client;
	// A large page cache for this connection: a big delivery's pages stay in memory until COMMIT
	// instead of spilling to the WAL twice.
	const previousCache = sqlite.pragma('cache_size', { simple: true });
	sqlite.pragma('cache_size = -262144');
	// The COMMIT makes the campaign durable (WAL). Copying the WAL back into the database file
	// (checkpoint) is maintenance: leave it to when this connection closes or the next writer,
	// instead of making the import wait for it.
	const previousAutocheckpoint = sqlite.pragma('wal_autocheckpoint', { simple: true });
	sqlite.pragma('wal_autocheckpoint = 0');
	try {
		await writeWhenFree(sqlite, () => sqlite.exec('BEGIN IMMEDIATE'), onWaiting);
		const result = await work();
		sqlite.exec('COMMIT');
		return result;
	} catch (e) {
		if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
		throw e;
	} finally {
		sqlite.pragma(`cache_size = ${Number(previousCache)}`);
		sqlite.pragma(`wal_autocheckpoint = ${Number(previousAutocheckpoint)}`);
	}
}

/**
 * The first land-cover feature id this import may give. Ids are given by the import rather than by
 * SQLite: the splitter ties each tile to the ids of its features as they stream by. After the largest
 * ever given (AUTOINCREMENT's promise: a deleted campaign's ids are not reused). Inside the transaction.
 */
export function nextFeatureId(db: Db): number {
	return (
		db.$client
			.prepare(
				`SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'landcover_features'), 0),
				            coalesce((SELECT max(id) FROM landcover_features), 0)) + 1 AS n`
			)
			.get() as { n: number }
	).n;
}

/** The campaign's row while it is being imported: its outline comes last (`markCampaignReady`). */
export type ImportedCampaign = Pick<
	typeof campaigns.$inferInsert,
	| 'name'
	| 'contractor'
	| 'description'
	| 'crsEpsg'
	| 'tilingMode'
	| 'tileSize'
	| 'samplingMode'
	| 'sampleSize'
	| 'sampleSeed'
	| 'classField'
	| 'nomenclature'
	| 'landcoverFile'
	| 'landcoverEpsg'
	| 'attribution'
	| 'isDemo'
>;

/** Insert the campaign with status `importing`; returns its id. */
export function insertCampaign(db: Db, c: ImportedCampaign): number {
	return (
		db.$client
			.prepare(
				`INSERT INTO campaigns (name, contractor, description, status, crs_epsg, tiling_mode, tile_size, sampling_mode, sample_size, sample_seed,
				 class_field, nomenclature, landcover_file, landcover_epsg, bbox_wgs84, footprint, attribution, is_demo)
				 VALUES (?, ?, ?, 'importing', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[0,0,0,0]', '{}', ?, ?) RETURNING id`
			)
			.get(
				c.name,
				c.contractor ?? '',
				c.description ?? '',
				c.crsEpsg,
				c.tilingMode,
				c.tileSize ?? null,
				c.samplingMode,
				c.sampleSize ?? null,
				c.sampleSeed ?? null,
				c.classField,
				JSON.stringify(c.nomenclature),
				c.landcoverFile,
				c.landcoverEpsg,
				c.attribution ?? '',
				c.isDemo ? 1 : 0
			) as { id: number }
	).id;
}

/** Stores land-cover features in batches; `flush()` writes what is left. */
export interface FeatureWriter {
	add(id: number, fid: number, classCode: string, geometry: Uint8Array, properties: string): void;
	flush(): void;
}

/**
 * A writer of the campaign's land-cover features. Features go in by batches of FEATURE_BATCH rows per
 * statement: one native call per batch instead of one per feature is the largest single saving of the
 * split's storage.
 */
export function featureWriter(db: Db, campaignId: number): FeatureWriter {
	const sqlite = db.$client;
	const sql = (n: number) =>
		`INSERT INTO landcover_features (id, campaign_id, fid, class_code, geometry, properties) VALUES ${Array(n).fill('(?, ?, ?, ?, ?, ?)').join(', ')}`;
	const fullBatch = sqlite.prepare(sql(FEATURE_BATCH));
	const pending: unknown[] = [];
	const flush = () => {
		if (pending.length === FEATURE_BATCH * 6) fullBatch.run(pending);
		else if (pending.length) sqlite.prepare(sql(pending.length / 6)).run(pending);
		pending.length = 0;
	};
	return {
		add(id, fid, classCode, geometry, properties) {
			pending.push(id, campaignId, fid, classCode, geometry, properties);
			if (pending.length === FEATURE_BATCH * 6) flush();
		},
		flush
	};
}

/** An imagery source of the campaign as the import records it. */
export type ImportedImagery = Pick<
	typeof imagerySources.$inferInsert,
	'vintage' | 'kind' | 'location' | 'layer' | 'label' | 'epsg' | 'bboxNative' | 'bboxWgs84' | 'width' | 'height' | 'resolution' | 'attribution'
>;

/** Insert the campaign's imagery sources, in order; returns their ids. */
export function insertImagerySources(db: Db, campaignId: number, sources: readonly ImportedImagery[]): number[] {
	const insert = db.$client.prepare(
		`INSERT INTO imagery_sources (campaign_id, vintage, kind, location, layer, label, epsg, bbox_native, bbox_wgs84, width, height, resolution, attribution)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	);
	return sources.map(
		(s) =>
			(
				insert.get(
					campaignId,
					s.vintage,
					s.kind,
					s.location,
					s.layer ?? null,
					s.label ?? '',
					s.epsg ?? null,
					s.bboxNative ? JSON.stringify(s.bboxNative) : null,
					s.bboxWgs84 ? JSON.stringify(s.bboxWgs84) : null,
					s.width ?? null,
					s.height ?? null,
					s.resolution ?? null,
					s.attribution ?? ''
				) as { id: number }
			).id
	);
}

/** A review tile as the import stores it: its row, the ids of its features and its class areas. */
export type ImportedTile = Required<
	Pick<typeof tiles.$inferInsert, 'name' | 'ordinal' | 'xmin' | 'ymin' | 'xmax' | 'ymax' | 'geometry' | 'featureCount' | 'dominantClass' | 'inSample' | 'imageId'>
> & {
	/** Ids of the land-cover features touching the tile (stored as the `feature_ids` blob). */
	featureIds: readonly number[];
	/** Area in m² per class code (tile_class_areas). */
	areas: ReadonlyMap<string, number>;
};

/** Insert the campaign's tiles and their class areas. */
export function insertTiles(db: Db, campaignId: number, tiles: Iterable<ImportedTile>): void {
	const insertTile = db.$client.prepare(
		`INSERT INTO tiles (campaign_id, name, ordinal, xmin, ymin, xmax, ymax, geometry, feature_count, dominant_class, in_sample, image_id, feature_ids)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	);
	const insertArea = db.$client.prepare('INSERT INTO tile_class_areas (tile_id, class_code, area) VALUES (?, ?, ?)');
	for (const t of tiles) {
		const tileId = (
			insertTile.get(
				campaignId,
				t.name,
				t.ordinal,
				t.xmin,
				t.ymin,
				t.xmax,
				t.ymax,
				JSON.stringify(t.geometry),
				t.featureCount,
				t.dominantClass,
				t.inSample ? 1 : 0,
				t.imageId,
				featureIdsBlob(t.featureIds)
			) as { id: number }
		).id;
		for (const [code, area] of t.areas) insertArea.run(tileId, code, area);
	}
}

/** The import's last write before COMMIT: the campaign's outline, and it is ready. */
export function markCampaignReady(db: Db, campaignId: number, bboxWgs84: readonly number[], footprint: object): void {
	db.$client
		.prepare(`UPDATE campaigns SET status = 'ready', bbox_wgs84 = ?, footprint = ? WHERE id = ?`)
		.run(JSON.stringify(bboxWgs84), JSON.stringify(footprint), campaignId);
}

/** Feature ids as a little-endian Int32 array (see tiles.feature_ids). */
export function featureIdsBlob(ids: readonly number[]): Buffer {
	const buf = Buffer.allocUnsafe(ids.length * 4);
	for (let i = 0; i < ids.length; i++) buf.writeInt32LE(ids[i], i * 4);
	return buf;
}
