import { join } from 'node:path';
import { CampaignImagery } from './campaigns/imagery.service.ts';
import { importDemoCampaign } from './campaigns/demo.ts';
import { countCampaigns } from './campaigns/campaigns.repo.ts';
import { createDb, defaultDbPath, type Db } from './db/db.ts';
import { createTileCache } from './imagery/cache.ts';
import { ImportJobs } from './jobs/import-jobs.ts';
import { dataDir } from './paths.ts';
import { Uploads } from './uploads/uploads.service.ts';

/** Everything a request handler may need, built once at start and handed to routes via locals. */
export interface AppServices {
	db: Db;
	imagery: CampaignImagery;
	uploads: Uploads;
	jobs: ImportJobs;
	demoMode: boolean;
}

/** Demo mode (the default): an empty database gets the demo campaign. RECETTE_DEMO=0 for real deployments. */
export function isDemoMode(): boolean {
	return !['0', 'false', 'no', 'off'].includes((process.env.RECETTE_DEMO ?? '1').toLowerCase());
}

export async function createAppServices(dbPath = defaultDbPath()): Promise<AppServices> {
	const db = createDb(dbPath);
	const dir = dataDir(dbPath);
	const demoMode = isDemoMode();
	if (demoMode && countCampaigns(db) === 0) {
		const started = Date.now();
		const id = await importDemoCampaign(db);
		console.log(`Demo campaign imported (id ${id}) in ${Date.now() - started} ms.`);
	}
	return {
		db,
		// The tile cache is named after the database: campaign ids are only unique within one database.
		imagery: new CampaignImagery(db, createTileCache(dbPath.replace(/(\.sqlite|\.db)?$/, '-tile-cache.db'))),
		uploads: new Uploads(join(dir, 'uploads')),
		jobs: new ImportJobs(db, dbPath, join(dir, 'jobs')),
		demoMode
	};
}
