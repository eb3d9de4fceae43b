import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Relational model of a campaign ("campagne de recette").
 * Geometries sent to the browser are stored as WGS84 GeoJSON text; geometries used for computation
 * stay in the delivery's projected CRS (extent columns, compact geometry blobs) so areas are never computed in degrees.
 */

export const campaigns = sqliteTable('campaigns', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	name: text('name').notNull(),
	contractor: text('contractor').notNull().default(''),
	description: text('description').notNull().default(''),
	/** importing → ready, or failed (a failed import is deleted; the row only lives while importing). */
	status: text('status', { enum: ['importing', 'ready', 'failed'] }).notNull().default('importing'),
	/** EPSG code of the delivery's projected CRS, in which tiles are cut and areas computed. */
	crsEpsg: integer('crs_epsg').notNull(),
	tilingMode: text('tiling_mode', { enum: ['grid', 'images'] }).notNull(),
	/** Grid cell size in metres (null for one tile per image). */
	tileSize: real('tile_size'),
	samplingMode: text('sampling_mode', { enum: ['all', 'random', 'stratified'] }).notNull().default('all'),
	sampleSize: integer('sample_size'),
	sampleSeed: text('sample_seed'),
	classField: text('class_field').notNull(),
	/** JSON: { id, name, entries: [{ code, label, labelEn?, color }] } — copied so later edits of a built-in list never change a campaign. */
	nomenclature: text('nomenclature', { mode: 'json' }).notNull(),
	landcoverFile: text('landcover_file').notNull(),
	landcoverEpsg: integer('landcover_epsg').notNull(),
	/** JSON [west, south, east, north] in WGS84. */
	bboxWgs84: text('bbox_wgs84', { mode: 'json' }).$type<[number, number, number, number]>().notNull(),
	/** GeoJSON geometry (WGS84) of the delivery footprint. */
	footprint: text('footprint', { mode: 'json' }).notNull(),
	/** Credit line shown under the maps. */
	attribution: text('attribution').notNull().default(''),
	isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(sql`(unixepoch() * 1000)`)
});

/** One row per delivered image file or external imagery service, per vintage. */
export const imagerySources = sqliteTable(
	'imagery_sources',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		vintage: text('vintage', { enum: ['current', 'previous'] }).notNull(),
		kind: text('kind', { enum: ['geotiff', 'xyz', 'wms', 'wmts'] }).notNull(),
		/** Absolute path of a GeoTIFF, or the service URL template. */
		location: text('location').notNull(),
		/** Service layer name (WMS/WMTS). */
		layer: text('layer'),
		label: text('label').notNull().default(''),
		epsg: integer('epsg'),
		/** JSON [minX, minY, maxX, maxY] in the file's CRS. */
		bboxNative: text('bbox_native', { mode: 'json' }).$type<[number, number, number, number]>(),
		bboxWgs84: text('bbox_wgs84', { mode: 'json' }).$type<[number, number, number, number]>(),
		width: integer('width'),
		height: integer('height'),
		resolution: real('resolution'),
		attribution: text('attribution').notNull().default('')
	},
	(t) => [index('imagery_sources_campaign').on(t.campaignId, t.vintage)]
);

export const tiles = sqliteTable(
	'tiles',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		/** Review order (by name); previous/next navigation follows it. */
		ordinal: integer('ordinal').notNull(),
		/** Native (projected CRS) extent: tiles are axis-aligned rectangles in that CRS. */
		xmin: real('xmin').notNull(),
		ymin: real('ymin').notNull(),
		xmax: real('xmax').notNull(),
		ymax: real('ymax').notNull(),
		/** GeoJSON Polygon (WGS84), densified so it follows the true shape of the projected rectangle. */
		geometry: text('geometry', { mode: 'json' }).notNull(),
		featureCount: integer('feature_count').notNull().default(0),
		dominantClass: text('dominant_class'),
		inSample: integer('in_sample', { mode: 'boolean' }).notNull().default(true),
		status: text('status', { enum: ['not_started', 'in_review', 'reviewed'] }).notNull().default('not_started'),
		/**
		 * Ids (landcover_features.id) of the features touching the tile, as a little-endian Int32 array.
		 * A derived index written once by the split: one blob per tile instead of one row per
		 * (tile, feature) pair keeps the import fast (it is the end-to-end hot path).
		 */
		featureIds: blob('feature_ids', { mode: 'buffer' }),
		/** For one-tile-per-image campaigns: the image this tile is. */
		imageId: integer('image_id').references(() => imagerySources.id, { onDelete: 'set null' })
	},
	(t) => [index('tiles_campaign_ordinal').on(t.campaignId, t.ordinal)]
);

/** Area (m², in the projected CRS) of each land-cover class inside a tile, computed by clipping. */
export const tileClassAreas = sqliteTable(
	'tile_class_areas',
	{
		tileId: integer('tile_id').notNull().references(() => tiles.id, { onDelete: 'cascade' }),
		classCode: text('class_code').notNull(),
		area: real('area').notNull()
	},
	(t) => [primaryKey({ columns: [t.tileId, t.classCode] })]
);

/** The delivered land-cover polygons, kept whole (not clipped) in their own CRS. */
export const landcoverFeatures = sqliteTable(
	'landcover_features',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		fid: integer('fid').notNull(),
		classCode: text('class_code').notNull(),
		/** The (multi)polygon in the land-cover file's CRS, in the compact encoding of src/lib/geo/compact.ts. */
		geometry: blob('geometry', { mode: 'buffer' }).notNull(),
		/** JSON object of the feature's attributes. */
		properties: text('properties').notNull()
	},
	(t) => [index('landcover_features_campaign').on(t.campaignId)]
);

/** Long-running imports, polled by the UI. */
export const importJobs = sqliteTable('import_jobs', {
	id: text('id').primaryKey(),
	status: text('status', { enum: ['queued', 'running', 'done', 'failed'] }).notNull().default('queued'),
	progress: real('progress').notNull().default(0),
	stage: text('stage').notNull().default(''),
	message: text('message'),
	campaignId: integer('campaign_id'),
	/** JSON of the request that started it (for diagnosis). */
	request: text('request').notNull().default('{}'),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(sql`(unixepoch() * 1000)`),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(sql`(unixepoch() * 1000)`)
});
