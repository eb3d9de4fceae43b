/** SQL of the uploads' expiry: what still reads an upload's files (typed from the schema). */
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/db.ts';
import { imagerySources, importJobs } from '../db/schema.ts';

/** Absolute paths of every campaign's delivered orthophotos. */
export function orthophotoPaths(db: Db): string[] {
	return db.select({ location: imagerySources.location }).from(imagerySources).where(eq(imagerySources.kind, 'geotiff')).all().map((r) => r.location);
}

/** The requests (JSON) of the imports not finished yet. */
export function openImportRequests(db: Db): string[] {
	return db.select({ request: importJobs.request }).from(importJobs).where(inArray(importJobs.status, ['queued', 'running'])).all().map((r) => r.request);
}
