/**
 * SQL of the contractor's defect report (exports): released copies with their answers, the live
 * defects' answers, class corrections with their land-cover polygon, tiles with their verdicts.
 */
import { and, asc, eq, inArray, sql, type Column } from 'drizzle-orm';
import type { Db } from '../db/db.ts';
import { campaignMembers, corrections, landcoverFeatures, organisations, tiles, users, verdicts } from '../db/schema.ts';
import { currentRoundOf } from '../rounds/rounds.repo.ts';

const memberOf = (campaignId: Column, userId: Column) => and(eq(campaignMembers.campaignId, campaignId), eq(campaignMembers.userId, userId));
const nameOf = (id: Column) => sql<string>`coalesce(nullif(${users.name}, ''), ${users.email}, '#' || ${id})`;

/** One defect of the export, flat, as the SQL below gives it. */
export interface ExportDefectRow {
	defectId: string;
	releasedId: number | null;
	tileId: number;
	tileName: string;
	round: number;
	geometry: string;
	category: string;
	severity: 'minor' | 'major' | 'blocking';
	comment: string;
	author: string;
	organisationId: number | null;
	organisation: string | null;
	createdAt: string;
	updatedAt: string | null;
	releasedAt: number | null;
	answer: 'accepted' | 'disputed' | 'fixed' | null;
	answerComment: string | null;
	outcome: 'agreed' | 'maintained' | null;
}

// The exports' hot path (bench/export.ts: 200 000 defects): hand-prepared SQL, one statement per
// audience, rows read as arrays — drizzle's object mapping and a second query for the answers cost
// more than the rest of the export.
const LIVE_SQL = `SELECT d.id, r.id, d.tile_id, t.name, coalesce((SELECT max(rt.round) FROM round_tiles rt WHERE rt.tile_id = d.tile_id), 1) AS round,
		d.geometry, d.category, d.severity, d.comment, coalesce(nullif(u.name, ''), u.email, '#' || d.author_id), m.organisation_id, o.name,
		d.created_at, d.updated_at, r.released_at, a.answer, a.comment, a.outcome
	FROM defects d
	JOIN tiles t ON t.id = d.tile_id
	LEFT JOIN users u ON u.id = d.author_id
	LEFT JOIN campaign_members m ON m.campaign_id = d.campaign_id AND m.user_id = d.author_id
	LEFT JOIN organisations o ON o.id = m.organisation_id
	LEFT JOIN released_defects r ON r.tile_id = d.tile_id AND r.defect_id = d.id AND r.round = coalesce((SELECT max(rt.round) FROM round_tiles rt WHERE rt.tile_id = d.tile_id), 1)
	LEFT JOIN defect_answers a ON a.released_id = r.id
	WHERE d.campaign_id = ?
	ORDER BY t.ordinal, d.created_at, d.id`;

const RELEASED_SQL = `SELECT r.defect_id, r.id, r.tile_id, t.name, r.round, r.geometry, r.category, r.severity, r.comment, r.author_name, r.organisation_id, r.organisation,
		r.created_at, r.updated_at, r.released_at, a.answer, a.comment, a.outcome
	FROM released_defects r
	JOIN tiles t ON t.id = r.tile_id
	LEFT JOIN defect_answers a ON a.released_id = r.id
	WHERE r.campaign_id = ?
	ORDER BY t.ordinal, r.round, r.created_at, r.id`;

/**
 * The defects of an export: the reviewers' current ones (each tile's current round) with the answer
 * to their released copy, or the released copies (every round) with their answers.
 */
export function* exportDefectRows(db: Db, campaignId: number, audience: 'reviews' | 'released'): Generator<ExportDefectRow> {
	const stmt = db.$client.prepare(audience === 'released' ? RELEASED_SQL : LIVE_SQL).raw();
	for (const c of stmt.iterate(campaignId) as Iterable<unknown[]>) {
		yield {
			defectId: c[0] as string,
			releasedId: c[1] as number | null,
			tileId: c[2] as number,
			tileName: c[3] as string,
			round: c[4] as number,
			geometry: c[5] as string,
			category: c[6] as string,
			severity: c[7] as ExportDefectRow['severity'],
			comment: c[8] as string,
			author: c[9] as string,
			organisationId: c[10] as number | null,
			organisation: c[11] as string | null,
			createdAt: c[12] as string,
			updatedAt: c[13] as string | null,
			releasedAt: c[14] as number | null,
			answer: c[15] as ExportDefectRow['answer'],
			answerComment: c[16] as string | null,
			outcome: c[17] as ExportDefectRow['outcome']
		};
	}
}

/** The current round's class corrections, with author and tile. */
export function liveCorrections(db: Db, campaignId: number) {
	return db
		.select({
			tileId: corrections.tileId,
			tileName: tiles.name,
			tileStatus: tiles.status,
			round: currentRoundOf('"corrections"."tile_id"'),
			featureId: corrections.featureId,
			fromClass: corrections.fromClass,
			toClass: corrections.toClass,
			comment: corrections.comment,
			author: nameOf(corrections.userId),
			organisationId: campaignMembers.organisationId,
			organisation: organisations.name,
			at: corrections.at
		})
		.from(corrections)
		.innerJoin(tiles, eq(tiles.id, corrections.tileId))
		.leftJoin(users, eq(users.id, corrections.userId))
		.leftJoin(campaignMembers, memberOf(corrections.campaignId, corrections.userId))
		.leftJoin(organisations, eq(organisations.id, campaignMembers.organisationId))
		.where(eq(corrections.campaignId, campaignId))
		.orderBy(asc(tiles.ordinal), asc(corrections.featureId), asc(corrections.at))
		.all();
}

/** Land-cover polygons (compact encoding, in the land cover's CRS) by their fid. */
export function landcoverByFid(db: Db, campaignId: number, fids: readonly number[]): Map<number, Buffer> {
	const out = new Map<number, Buffer>();
	const unique = [...new Set(fids)];
	for (let i = 0; i < unique.length; i += 500) {
		const rows = db
			.select({ fid: landcoverFeatures.fid, geometry: landcoverFeatures.geometry })
			.from(landcoverFeatures)
			.where(and(eq(landcoverFeatures.campaignId, campaignId), inArray(landcoverFeatures.fid, unique.slice(i, i + 500))))
			.all();
		for (const r of rows) out.set(r.fid, r.geometry);
	}
	return out;
}

/** The review tiles (the sample), with their native extent, status and current round. */
export function reviewTiles(db: Db, campaignId: number) {
	return db
		.select({ id: tiles.id, name: tiles.name, status: tiles.status, xmin: tiles.xmin, ymin: tiles.ymin, xmax: tiles.xmax, ymax: tiles.ymax, round: currentRoundOf('"tiles"."id"') })
		.from(tiles)
		.where(and(eq(tiles.campaignId, campaignId), eq(tiles.inSample, true)))
		.orderBy(asc(tiles.ordinal))
		.all();
}

/** The current round's verdicts. */
export function liveVerdicts(db: Db, campaignId: number) {
	return db.select({ tileId: verdicts.tileId, verdict: verdicts.verdict }).from(verdicts).where(eq(verdicts.campaignId, campaignId)).all();
}
