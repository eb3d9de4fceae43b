/**
 * Projections: the tile documents' content as plain SQL rows (defects, verdicts, corrections, thread
 * messages, walk answers) and each tile's status, for the dashboards, reports and exports to read.
 *
 * They are written in the same transaction as the update that changed them, so they are never behind
 * what was relayed; `rebuildCampaign` re-derives them from the stored documents, and a test proves
 * it gives the same rows as the live path.
 *
 * Prepared by hand (not drizzle's builder): this runs inside the room server's group commit, for
 * every accepted update (see bench/collab.ts).
 */
import type Database from 'better-sqlite3';
import type { Db } from '../../src/lib/server/db/db.ts';
import type { MessageValue } from '../../src/lib/review/document.ts';
import { deriveTileStatus } from '../../src/lib/server/review/tile-status.ts';
import type { EntryChange } from './tile-document.ts';

type Row = Record<string, unknown>;
const TARGET = { defects: 'defect', verdicts: 'verdict', corrections: 'correction', walk: 'walk' } as const;

export interface TileRef {
	tileId: number;
	campaignId: number;
}

export class Projector {
	private readonly s: Record<string, Database.Statement>;

	constructor(db: Db) {
		const p = (sql: string) => db.$client.prepare(sql);
		this.s = {
			upsertDefect: p(`INSERT INTO defects (tile_id, id, campaign_id, geometry, category, severity, comment, author_id, created_at, updated_at, updated_by)
				VALUES (@tileId, @key, @campaignId, @geometry, @category, @severity, @comment, @author, @createdAt, @updatedAt, @updatedBy)
				ON CONFLICT (tile_id, id) DO UPDATE SET geometry = excluded.geometry, category = excluded.category, severity = excluded.severity,
				comment = excluded.comment, author_id = excluded.author_id, created_at = excluded.created_at, updated_at = excluded.updated_at, updated_by = excluded.updated_by`),
			deleteDefect: p('DELETE FROM defects WHERE tile_id = ? AND id = ?'),
			upsertVerdict: p(`INSERT INTO verdicts (tile_id, user_id, campaign_id, verdict, comment, at) VALUES (@tileId, @userId, @campaignId, @verdict, @comment, @at)
				ON CONFLICT (tile_id, user_id) DO UPDATE SET verdict = excluded.verdict, comment = excluded.comment, at = excluded.at`),
			deleteVerdict: p('DELETE FROM verdicts WHERE tile_id = ? AND user_id = ?'),
			upsertCorrection: p(`INSERT INTO corrections (tile_id, feature_id, user_id, campaign_id, from_class, to_class, comment, at)
				VALUES (@tileId, @featureId, @author, @campaignId, @from, @to, @comment, @at)
				ON CONFLICT (tile_id, feature_id, user_id) DO UPDATE SET from_class = excluded.from_class, to_class = excluded.to_class, comment = excluded.comment, at = excluded.at`),
			deleteCorrection: p('DELETE FROM corrections WHERE tile_id = ? AND feature_id = ? AND user_id = ?'),
			upsertWalk: p(`INSERT INTO walk_answers (tile_id, feature_id, user_id, campaign_id, answer, to_class, comment, at)
				VALUES (@tileId, @featureId, @author, @campaignId, @answer, @to, @comment, @at)
				ON CONFLICT (tile_id, feature_id, user_id) DO UPDATE SET answer = excluded.answer, to_class = excluded.to_class, comment = excluded.comment, at = excluded.at`),
			deleteWalk: p('DELETE FROM walk_answers WHERE tile_id = ? AND feature_id = ? AND user_id = ?'),
			clearThread: p('DELETE FROM tile_messages WHERE tile_id = ?'),
			insertMessage: p('INSERT INTO tile_messages (tile_id, position, campaign_id, author_id, text, at) VALUES (?, ?, ?, ?, ?, ?)'),
			history: p('INSERT INTO review_history (campaign_id, tile_id, user_id, at, target, key, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
			status: deriveTileStatus(db),
			clearTile: p(`DELETE FROM defects WHERE tile_id = ?`),
			clearVerdicts: p(`DELETE FROM verdicts WHERE tile_id = ?`),
			clearCorrections: p(`DELETE FROM corrections WHERE tile_id = ?`),
			clearWalk: p(`DELETE FROM walk_answers WHERE tile_id = ?`)
		};
	}

	/** Write one entry's new value (or remove it). */
	entry(tile: TileRef, root: EntryChange['root'], key: string, after: Row | undefined): void {
		const { tileId, campaignId } = tile;
		switch (root) {
			case 'defects':
				if (after) {
					this.s.upsertDefect.run({
						tileId,
						campaignId,
						key,
						geometry: JSON.stringify(after.geometry),
						category: after.category,
						severity: after.severity,
						comment: after.comment,
						author: after.author,
						createdAt: after.createdAt,
						updatedAt: after.updatedAt ?? null,
						updatedBy: after.updatedBy ?? null
					});
				} else this.s.deleteDefect.run(tileId, key);
				return;
			case 'verdicts':
				if (after) this.s.upsertVerdict.run({ tileId, campaignId, userId: Number(key), verdict: after.verdict, comment: after.comment, at: after.at });
				else this.s.deleteVerdict.run(tileId, Number(key));
				return;
			case 'corrections': {
				const [featureId, userId] = key.split(':').map(Number);
				if (after) this.s.upsertCorrection.run({ tileId, campaignId, featureId, author: userId, from: after.from, to: after.to, comment: after.comment, at: after.at });
				else this.s.deleteCorrection.run(tileId, featureId, userId);
				return;
			}
			case 'walk': {
				const [featureId, userId] = key.split(':').map(Number);
				if (after) this.s.upsertWalk.run({ tileId, campaignId, featureId, author: userId, answer: after.answer, to: after.to ?? null, comment: after.comment, at: after.at });
				else this.s.deleteWalk.run(tileId, featureId, userId);
				return;
			}
		}
	}

	/** Replace the tile's thread (threads are short: rewriting keeps positions exact). */
	thread(tile: TileRef, messages: readonly MessageValue[]): void {
		this.s.clearThread.run(tile.tileId);
		messages.forEach((m, i) => this.s.insertMessage.run(tile.tileId, i, tile.campaignId, m.author, m.text, m.at));
	}

	/** Record an entry's change for the tile's history. */
	history(tile: TileRef, userId: number | null, at: number, change: EntryChange, restored = false): void {
		const action = restored ? 'restore' : change.before === undefined ? 'create' : change.after === undefined ? 'delete' : 'update';
		this.s.history.run(
			tile.campaignId,
			tile.tileId,
			userId,
			at,
			TARGET[change.root],
			change.key,
			action,
			change.before === undefined ? null : JSON.stringify(change.before),
			change.after === undefined ? null : JSON.stringify(change.after)
		);
	}

	messageHistory(tile: TileRef, userId: number | null, at: number, added: readonly MessageValue[], removed: readonly MessageValue[]): void {
		for (const m of added) this.s.history.run(tile.campaignId, tile.tileId, userId, at, 'message', m.at, 'create', null, JSON.stringify(m));
		for (const m of removed) this.s.history.run(tile.campaignId, tile.tileId, userId, at, 'message', m.at, 'delete', JSON.stringify(m), null);
	}

	/** Recompute a tile's status from its projected content; returns the new status. */
	status(tileId: number, requiredVerdicts: number): string {
		return (this.s.status.get(requiredVerdicts, tileId) as { status: string }).status;
	}

	/** Remove every projected row of a tile (before a rebuild). */
	clear(tileId: number): void {
		this.s.clearTile.run(tileId);
		this.s.clearVerdicts.run(tileId);
		this.s.clearCorrections.run(tileId);
		this.s.clearWalk.run(tileId);
		this.s.clearThread.run(tileId);
	}
}
