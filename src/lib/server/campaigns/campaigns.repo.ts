import type { Db } from '../db/db.ts';

/** SQL only: rows as stored. Rules and shaping live in campaigns.service.ts. */

export interface CampaignRow {
	id: number;
	name: string;
	contractor: string;
	description: string;
	status: 'importing' | 'ready' | 'failed';
	crs_epsg: number;
	tiling_mode: 'grid' | 'images';
	tile_size: number | null;
	sampling_mode: 'all' | 'random' | 'stratified';
	sample_size: number | null;
	sample_seed: string | null;
	class_field: string;
	nomenclature: string;
	landcover_file: string;
	landcover_epsg: number;
	bbox_wgs84: string;
	footprint: string;
	attribution: string;
	is_demo: number;
	created_at: number;
}

export interface TileRow {
	id: number;
	campaign_id: number;
	name: string;
	ordinal: number;
	xmin: number;
	ymin: number;
	xmax: number;
	ymax: number;
	geometry: string;
	feature_count: number;
	feature_ids?: Buffer | null;
	dominant_class: string | null;
	in_sample: number;
	status: import('../../review/status.ts').TileStatus;
	image_id: number | null;
}

export interface ImagerySourceRow {
	id: number;
	campaign_id: number;
	vintage: 'current' | 'previous' | 'round';
	/** Review round of a later delivery's files (vintage 'round'); null otherwise. */
	round?: number | null;
	kind: 'geotiff' | 'xyz' | 'wms' | 'wmts';
	location: string;
	layer: string | null;
	label: string;
	epsg: number | null;
	bbox_native: string | null;
	bbox_wgs84: string | null;
	attribution: string;
}

export function listCampaigns(db: Db): (CampaignRow & { tile_count: number })[] {
	return db.$client
		.prepare(
			`SELECT c.*, (SELECT count(*) FROM tiles t WHERE t.campaign_id = c.id AND t.in_sample = 1) AS tile_count
			 FROM campaigns c WHERE c.status = 'ready' ORDER BY c.created_at DESC, c.id DESC`
		)
		.all() as (CampaignRow & { tile_count: number })[];
}

export function getCampaign(db: Db, id: number): CampaignRow | undefined {
	return db.$client.prepare(`SELECT * FROM campaigns WHERE id = ? AND status = 'ready'`).get(id) as CampaignRow | undefined;
}

export function countCampaigns(db: Db): number {
	return (db.$client.prepare('SELECT count(*) AS n FROM campaigns').get() as { n: number }).n;
}

export function statusCounts(db: Db, campaignId: number): Record<string, number> {
	const rows = db.$client
		.prepare('SELECT status, count(*) AS n FROM tiles WHERE campaign_id = ? AND in_sample = 1 GROUP BY status')
		.all(campaignId) as { status: string; n: number }[];
	return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Every tile column but the feature-id index (large, and only the land-cover endpoint needs it). */
const TILE_COLUMNS = 'id, campaign_id, name, ordinal, xmin, ymin, xmax, ymax, geometry, feature_count, dominant_class, in_sample, status, image_id';

export function listTiles(db: Db, campaignId: number, includeAll: boolean): TileRow[] {
	return db.$client
		.prepare(`SELECT ${TILE_COLUMNS} FROM tiles WHERE campaign_id = ? ${includeAll ? '' : 'AND in_sample = 1'} ORDER BY ordinal`)
		.all(campaignId) as TileRow[];
}

export function getTile(db: Db, campaignId: number, tileId: number): TileRow | undefined {
	return db.$client.prepare(`SELECT ${TILE_COLUMNS} FROM tiles WHERE id = ? AND campaign_id = ?`).get(tileId, campaignId) as TileRow | undefined;
}

/** The review tiles just before and after `ordinal` (previous/next navigation). */
export function neighbourTiles(db: Db, campaignId: number, ordinal: number): { prev?: TileRow; next?: TileRow } {
	const prev = db.$client
		.prepare('SELECT id, name FROM tiles WHERE campaign_id = ? AND in_sample = 1 AND ordinal < ? ORDER BY ordinal DESC LIMIT 1')
		.get(campaignId, ordinal) as TileRow | undefined;
	const next = db.$client
		.prepare('SELECT id, name FROM tiles WHERE campaign_id = ? AND in_sample = 1 AND ordinal > ? ORDER BY ordinal LIMIT 1')
		.get(campaignId, ordinal) as TileRow | undefined;
	return { prev, next };
}

/** Class areas of the campaign's tiles, as (tile_id, class_code, area) rows. */
export function classAreas(db: Db, campaignId: number): { tile_id: number; class_code: string; area: number }[] {
	return db.$client
		.prepare(
			`SELECT a.tile_id, a.class_code, a.area FROM tile_class_areas a JOIN tiles t ON t.id = a.tile_id
			 WHERE t.campaign_id = ? ORDER BY a.tile_id, a.class_code`
		)
		.all(campaignId) as { tile_id: number; class_code: string; area: number }[];
}

export function tileClassAreas(db: Db, tileId: number): { class_code: string; area: number }[] {
	return db.$client
		.prepare('SELECT class_code, area FROM tile_class_areas WHERE tile_id = ? ORDER BY area DESC')
		.all(tileId) as { class_code: string; area: number }[];
}

/** The land-cover features touching a tile, through the tile's feature-id index. */
export function tileFeatures(db: Db, tileId: number): { fid: number; class_code: string; geometry: Buffer; properties: string }[] {
	const row = db.$client.prepare('SELECT feature_ids FROM tiles WHERE id = ?').get(tileId) as { feature_ids: Buffer | null } | undefined;
	if (!row?.feature_ids?.length) return [];
	const ids = row.feature_ids;
	const get = db.$client.prepare('SELECT fid, class_code, geometry, properties FROM landcover_features WHERE id = ?');
	const out: { fid: number; class_code: string; geometry: Buffer; properties: string }[] = [];
	for (let i = 0; i < ids.length; i += 4) out.push(get.get(ids.readInt32LE(i)) as (typeof out)[number]);
	return out.sort((a, b) => a.fid - b.fid);
}

export function imagerySources(db: Db, campaignId: number): ImagerySourceRow[] {
	return db.$client
		.prepare('SELECT * FROM imagery_sources WHERE campaign_id = ? ORDER BY vintage, id')
		.all(campaignId) as ImagerySourceRow[];
}
