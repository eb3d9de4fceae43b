/**
 * SQL of the review rounds: which round each tile is in, the rounds a campaign opened, the copies of
 * closed rounds' results, and the files a later delivery brought for a round.
 */
import { and, asc, eq, inArray, max, sql } from 'drizzle-orm';
import type { Db } from '../db/db.ts';
import {
	defectAnswers,
	defects,
	imagerySources,
	releasedDefects,
	reviewRounds,
	roundCorrections,
	roundDefects,
	roundTiles,
	roundVerdicts,
	tiles,
	verdicts
} from '../db/schema.ts';

/**
 * A tile's current round: its highest in round_tiles, else 1 (every tile starts in round 1).
 * `tileId` is the outer query's column, written qualified by hand: drizzle leaves column names
 * unqualified in a one-table select, and an unqualified `tile_id` inside this subquery would be
 * round_tiles' own (every row would then get the campaign's highest round).
 */
export const currentRoundOf = (tileId: '"tiles"."id"' | '"defects"."tile_id"' | '"verdicts"."tile_id"' | '"corrections"."tile_id"') =>
	sql<number>`coalesce((SELECT max(rt.round) FROM round_tiles rt WHERE rt.tile_id = ${sql.raw(tileId)}), 1)`;

export type RoundRow = typeof reviewRounds.$inferSelect;

export function listRounds(db: Db, campaignId: number): RoundRow[] {
	return db.select().from(reviewRounds).where(eq(reviewRounds.campaignId, campaignId)).orderBy(asc(reviewRounds.number)).all();
}

/** The highest round opened in the campaign (1 when none was). */
export function latestRound(db: Db, campaignId: number): number {
	return db.select({ n: max(reviewRounds.number) }).from(reviewRounds).where(eq(reviewRounds.campaignId, campaignId)).get()?.n ?? 1;
}

/** Tiles of the campaign with their name, status and current round (all of them, or those listed). */
export function tilesWithRound(db: Db, campaignId: number, tileIds?: readonly number[]) {
	return db
		.select({ id: tiles.id, name: tiles.name, status: tiles.status, inSample: tiles.inSample, xmin: tiles.xmin, ymin: tiles.ymin, xmax: tiles.xmax, ymax: tiles.ymax, round: currentRoundOf('"tiles"."id"') })
		.from(tiles)
		.where(tileIds ? and(eq(tiles.campaignId, campaignId), inArray(tiles.id, [...tileIds])) : eq(tiles.campaignId, campaignId))
		.orderBy(asc(tiles.ordinal))
		.all();
}

/** round_tiles rows of a campaign: which tile entered which round, leaving which. */
export function roundTileRows(db: Db, campaignId: number) {
	return db.select({ tileId: roundTiles.tileId, round: roundTiles.round, fromRound: roundTiles.fromRound }).from(roundTiles).where(eq(roundTiles.campaignId, campaignId)).all();
}

export function insertRound(db: Db, row: typeof reviewRounds.$inferInsert): void {
	db.insert(reviewRounds).values(row).run();
}

export function insertRoundTiles(db: Db, rows: (typeof roundTiles.$inferInsert)[]): void {
	for (let i = 0; i < rows.length; i += 200) db.insert(roundTiles).values(rows.slice(i, i + 200)).run();
}

export function insertArchive(
	db: Db,
	rows: { defects: (typeof roundDefects.$inferInsert)[]; verdicts: (typeof roundVerdicts.$inferInsert)[]; corrections: (typeof roundCorrections.$inferInsert)[] }
): void {
	for (let i = 0; i < rows.defects.length; i += 100) db.insert(roundDefects).values(rows.defects.slice(i, i + 100)).run();
	for (let i = 0; i < rows.verdicts.length; i += 100) db.insert(roundVerdicts).values(rows.verdicts.slice(i, i + 100)).run();
	for (let i = 0; i < rows.corrections.length; i += 100) db.insert(roundCorrections).values(rows.corrections.slice(i, i + 100)).run();
}

export function insertRoundImagery(db: Db, rows: (typeof imagerySources.$inferInsert)[]): void {
	if (rows.length) db.insert(imagerySources).values(rows).run();
}

/** The files delivered for a round (vintage 'round'). */
export function roundImagery(db: Db, campaignId: number, round: number) {
	return db
		.select()
		.from(imagerySources)
		.where(and(eq(imagerySources.campaignId, campaignId), eq(imagerySources.vintage, 'round'), eq(imagerySources.round, round)))
		.orderBy(asc(imagerySources.id))
		.all();
}

/** Rounds of the campaign that have files of their own. */
export function roundsWithImagery(db: Db, campaignId: number): number[] {
	return db
		.selectDistinct({ round: imagerySources.round })
		.from(imagerySources)
		.where(and(eq(imagerySources.campaignId, campaignId), eq(imagerySources.vintage, 'round')))
		.all()
		.map((r) => r.round!)
		.sort((a, b) => a - b);
}

/** A validated tile entering a new round is open again: its status follows its (new) document. */
export function resetStatus(db: Db, tileIds: readonly number[]): void {
	for (let i = 0; i < tileIds.length; i += 500) {
		db.update(tiles).set({ status: 'not_started', validatedAt: null, validatedBy: null }).where(inArray(tiles.id, tileIds.slice(i, i + 500))).run();
	}
}

/** Defects per tile and round: the closed rounds' copies and the current round's live rows. */
export function defectSeverities(db: Db, campaignId: number) {
	const archived = db
		.select({ tileId: roundDefects.tileId, round: roundDefects.round, category: roundDefects.category, severity: roundDefects.severity })
		.from(roundDefects)
		.where(eq(roundDefects.campaignId, campaignId))
		.all();
	const live = db
		.select({ tileId: defects.tileId, round: currentRoundOf('"defects"."tile_id"'), category: defects.category, severity: defects.severity })
		.from(defects)
		.where(eq(defects.campaignId, campaignId))
		.all();
	return [...archived, ...live];
}

/** Verdicts per tile and round, the same way. */
export function verdictsByRound(db: Db, campaignId: number) {
	const archived = db
		.select({ tileId: roundVerdicts.tileId, round: roundVerdicts.round, userId: roundVerdicts.userId, verdict: roundVerdicts.verdict })
		.from(roundVerdicts)
		.where(eq(roundVerdicts.campaignId, campaignId))
		.all();
	const live = db
		.select({ tileId: verdicts.tileId, round: currentRoundOf('"verdicts"."tile_id"'), userId: verdicts.userId, verdict: verdicts.verdict })
		.from(verdicts)
		.where(eq(verdicts.campaignId, campaignId))
		.all();
	return [...archived, ...live];
}

/** A closed round's defects and verdicts on one tile (what the tile page shows beside the new round). */
export function archivedOnTile(db: Db, tileId: number, round: number) {
	return {
		defects: db
			.select()
			.from(roundDefects)
			.where(and(eq(roundDefects.tileId, tileId), eq(roundDefects.round, round)))
			.orderBy(asc(roundDefects.createdAt), asc(roundDefects.id))
			.all(),
		verdicts: db
			.select()
			.from(roundVerdicts)
			.where(and(eq(roundVerdicts.tileId, tileId), eq(roundVerdicts.round, round)))
			.orderBy(asc(roundVerdicts.at))
			.all()
	};
}

/**
 * Tiles with a released defect answered "fixed in a new delivery" that are still in the round the
 * defect was released in: what a new round opened "on the tiles answered fixed" takes in.
 */
export function tilesAnsweredFixed(db: Db, campaignId: number): number[] {
	return db
		.selectDistinct({ tileId: releasedDefects.tileId })
		.from(releasedDefects)
		.innerJoin(defectAnswers, eq(defectAnswers.releasedId, releasedDefects.id))
		.where(
			and(
				eq(releasedDefects.campaignId, campaignId),
				eq(defectAnswers.answer, 'fixed'),
				sql`${releasedDefects.round} = coalesce((SELECT max(rt.round) FROM round_tiles rt WHERE rt.tile_id = ${releasedDefects.tileId}), 1)`
			)
		)
		.orderBy(asc(releasedDefects.tileId))
		.all()
		.map((r) => r.tileId);
}
