/**
 * An import job's own process: `node --import tsx server/jobs/import-job.ts <job-id>`, started by the
 * server's ImportJobs (src/lib/server/jobs/import-jobs.ts) with RECETTE_DB naming its database.
 * Splitting a large delivery is CPU-bound: in the server's process it would stall every map tile the
 * server is answering.
 *
 * stdout carries one JSON JobMessage per line (progress, then done or error) for the server to relay;
 * stderr, a crash's stack. The job row holds the truth whatever happens (see job-state.ts). Exit status:
 * 0 once the job row holds its outcome, 1 for a job id that names no job, 2 for a crash (the server
 * then fails the job, nothing having been committed), ORPHANED_EXIT_CODE once its server is gone.
 */
import { createDb, defaultDbPath, type Db } from '../../src/lib/server/db/db.ts';
import { InputError } from '../../src/lib/server/errors.ts';
import { runImportJob } from '../../src/lib/server/jobs/run-import-job.ts';

/** Exit status of an import process that stopped because the server that started it is gone. */
export const ORPHANED_EXIT_CODE = 3;

const [jobId] = process.argv.slice(2);
process.exitCode = await run(jobId);

async function run(jobId: string | undefined): Promise<number> {
	if (!jobId || !/^[0-9a-f]{24}$/.test(jobId)) {
		process.stderr.write('import-job: give the id of an import job (the server starts this process).\n');
		return 1;
	}
	// The server that started this process is its only audience: once it is gone nobody relays the
	// progress, and the restarted server has told the user the import stopped. Stop too: what was
	// committed before stays committed (its job says done), the rest rolls back with this process.
	// process.ppid is read afresh each time: an orphan is handed to another parent (init, a subreaper).
	const parent = process.ppid;
	const checkAlive = () => {
		if (process.ppid !== parent) process.exit(ORPHANED_EXIT_CODE);
	};
	// Checked on every progress report and, between reports, while the import awaits files.
	const watch = setInterval(checkAlive, 500);
	watch.unref();
	let db: Db | undefined;
	try {
		db = createDb(defaultDbPath());
		await runImportJob(db, jobId, (message) => process.stdout.write(JSON.stringify(message) + '\n'), { checkAlive });
		return 0;
	} catch (e) {
		if (e instanceof InputError) {
			process.stderr.write(`import-job: ${e.messages.en}\n`);
			return 1;
		}
		process.stderr.write(`import-job: internal error: ${(e as Error).stack ?? e}\n`);
		return 2;
	} finally {
		clearInterval(watch);
		db?.$client.close();
	}
}
