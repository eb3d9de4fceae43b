/**
 * What a request handler may use, built once by the composition root (server/services.ts) and
 * handed to SvelteKit with each request: the production server (server/index.ts) attaches it to the
 * Node request that adapter-node passes on as `platform.req`; under `npm run dev` the Vite plugin
 * (server/dev.ts) publishes it for the dev server. `hooks.server.ts` puts it in `locals.services`.
 *
 * One set of services per process means an HTTP action reaches the live websocket connections
 * (`rooms`): a revoked session, a removed member or a deleted campaign takes effect on them at once.
 */
import type { Rooms } from '../../../server/collab/rooms.ts';
import type { CampaignImagery } from './campaigns/imagery.service.ts';
import type { LoginThrottle } from './auth/throttle.ts';
import type { Db } from './db/db.ts';
import type { ImportJobs } from './jobs/import-jobs.ts';
import type { Uploads } from './uploads/uploads.service.ts';

export interface AppServices {
	db: Db;
	imagery: CampaignImagery;
	uploads: Uploads;
	jobs: ImportJobs;
	/** The real-time review: open tile documents and their websocket peers. */
	rooms: Rooms;
	demoMode: boolean;
	/** Sign-in throttling (in memory, per server process). */
	loginThrottle: LoginThrottle;
	/** Stop timers and close what the services opened (tests start several servers in one process). */
	close(): void;
}

/** Where the services travel with a request (a registered symbol: the same in every module copy). */
export const SERVICES = Symbol.for('recette.services');

type Carrier = { [SERVICES]?: AppServices };

/** The services for a request: those attached to its Node request, else the dev server's. */
export function servicesFor(platform: { req?: unknown } | undefined): AppServices {
	const services = (platform?.req as Carrier | undefined)?.[SERVICES] ?? (globalThis as Carrier)[SERVICES];
	if (!services) {
		throw new Error('Recette was started without its services: start it with `npm start` (server/index.ts) or `npm run dev`, not `node build`.');
	}
	return services;
}

/** Publish services for a process that serves one app (the dev server). */
export function publishServices(services: AppServices): void {
	(globalThis as Carrier)[SERVICES] = services;
}

/** Attach services to one Node request (the production server, tests with several servers). */
export function attachServices(req: object, services: AppServices): void {
	(req as Carrier)[SERVICES] = services;
}
