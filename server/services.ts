/**
 * The composition root: the one place that builds the server's services — database, imagery,
 * uploads, import jobs, sign-in throttling and the real-time rooms — for the production server
 * (server/index.ts), the dev server (server/dev.ts) and the tests (`createRecetteServer({ db })`).
 * SvelteKit receives them with each request (src/lib/server/app.ts), the websocket door directly.
 */
import { join } from 'node:path';
import type { AppServices } from '../src/lib/server/app.ts';
import { ensureDemoPeople } from '../src/lib/server/demo/people.ts';
import { deleteExpiredSessions } from '../src/lib/server/auth/sessions.ts';
import { LoginThrottle } from '../src/lib/server/auth/throttle.ts';
import { countCampaigns } from '../src/lib/server/campaigns/campaigns.repo.ts';
import { importDemoCampaign } from '../src/lib/server/demo/campaign.ts';
import { CampaignImagery } from '../src/lib/server/campaigns/imagery.service.ts';
import { createDb, defaultDbPath, type Db } from '../src/lib/server/db/db.ts';
import { isDemoMode } from '../src/lib/server/demo/mode.ts';
import { createTileCache } from '../src/lib/server/imagery/cache.ts';
import { ImportJobs } from '../src/lib/server/jobs/import-jobs.ts';
import { dataDir } from '../src/lib/server/paths.ts';
import { scheduleUploadExpiry } from '../src/lib/server/uploads/expiry.ts';
import { Uploads } from '../src/lib/server/uploads/uploads.service.ts';
import { collabAccess } from './collab/access.ts';
import { Rooms } from './collab/rooms.ts';

export interface ServiceOptions {
	/** An open database (tests); otherwise `dbPath` is opened and migrated. */
	db?: Db;
	/** Database file (default RECETTE_DB or ./data/recette.db); uploads, jobs and the tile cache go beside it. */
	dbPath?: string;
	/** Demo mode (default RECETTE_DEMO, on): an empty database gets the demo campaign and its people. */
	demoMode?: boolean;
}

export async function createServices(options: ServiceOptions = {}): Promise<AppServices> {
	const db = options.db ?? createDb(options.dbPath ?? defaultDbPath());
	const dbPath = db.$client.name === ':memory:' ? (options.dbPath ?? defaultDbPath()) : db.$client.name;
	const dir = dataDir(dbPath);
	const demoMode = options.demoMode ?? isDemoMode();
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
	const stopExpiry = scheduleUploadExpiry(uploads, db);
	// The tile cache is named after the database: campaign ids are only unique within one database.
	const imagery = new CampaignImagery(db, createTileCache(dbPath.replace(/(\.sqlite|\.db)?$/, '-tile-cache.db')));
	const rooms = new Rooms(db, collabAccess(db, { demoMode }));
	return {
		db,
		imagery,
		uploads,
		jobs: new ImportJobs(db, dbPath, join(dir, 'jobs')),
		rooms,
		demoMode,
		loginThrottle: new LoginThrottle(),
		close() {
			stopExpiry();
			rooms.close();
			imagery.close();
		}
	};
}
