import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, rmdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import type { Db } from '../db/db.ts';
import { tryWrite } from '../db/write-lock.ts';
import type { Localized } from '../errors.ts';
import { repoRoot } from '../paths.ts';
import type { ImportRequest } from '../campaigns/import.schema.ts';
import { markJobsFailed, OPEN_STATUSES, readJob, type JobStatus } from './job-state.ts';
import type { JobMessage } from './run-import-job.ts';

export interface ImportJob {
	id: string;
	status: JobStatus;
	progress: number;
	stage: string;
	/** Why it failed, in both languages (the API answers in the caller's). */
	message: Localized | null;
	campaignId: number | null;
}

interface LiveJob extends ImportJob {
	createdBy: number | null;
	/** The job row exists (the import process reads its request from it). */
	stored: boolean;
}

const INTERRUPTED: Localized = {
	en: 'The server stopped during this import; nothing was saved. Start the import again.',
	fr: 'Le serveur s’est arrêté pendant cet import ; rien n’a été enregistré. Relancez l’import.'
};
const FAILED: Localized = { en: 'The import failed.', fr: 'L’import a échoué.' };
const stoppedUnexpectedly = (how: string): Localized => ({
	en: `The import stopped unexpectedly (${how}). Nothing was saved.`,
	fr: `L’import s’est arrêté de façon inattendue (${how}). Rien n’a été enregistré.`
});

/**
 * Import processes at once. They write under SQLite's single write lock, so a second one only
 * checks its files (a mistake is reported at once) and then waits for the first; more would wait
 * too, each holding a process's memory. Further jobs queue here.
 */
const MAX_RUNNING = 2;
/** The server never blocks longer than this on the write lock; it tries again after RETRY_MS. */
const WRITE_WAIT_MS = 25;
const RETRY_MS = 1000;
/**
 * tsx's loader (what `node --import tsx` loads), as an absolute URL: the import process runs TypeScript
 * like the server, whatever the server's working directory (a bare `tsx` would be looked up from it).
 */
function tsxLoader(): string {
	return pathToFileURL(createRequire(join(repoRoot(), 'package.json')).resolve('tsx')).href;
}

/** A finished job stays in memory this long, so a polling page sees its end without a database read. */
const KEEP_MS = 60_000;
/** Job ids, as in the request files earlier versions left in `<data>/jobs/`. */
const REQUEST_FILE = /^[0-9a-f]{24}\.json$/;

/**
 * Import jobs run in a child process, server/jobs/import-job.ts: splitting a large delivery is
 * CPU-bound and would otherwise stall every map tile the server is answering.
 *
 * The job row tells the truth (see job-state.ts): the child records `done` in the import's own
 * transaction and `failed` after a rollback; this side keeps live progress in memory and, for a child
 * that died without an outcome or a job a previous server left open, fails the job only while it is
 * still open. The server's own writes never wait long for the lock (another process's import may
 * hold it for minutes): they are retried until they go through, and jobs start after them.
 */
export class ImportJobs {
	private jobs = new Map<string, LiveJob>();
	private queue: LiveJob[] = [];
	private running = 0;
	/** Writes waiting for the lock, in order; `failed` handles an error other than the lock being taken. */
	private writes: { run: () => void; failed: (error: unknown) => void }[] = [];
	private retry: ReturnType<typeof setTimeout> | null = null;

	constructor(
		private db: Db,
		private dbPath: string,
		workDir: string
	) {
		removeRequestFiles(workDir);
		// Jobs a previous server left open: their import process died with it or stops on noticing it
		// is orphaned. Failed unless their import committed first (then they already say done).
		const open = (db.$client.prepare(`SELECT id FROM import_jobs WHERE status IN ${OPEN_STATUSES}`).all() as { id: string }[]).map((r) => r.id);
		if (open.length) this.writes.push({ run: () => markJobsFailed(db.$client, open, INTERRUPTED), failed: logWriteError });
		this.flush();
	}

	get(id: string): ImportJob | undefined {
		const live = this.jobs.get(id);
		if (live) return publicJob(live);
		const row = readJob(this.db.$client, id);
		return row && { id, status: row.status, progress: row.progress, stage: row.stage, message: row.message, campaignId: row.campaignId };
	}

	/** Who started a job (null for jobs without one): only they and site admins may follow it. */
	owner(id: string): number | null | undefined {
		const live = this.jobs.get(id);
		if (live) return live.createdBy;
		return readJob(this.db.$client, id)?.createdBy;
	}

	start(request: ImportRequest, createdBy: number | null = null): ImportJob {
		const id = randomBytes(12).toString('hex');
		const job: LiveJob = { id, status: 'queued', progress: 0, stage: 'waiting', message: null, campaignId: null, createdBy, stored: false };
		this.jobs.set(id, job);
		this.queue.push(job);
		let error: unknown = null;
		this.writes.push({
			run: () => {
				this.db.$client
					.prepare(`INSERT INTO import_jobs (id, status, stage, request, created_by) VALUES (?, 'queued', 'waiting', ?, ?)`)
					.run(id, JSON.stringify(request), createdBy);
				job.stored = true;
			},
			failed: (e) => {
				// Not recorded (e.g. a full disk): never run, and say so to whoever follows it.
				error = e;
				this.queue.splice(this.queue.indexOf(job), 1);
				Object.assign(job, { status: 'failed', message: stoppedUnexpectedly(`${(e as Error).message}`) });
				setTimeout(() => this.jobs.delete(id), KEEP_MS).unref();
			}
		});
		this.flush();
		// Recorded now or later, unless the database refused it outright: then the request fails.
		if (error) throw error;
		return publicJob(job);
	}

	/** Do the pending writes while the lock comes quickly (else later), then start what may start. */
	private flush(): void {
		while (this.writes.length) {
			const write = this.writes[0];
			let written: boolean;
			try {
				written = tryWrite(this.db.$client, write.run, WRITE_WAIT_MS);
			} catch (e) {
				this.writes.shift();
				write.failed(e);
				continue;
			}
			if (!written) {
				this.retry ??= setTimeout(() => {
					this.retry = null;
					this.flush();
				}, RETRY_MS);
				this.retry.unref();
				break;
			}
			this.writes.shift();
		}
		while (this.running < MAX_RUNNING && this.queue[0]?.stored) this.run(this.queue.shift()!);
	}

	private run(job: LiveJob): void {
		this.running++;
		job.status = 'running';
		job.stage = 'checking';
		const child = spawn(process.execPath, ['--import', tsxLoader(), join(repoRoot(), 'server', 'jobs', 'import-job.ts'), job.id], {
			env: { ...process.env, RECETTE_DB: this.dbPath },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let stderr = '';
		child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
		createInterface({ input: child.stdout }).on('line', (line) => {
			let msg: JobMessage;
			try {
				msg = JSON.parse(line);
			} catch {
				return;
			}
			// The import process says done after its COMMIT and failed after writing the failure to the
			// job row: both are already the row's truth, shown at once (and read back when it ends).
			if (msg.type === 'progress') {
				job.stage = msg.stage;
				job.progress = overallProgress(job.stage, msg.fraction);
			} else if (msg.type === 'done') {
				Object.assign(job, { status: 'done', progress: 1, stage: 'done', campaignId: msg.campaignId });
			} else if (msg.type === 'error') {
				Object.assign(job, { status: 'failed', message: msg.messages ?? FAILED });
			}
		});
		let ended = false;
		const end = (how: string) => {
			if (ended) return;
			ended = true;
			this.running--;
			this.settle(job, how, stderr);
			this.flush();
		};
		child.on('error', (e) => end(e.message));
		child.on('close', (code, signal) => end(signal ? `signal ${signal}` : `exit code ${code}`));
	}

	/** The import process has ended: its job row says what it committed. */
	private settle(job: LiveJob, how: string, stderr: string): void {
		const row = readJob(this.db.$client, job.id);
		const forget = () => setTimeout(() => this.jobs.delete(job.id), KEEP_MS).unref();
		if (row?.status === 'done') {
			Object.assign(job, { status: 'done', progress: 1, stage: 'done', message: null, campaignId: row.campaignId });
			forget();
		} else if (row?.status === 'failed') {
			Object.assign(job, { status: 'failed', message: row.message ?? FAILED, campaignId: null });
			forget();
		} else {
			// Dead without an outcome: nothing was committed, and nothing can be any more.
			const message = stoppedUnexpectedly(how);
			Object.assign(job, { status: 'failed', message, campaignId: null });
			if (stderr) console.error(`[import ${job.id}]`, stderr);
			this.writes.push({
				run: () => {
					markJobsFailed(this.db.$client, [job.id], message);
					forget();
				},
				failed: logWriteError
			});
		}
	}
}

/** A job outcome the database refused (not for the lock): the row stays open, and the next start-up fails it. */
function logWriteError(e: unknown): void {
	console.error('[import jobs] could not record a job outcome:', e);
}

function publicJob({ id, status, progress, stage, message, campaignId }: LiveJob): ImportJob {
	return { id, status, progress, stage, message, campaignId };
}

/**
 * Earlier versions handed the request to the import process in `<data>/jobs/<id>.json` and left the
 * file behind when killed. The request now travels in the job row; remove what is left.
 */
function removeRequestFiles(workDir: string): void {
	let names: string[];
	try {
		names = readdirSync(workDir);
	} catch {
		return;
	}
	for (const name of names) if (REQUEST_FILE.test(name)) rmSync(join(workDir, name), { force: true });
	try {
		rmdirSync(workDir);
	} catch {
		/* not empty: something that is not ours; leave it */
	}
}

/** Stages weigh differently: reading/splitting dominates an import. */
const STAGE_SPAN: Record<string, [number, number]> = {
	checking: [0, 0.05],
	waiting: [0.05, 0.05],
	reading: [0.05, 0.8],
	imagery: [0.8, 0.9],
	storing: [0.9, 1],
	done: [1, 1]
};
function overallProgress(stage: string, fraction: number): number {
	const [a, b] = STAGE_SPAN[stage] ?? [0, 1];
	return a + (b - a) * Math.max(0, Math.min(1, fraction));
}
