/**
 * SQL of positional accuracy: checkpoints, the tiles they fall in, reviewers' measures and seam
 * offsets. Rows as stored (typed from schema.ts); rules and shaping live in the services.
 */
import { and, asc, eq, inArray, min, sql } from 'drizzle-orm';
import type { Db } from '../db/db.ts';
import {
	campaigns,
	checkpointMeasures,
	checkpoints,
	checkpointTiles,
	imagerySources,
	organisations,
	seamMeasures,
	tiles,
	users
} from '../db/schema.ts';

export type CheckpointRow = typeof checkpoints.$inferSelect;
export type NewCheckpoint = typeof checkpoints.$inferInsert;
export type MeasureRow = typeof checkpointMeasures.$inferSelect;
export type SeamRow = typeof seamMeasures.$inferSelect;

/** A review tile's rectangle in the campaign's CRS. */
export interface TileRect {
	id: number;
	name: string;
	xmin: number;
	ymin: number;
	xmax: number;
	ymax: number;
}

export function campaignEpsg(db: Db, campaignId: number): number | undefined {
	return db.select({ epsg: campaigns.crsEpsg }).from(campaigns).where(and(eq(campaigns.id, campaignId), eq(campaigns.status, 'ready'))).get()?.epsg;
}

/** Every tile of the campaign (sampled or not: a checkpoint may fall outside the review sample). */
export function tileRects(db: Db, campaignId: number): TileRect[] {
	return db
		.select({ id: tiles.id, name: tiles.name, xmin: tiles.xmin, ymin: tiles.ymin, xmax: tiles.xmax, ymax: tiles.ymax })
		.from(tiles)
		.where(eq(tiles.campaignId, campaignId))
		.orderBy(asc(tiles.ordinal))
		.all();
}

/**
 * Bounding rectangle of the campaign's tiles (null without tiles), from SQL: the figures need the
 * extent only, and a département's 40 000 tile rows cost far more than the checkpoints themselves.
 */
export function tilesExtent(db: Db, campaignId: number): [number, number, number, number] | null {
	const r = db.$client.prepare('SELECT min(xmin), min(ymin), max(xmax), max(ymax) FROM tiles WHERE campaign_id = ?').raw().get(campaignId) as (number | null)[];
	return r[0] === null ? null : (r as [number, number, number, number]);
}

/** Finest ground pixel of the delivered orthophotos (metres), null for an external service only. */
export function currentPixelSize(db: Db, campaignId: number): number | null {
	return (
		db
			.select({ px: min(imagerySources.resolution) })
			.from(imagerySources)
			.where(and(eq(imagerySources.campaignId, campaignId), eq(imagerySources.vintage, 'current'), eq(imagerySources.kind, 'geotiff')))
			.get()?.px ?? null
	);
}

export function listCheckpoints(db: Db, campaignId: number): CheckpointRow[] {
	return db.select().from(checkpoints).where(eq(checkpoints.campaignId, campaignId)).all();
}

/** One indexed probe: most campaigns have no checkpoint, and reading them all costs the campaign's tiles. */
export function hasSurveyedCheckpoint(db: Db, campaignId: number): boolean {
	return db.$client.prepare('SELECT 1 FROM checkpoints WHERE campaign_id = ? AND surveyed = 1 LIMIT 1').get(campaignId) !== undefined;
}

export function getCheckpoint(db: Db, campaignId: number, id: number): CheckpointRow | undefined {
	return db.select().from(checkpoints).where(and(eq(checkpoints.campaignId, campaignId), eq(checkpoints.id, id))).get();
}

export function checkpointsByCode(db: Db, campaignId: number, codes: string[]): CheckpointRow[] {
	if (!codes.length) return [];
	// SQLite's limit on bound parameters (32 766) is far above a checkpoint file's size; chunk anyway.
	const out: CheckpointRow[] = [];
	for (let i = 0; i < codes.length; i += 500) {
		out.push(...db.select().from(checkpoints).where(and(eq(checkpoints.campaignId, campaignId), inArray(checkpoints.code, codes.slice(i, i + 500)))).all());
	}
	return out;
}

export function insertCheckpoint(db: Db, row: NewCheckpoint): number {
	return db.insert(checkpoints).values(row).returning({ id: checkpoints.id }).get().id;
}

export function updateCheckpoint(db: Db, id: number, values: Partial<NewCheckpoint>): void {
	db.update(checkpoints).set(values).where(eq(checkpoints.id, id)).run();
}

export function deleteCheckpoint(db: Db, campaignId: number, id: number): number {
	return db.delete(checkpoints).where(and(eq(checkpoints.campaignId, campaignId), eq(checkpoints.id, id))).run().changes;
}

export function setCheckpointTiles(db: Db, campaignId: number, checkpointId: number, tileIds: readonly number[]): void {
	db.delete(checkpointTiles).where(eq(checkpointTiles.checkpointId, checkpointId)).run();
	if (tileIds.length) db.insert(checkpointTiles).values(tileIds.map((tileId) => ({ checkpointId, tileId, campaignId }))).run();
}

/** (checkpoint, tile) pairs of the campaign with the tile's name, in review order. */
export function checkpointTilePairs(db: Db, campaignId: number): { checkpointId: number; tileId: number; name: string }[] {
	return db
		.select({ checkpointId: checkpointTiles.checkpointId, tileId: checkpointTiles.tileId, name: tiles.name })
		.from(checkpointTiles)
		.innerJoin(tiles, eq(tiles.id, checkpointTiles.tileId))
		.where(eq(checkpointTiles.campaignId, campaignId))
		.orderBy(asc(tiles.ordinal))
		.all();
}

/**
 * Which organisations review the tiles holding checkpoints (only those: the figures group checkpoints
 * by them, and a campaign may assign tens of thousands of tiles).
 */
export function tileOrganisations(db: Db, campaignId: number): { tileId: number; organisationId: number; name: string }[] {
	return db.$client
		.prepare(
			`SELECT a.tile_id AS tileId, a.organisation_id AS organisationId, o.name AS name
			 FROM (SELECT DISTINCT tile_id FROM checkpoint_tiles WHERE campaign_id = ?) ct
			 JOIN tile_assignments a ON a.tile_id = ct.tile_id
			 JOIN organisations o ON o.id = a.organisation_id`
		)
		.all(campaignId) as { tileId: number; organisationId: number; name: string }[];
}

export interface MeasureWithPeople extends MeasureRow {
	userName: string | null;
	userEmail: string | null;
	organisationName: string | null;
}

/** Measures of the campaign (or of one checkpoint), with who made them, oldest first. */
export function listMeasures(db: Db, campaignId: number, checkpointId?: number): MeasureWithPeople[] {
	return db
		.select({
			checkpointId: checkpointMeasures.checkpointId,
			userId: checkpointMeasures.userId,
			campaignId: checkpointMeasures.campaignId,
			organisationId: checkpointMeasures.organisationId,
			status: checkpointMeasures.status,
			x: checkpointMeasures.x,
			y: checkpointMeasures.y,
			at: checkpointMeasures.at,
			decision: checkpointMeasures.decision,
			decidedBy: checkpointMeasures.decidedBy,
			decidedAt: checkpointMeasures.decidedAt,
			userName: users.name,
			userEmail: users.email,
			organisationName: organisations.name
		})
		.from(checkpointMeasures)
		.leftJoin(users, eq(users.id, checkpointMeasures.userId))
		.leftJoin(organisations, eq(organisations.id, checkpointMeasures.organisationId))
		.where(checkpointId === undefined ? eq(checkpointMeasures.campaignId, campaignId) : and(eq(checkpointMeasures.campaignId, campaignId), eq(checkpointMeasures.checkpointId, checkpointId)))
		.orderBy(asc(checkpointMeasures.at))
		.all();
}

/** Record (or replace) one person's measure of a checkpoint; a new measure awaits the manager again. */
export function upsertMeasure(db: Db, row: typeof checkpointMeasures.$inferInsert): void {
	const values = { ...row, decision: 'pending' as const, decidedBy: null, decidedAt: null };
	db.insert(checkpointMeasures)
		.values(values)
		.onConflictDoUpdate({
			target: [checkpointMeasures.checkpointId, checkpointMeasures.userId],
			set: { organisationId: values.organisationId, status: values.status, x: values.x, y: values.y, at: values.at, decision: 'pending', decidedBy: null, decidedAt: null }
		})
		.run();
}

export function setDecision(db: Db, campaignId: number, checkpointId: number, userId: number, decision: MeasureRow['decision'], by: number | null, at: Date): number {
	return db
		.update(checkpointMeasures)
		.set({ decision, decidedBy: decision === 'pending' ? null : by, decidedAt: decision === 'pending' ? null : at })
		.where(and(eq(checkpointMeasures.campaignId, campaignId), eq(checkpointMeasures.checkpointId, checkpointId), eq(checkpointMeasures.userId, userId)))
		.run().changes;
}

export function insertSeam(db: Db, row: typeof seamMeasures.$inferInsert): number {
	return db.insert(seamMeasures).values(row).returning({ id: seamMeasures.id }).get().id;
}

export function getSeam(db: Db, campaignId: number, id: number): SeamRow | undefined {
	return db.select().from(seamMeasures).where(and(eq(seamMeasures.campaignId, campaignId), eq(seamMeasures.id, id))).get();
}

export function deleteSeam(db: Db, campaignId: number, id: number): number {
	return db.delete(seamMeasures).where(and(eq(seamMeasures.campaignId, campaignId), eq(seamMeasures.id, id))).run().changes;
}

export interface SeamWithPeople extends SeamRow {
	userName: string | null;
	userEmail: string | null;
	organisationName: string | null;
	tileName: string | null;
}

export function listSeams(db: Db, campaignId: number): SeamWithPeople[] {
	return db
		.select({
			id: seamMeasures.id,
			campaignId: seamMeasures.campaignId,
			userId: seamMeasures.userId,
			organisationId: seamMeasures.organisationId,
			ax: seamMeasures.ax,
			ay: seamMeasures.ay,
			bx: seamMeasures.bx,
			by: seamMeasures.by,
			tileId: seamMeasures.tileId,
			comment: seamMeasures.comment,
			at: seamMeasures.at,
			userName: users.name,
			userEmail: users.email,
			organisationName: organisations.name,
			tileName: tiles.name
		})
		.from(seamMeasures)
		.leftJoin(users, eq(users.id, seamMeasures.userId))
		.leftJoin(organisations, eq(organisations.id, seamMeasures.organisationId))
		.leftJoin(tiles, eq(tiles.id, seamMeasures.tileId))
		.where(eq(seamMeasures.campaignId, campaignId))
		.orderBy(asc(seamMeasures.id))
		.all();
}

/** Codes already taken in the campaign that start with `prefix` (to number reviewers' proposals). */
export function codesLike(db: Db, campaignId: number, prefix: string): string[] {
	return db
		.select({ code: checkpoints.code })
		.from(checkpoints)
		.where(and(eq(checkpoints.campaignId, campaignId), sql`substr(${checkpoints.code}, 1, ${prefix.length}) = ${prefix}`))
		.all()
		.map((r) => r.code);
}
