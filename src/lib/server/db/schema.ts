import { sql } from 'drizzle-orm';
import type { MultiPolygon as GeoJsonMultiPolygon, Polygon as GeoJsonPolygon } from 'geojson';
import { ORGANISATION_KINDS } from '../../access/organisations.ts';
import { CAMPAIGN_ROLES } from '../../access/permissions.ts';
import type { Nomenclature } from '../../nomenclature/index.ts';
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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
	nomenclature: text('nomenclature', { mode: 'json' }).$type<Nomenclature>().notNull(),
	landcoverFile: text('landcover_file').notNull(),
	landcoverEpsg: integer('landcover_epsg').notNull(),
	/** JSON [west, south, east, north] in WGS84. */
	bboxWgs84: text('bbox_wgs84', { mode: 'json' }).$type<[number, number, number, number]>().notNull(),
	/** GeoJSON geometry (WGS84) of the delivery footprint. */
	footprint: text('footprint', { mode: 'json' }).$type<GeoJsonPolygon | GeoJsonMultiPolygon>().notNull(),
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
		/**
		 * current / previous: the delivery and the vintage it is compared with. round: the files of a
		 * later delivery, for the tiles of review round `round` only (see review_rounds).
		 */
		vintage: text('vintage', { enum: ['current', 'previous', 'round'] }).notNull(),
		/** For vintage = 'round': the review round (2, 3…) these files were delivered for; null otherwise. */
		round: integer('round'),
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

/**
 * Reference layers of a campaign (IGN Plan, cadastre, communes…): web map services a manager adds so
 * that reviewers can switch them on over the imagery. Nothing is fetched unless a layer is configured
 * here (or is the campaign's own imagery). `attribution` is plain text, escaped when shown.
 */
export const referenceLayers = sqliteTable(
	'reference_layers',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: ['xyz', 'wms', 'wmts'] }).notNull(),
		/** Service URL (template with {z}/{x}/{y} for XYZ or a RESTful WMTS). */
		url: text('url').notNull(),
		/** Service layer name (WMS/WMTS). */
		layer: text('layer'),
		label: text('label').notNull(),
		attribution: text('attribution').notNull().default(''),
		createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(sql`(unixepoch() * 1000)`)
	},
	(t) => [index('reference_layers_campaign').on(t.campaignId)]
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
		geometry: text('geometry', { mode: 'json' }).$type<GeoJsonPolygon>().notNull(),
		featureCount: integer('feature_count').notNull().default(0),
		dominantClass: text('dominant_class'),
		inSample: integer('in_sample', { mode: 'boolean' }).notNull().default(true),
		/**
		 * not_started → in_review (first change in its document) → reviewed (the campaign's required
		 * number of verdicts) → validated (a manager's decision; reopening goes back to what the
		 * document says). Derived from the document by the projection, except `validated`.
		 */
		status: text('status', { enum: ['not_started', 'in_review', 'reviewed', 'validated'] }).notNull().default('not_started'),
		validatedAt: integer('validated_at', { mode: 'timestamp_ms' }),
		validatedBy: integer('validated_by'),
		/**
		 * Ids (landcover_features.id) of the features touching the tile, as a little-endian Int32 array.
		 * A derived index written once by the split: one blob per tile instead of one row per
		 * (tile, feature) pair keeps the import fast (it is the end-to-end hot path).
		 */
		featureIds: blob('feature_ids', { mode: 'buffer' }),
		/** For one-tile-per-image campaigns: the image this tile is. */
		imageId: integer('image_id').references(() => imagerySources.id, { onDelete: 'set null' })
	},
	(t) => [
		index('tiles_campaign_ordinal').on(t.campaignId, t.ordinal),
		// report.json (bench/report.ts): counts and areas by status without reading the rows, whose
		// outline and feature ids make a 40 000-tile scan read 60 MB.
		index('tiles_campaign_report').on(t.campaignId, t.inSample, t.status, t.xmin, t.ymin, t.xmax, t.ymax)
	]
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
	/** Who started the import: only they (and site admins) may follow it. */
	createdBy: integer('created_by'),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(sql`(unixepoch() * 1000)`),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(sql`(unixepoch() * 1000)`)
});

// ─── People and access ────────────────────────────────────────────────────────────────────────────

/** A person who signs in. E-mails are stored lower-cased: they are the sign-in name. */
export const users = sqliteTable('users', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	email: text('email').notNull().unique(),
	name: text('name').notNull().default(''),
	/** argon2id PHC string; null while the account waits for its first password (reset link). */
	passwordHash: text('password_hash'),
	/** Site administrators manage users and see every campaign. */
	isAdmin: integer('is_admin', { mode: 'boolean' }).notNull().default(false),
	/** Demo accounts (password "demo") only sign in while the server runs in demo mode. */
	isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
	/** A disabled account keeps its history (annotations say who made them) but cannot sign in. */
	disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(sql`(unixepoch() * 1000)`)
});

/**
 * Server-side sessions. The cookie carries `<id>.<secret>`; only a SHA-256 of the secret is stored, so
 * a copy of the database does not let anyone sign in, and the secret is compared in constant time.
 */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		secretHash: text('secret_hash').notNull(),
		userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
		userAgent: text('user_agent').notNull().default('')
	},
	(t) => [index('sessions_user').on(t.userId)]
);

/** A partner organisation (commune, EPCI, département, park, State service…) or the contractor. */
export const organisations = sqliteTable('organisations', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	name: text('name').notNull(),
	/** Lower-cased, accent-free name: two organisations may not differ only by case or accents. */
	nameKey: text('name_key').notNull().unique(),
	kind: text('kind', { enum: ORGANISATION_KINDS }).notNull(),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(sql`(unixepoch() * 1000)`)
});

export const organisationMembers = sqliteTable(
	'organisation_members',
	{
		organisationId: integer('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
		userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.organisationId, t.userId] }), index('organisation_members_user').on(t.userId)]
);


/** A person's role in one campaign, and the organisation they act for there. */
export const campaignMembers = sqliteTable(
	'campaign_members',
	{
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: CAMPAIGN_ROLES }).notNull(),
		organisationId: integer('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(sql`(unixepoch() * 1000)`)
	},
	(t) => [primaryKey({ columns: [t.campaignId, t.userId] }), index('campaign_members_user').on(t.userId)]
);

/** Campaign-level access settings (one row per campaign, created on demand). */
export const campaignSettings = sqliteTable('campaign_settings', {
	campaignId: integer('campaign_id').primaryKey().references(() => campaigns.id, { onDelete: 'cascade' }),
	/** May reviewers review tiles assigned to no organisation, or to another one? Off: only their organisation's tiles. */
	reviewUnassigned: integer('review_unassigned', { mode: 'boolean' }).notNull().default(false),
	/** Verdicts (other than "cannot tell") a tile needs to count as reviewed. */
	requiredVerdicts: integer('required_verdicts').notNull().default(1),
	/** The feature walk's draw: seed and size per class (n, or a percentage when `walkPercent`). */
	walkSeed: text('walk_seed'),
	walkPerClass: real('walk_per_class'),
	walkPercent: integer('walk_percent', { mode: 'boolean' }).notNull().default(false)
});

/** Which organisation reviews which tile (a tile on a boundary may belong to several). */
export const tileAssignments = sqliteTable(
	'tile_assignments',
	{
		tileId: integer('tile_id').notNull().references(() => tiles.id, { onDelete: 'cascade' }),
		organisationId: integer('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		assignedBy: integer('assigned_by').references(() => users.id, { onDelete: 'set null' }),
		assignedAt: integer('assigned_at', { mode: 'timestamp_ms' }).notNull().default(sql`(unixepoch() * 1000)`)
	},
	(t) => [primaryKey({ columns: [t.tileId, t.organisationId] }), index('tile_assignments_campaign_org').on(t.campaignId, t.organisationId)]
);

/** An invitation link to join a campaign with a role (and organisation). */
export const invitations = sqliteTable(
	'invitations',
	{
		id: text('id').primaryKey(),
		secretHash: text('secret_hash').notNull(),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		role: text('role', { enum: CAMPAIGN_ROLES }).notNull(),
		organisationId: integer('organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
		/** null: any number of uses until it expires or is revoked. */
		maxUses: integer('max_uses'),
		uses: integer('uses').notNull().default(0),
		createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		revokedAt: integer('revoked_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('invitations_campaign').on(t.campaignId)]
);

/** One-time password links generated by an administrator. */
export const passwordResets = sqliteTable('password_resets', {
	id: text('id').primaryKey(),
	secretHash: text('secret_hash').notNull(),
	userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
	createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
	expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
	usedAt: integer('used_at', { mode: 'timestamp_ms' })
});

/**
 * Who did what and when: sign-ins, role changes, invitations, assignments, deletions. Rows are never
 * updated or deleted (the campaign id is kept as a plain number so the trail outlives a deleted campaign).
 */
export const auditEvents = sqliteTable(
	'audit_events',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		actorId: integer('actor_id'),
		/** Kept with the row so the trail stays readable after an account is deleted. */
		actorEmail: text('actor_email'),
		campaignId: integer('campaign_id'),
		action: text('action').notNull(),
		/** JSON object describing the target and the change. */
		details: text('details', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
		ip: text('ip')
	},
	(t) => [index('audit_events_campaign').on(t.campaignId, t.at), index('audit_events_at').on(t.at)]
);

// ─── Real-time review ─────────────────────────────────────────────────────────────────────────────

/** A campaign's defect catalogue (a copy of the default one, edited by managers). */
export const defectCategories = sqliteTable(
	'defect_categories',
	{
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		code: text('code').notNull(),
		target: text('target', { enum: ['orthophoto', 'landcover'] }).notNull(),
		groupCode: text('group_code').notNull(),
		labelFr: text('label_fr').notNull(),
		labelEn: text('label_en').notNull(),
		retired: integer('retired', { mode: 'boolean' }).notNull().default(false),
		ordinal: integer('ordinal').notNull()
	},
	(t) => [primaryKey({ columns: [t.campaignId, t.code] })]
);

/**
 * Every accepted Yjs update of a tile document, committed before it is relayed to anyone. Older
 * updates are folded into `review_snapshots` in the background; what the history and restore need
 * is kept in `review_history`.
 */
export const reviewUpdates = sqliteTable(
	'review_updates',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		tileId: integer('tile_id').notNull().references(() => tiles.id, { onDelete: 'cascade' }),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		/** Who sent it (null: the server itself, e.g. the document's creation). */
		userId: integer('user_id'),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		data: blob('data', { mode: 'buffer' }).notNull()
	},
	(t) => [index('review_updates_tile').on(t.tileId, t.id)]
);

/** A tile document's state up to (and including) update `upto`, as one Yjs update. */
export const reviewSnapshots = sqliteTable('review_snapshots', {
	tileId: integer('tile_id').primaryKey().references(() => tiles.id, { onDelete: 'cascade' }),
	campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
	upto: integer('upto').notNull(),
	state: blob('state', { mode: 'buffer' }).notNull(),
	at: integer('at', { mode: 'timestamp_ms' }).notNull()
});

/** Who changed what, when: one row per entry an accepted update created, changed or removed. */
export const reviewHistory = sqliteTable(
	'review_history',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		tileId: integer('tile_id').notNull().references(() => tiles.id, { onDelete: 'cascade' }),
		userId: integer('user_id'),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		target: text('target', { enum: ['defect', 'verdict', 'correction', 'walk', 'message'] }).notNull(),
		key: text('key').notNull(),
		action: text('action', { enum: ['create', 'update', 'delete', 'restore'] }).notNull(),
		before: text('before', { mode: 'json' }),
		after: text('after', { mode: 'json' })
	},
	(t) => [index('review_history_tile').on(t.tileId, t.id), index('review_history_campaign').on(t.campaignId, t.id)]
);

/** Projection of the tile documents' defects (plain SQL for dashboards and reports). */
export const defects = sqliteTable(
	'defects',
	{
		tileId: integer('tile_id').notNull().references(() => tiles.id, { onDelete: 'cascade' }),
		id: text('id').notNull(),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		/** GeoJSON (WGS84), as in the document. */
		geometry: text('geometry').notNull(),
		category: text('category').notNull(),
		severity: text('severity', { enum: ['minor', 'major', 'blocking'] }).notNull(),
		comment: text('comment').notNull(),
		authorId: integer('author_id').notNull(),
		createdAt: text('created_at').notNull(),
		updatedAt: text('updated_at'),
		updatedBy: integer('updated_by')
	},
	(t) => [
		primaryKey({ columns: [t.tileId, t.id] }),
		index('defects_campaign').on(t.campaignId),
		// report.json (bench/report.ts): covering indexes so the report's two GROUP BYs stream through an
		// index instead of visiting 200 000 rows — per tile and severity; per author, category and severity.
		index('defects_campaign_tile').on(t.campaignId, t.tileId, t.severity),
		index('defects_campaign_author').on(t.campaignId, t.authorId, t.category, t.severity)
	]
);

export const verdicts = sqliteTable(
	'verdicts',
	{
		tileId: integer('tile_id').notNull().references(() => tiles.id, { onDelete: 'cascade' }),
		userId: integer('user_id').notNull(),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		verdict: text('verdict', { enum: ['accepted', 'accepted_with_reservations', 'rejected', 'cannot_tell'] }).notNull(),
		comment: text('comment').notNull(),
		at: text('at').notNull()
	},
	(t) => [primaryKey({ columns: [t.tileId, t.userId] }), index('verdicts_campaign').on(t.campaignId)]
);

export const corrections = sqliteTable(
	'corrections',
	{
		tileId: integer('tile_id').notNull().references(() => tiles.id, { onDelete: 'cascade' }),
		featureId: integer('feature_id').notNull(),
		userId: integer('user_id').notNull(),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		fromClass: text('from_class').notNull(),
		toClass: text('to_class').notNull(),
		comment: text('comment').notNull(),
		at: text('at').notNull()
	},
	(t) => [primaryKey({ columns: [t.tileId, t.featureId, t.userId] }), index('corrections_campaign').on(t.campaignId)]
);

/** The tile's discussion thread, in order. */
export const tileMessages = sqliteTable(
	'tile_messages',
	{
		tileId: integer('tile_id').notNull().references(() => tiles.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		authorId: integer('author_id').notNull(),
		text: text('text').notNull(),
		at: text('at').notNull()
	},
	(t) => [primaryKey({ columns: [t.tileId, t.position] })]
);

/** The land-cover polygons drawn for the feature walk, per class. */
export const walkSamples = sqliteTable(
	'walk_samples',
	{
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		/** landcover_features.fid (the id the land-cover endpoints expose). */
		featureId: integer('feature_id').notNull(),
		classCode: text('class_code').notNull(),
		/** Walk order within the class. */
		ordinal: integer('ordinal').notNull(),
		/** The tile whose document holds the answers: the first tile, in review order, the polygon touches. */
		tileId: integer('tile_id').notNull().references(() => tiles.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.campaignId, t.featureId] }), index('walk_samples_order').on(t.campaignId, t.classCode, t.ordinal)]
);

export const walkAnswers = sqliteTable(
	'walk_answers',
	{
		tileId: integer('tile_id').notNull().references(() => tiles.id, { onDelete: 'cascade' }),
		featureId: integer('feature_id').notNull(),
		userId: integer('user_id').notNull(),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		answer: text('answer', { enum: ['correct', 'other_class', 'geometry_error', 'cannot_tell'] }).notNull(),
		toClass: text('to_class'),
		comment: text('comment').notNull(),
		at: text('at').notNull()
	},
	(t) => [primaryKey({ columns: [t.tileId, t.featureId, t.userId] }), index('walk_answers_campaign').on(t.campaignId)]
);

// ─── Positional accuracy (checkpoints, measures, seams) ───────────────────────────────────────────

/**
 * A well-defined point (a manhole cover, a road marking corner) whose true position is known from a
 * survey or a more precise reference, or proposed by a reviewer until the manager gives it one.
 * Coordinates are in the campaign's CRS (campaigns.crs_epsg), metres, full precision.
 */
export const checkpoints = sqliteTable(
	'checkpoints',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		/** The identifier people use (« PC12 »), unique in the campaign. */
		code: text('code').notNull(),
		/** Reference position (surveyed), or where a reviewer proposed the point while `surveyed` is false. */
		x: real('x').notNull(),
		y: real('y').notNull(),
		z: real('z'),
		/** The reference coordinates are known: only surveyed points are pointed and enter the figures. */
		surveyed: integer('surveyed', { mode: 'boolean' }).notNull(),
		/** Imported from a file, or proposed by a reviewer. */
		source: text('source', { enum: ['imported', 'proposed'] }).notNull(),
		/** When the file gave another CRS: its EPSG code and the coordinates as written there (traceability). */
		sourceEpsg: integer('source_epsg'),
		sourceX: real('source_x'),
		sourceY: real('source_y'),
		description: text('description').notNull().default(''),
		/** Link to (or name of) the photo-sketch (« fiche signalétique ») of the point. */
		sketch: text('sketch').notNull().default(''),
		/**
		 * Random, never sent to anyone: offsets the view a reviewer is shown around the point, so the
		 * centre of the screen does not give its reference position away (blind pointing).
		 */
		blindSeed: text('blind_seed').notNull(),
		/** Who proposed it (source = proposed), or who imported it. */
		createdBy: integer('created_by'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [uniqueIndex('checkpoints_campaign_code').on(t.campaignId, t.code)]
);

/** The review tile(s) a checkpoint falls in (several when it lies on a shared edge). */
export const checkpointTiles = sqliteTable(
	'checkpoint_tiles',
	{
		checkpointId: integer('checkpoint_id').notNull().references(() => checkpoints.id, { onDelete: 'cascade' }),
		tileId: integer('tile_id').notNull().references(() => tiles.id, { onDelete: 'cascade' }),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.checkpointId, t.tileId] }), index('checkpoint_tiles_tile').on(t.tileId)]
);

/**
 * Where one reviewer sees a checkpoint in the orthophoto: the click, in the campaign's CRS at full
 * precision (never snapped to a pixel), or « not visible / ambiguous ». One per checkpoint and person
 * (pointing again replaces it and sends it back to the manager's decision).
 */
export const checkpointMeasures = sqliteTable(
	'checkpoint_measures',
	{
		checkpointId: integer('checkpoint_id').notNull().references(() => checkpoints.id, { onDelete: 'cascade' }),
		userId: integer('user_id').notNull(),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		/** The organisation the person acted for when pointing (their role's, kept for the record). */
		organisationId: integer('organisation_id'),
		status: text('status', { enum: ['pointed', 'not_visible'] }).notNull(),
		x: real('x'),
		y: real('y'),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		/** The manager's decision: only kept measures enter the figures. */
		decision: text('decision', { enum: ['pending', 'kept', 'rejected'] }).notNull().default('pending'),
		decidedBy: integer('decided_by'),
		decidedAt: integer('decided_at', { mode: 'timestamp_ms' })
	},
	(t) => [primaryKey({ columns: [t.checkpointId, t.userId] }), index('checkpoint_measures_campaign').on(t.campaignId)]
);

/** An offset measured across a tile or mosaic seam: two clicks on the same feature, one on each side. */
export const seamMeasures = sqliteTable(
	'seam_measures',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		userId: integer('user_id').notNull(),
		organisationId: integer('organisation_id'),
		/** Both clicks in the campaign's CRS, metres, full precision. */
		ax: real('ax').notNull(),
		ay: real('ay').notNull(),
		bx: real('bx').notNull(),
		by: real('by').notNull(),
		/** The tile the first click falls in (the seam's « from » side). */
		tileId: integer('tile_id').references(() => tiles.id, { onDelete: 'set null' }),
		comment: text('comment').notNull().default(''),
		at: integer('at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('seam_measures_campaign').on(t.campaignId)]
);

// ─── Control points and acceptance (issue 15) ─────────────────────────────────────────────────────

/**
 * A campaign's control point sample design: how the points were drawn (one design per campaign;
 * drawing again replaces it, and its points and labels with it).
 */
export const controlPointDesigns = sqliteTable('control_point_designs', {
	campaignId: integer('campaign_id').primaryKey().references(() => campaigns.id, { onDelete: 'cascade' }),
	/** `classes`: one stratum per mapped class (Olofsson et al. 2014); `tiles`: one per review tile (Stehman 2014). */
	strata: text('strata', { enum: ['classes', 'tiles'] }).notNull(),
	seed: text('seed').notNull(),
	/** JSON: the parameters the sizes were proposed from (target SE, anticipated user's accuracies, minimum, overrides). */
	parameters: text('parameters', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
	createdBy: integer('created_by')
});

/** One stratum of the design: its size (area in m² of the campaign's CRS) and its number of points. */
export const controlPointStrata = sqliteTable(
	'control_point_strata',
	{
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		/** The class code (strata = classes) or the tile id as text (strata = tiles). */
		stratum: text('stratum').notNull(),
		/** Area (m², campaign CRS) of the population in this stratum: the N_h of the estimators. */
		area: real('area').notNull(),
		sampleSize: integer('sample_size').notNull()
	},
	(t) => [primaryKey({ columns: [t.campaignId, t.stratum] })]
);

/** The drawn points, in labelling order (a seeded shuffle: the order tells nothing of the stratum). */
export const controlPoints = sqliteTable(
	'control_points',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		ordinal: integer('ordinal').notNull(),
		stratum: text('stratum').notNull(),
		/** Coordinates in the campaign's CRS (metres). */
		x: real('x').notNull(),
		y: real('y').notNull(),
		lon: real('lon').notNull(),
		lat: real('lat').notNull(),
		/** The class of the land-cover polygon containing the point (hidden from reviewers while they label). */
		mapClass: text('map_class').notNull(),
		/** landcover_features.fid of that polygon. */
		featureId: integer('feature_id'),
		/** The review tile containing the point: who may review it may label the point. */
		tileId: integer('tile_id').notNull().references(() => tiles.id, { onDelete: 'cascade' })
	},
	(t) => [index('control_points_campaign').on(t.campaignId, t.ordinal), index('control_points_tile').on(t.tileId)]
);

/** A reviewer's reference class for a point: one per reviewer and point, changeable. */
export const controlPointLabels = sqliteTable(
	'control_point_labels',
	{
		pointId: integer('point_id').notNull().references(() => controlPoints.id, { onDelete: 'cascade' }),
		userId: integer('user_id').notNull(),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		/** The class seen on the imagery; null: "cannot tell". */
		classCode: text('class_code'),
		comment: text('comment').notNull().default(''),
		at: integer('at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.pointId, t.userId] }), index('control_point_labels_campaign').on(t.campaignId)]
);

/** The manager's reference class for a point (ties, disagreements); overrides the labels' majority. */
export const controlPointAdjudications = sqliteTable(
	'control_point_adjudications',
	{
		pointId: integer('point_id').primaryKey().references(() => controlPoints.id, { onDelete: 'cascade' }),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		/** null: the point cannot be labelled (cloud, shadow) and leaves the sample. */
		classCode: text('class_code'),
		comment: text('comment').notNull().default(''),
		userId: integer('user_id'),
		at: integer('at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('control_point_adjudications_campaign').on(t.campaignId)]
);

/** A campaign's acceptance criteria (JSON, see src/lib/acceptance/criteria.ts); absent: the suggested default. */
export const acceptanceCriteria = sqliteTable('acceptance_criteria', {
	campaignId: integer('campaign_id').primaryKey().references(() => campaigns.id, { onDelete: 'cascade' }),
	criteria: text('criteria', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
	updatedBy: integer('updated_by')
});

/** The tiles a single sampling plan (n, c) inspects: a seeded draw among the review tiles, kept so it never moves. */
export const acceptancePlanTiles = sqliteTable(
	'acceptance_plan_tiles',
	{
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		tileId: integer('tile_id').notNull().references(() => tiles.id, { onDelete: 'cascade' }),
		ordinal: integer('ordinal').notNull()
	},
	(t) => [primaryKey({ columns: [t.campaignId, t.tileId] })]
);

// ─── Contractor loop: releases, answers, review rounds ───────────────────────────────────────────

/** One release of defects to the contractor: who released what (the filter), when. */
export const defectReleases = sqliteTable(
	'defect_releases',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		releasedAt: integer('released_at', { mode: 'timestamp_ms' }).notNull(),
		releasedBy: integer('released_by').references(() => users.id, { onDelete: 'set null' }),
		/** JSON {severity?, category?, tileIds?, organisationIds?}: what the manager chose (empty: all). */
		filter: text('filter', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
		/** Defects released for the first time, released again with a changed content, already released as they are. */
		added: integer('added').notNull(),
		updated: integer('updated').notNull(),
		unchanged: integer('unchanged').notNull()
	},
	(t) => [index('defect_releases_campaign').on(t.campaignId, t.id)]
);

/**
 * A defect as it was released to the contractor: a copy, so that a reviewer's later edit never changes
 * what the contractor was sent; the manager releases again to send the new version. `id` is the
 * number the contractor quotes. A defect is known by (tile, round, its document id).
 */
export const releasedDefects = sqliteTable(
	'released_defects',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		tileId: integer('tile_id').notNull().references(() => tiles.id, { onDelete: 'cascade' }),
		round: integer('round').notNull(),
		defectId: text('defect_id').notNull(),
		/** The last release that wrote this content. */
		releaseId: integer('release_id').notNull().references(() => defectReleases.id, { onDelete: 'cascade' }),
		firstReleasedAt: integer('first_released_at', { mode: 'timestamp_ms' }).notNull(),
		releasedAt: integer('released_at', { mode: 'timestamp_ms' }).notNull(),
		/** GeoJSON (WGS84), as in the tile document. */
		geometry: text('geometry').notNull(),
		category: text('category').notNull(),
		severity: text('severity', { enum: ['minor', 'major', 'blocking'] }).notNull(),
		comment: text('comment').notNull(),
		authorId: integer('author_id').notNull(),
		/** Name and organisation of the author when released (the contractor cannot read the member list). */
		authorName: text('author_name').notNull(),
		organisationId: integer('organisation_id'),
		organisation: text('organisation'),
		createdAt: text('created_at').notNull(),
		updatedAt: text('updated_at')
	},
	(t) => [uniqueIndex('released_defects_key').on(t.tileId, t.round, t.defectId), index('released_defects_campaign').on(t.campaignId)]
);

/** The contractor's answer to a released defect, and the manager's decision on a dispute. */
export const defectAnswers = sqliteTable(
	'defect_answers',
	{
		releasedId: integer('released_id').primaryKey().references(() => releasedDefects.id, { onDelete: 'cascade' }),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		answer: text('answer', { enum: ['accepted', 'disputed', 'fixed'] }).notNull(),
		comment: text('comment').notNull(),
		answeredBy: integer('answered_by').references(() => users.id, { onDelete: 'set null' }),
		answeredAt: integer('answered_at', { mode: 'timestamp_ms' }).notNull(),
		/** A closed dispute: the manager agrees with the contractor (the defect is dropped) or maintains it. */
		outcome: text('outcome', { enum: ['agreed', 'maintained'] }),
		outcomeComment: text('outcome_comment'),
		closedBy: integer('closed_by').references(() => users.id, { onDelete: 'set null' }),
		closedAt: integer('closed_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('defect_answers_campaign').on(t.campaignId)]
);

/** A review round after the first: opened by a manager on some tiles, with a new delivery's files. */
export const reviewRounds = sqliteTable(
	'review_rounds',
	{
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		/** 2, 3… (round 1 is the campaign's first review: every tile, no row here). */
		number: integer('number').notNull(),
		openedAt: integer('opened_at', { mode: 'timestamp_ms' }).notNull(),
		openedBy: integer('opened_by').references(() => users.id, { onDelete: 'set null' }),
		note: text('note').notNull().default('')
	},
	(t) => [primaryKey({ columns: [t.campaignId, t.number] })]
);

/** The tiles reviewed again in a round. A tile's current round is its highest here, else 1. */
export const roundTiles = sqliteTable(
	'round_tiles',
	{
		tileId: integer('tile_id').notNull().references(() => tiles.id, { onDelete: 'cascade' }),
		round: integer('round').notNull(),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		/** The round the tile left (its results are in round_defects/round_verdicts/round_corrections). */
		fromRound: integer('from_round').notNull()
	},
	(t) => [primaryKey({ columns: [t.tileId, t.round] }), index('round_tiles_campaign').on(t.campaignId, t.round)]
);

/**
 * A closed round's defects, verdicts and corrections, copied from the tile document when the tile
 * entered its next round (the document then starts empty for the new round; the live projections
 * hold the current round only).
 */
export const roundDefects = sqliteTable(
	'round_defects',
	{
		tileId: integer('tile_id').notNull().references(() => tiles.id, { onDelete: 'cascade' }),
		round: integer('round').notNull(),
		id: text('id').notNull(),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		geometry: text('geometry').notNull(),
		category: text('category').notNull(),
		severity: text('severity', { enum: ['minor', 'major', 'blocking'] }).notNull(),
		comment: text('comment').notNull(),
		authorId: integer('author_id').notNull(),
		createdAt: text('created_at').notNull(),
		updatedAt: text('updated_at'),
		updatedBy: integer('updated_by')
	},
	(t) => [primaryKey({ columns: [t.tileId, t.round, t.id] }), index('round_defects_campaign').on(t.campaignId, t.round)]
);

export const roundVerdicts = sqliteTable(
	'round_verdicts',
	{
		tileId: integer('tile_id').notNull().references(() => tiles.id, { onDelete: 'cascade' }),
		round: integer('round').notNull(),
		userId: integer('user_id').notNull(),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		verdict: text('verdict', { enum: ['accepted', 'accepted_with_reservations', 'rejected', 'cannot_tell'] }).notNull(),
		comment: text('comment').notNull(),
		at: text('at').notNull()
	},
	(t) => [primaryKey({ columns: [t.tileId, t.round, t.userId] }), index('round_verdicts_campaign').on(t.campaignId, t.round)]
);

export const roundCorrections = sqliteTable(
	'round_corrections',
	{
		tileId: integer('tile_id').notNull().references(() => tiles.id, { onDelete: 'cascade' }),
		round: integer('round').notNull(),
		featureId: integer('feature_id').notNull(),
		userId: integer('user_id').notNull(),
		campaignId: integer('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'cascade' }),
		fromClass: text('from_class').notNull(),
		toClass: text('to_class').notNull(),
		comment: text('comment').notNull(),
		at: text('at').notNull()
	},
	(t) => [primaryKey({ columns: [t.tileId, t.round, t.featureId, t.userId] }), index('round_corrections_campaign').on(t.campaignId, t.round)]
);
