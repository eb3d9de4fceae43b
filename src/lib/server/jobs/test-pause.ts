import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Test seam for the crash tests (test/integration/import-jobs.test.ts), inert unless both
 * `RECETTE_TEST_PAUSE_AT` and `RECETTE_TEST_PAUSE_DIR` are set: an import job reaching that point
 * writes `<dir>/<jobId>.paused` holding its process id, then waits, blocking, until the test deletes
 * the file (the job goes on) or kills a process. Blocking matters: nothing else of the import may run
 * while the test kills the server or the job.
 *
 * Points: an import stage as it begins (`reading`, `storing`: both inside the import's transaction,
 * `storing` just before the last writes and the COMMIT) or `committed` (after COMMIT, before the job
 * reports it).
 * @returns a function to call at each point; it pauses at most once.
 */
export function testPauses(jobId: string, env: NodeJS.ProcessEnv = process.env): (point: string) => void {
	const at = env.RECETTE_TEST_PAUSE_AT;
	const dir = env.RECETTE_TEST_PAUSE_DIR;
	if (!at || !dir) return () => {};
	let paused = false;
	return (point) => {
		if (paused || point !== at) return;
		paused = true;
		const marker = join(dir, `${jobId}.paused`);
		writeFileSync(marker, String(process.pid));
		const cell = new Int32Array(new SharedArrayBuffer(4));
		while (existsSync(marker)) Atomics.wait(cell, 0, 0, 20);
	};
}
