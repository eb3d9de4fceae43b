import type Database from 'better-sqlite3';
import type { Localized } from '../errors.ts';

/**
 * The job row is the truth about an import job; the server's memory only adds live progress.
 * Rules that keep it true whatever is killed, and when:
 * - the import's own transaction marks its job `done` with the campaign id (so a COMMIT and the job
 *   saying so are one and the same event);
 * - a job becomes `failed` only while it is still open (`queued` or `running`), through a write that
 *   takes the database's write lock. A running import holds that lock from its first row to its
 *   COMMIT, so the two serialise: either the import committed first (the job stays `done`) or the
 *   job was failed first, and the import, checking its job right after taking the lock, gives up.
 */

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

/** Statuses of a job that has no outcome yet. */
export const OPEN_STATUSES = "('queued', 'running')";

/** The job was given up (its server restarted and told the user so) before this import could commit. */
export class JobAbandonedError extends Error {
	constructor(jobId: string) {
		super(`Import job ${jobId} was given up before it could save anything.`);
		this.name = 'JobAbandonedError';
	}
}

/** Inside the import's transaction, right after it took the write lock: is the job still wanted? */
export function assertJobOpen(sqlite: Database.Database, jobId: string): void {
	const row = sqlite.prepare('SELECT status FROM import_jobs WHERE id = ?').get(jobId) as { status: JobStatus } | undefined;
	if (!row || (row.status !== 'queued' && row.status !== 'running')) throw new JobAbandonedError(jobId);
}

/** Inside the import's transaction, just before COMMIT: the job is done, with this campaign. */
export function markJobDone(sqlite: Database.Database, jobId: string, campaignId: number): void {
	const changed = sqlite
		.prepare(
			`UPDATE import_jobs SET status = 'done', progress = 1, stage = 'done', message = NULL, campaign_id = ?, updated_at = ?
			 WHERE id = ? AND status IN ${OPEN_STATUSES}`
		)
		.run(campaignId, Date.now(), jobId).changes;
	// Cannot happen while the lock is held since assertJobOpen; if it ever did, roll the campaign back.
	if (changed !== 1) throw new JobAbandonedError(jobId);
}

/**
 * Fail the jobs that are still open (a job that reached `done` keeps it). Needs the write lock.
 * @returns how many jobs changed.
 */
export function markJobsFailed(sqlite: Database.Database, jobIds: string[], message: Localized): number {
	if (!jobIds.length) return 0;
	return sqlite
		.prepare(
			`UPDATE import_jobs SET status = 'failed', message = ?, campaign_id = NULL, updated_at = ?
			 WHERE id IN (SELECT value FROM json_each(?)) AND status IN ${OPEN_STATUSES}`
		)
		.run(JSON.stringify(message), Date.now(), JSON.stringify(jobIds)).changes;
}

export interface JobRow {
	status: JobStatus;
	progress: number;
	stage: string;
	message: Localized | null;
	campaignId: number | null;
	createdBy: number | null;
	request: string;
}

/** The stored job (message parsed from its `{ en, fr }` JSON), or undefined. */
export function readJob(sqlite: Database.Database, jobId: string): JobRow | undefined {
	const row = sqlite
		.prepare('SELECT status, progress, stage, message, campaign_id AS campaignId, created_by AS createdBy, request FROM import_jobs WHERE id = ?')
		.get(jobId) as (Omit<JobRow, 'message'> & { message: string | null }) | undefined;
	return row && { ...row, message: row.message ? (JSON.parse(row.message) as Localized) : null };
}
