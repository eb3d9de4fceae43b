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

/**
 * Tiles per (review tile?, status) with their summed rectangle area (m², campaign CRS), and the
 * smallest and largest tile id of each group (the report indexes tiles by id − smallest id).
 */
export function tileStatusAreas(db: Db, campaignId: number): [inSample: number, status: string, count: number, area: number, minId: number, maxId: number][] {
	return statement(
		db,
		`SELECT in_sample, status, count(*), total((xmax - xmin) * (ymax - ymin)), min(id), max(id) FROM tiles WHERE campaign_id = ? GROUP BY in_sample, status`
	)
		.raw()
		.all(campaignId) as [number, string, number, number, number, number][];
}

/** Ids of the campaign's tiles (when they are too scattered to be indexed by id − smallest id). */
export function tileIds(db: Db, campaignId: number): number[] {
	return statement(db, 'SELECT id FROM tiles WHERE campaign_id = ?').pluck().all(campaignId) as number[];
}

/** Ids of the campaign's tiles outside the review sample. */
export function tilesOutOfSample(db: Db, campaignId: number): number[] {
	return statement(db, 'SELECT id FROM tiles WHERE campaign_id = ? AND in_sample = 0').pluck().all(campaignId) as number[];
}

/**
 * Per organisation: tiles assigned, examined ones (review started), their area. The tiles are read
 * through their covering index and the assignments looked up by tile (CROSS JOIN fixes that order).
 */
export function organisationTiles(db: Db, campaignId: number): [organisationId: number, name: string, tiles: number, examined: number, examinedArea: number][] {
	return statement(
		db,
		`SELECT a.organisation_id, o.name, count(*), total(t.status <> 'not_started'), total(CASE WHEN t.status <> 'not_started' THEN (t.xmax - t.xmin) * (t.ymax - t.ymin) END)
		 FROM tiles t CROSS JOIN tile_assignments a ON a.tile_id = t.id JOIN organisations o ON o.id = a.organisation_id
		 WHERE t.campaign_id = ? GROUP BY a.organisation_id ORDER BY o.name`
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

/**
 * Defects per tile organisation [organisation id, minor, major, blocking], then one last row
 * [null, tiles with defects, most defects on one tile, 0]: one scan of the covering index, grouped by
 * tile once (MATERIALIZED), then summed per organisation through the assignments.
 */
export function defectsByTileOrganisation(db: Db, campaignId: number): [organisationId: number | null, a: number, b: number, c: number][] {
	return statement(
		db,
		`WITH d AS MATERIALIZED (
			SELECT tile_id, count(*) AS n, total(severity = 'minor') AS minor, total(severity = 'major') AS major, total(severity = 'blocking') AS blocking
			FROM defects WHERE campaign_id = ? GROUP BY tile_id
		 )
		 SELECT a.organisation_id, total(d.minor), total(d.major), total(d.blocking) FROM d CROSS JOIN tile_assignments a ON a.tile_id = d.tile_id GROUP BY a.organisation_id
		 UNION ALL SELECT NULL, count(*), coalesce(max(n), 0), 0 FROM d`
	)
		.raw()
		.all(campaignId) as [number | null, number, number, number][];
}

/**
 * Every verdict: [tile id, user id, verdict index] — 0 accepted, 1 with reservations, 2 rejected,
 * −1 cannot tell (the order of TILE_VERDICTS; integers, so 40 000 strings are never built).
 */
export function verdicts(db: Db, campaignId: number): [tileId: number, userId: number, verdict: number][] {
	return statement(
		db,
		`SELECT tile_id, user_id, CASE verdict WHEN 'accepted' THEN 0 WHEN 'accepted_with_reservations' THEN 1 WHEN 'rejected' THEN 2 ELSE -1 END
		 FROM verdicts WHERE campaign_id = ?`
	)
		.raw()
		.all(campaignId) as [number, number, number][];
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

/** Whether the campaign has any checkpoint (surveyed or proposed): the positional section is null without. */
export function hasCheckpoints(db: Db, campaignId: number): boolean {
	return statement(db, 'SELECT 1 FROM checkpoints WHERE campaign_id = ? LIMIT 1').get(campaignId) !== undefined;
}
