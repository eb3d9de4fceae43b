/**
 * Rendered-tile cache in its own SQLite file (not the app database: tiles are bulky, disposable and
 * written from the hot path; keeping them apart keeps the app database small and its WAL quiet).
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface TileKey {
	campaignId: number;
	/** 'current' | 'previous' (any short string). */
	vintage: string;
	z: number;
	x: number;
	y: number;
	size: number;
	format: string;
}

export interface TileCache {
	/**
	 * The cached bytes, a zero-length Buffer for a tile cached as empty (render gave null → HTTP 204),
	 * or null when the tile is not in the cache.
	 */
	get(key: TileKey): Buffer | null;
	/** Store a tile; pass null or an empty buffer to record "empty tile". */
	put(key: TileKey, data: Buffer | Uint8Array | null): void;
	/** Forget every tile of a campaign (e.g. after re-import); returns the number of tiles removed. */
	clearCampaign(campaignId: number): number;
	/** Number of cached tiles (all campaigns, or one). */
	count(campaignId?: number): number;
	close(): void;
}

const EMPTY = Buffer.alloc(0);

/** Open (creating if needed) a tile cache at `path` (WAL mode; ':memory:' works for tests). */
export function createTileCache(path: string): TileCache {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const db = new Database(path);
	db.pragma('journal_mode = WAL');
	// Losing the last tiles on power loss is harmless (they are re-rendered): skip the fsync per commit.
	db.pragma('synchronous = NORMAL');
	db.exec(`CREATE TABLE IF NOT EXISTS tiles (
		campaign_id INTEGER NOT NULL,
		vintage TEXT NOT NULL,
		z INTEGER NOT NULL,
		x INTEGER NOT NULL,
		y INTEGER NOT NULL,
		size INTEGER NOT NULL,
		format TEXT NOT NULL,
		data BLOB NOT NULL,
		created_at INTEGER NOT NULL,
		PRIMARY KEY (campaign_id, vintage, z, x, y, size, format)
	)`);
	const getStmt = db.prepare('SELECT data FROM tiles WHERE campaign_id = ? AND vintage = ? AND z = ? AND x = ? AND y = ? AND size = ? AND format = ?').pluck();
	const putStmt = db.prepare('INSERT OR REPLACE INTO tiles (campaign_id, vintage, z, x, y, size, format, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
	const clearStmt = db.prepare('DELETE FROM tiles WHERE campaign_id = ?');
	const countAll = db.prepare('SELECT count(*) FROM tiles').pluck();
	const countOne = db.prepare('SELECT count(*) FROM tiles WHERE campaign_id = ?').pluck();
	const args = (k: TileKey) => [k.campaignId, k.vintage, k.z, k.x, k.y, k.size, k.format] as const;
	return {
		get(key) {
			const v = getStmt.get(...args(key)) as Buffer | undefined;
			return v === undefined ? null : v;
		},
		put(key, data) {
			const buf = !data || data.byteLength === 0 ? EMPTY : Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
			putStmt.run(...args(key), buf, Date.now());
		},
		clearCampaign(campaignId) {
			return clearStmt.run(campaignId).changes;
		},
		count(campaignId) {
			return Number(campaignId === undefined ? countAll.get() : countOne.get(campaignId));
		},
		close() {
			db.close();
		}
	};
}
