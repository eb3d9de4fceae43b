/** SQL of campaigns, their tiles and imagery: rows as stored (typed from the schema). Rules and shaping live in campaigns.service.ts. */
import { and, asc, count, desc, eq, getTableColumns, gt, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/db.ts';
import { campaigns, campaignSettings, imagerySources as imagerySourcesTable, landcoverFeatures, referenceLayers, tileClassAreas as tileClassAreasTable, tiles } from '../db/schema.ts';
import { prepared } from '../db/statements.ts';

export type CampaignRow = typeof campaigns.$inferSelect;
export type ImagerySourceRow = typeof imagerySourcesTable.$inferSelect;
export type CampaignSettingsRow = typeof campaignSettings.$inferSelect;

/** Every tile column but the feature-id index (large, and only the land-cover endpoint needs it). */
const { featureIds: _featureIndex, ...tileColumns } = getTableColumns(tiles);
export type TileRow = Omit<typeof tiles.$inferSelect, 'featureIds'>;

const isReady = eq(campaigns.status, 'ready');

export function listCampaigns(db: Db) {
	return db
		.select({ campaign: campaigns, tileCount: db.$count(tiles, and(eq(tiles.campaignId, campaigns.id), eq(tiles.inSample, true))) })
		.from(campaigns)
		.where(isReady)
		.orderBy(desc(campaigns.createdAt), desc(campaigns.id))
		.all();
}

export function getCampaign(db: Db, id: number): CampaignRow | undefined {
	return db.select().from(campaigns).where(and(eq(campaigns.id, id), isReady)).get();
}

// In front of every imagery tile (the campaign must still be there): only the id, prepared once per connection.
const readyCampaignId = (db: Db) =>
	db
		.select({ id: campaigns.id })
		.from(campaigns)
		.where(and(eq(campaigns.id, sql.placeholder('id')), isReady))
		.prepare();

export function isReadyCampaign(db: Db, id: number): boolean {
	return !!prepared(db, readyCampaignId).get({ id });
}

export function countCampaigns(db: Db): number {
	return db.select({ n: count() }).from(campaigns).get()!.n;
}

/** Review tiles per status. */
export function statusCounts(db: Db, campaignId: number): Partial<Record<TileRow['status'], number>> {
	const rows = db
		.select({ status: tiles.status, n: count() })
		.from(tiles)
		.where(and(eq(tiles.campaignId, campaignId), eq(tiles.inSample, true)))
		.groupBy(tiles.status)
		.all();
	return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export function listTiles(db: Db, campaignId: number, includeAll: boolean): TileRow[] {
	return db
		.select(tileColumns)
		.from(tiles)
		.where(includeAll ? eq(tiles.campaignId, campaignId) : and(eq(tiles.campaignId, campaignId), eq(tiles.inSample, true)))
		.orderBy(asc(tiles.ordinal))
		.all();
}

export function getTile(db: Db, campaignId: number, tileId: number): TileRow | undefined {
	return db
		.select(tileColumns)
		.from(tiles)
		.where(and(eq(tiles.id, tileId), eq(tiles.campaignId, campaignId)))
		.get();
}

/** The review tiles just before and after `ordinal` (previous/next navigation). */
export function neighbourTiles(db: Db, campaignId: number, ordinal: number): { prev?: { id: number; name: string }; next?: { id: number; name: string } } {
	const inReview = and(eq(tiles.campaignId, campaignId), eq(tiles.inSample, true));
	const prev = db.select({ id: tiles.id, name: tiles.name }).from(tiles).where(and(inReview, lt(tiles.ordinal, ordinal))).orderBy(desc(tiles.ordinal)).limit(1).get();
	const next = db.select({ id: tiles.id, name: tiles.name }).from(tiles).where(and(inReview, gt(tiles.ordinal, ordinal))).orderBy(asc(tiles.ordinal)).limit(1).get();
	return { prev, next };
}

/** Class areas of the campaign's tiles. */
export function classAreas(db: Db, campaignId: number): { tileId: number; classCode: string; area: number }[] {
	return db
		.select({ tileId: tileClassAreasTable.tileId, classCode: tileClassAreasTable.classCode, area: tileClassAreasTable.area })
		.from(tileClassAreasTable)
		.innerJoin(tiles, eq(tiles.id, tileClassAreasTable.tileId))
		.where(eq(tiles.campaignId, campaignId))
		.orderBy(asc(tileClassAreasTable.tileId), asc(tileClassAreasTable.classCode))
		.all();
}

/** A tile's class areas, largest first. */
export function tileClassAreas(db: Db, tileId: number): { classCode: string; area: number }[] {
	return db
		.select({ classCode: tileClassAreasTable.classCode, area: tileClassAreasTable.area })
		.from(tileClassAreasTable)
		.where(eq(tileClassAreasTable.tileId, tileId))
		.orderBy(desc(tileClassAreasTable.area))
		.all();
}

/** The land-cover features touching a tile, through the tile's feature-id index, by fid. */
export function tileFeatures(db: Db, tileId: number): { fid: number; classCode: string; geometry: Buffer; properties: string }[] {
	const ids = db.select({ featureIds: tiles.featureIds }).from(tiles).where(eq(tiles.id, tileId)).get()?.featureIds;
	if (!ids?.length) return [];
	const list: number[] = [];
	for (let i = 0; i < ids.length; i += 4) list.push(ids.readInt32LE(i));
	return db
		.select({ fid: landcoverFeatures.fid, classCode: landcoverFeatures.classCode, geometry: landcoverFeatures.geometry, properties: landcoverFeatures.properties })
		.from(landcoverFeatures)
		// json_each: one statement for any number of ids (no bound-parameter limit).
		.where(sql`${landcoverFeatures.id} in (select value from json_each(${JSON.stringify(list)}))`)
		.orderBy(asc(landcoverFeatures.fid))
		.all();
}

export function imagerySources(db: Db, campaignId: number): ImagerySourceRow[] {
	return db
		.select()
		.from(imagerySourcesTable)
		.where(eq(imagerySourcesTable.campaignId, campaignId))
		.orderBy(asc(imagerySourcesTable.vintage), asc(imagerySourcesTable.id))
		.all();
}

/** URL templates of a campaign's imagery services (WMTS, WMS, XYZ; not its delivered files). */
export function serviceLocations(db: Db, campaignId: number): string[] {
	return db
		.selectDistinct({ location: imagerySourcesTable.location })
		.from(imagerySourcesTable)
		.where(and(eq(imagerySourcesTable.campaignId, campaignId), ne(imagerySourcesTable.kind, 'geotiff')))
		.all()
		.map((r) => r.location);
}

/** The organisations a tile is assigned to, by name. */
export function tileOrganisations(db: Db, tileId: number): { id: number; name: string }[] {
	return db.$client
		.prepare('SELECT o.id, o.name FROM tile_assignments a JOIN organisations o ON o.id = a.organisation_id WHERE a.tile_id = ? ORDER BY o.name COLLATE NOCASE')
		.all(tileId) as { id: number; name: string }[];
}

/** URLs of the reference layers (WMTS/WMS/XYZ) a campaign's managers added for its reviewers. */
export function referenceLayerUrls(db: Db, campaignId: number): string[] {
	return db
		.selectDistinct({ url: referenceLayers.url })
		.from(referenceLayers)
		.where(eq(referenceLayers.campaignId, campaignId))
		.all()
		.map((r) => r.url);
}

export function settings(db: Db, campaignId: number): CampaignSettingsRow | undefined {
	return db.select().from(campaignSettings).where(eq(campaignSettings.campaignId, campaignId)).get();
}

export function saveSettings(db: Db, row: Pick<CampaignSettingsRow, 'campaignId' | 'reviewUnassigned' | 'requiredVerdicts'>): void {
	db.insert(campaignSettings)
		.values(row)
		.onConflictDoUpdate({ target: campaignSettings.campaignId, set: { reviewUnassigned: row.reviewUnassigned, requiredVerdicts: row.requiredVerdicts } })
		.run();
}

/** What deleting needs to know: the name to confirm, whether it is the demo, how many tiles go with it (any status). */
export function campaignToDelete(db: Db, campaignId: number) {
	return db
		.select({ name: campaigns.name, isDemo: campaigns.isDemo, tiles: db.$count(tiles, eq(tiles.campaignId, campaigns.id)) })
		.from(campaigns)
		.where(eq(campaigns.id, campaignId))
		.get();
}

/** Everything the campaign owns goes with it (foreign keys cascade). */
export function deleteCampaign(db: Db, campaignId: number): void {
	db.delete(campaigns).where(eq(campaigns.id, campaignId)).run();
}

/** The demo campaign, once imported. */
export function demoCampaignId(db: Db): number | undefined {
	return db
		.select({ id: campaigns.id })
		.from(campaigns)
		.where(and(eq(campaigns.isDemo, true), isReady))
		.orderBy(asc(campaigns.id))
		.limit(1)
		.get()?.id;
}

/** Ids of the campaign's review tiles, in review order. */
export function reviewTileIds(db: Db, campaignId: number): number[] {
	return db
		.select({ id: tiles.id })
		.from(tiles)
		.where(and(eq(tiles.campaignId, campaignId), eq(tiles.inSample, true)))
		.orderBy(asc(tiles.ordinal))
		.all()
		.map((r) => r.id);
}
