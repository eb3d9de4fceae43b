import { join } from 'node:path';
import { isDemoMode } from './demo-mode.ts';
import { CampaignImagery } from './campaigns/imagery.service.ts';
import { importDemoCampaign } from './campaigns/demo.ts';
import { ensureDemoPeople } from './access/demo-people.ts';
import { deleteExpiredSessions } from './access/sessions.ts';
import { LoginThrottle } from './access/throttle.ts';
import { countCampaigns } from './campaigns/campaigns.repo.ts';
import { createDb, defaultDbPath, type Db } from './db/db.ts';
import { createTileCache } from './imagery/cache.ts';
import { ImportJobs } from './jobs/import-jobs.ts';
import { dataDir } from './paths.ts';
import { scheduleUploadExpiry } from './uploads/expiry.ts';
import { Uploads } from './uploads/uploads.service.ts';

/** Everything a request handler may need, built once at start and handed to routes via locals. */
export interface AppServices {
	db: Db;
	imagery: CampaignImagery;
	uploads: Uploads;
	jobs: ImportJobs;
	demoMode: boolean;
	/** Sign-in throttling (in memory, per server process). */
	loginThrottle: LoginThrottle;
}

export { isDemoMode };

export async function createAppServices(dbPath = defaultDbPath()): Promise<AppServices> {
	const db = createDb(dbPath);
	const dir = dataDir(dbPath);
	const demoMode = isDemoMode();
	if (demoMode && countCampaigns(db) === 0) {
		const started = Date.now();
		const id = await importDemoCampaign(db);
		console.log(`Demo campaign imported (id ${id}) in ${Date.now() - started} ms.`);
	}
	// Demo users and organisations for the demo campaign (also for databases made before they existed).
	if (demoMode) await ensureDemoPeople(db);
	deleteExpiredSessions(db);
	const uploads = new Uploads(join(dir, 'uploads'));
	// Unused uploads are deleted after a day (RECETTE_UPLOAD_MAX_AGE_HOURS), so the folder cannot grow without bound.
	scheduleUploadExpiry(uploads, db);
	return {
		db,
		// The tile cache is named after the database: campaign ids are only unique within one database.
		imagery: new CampaignImagery(db, createTileCache(dbPath.replace(/(\.sqlite|\.db)?$/, '-tile-cache.db'))),
		uploads,
		jobs: new ImportJobs(db, dbPath, join(dir, 'jobs')),
		demoMode,
		loginThrottle: new LoginThrottle()
	};
}
