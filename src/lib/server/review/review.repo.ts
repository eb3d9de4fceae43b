/**
 * Reads of the review projections (defects, verdicts, history). They are written only by the room
 * server (server/collab/projection.ts), in the same transaction as the update they come from.
 */
import { and, asc, desc, eq, lt, sql, type Column } from 'drizzle-orm';
import type { Db } from '../db/db.ts';
import { campaignMembers, defects, organisations, reviewHistory, tiles, users, verdicts } from '../db/schema.ts';

/** The organisation a user acts for in the campaign (their membership row's). */
const memberOf = (campaignId: Column, userId: Column) =>
	and(eq(campaignMembers.campaignId, campaignId), eq(campaignMembers.userId, userId));

export function listDefects(db: Db, campaignId: number, tileId?: number) {
	return db
		.select({
			tileId: defects.tileId,
			tileName: tiles.name,
			id: defects.id,
			geometry: defects.geometry,
			category: defects.category,
			severity: defects.severity,
			comment: defects.comment,
			authorId: defects.authorId,
			authorName: users.name,
			authorEmail: users.email,
			organisation: organisations.name,
			createdAt: defects.createdAt,
			updatedAt: defects.updatedAt
		})
		.from(defects)
		.innerJoin(tiles, eq(tiles.id, defects.tileId))
		.leftJoin(users, eq(users.id, defects.authorId))
		.leftJoin(campaignMembers, memberOf(defects.campaignId, defects.authorId))
		.leftJoin(organisations, eq(organisations.id, campaignMembers.organisationId))
		.where(tileId === undefined ? eq(defects.campaignId, campaignId) : and(eq(defects.campaignId, campaignId), eq(defects.tileId, tileId)))
		.orderBy(asc(tiles.ordinal), asc(defects.createdAt), asc(defects.id))
		.all();
}
export type DefectRow = ReturnType<typeof listDefects>[number];

export function listVerdicts(db: Db, campaignId: number) {
	return db
		.select({
			tileId: verdicts.tileId,
			userId: verdicts.userId,
			organisation: organisations.name,
			verdict: verdicts.verdict,
			comment: verdicts.comment,
			at: verdicts.at
		})
		.from(verdicts)
		.innerJoin(tiles, eq(tiles.id, verdicts.tileId))
		.leftJoin(campaignMembers, memberOf(verdicts.campaignId, verdicts.userId))
		.leftJoin(organisations, eq(organisations.id, campaignMembers.organisationId))
		.where(eq(verdicts.campaignId, campaignId))
		.orderBy(asc(tiles.ordinal), asc(verdicts.at))
		.all();
}

export function tileHistory(db: Db, tileId: number, before = Number.MAX_SAFE_INTEGER, limit = 200) {
	return db
		.select({
			id: reviewHistory.id,
			userId: reviewHistory.userId,
			userName: sql<string | null>`coalesce(nullif(${users.name}, ''), ${users.email})`,
			at: reviewHistory.at,
			target: reviewHistory.target,
			key: reviewHistory.key,
			action: reviewHistory.action,
			before: reviewHistory.before,
			after: reviewHistory.after
		})
		.from(reviewHistory)
		.leftJoin(users, eq(users.id, reviewHistory.userId))
		.where(and(eq(reviewHistory.tileId, tileId), lt(reviewHistory.id, before)))
		.orderBy(desc(reviewHistory.id))
		.limit(limit)
		.all();
}

/** The value a defect had when it was last deleted (what a manager's restore brings back). */
export function lastDeletedDefect(db: Db, tileId: number, defectId: string): Record<string, unknown> | undefined {
	const row = db
		.select({ before: reviewHistory.before })
		.from(reviewHistory)
		.where(and(eq(reviewHistory.tileId, tileId), eq(reviewHistory.target, 'defect'), eq(reviewHistory.key, defectId), eq(reviewHistory.action, 'delete')))
		.orderBy(desc(reviewHistory.id))
		.limit(1)
		.get();
	return (row?.before as Record<string, unknown> | null) ?? undefined;
}

export function defectExists(db: Db, tileId: number, defectId: string): boolean {
	return !!db.select({ id: defects.id }).from(defects).where(and(eq(defects.tileId, tileId), eq(defects.id, defectId))).get();
}

/** A tile of the campaign: its name and status (null when it is not in the campaign). */
export function tileOfCampaign(db: Db, campaignId: number, tileId: number): { name: string; status: (typeof tiles.$inferSelect)['status'] } | undefined {
	return db.select({ name: tiles.name, status: tiles.status }).from(tiles).where(and(eq(tiles.id, tileId), eq(tiles.campaignId, campaignId))).get();
}

export function tileName(db: Db, tileId: number): string | undefined {
	return db.select({ name: tiles.name }).from(tiles).where(eq(tiles.id, tileId)).get()?.name;
}

/** A manager's validation: the tile is closed to changes. */
export function markValidated(db: Db, tileId: number, by: number, at: Date): void {
	db.update(tiles).set({ status: 'validated', validatedAt: at, validatedBy: by }).where(eq(tiles.id, tileId)).run();
}

/** Reopening: not validated any more (the caller derives the status from the document next). */
export function clearValidation(db: Db, tileId: number): void {
	db.update(tiles).set({ status: 'not_started', validatedAt: null, validatedBy: null }).where(eq(tiles.id, tileId)).run();
}
