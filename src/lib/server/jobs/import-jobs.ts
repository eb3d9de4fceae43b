import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Db } from '../db/db.ts';
import type { Localized } from '../errors.ts';
import { repoRoot } from '../paths.ts';
import type { ImportRequest } from '../campaigns/import.schema.ts';

export interface ImportJob {
	id: string;
	status: 'queued' | 'running' | 'done' | 'failed';
	progress: number;
	stage: string;
	/** Why it failed, in both languages (the API answers in the caller's). */
	message: Localized | null;
	campaignId: number | null;
}

const INTERRUPTED: Localized = {
	en: 'The server stopped during this import; nothing was saved. Start the import again.',
	fr: 'Le serveur s’est arrêté pendant cet import ; rien n’a été enregistré. Relancez l’import.'
};
const FAILED: Localized = { en: 'The import failed.', fr: 'L’import a échoué.' };

/**
 * Import jobs run `recette import-job` in a child process: splitting a large delivery is CPU-bound and
 * would otherwise stall every map tile the server is answering. The child writes the campaign in one
 * transaction; this side only relays its JSON-lines progress. Live progress is kept in memory (it
 * changes many times a second); the job row is written when the job starts and ends.
 */
export class ImportJobs {
	private jobs = new Map<string, ImportJob>();
	constructor(
		private db: Db,
		private dbPath: string,
		private workDir: string
	) {
		// A job that was running when the server stopped died with it (its transaction rolled back).
		db.$client
			.prepare(`UPDATE import_jobs SET status = 'failed', message = ? WHERE status IN ('queued', 'running')`)
			.run(JSON.stringify(INTERRUPTED));
	}

	get(id: string): ImportJob | undefined {
		const live = this.jobs.get(id);
		if (live) return { ...live };
		const row = this.db.$client
			.prepare('SELECT id, status, progress, stage, message, campaign_id AS campaignId FROM import_jobs WHERE id = ?')
			.get(id) as (Omit<ImportJob, 'message'> & { message: string | null }) | undefined;
		// The row keeps the message as JSON { en, fr }.
		return row && { ...row, message: row.message ? (JSON.parse(row.message) as Localized) : null };
	}

	/** Who started a job (null for jobs without one): only they and site admins may follow it. */
	owner(id: string): number | null | undefined {
		const row = this.db.$client.prepare('SELECT created_by FROM import_jobs WHERE id = ?').get(id) as { created_by: number | null } | undefined;
		return row ? row.created_by : undefined;
	}

	start(request: ImportRequest, createdBy: number | null = null): ImportJob {
		const id = randomBytes(12).toString('hex');
		const job: ImportJob = { id, status: 'queued', progress: 0, stage: 'checking', message: null, campaignId: null };
		this.jobs.set(id, job);
		this.db.$client
			.prepare(`INSERT INTO import_jobs (id, status, stage, request, created_by) VALUES (?, 'queued', 'checking', ?, ?)`)
			.run(id, JSON.stringify(request), createdBy);
		mkdirSync(this.workDir, { recursive: true });
		const requestFile = join(this.workDir, `${id}.json`);
		writeFileSync(requestFile, JSON.stringify(request));

		const child = spawn(process.execPath, [join(repoRoot(), 'server', 'cli', 'recette.js'), 'import-job', requestFile], {
			env: { ...process.env, RECETTE_DB: this.dbPath },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		job.status = 'running';
		let stderr = '';
		child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
		createInterface({ input: child.stdout }).on('line', (line) => {
			let msg: { type: string; stage?: string; fraction?: number; campaignId?: number; message?: string; messages?: Localized };
			try {
				msg = JSON.parse(line);
			} catch {
				return;
			}
			if (msg.type === 'progress') {
				job.stage = msg.stage ?? job.stage;
				job.progress = overallProgress(job.stage, msg.fraction ?? 0);
			} else if (msg.type === 'done') {
				job.status = 'done';
				job.progress = 1;
				job.stage = 'done';
				job.campaignId = msg.campaignId ?? null;
			} else if (msg.type === 'error') {
				job.status = 'failed';
				job.message = msg.messages ?? (msg.message ? { en: msg.message, fr: msg.message } : FAILED);
			}
		});
		child.on('close', (code) => {
			rmSync(requestFile, { force: true });
			if (job.status === 'running') {
				job.status = 'failed';
				job.message = {
					en: `The import stopped unexpectedly (exit code ${code}). Nothing was saved.`,
					fr: `L’import s’est arrêté de façon inattendue (code de sortie ${code}). Rien n’a été enregistré.`
				};
				if (stderr) console.error(`[import ${id}]`, stderr);
			}
			this.db.$client
				.prepare(`UPDATE import_jobs SET status = ?, progress = ?, stage = ?, message = ?, campaign_id = ?, updated_at = ? WHERE id = ?`)
				.run(job.status, job.progress, job.stage, job.message && JSON.stringify(job.message), job.campaignId, Date.now(), id);
			// Keep the finished job in memory briefly so a polling page sees its end without racing the row.
			setTimeout(() => this.jobs.delete(id), 60_000).unref();
		});
		return { ...job };
	}
}

/** Stages weigh differently: reading/splitting dominates an import. */
const STAGE_SPAN: Record<string, [number, number]> = {
	checking: [0, 0.05],
	reading: [0.05, 0.8],
	imagery: [0.8, 0.9],
	storing: [0.9, 1],
	done: [1, 1]
};
function overallProgress(stage: string, fraction: number): number {
	const [a, b] = STAGE_SPAN[stage] ?? [0, 1];
	return a + (b - a) * Math.max(0, Math.min(1, fraction));
}
