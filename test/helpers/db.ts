import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, type Db } from '../../src/lib/server/db/db.ts';

/** A fresh, migrated database in its own temp folder (removed by `cleanup`). */
export function freshDb(): { db: Db; path: string; dir: string; cleanup: () => void } {
	const dir = mkdtempSync(join(tmpdir(), 'recette-test-'));
	const path = join(dir, 'recette.db');
	const db = createDb(path);
	return {
		db,
		path,
		dir,
		cleanup: () => {
			db.$client.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
export const DEMO = join(import.meta.dirname, '..', '..', 'server', 'demo', 'prairie-naip');

/** Row counts of every campaign-owned table: proves a failed import left nothing behind. */
export function tableCounts(db: Db): Record<string, number> {
	const out: Record<string, number> = {};
	for (const t of ['campaigns', 'imagery_sources', 'tiles', 'tile_class_areas', 'landcover_features']) {
		out[t] = (db.$client.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
	}
	return out;
}
