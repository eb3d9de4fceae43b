/**
 * A tile's status, derived from its review projections: the one definition the room server (after
 * every stored update) and the managers' actions (settings, validation, reopening) share.
 * Kept as hand-prepared SQL: it runs inside the room server's group commit.
 */
import type Database from 'better-sqlite3';
import type { TileStatus } from '../../review/status.ts';
import type { Db } from '../db/db.ts';

const DERIVE = `UPDATE tiles SET status = CASE
		WHEN status = 'validated' THEN status
		WHEN (SELECT count(*) FROM verdicts v WHERE v.tile_id = tiles.id AND v.verdict != 'cannot_tell') >= ? THEN 'reviewed'
		WHEN EXISTS (SELECT 1 FROM defects d WHERE d.tile_id = tiles.id) OR EXISTS (SELECT 1 FROM verdicts v WHERE v.tile_id = tiles.id)
		  OR EXISTS (SELECT 1 FROM corrections c WHERE c.tile_id = tiles.id) OR EXISTS (SELECT 1 FROM tile_messages m WHERE m.tile_id = tiles.id)
		  OR EXISTS (SELECT 1 FROM walk_answers w WHERE w.tile_id = tiles.id) THEN 'in_review'
		ELSE 'not_started' END`;

/**
 * not_started → in_review (anything in its document) → reviewed (`requiredVerdicts` verdicts other
 * than "cannot tell"); a validated tile keeps its status until a manager reopens it.
 */
export function deriveTileStatus(db: Db): Database.Statement<[number, number], { status: TileStatus }> {
	return db.$client.prepare(`${DERIVE} WHERE id = ? RETURNING status`);
}

/** Re-derive every tile of a campaign (the required number of verdicts changed); returns the tiles whose status changed. */
export function rederiveCampaign(db: Db, campaignId: number, requiredVerdicts: number): { tileId: number; status: TileStatus }[] {
	const before = new Map(db.$client.prepare<[number], { id: number; status: TileStatus }>('SELECT id, status FROM tiles WHERE campaign_id = ?').all(campaignId).map((r) => [r.id, r.status]));
	const after = db.$client.prepare<[number, number], { id: number; status: TileStatus }>(`${DERIVE} WHERE campaign_id = ? RETURNING id, status`).all(requiredVerdicts, campaignId);
	return after.filter((r) => before.get(r.id) !== r.status).map((r) => ({ tileId: r.id, status: r.status }));
}

export function requiredVerdicts(db: Db, campaignId: number): number {
	return db.$client.prepare<[number], number>('SELECT required_verdicts FROM campaign_settings WHERE campaign_id = ?').pluck().get(campaignId) ?? 1;
}
