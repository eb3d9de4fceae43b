/**
 * SQL of the contractor loop: the live defects a release copies, the released copies, the
 * contractor's answers and the manager's decisions on disputes.
 */
import { and, asc, desc, eq, inArray, sql, type Column } from 'drizzle-orm';
import type { Db } from '../db/db.ts';
import { campaignMembers, defectAnswers, defectReleases, defects, organisations, releasedDefects, tiles, users } from '../db/schema.ts';
import { currentRoundOf } from '../rounds/rounds.repo.ts';

/** The organisation a user acts for in the campaign (their membership row's). */
const memberOf = (campaignId: Column, userId: Column) => and(eq(campaignMembers.campaignId, campaignId), eq(campaignMembers.userId, userId));

/** A person's name as others see it: their name, else their e-mail. */
const nameOf = (id: Column) => sql<string>`coalesce(nullif(${users.name}, ''), ${users.email}, '#' || ${id})`;

/** The campaign's defects as reviewers left them (the current round of each tile), with their author. */
export function liveDefects(db: Db, campaignId: number) {
	return db
		.select({
			tileId: defects.tileId,
			tileName: tiles.name,
			round: currentRoundOf('"defects"."tile_id"'),
			defectId: defects.id,
			geometry: defects.geometry,
			category: defects.category,
			severity: defects.severity,
			comment: defects.comment,
			authorId: defects.authorId,
			authorName: nameOf(defects.authorId),
			organisationId: campaignMembers.organisationId,
			organisation: organisations.name,
			createdAt: defects.createdAt,
			updatedAt: defects.updatedAt
		})
		.from(defects)
		.innerJoin(tiles, eq(tiles.id, defects.tileId))
		.leftJoin(users, eq(users.id, defects.authorId))
		.leftJoin(campaignMembers, memberOf(defects.campaignId, defects.authorId))
		.leftJoin(organisations, eq(organisations.id, campaignMembers.organisationId))
		.where(eq(defects.campaignId, campaignId))
		.orderBy(asc(tiles.ordinal), asc(defects.createdAt), asc(defects.id))
		.all();
}
export type LiveDefect = ReturnType<typeof liveDefects>[number];

export type ReleasedRow = typeof releasedDefects.$inferSelect;

export function releasedRows(db: Db, campaignId: number): ReleasedRow[] {
	return db.select().from(releasedDefects).where(eq(releasedDefects.campaignId, campaignId)).all();
}

export function insertRelease(db: Db, row: typeof defectReleases.$inferInsert): number {
	return db.insert(defectReleases).values(row).returning({ id: defectReleases.id }).get().id;
}

export function insertReleased(db: Db, row: typeof releasedDefects.$inferInsert): void {
	db.insert(releasedDefects).values(row).run();
}

export function updateReleased(db: Db, id: number, values: Partial<typeof releasedDefects.$inferInsert>): void {
	db.update(releasedDefects).set(values).where(eq(releasedDefects.id, id)).run();
}

/** Releases of a campaign, newest first, with who released. */
export function listReleases(db: Db, campaignId: number) {
	return db
		.select({
			id: defectReleases.id,
			releasedAt: defectReleases.releasedAt,
			releasedBy: sql<string | null>`coalesce(nullif(${users.name}, ''), ${users.email})`,
			filter: defectReleases.filter,
			added: defectReleases.added,
			updated: defectReleases.updated,
			unchanged: defectReleases.unchanged
		})
		.from(defectReleases)
		.leftJoin(users, eq(users.id, defectReleases.releasedBy))
		.where(eq(defectReleases.campaignId, campaignId))
		.orderBy(desc(defectReleases.id))
		.all();
}

/** Released defects with their tile and their answer (if any), in review order. */
export function releasedWithAnswers(db: Db, campaignId: number) {
	const answerer = sql<string | null>`(SELECT coalesce(nullif(u.name, ''), u.email) FROM users u WHERE u.id = ${defectAnswers.answeredBy})`;
	const closer = sql<string | null>`(SELECT coalesce(nullif(u.name, ''), u.email) FROM users u WHERE u.id = ${defectAnswers.closedBy})`;
	return db
		.select({
			r: releasedDefects,
			tileName: tiles.name,
			answer: defectAnswers.answer,
			answerComment: defectAnswers.comment,
			answeredBy: answerer,
			answeredAt: defectAnswers.answeredAt,
			outcome: defectAnswers.outcome,
			outcomeComment: defectAnswers.outcomeComment,
			closedBy: closer,
			closedAt: defectAnswers.closedAt
		})
		.from(releasedDefects)
		.innerJoin(tiles, eq(tiles.id, releasedDefects.tileId))
		.leftJoin(defectAnswers, eq(defectAnswers.releasedId, releasedDefects.id))
		.where(eq(releasedDefects.campaignId, campaignId))
		.orderBy(asc(tiles.ordinal), asc(releasedDefects.round), asc(releasedDefects.createdAt), asc(releasedDefects.id))
		.all();
}
export type ReleasedWithAnswer = ReturnType<typeof releasedWithAnswers>[number];

export function getReleased(db: Db, campaignId: number, id: number) {
	return db
		.select({ r: releasedDefects, tileName: tiles.name })
		.from(releasedDefects)
		.innerJoin(tiles, eq(tiles.id, releasedDefects.tileId))
		.where(and(eq(releasedDefects.campaignId, campaignId), eq(releasedDefects.id, id)))
		.get();
}

export type AnswerRow = typeof defectAnswers.$inferSelect;

export function getAnswer(db: Db, releasedId: number): AnswerRow | undefined {
	return db.select().from(defectAnswers).where(eq(defectAnswers.releasedId, releasedId)).get();
}

export function upsertAnswer(db: Db, row: Pick<AnswerRow, 'releasedId' | 'campaignId' | 'answer' | 'comment' | 'answeredBy' | 'answeredAt'>): void {
	db.insert(defectAnswers)
		.values(row)
		.onConflictDoUpdate({ target: defectAnswers.releasedId, set: { answer: row.answer, comment: row.comment, answeredBy: row.answeredBy, answeredAt: row.answeredAt } })
		.run();
}

export function closeAnswer(db: Db, releasedId: number, values: Pick<AnswerRow, 'outcome' | 'outcomeComment' | 'closedBy' | 'closedAt'>): void {
	db.update(defectAnswers).set(values).where(eq(defectAnswers.releasedId, releasedId)).run();
}

/** Which of these organisation ids exist. */
export function existingOrganisations(db: Db, ids: readonly number[]): Set<number> {
	if (!ids.length) return new Set();
	return new Set(db.select({ id: organisations.id }).from(organisations).where(inArray(organisations.id, [...ids])).all().map((r) => r.id));
}

/** Which of these tile ids are the campaign's. */
export function campaignTileIds(db: Db, campaignId: number, ids: readonly number[]): Set<number> {
	if (!ids.length) return new Set();
	const out = new Set<number>();
	for (let i = 0; i < ids.length; i += 500) {
		for (const r of db.select({ id: tiles.id }).from(tiles).where(and(eq(tiles.campaignId, campaignId), inArray(tiles.id, ids.slice(i, i + 500)))).all()) out.add(r.id);
	}
	return out;
}

