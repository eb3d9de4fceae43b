import { importCampaign, type ImportStage } from '../campaigns/import.service.ts';
import type { Db } from '../db/db.ts';
import { writeWhenFree } from '../db/write-lock.ts';
import { InputError, type Localized } from '../errors.ts';
import { assertJobOpen, JobAbandonedError, markJobDone, markJobsFailed, readJob } from './job-state.ts';
import { testPauses } from './test-pause.ts';

/** One line of the import process's stdout (JSON), read by the server's ImportJobs. */
export type JobMessage =
	| { type: 'progress'; stage: ImportStage; fraction: number; detail?: string }
	| { type: 'done'; campaignId: number }
	| { type: 'error'; code: string; message: string; messages: Localized };

const ABANDONED: Localized = {
	en: 'The server restarted during this import; nothing was saved. Start the import again.',
	fr: 'Le serveur a redémarré pendant cet import ; rien n’a été enregistré. Relancez l’import.'
};

export interface RunOptions {
	/**
	 * Called at every progress report — the feature loop runs without yielding, so this is where the
	 * import process notices its server is gone (and ends itself, rolling back what it had not committed).
	 */
	checkAlive?: () => void;
}

/**
 * Run one import job in this process (server/jobs/import-job.ts, started by the server's ImportJobs).
 * The request is the job row's; the outcome is written to the job row by the import itself (`done` in
 * the import's own transaction, `failed` after its rollback), and progress goes to `emit` for the
 * server to relay. A job given up meanwhile (its server restarted and failed it) is not imported.
 * @throws InputError `job_not_found`; any other error is a crash (the server then fails the job).
 */
export async function runImportJob(db: Db, jobId: string, emit: (message: JobMessage) => void, { checkAlive = () => {} }: RunOptions = {}): Promise<void> {
	const sqlite = db.$client;
	const job = readJob(sqlite, jobId);
	if (!job) throw new InputError('job_not_found', { en: `No import job ${jobId}.`, fr: `Aucun import ${jobId}.` });

	const pause = testPauses(jobId);
	let last = 0;
	try {
		const campaignId = await importCampaign(
			db,
			JSON.parse(job.request),
			(stage, fraction, detail) => {
				checkAlive();
				if (fraction === 0) pause(stage);
				const now = Date.now();
				if (now - last < 100 && fraction < 1 && fraction > 0) return;
				last = now;
				emit({ type: 'progress', stage, fraction, detail });
			},
			{ afterBegin: () => assertJobOpen(sqlite, jobId), beforeCommit: (id) => markJobDone(sqlite, jobId, id) }
		);
		pause('committed');
		emit({ type: 'done', campaignId });
	} catch (e) {
		if (e instanceof InputError) {
			// Rolled back: say why on the job row (waiting for the lock if another import holds it).
			await writeWhenFree(sqlite, () => markJobsFailed(sqlite, [jobId], e.messages));
			emit({ type: 'error', code: e.code, message: e.messages.en, messages: e.messages });
		} else if (e instanceof JobAbandonedError) {
			emit({ type: 'error', code: 'job_abandoned', message: ABANDONED.en, messages: ABANDONED });
		} else throw e;
	}
}
