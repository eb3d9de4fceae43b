/**
 * Storage of the tile documents: the append-only log of accepted updates, the snapshots that fold
 * it, and what a room needs to know about its tile and campaign to check changes.
 *
 * Statements are prepared by hand once per connection: appends run inside the room server's group
 * commit for every accepted update (the hot path bench/collab.ts measures).
 */
import type Database from 'better-sqlite3';
import type { Db } from '../../src/lib/server/db/db.ts';

export interface StoredTile {
	tileId: number;
	campaignId: number;
	/** Snapshot first (if any), then every update after it, oldest first. */
	updates: Uint8Array[];
	/** Id of the last stored update (0 for none). */
	lastId: number;
	/** Updates stored since the snapshot. */
	sinceSnapshot: number;
	/** Bytes of snapshot + updates: the document's stored size. */
	bytes: number;
	/** The tile's status as last projected. */
	status: string;
}

export class ReviewStore {
	private readonly s: Record<string, Database.Statement>;
	readonly sqlite: Database.Database;

	constructor(db: Db) {
		this.sqlite = db.$client;
		const p = (sql: string) => db.$client.prepare(sql);
		this.s = {
			snapshot: p('SELECT upto, state FROM review_snapshots WHERE tile_id = ?'),
			updates: p('SELECT id, data FROM review_updates WHERE tile_id = ? AND id > ? ORDER BY id'),
			append: p('INSERT INTO review_updates (tile_id, campaign_id, user_id, at, data) VALUES (?, ?, ?, ?, ?)'),
			saveSnapshot: p(`INSERT INTO review_snapshots (tile_id, campaign_id, upto, state, at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (tile_id) DO UPDATE SET upto = excluded.upto, state = excluded.state, at = excluded.at`),
			dropFolded: p('DELETE FROM review_updates WHERE tile_id = ? AND id <= ?'),
			tile: p('SELECT id, campaign_id, status FROM tiles WHERE id = ?')
		};
	}

	/** Everything stored for a tile's document; null when the tile does not exist (any more). */
	load(tileId: number): StoredTile | null {
		const tile = this.s.tile.get(tileId) as { id: number; campaign_id: number; status: string } | undefined;
		if (!tile) return null;
		const snap = this.s.snapshot.get(tileId) as { upto: number; state: Buffer } | undefined;
		const updates: Uint8Array[] = [];
		let bytes = 0;
		let lastId = snap?.upto ?? 0;
		if (snap) {
			updates.push(snap.state);
			bytes += snap.state.length;
		}
		const rows = this.s.updates.all(tileId, snap?.upto ?? 0) as { id: number; data: Buffer }[];
		for (const r of rows) {
			updates.push(r.data);
			bytes += r.data.length;
			lastId = r.id;
		}
		return { tileId, campaignId: tile.campaign_id, updates, lastId, sinceSnapshot: rows.length, bytes, status: tile.status };
	}

	/** Append an accepted update; returns its id. Call inside the group commit's transaction. */
	append(tileId: number, campaignId: number, userId: number | null, at: number, data: Uint8Array): number {
		return Number(this.s.append.run(tileId, campaignId, userId, at, data).lastInsertRowid);
	}

	/**
	 * Fold the log into a snapshot: `state` is the document with every update up to `upto` applied.
	 * The history rows (review_history) keep who changed what; the folded updates are deleted.
	 */
	compact(tileId: number, campaignId: number, upto: number, state: Uint8Array): void {
		this.sqlite.transaction(() => {
			this.s.saveSnapshot.run(tileId, campaignId, upto, state, Date.now());
			this.s.dropFolded.run(tileId, upto);
		})();
	}
}
