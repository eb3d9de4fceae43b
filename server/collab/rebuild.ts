/**
 * Re-derive a campaign's review projections (defects, verdicts, corrections, thread, walk answers,
 * tile statuses) from the stored tile documents — `recette projections rebuild <campaign-id>`. The
 * live path writes the same rows update by update; a test proves both give the same result.
 *
 * Run it with the server stopped, or on tiles nobody is editing: an update stored while the rebuild
 * reads would be missed until the next rebuild.
 */
import type { Db } from '../../src/lib/server/db/db.ts';
import { requiredVerdicts } from '../../src/lib/server/review/tile-status.ts';
import { Projector } from './projection.ts';
import { ReviewStore } from './store.ts';
import { ENTRY_ROOTS, TileDocument } from './tile-document.ts';

export function rebuildProjections(db: Db, campaignId: number): { tiles: number; documents: number; entries: number } {
	const store = new ReviewStore(db);
	const projector = new Projector(db);
	const tiles = db.$client.prepare('SELECT id FROM tiles WHERE campaign_id = ? ORDER BY ordinal').pluck().all(campaignId) as number[];
	const required = requiredVerdicts(db, campaignId);
	let documents = 0;
	let entries = 0;
	db.$client.transaction(() => {
		for (const tileId of tiles) {
			projector.clear(tileId);
			const stored = store.load(tileId);
			if (stored && stored.updates.length) {
				documents++;
				const doc = new TileDocument(stored.updates);
				const tile = { tileId, campaignId };
				const snapshot = doc.snapshotEntries();
				for (const root of ENTRY_ROOTS) {
					for (const [key, value] of snapshot.entries[root]) {
						projector.entry(tile, root, key, value);
						entries++;
					}
				}
				projector.thread(tile, snapshot.thread);
				entries += snapshot.thread.length;
				doc.destroy();
			}
			projector.status(tileId, required);
		}
	})();
	return { tiles: tiles.length, documents, entries };
}
