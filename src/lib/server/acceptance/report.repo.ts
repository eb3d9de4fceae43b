/**
 * The reads behind `report.json`. This is a measured hot path (bench/report.ts: 40 000 tiles, 200 000
 * defects, 10 000 labelled points, target ≤ 300 ms), so it is hand-prepared SQL compiled once per
 * connection (`statement()`): aggregations happen in SQLite (GROUP BY over covering indexes), and the
 * few row sets that must reach JavaScript (one row per tile, verdict, point, label) come back as
 * arrays (`raw()`), not objects. Column lists follow schema.ts.
 */
import type { Db } from '../db/db.ts';
import { statement } from '../db/statements.ts';

export interface CampaignHead {
	id: number;
	name: string;
	contractor: string;
	crs_epsg: number;
	nomenclature: string;
}

export function campaignHead(db: Db, campaignId: number): CampaignHead | undefined {
	return statement(db, 'SELECT id, name, contractor, crs_epsg, nomenclature FROM campaigns WHERE id = ?').get(campaignId) as CampaignHead | undefined;
}

/** Tiles per (review tile?, status) with their summed rectangle area (m², campaign CRS). */
export function tileStatusAreas(db: Db, campaignId: number): [inSample: number, status: string, count: number, area: number][] {
	return statement(
		db,
		`SELECT in_sample, status, count(*), total((xmax - xmin) * (ymax - ymin)) FROM tiles WHERE campaign_id = ? GROUP BY in_sample, status`
	)
		.raw()
		.all(campaignId) as [number, string, number, number][];
}

/** Per organisation: review tiles assigned, examined ones (review started), their area. */
export function organisationTiles(db: Db, campaignId: number): [organisationId: number, name: string, tiles: number, examined: number, examinedArea: number][] {
	return statement(
		db,
		`SELECT a.organisation_id, o.name, count(*), total(t.status <> 'not_started'), total(CASE WHEN t.status <> 'not_started' THEN (t.xmax - t.xmin) * (t.ymax - t.ymin) END)
		 FROM tile_assignments a JOIN tiles t ON t.id = a.tile_id JOIN organisations o ON o.id = a.organisation_id
		 WHERE a.campaign_id = ? GROUP BY a.organisation_id`
	)
		.raw()
		.all(campaignId) as [number, string, number, number, number][];
}

/** (tile id, organisation id) of every assignment. */
export function assignmentPairs(db: Db, campaignId: number): [tileId: number, organisationId: number][] {
	return statement(db, 'SELECT tile_id, organisation_id FROM tile_assignments WHERE campaign_id = ?').raw().all(campaignId) as [number, number][];
}

/** Defects counted per (author, category, severity): one scan of the covering index. */
export function defectCounts(db: Db, campaignId: number): [authorId: number, category: string, severity: string, count: number][] {
	return statement(db, 'SELECT author_id, category, severity, count(*) FROM defects WHERE campaign_id = ? GROUP BY author_id, category, severity')
		.raw()
		.all(campaignId) as [number, string, string, number][];
}

/** Defects per tile: [tile id, minor, major, blocking]. */
export function defectsPerTile(db: Db, campaignId: number): [tileId: number, minor: number, major: number, blocking: number][] {
	return statement(
		db,
		`SELECT tile_id, total(severity = 'minor'), total(severity = 'major'), total(severity = 'blocking') FROM defects WHERE campaign_id = ? GROUP BY tile_id`
	)
		.raw()
		.all(campaignId) as [number, number, number, number][];
}

/** Every verdict on a review tile: [tile id, user id, verdict]. */
export function reviewTileVerdicts(db: Db, campaignId: number): [tileId: number, userId: number, verdict: string][] {
	return statement(
		db,
		`SELECT v.tile_id, v.user_id, v.verdict FROM verdicts v JOIN tiles t ON t.id = v.tile_id WHERE v.campaign_id = ? AND t.in_sample = 1`
	)
		.raw()
		.all(campaignId) as [number, number, string][];
}

/** Members of the campaign with their organisation's name: [user id, role, organisation id, organisation name]. */
export function members(db: Db, campaignId: number): [userId: number, role: string, organisationId: number | null, organisation: string | null][] {
	return statement(
		db,
		`SELECT m.user_id, m.role, m.organisation_id, o.name FROM campaign_members m LEFT JOIN organisations o ON o.id = m.organisation_id WHERE m.campaign_id = ?`
	)
		.raw()
		.all(campaignId) as [number, string, number | null, string | null][];
}

/** Names of tiles by id. */
export function tileNames(db: Db, campaignId: number, ids: number[]): Map<number, string> {
	const out = new Map<number, string>();
	const s = statement(db, 'SELECT id, name FROM tiles WHERE campaign_id = ? AND id IN (SELECT value FROM json_each(?))');
	for (let i = 0; i < ids.length; i += 5000) {
		for (const [id, name] of s.raw().all(campaignId, JSON.stringify(ids.slice(i, i + 5000))) as [number, string][]) out.set(id, name);
	}
	return out;
}

export interface DesignHead {
	strata: 'classes' | 'tiles';
	seed: string;
	parameters: string;
	created_at: number;
}

export function design(db: Db, campaignId: number): DesignHead | undefined {
	return statement(db, 'SELECT strata, seed, parameters, created_at FROM control_point_designs WHERE campaign_id = ?').get(campaignId) as DesignHead | undefined;
}

/** [stratum, area, sample size] of the design. */
export function strata(db: Db, campaignId: number): [stratum: string, area: number, sampleSize: number][] {
	return statement(db, 'SELECT stratum, area, sample_size FROM control_point_strata WHERE campaign_id = ? ORDER BY stratum').raw().all(campaignId) as [string, number, number][];
}

/** [point id, ordinal, stratum, map class, tile id] in labelling order. */
export function points(db: Db, campaignId: number): [id: number, ordinal: number, stratum: string, mapClass: string, tileId: number][] {
	return statement(db, 'SELECT id, ordinal, stratum, map_class, tile_id FROM control_points WHERE campaign_id = ? ORDER BY ordinal')
		.raw()
		.all(campaignId) as [number, number, string, string, number][];
}

/** [point id, user id, class code (null: cannot tell)]. */
export function labels(db: Db, campaignId: number): [pointId: number, userId: number, classCode: string | null][] {
	return statement(db, 'SELECT point_id, user_id, class_code FROM control_point_labels WHERE campaign_id = ?').raw().all(campaignId) as [number, number, string | null][];
}

/** [point id, class code (null: excluded)]. */
export function adjudications(db: Db, campaignId: number): [pointId: number, classCode: string | null][] {
	return statement(db, 'SELECT point_id, class_code FROM control_point_adjudications WHERE campaign_id = ?').raw().all(campaignId) as [number, string | null][];
}

/** The feature walk's sample: [feature id, class code, tile id]. */
export function walkSamples(db: Db, campaignId: number): [featureId: number, classCode: string, tileId: number][] {
	return statement(db, 'SELECT feature_id, class_code, tile_id FROM walk_samples WHERE campaign_id = ?').raw().all(campaignId) as [number, string, number][];
}

/** The walk's answers: [feature id, tile id, answer, to class]. */
export function walkAnswers(db: Db, campaignId: number): [featureId: number, tileId: number, answer: string, toClass: string | null][] {
	return statement(db, 'SELECT feature_id, tile_id, answer, to_class FROM walk_answers WHERE campaign_id = ?').raw().all(campaignId) as [number, number, string, string | null][];
}

/** The sampling plan's tiles in draw order. */
export function planTiles(db: Db, campaignId: number): number[] {
	return (statement(db, 'SELECT tile_id FROM acceptance_plan_tiles WHERE campaign_id = ? ORDER BY ordinal').raw().all(campaignId) as [number][]).map((r) => r[0]);
}
