/**
 * Import jobs against the real server, killed at chosen points: the job's state must always match
 * what was committed (a job says done ⇔ its campaign exists; a failed job never has a campaign), no
 * request file may stay on disk, and imports started together must all succeed.
 *
 * The import child pauses at a chosen point through the test seam of src/lib/server/jobs/test-pause.ts
 * (RECETTE_TEST_PAUSE_AT / RECETTE_TEST_PAUSE_DIR), so each kill lands exactly where it is meant to.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/db.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { signIn } from '../helpers/session.ts';

const GPKG = readFileSync(join(DEMO, 'occupation_sol.gpkg'));
const FEATURES = 2665;
const EN = { 'accept-language': 'en' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cleanups: (() => void)[] = [];
afterAll(() => {
	for (const c of cleanups.reverse()) c();
});

/** A data folder and a folder for the pause markers, removed after the file's tests. */
function folders(): { dir: string; pauses: string } {
	const dir = mkdtempSync(join(tmpdir(), 'recette-jobs-'));
	const pauses = join(dir, 'pauses');
	mkdirSync(pauses);
	cleanups.push(() => {
		// An import process a failed test left paused.
		for (const marker of readdirSync(pauses)) {
			const pid = Number(readFileSync(join(pauses, marker), 'utf8'));
			if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
		}
		rmSync(dir, { recursive: true, force: true });
	});
	return { dir, pauses };
}

/** A server on `dir` whose import jobs pause at `pauseAt` (none: they run through). */
async function serve(dir: string, pauses: string, pauseAt?: string): Promise<RunningServer & { cookie: string }> {
	const env: Record<string, string> = pauseAt ? { RECETTE_TEST_PAUSE_AT: pauseAt, RECETTE_TEST_PAUSE_DIR: pauses } : {};
	const server = await startServer(env, { dir });
	cleanups.push(() => server.child.exitCode === null && server.child.signalCode === null && server.child.kill('SIGKILL'));
	return { ...server, cookie: await signIn(server.url, 'manager@demo.local') };
}

/** Upload the demo land cover and start importing it as `name`; returns the job id. */
async function startImport(server: RunningServer & { cookie: string }, name: string): Promise<string> {
	const headers = { ...EN, cookie: server.cookie, origin: server.url };
	const up = await fetch(server.url + '/api/uploads', { method: 'POST', headers });
	expect(up.status).toBe(201);
	const { uploadId } = await up.json();
	const put = await fetch(`${server.url}/api/uploads/${uploadId}/files/occupation.gpkg`, {
		method: 'PUT',
		body: new Blob([GPKG]),
		headers: { ...headers, 'content-type': 'application/octet-stream' }
	});
	expect(put.status).toBe(201);
	const r = await fetch(server.url + '/api/campaigns', {
		method: 'POST',
		body: JSON.stringify({ uploadId, name, landcover: 'occupation.gpkg', classField: 'code_cs', tiling: { mode: 'grid', size: 2000 } }),
		headers: { ...headers, 'content-type': 'application/json' }
	});
	expect(r.status, await r.clone().text()).toBe(202);
	return (await r.json()).jobId;
}

interface Job {
	status: string;
	message: string | null;
	campaignId: number | null;
}
async function getJob(server: RunningServer & { cookie: string }, id: string): Promise<Job> {
	const r = await fetch(`${server.url}/api/jobs/${id}`, { headers: { ...EN, cookie: server.cookie } });
	expect(r.status).toBe(200);
	return r.json();
}
async function finished(server: RunningServer & { cookie: string }, id: string): Promise<Job> {
	for (let i = 0; i < 400; i++) {
		const job = await getJob(server, id);
		if (job.status === 'done' || job.status === 'failed') return job;
		await sleep(150);
	}
	throw new Error(`job ${id} did not finish`);
}

/** Wait until the job's child reaches its pause point; returns the child's process id. */
async function paused(pauses: string, jobId: string): Promise<number> {
	const marker = join(pauses, `${jobId}.paused`);
	for (let i = 0; i < 600; i++) {
		if (existsSync(marker)) {
			const pid = Number(readFileSync(marker, 'utf8'));
			if (pid) return pid;
		}
		await sleep(50);
	}
	throw new Error(`the import job ${jobId} never reached its pause point`);
}
const alive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};
async function gone(pid: number): Promise<void> {
	for (let i = 0; i < 600 && alive(pid); i++) await sleep(50);
	expect(alive(pid), `process ${pid} still running`).toBe(false);
}
async function kill(pid: number): Promise<void> {
	if (alive(pid)) process.kill(pid, 'SIGKILL');
	await gone(pid);
}

/** Campaigns of that name, read from the database file itself. */
function campaignsNamed(dir: string, name: string): number[] {
	const db = new Database(join(dir, 'recette.db'), { readonly: true });
	try {
		return (db.prepare('SELECT id FROM campaigns WHERE name = ?').all(name) as { id: number }[]).map((r) => r.id);
	} finally {
		db.close();
	}
}
/** Files left in the job folder of the data directory. */
const jobFiles = (dir: string) => (existsSync(join(dir, 'jobs')) ? readdirSync(join(dir, 'jobs')) : []);

/**
 * One data folder, the server killed at each point in turn: each `it` starts from the server the
 * previous one left running (its jobs pausing where the test needs them), and the restart it ends
 * with is the next one's server. Chained so that the file starts five servers rather than twelve.
 */
describe('import jobs killed at each point in turn, then started together', () => {
	const { dir, pauses } = folders();
	let server: RunningServer & { cookie: string };
	/** Kill the server (SIGKILL) and start the next one on the same data, pausing its jobs at `pauseAt`. */
	async function restart(pauseAt?: string) {
		server.child.kill('SIGKILL');
		await gone(server.child.pid!);
		server = await serve(dir, pauses, pauseAt);
	}

	it('start-up removes the request files a crash left behind', async () => {
		// As earlier versions left them in <data>/jobs/.
		mkdirSync(join(dir, 'jobs'));
		writeFileSync(join(dir, 'jobs', '0123456789abcdef01234567.json'), '{}');
		server = await serve(dir, pauses, 'committed');
		expect(jobFiles(dir)).toEqual([]);
	});

	it('its import process killed after COMMIT while the server runs: done, with its campaign', async () => {
		const jobId = await startImport(server, 'Committed, process lost');
		await kill(await paused(pauses, jobId));
		const job = await finished(server, jobId);
		expect(campaignsNamed(dir, 'Committed, process lost')).toHaveLength(1);
		expect(job).toMatchObject({ status: 'done', message: null, campaignId: campaignsNamed(dir, 'Committed, process lost')[0] });
	});

	it('killed with its server after COMMIT: done after the restart, with its campaign, and no file left', async () => {
		const jobId = await startImport(server, 'Committed');
		await kill(await paused(pauses, jobId));
		await restart('storing');
		expect(jobFiles(dir)).toEqual([]);
		expect(campaignsNamed(dir, 'Committed')).toHaveLength(1);
		expect(await getJob(server, jobId)).toMatchObject({ status: 'done', message: null, campaignId: campaignsNamed(dir, 'Committed')[0] });
	});

	it('its import process killed inside the transaction while the server runs: failed, and nothing saved', async () => {
		const jobId = await startImport(server, 'Lost before COMMIT');
		await kill(await paused(pauses, jobId));
		const job = await finished(server, jobId);
		expect(job.status).toBe('failed');
		expect(job.message).toMatch(/nothing was saved/i);
		expect(campaignsNamed(dir, 'Lost before COMMIT')).toEqual([]);
	});

	it('killed with its server inside the transaction: failed after the restart, "nothing was saved", and nothing was', async () => {
		const jobId = await startImport(server, 'Cut short');
		await kill(await paused(pauses, jobId));
		await restart('reading');
		const job = await getJob(server, jobId);
		expect(job).toMatchObject({ status: 'failed', campaignId: null });
		expect(job.message).toMatch(/nothing was saved/i);
		expect(campaignsNamed(dir, 'Cut short')).toEqual([]);
		expect(jobFiles(dir)).toEqual([]);
	});

	it('its server killed while it reads: the import stops rather than save behind the failed job’s back', async () => {
		const jobId = await startImport(server, 'Orphan');
		const child = await paused(pauses, jobId);
		server.child.kill('SIGKILL');
		await gone(server.child.pid!);
		// Resumed with its server gone, it notices at its next progress report.
		unlinkSync(join(pauses, `${jobId}.paused`));
		await gone(child);
		server = await serve(dir, pauses, 'storing');
		const job = await getJob(server, jobId);
		expect(job.status).toBe('failed');
		expect(job.message).toMatch(/nothing was saved/i);
		expect(campaignsNamed(dir, 'Orphan')).toEqual([]);
	});

	it('its server killed while it stores: the import still commits, and its job says so after the restart', async () => {
		const jobId = await startImport(server, 'Outlived');
		const child = await paused(pauses, jobId);
		server.child.kill('SIGKILL');
		await gone(server.child.pid!);
		// Resumed with its server gone: from here to COMMIT it runs without reporting progress.
		unlinkSync(join(pauses, `${jobId}.paused`));
		await gone(child);
		server = await serve(dir, pauses);
		expect(campaignsNamed(dir, 'Outlived')).toHaveLength(1);
		expect(await getJob(server, jobId)).toMatchObject({ status: 'done', campaignId: campaignsNamed(dir, 'Outlived')[0] });
	});

	it('leaves every job telling the truth: done ⇔ its campaign exists, a failed job has none', () => {
		const db = new Database(join(dir, 'recette.db'), { readonly: true });
		try {
			const jobs = db.prepare('SELECT status, campaign_id AS campaignId, request FROM import_jobs').all() as { status: string; campaignId: number | null; request: string }[];
			expect(jobs.map((j) => j.status).sort()).toEqual(['done', 'done', 'done', 'failed', 'failed', 'failed']);
			for (const job of jobs) {
				const named = campaignsNamed(dir, JSON.parse(job.request).name);
				if (job.status === 'done') expect(named).toEqual([job.campaignId]);
				else expect([named, job.campaignId]).toEqual([[], null]);
			}
		} finally {
			db.close();
		}
		expect(jobFiles(dir)).toEqual([]);
	});

	it('runs imports started together to the end, each with its own complete data', async () => {
		const dir = server.dir;
		const names = ['Together 1', 'Together 2', 'Together 3', 'Together 4'];
		const jobIds = await Promise.all(names.map((name) => startImport(server, name)));
		const jobs = await Promise.all(jobIds.map((id) => finished(server, id)));
		for (const job of jobs) expect(job, job.message ?? '').toMatchObject({ status: 'done', message: null });
		const ids = jobs.map((j) => j.campaignId!);
		expect(new Set(ids).size).toBe(names.length);
		names.forEach((name, i) => expect(campaignsNamed(dir, name)).toEqual([ids[i]]));

		const db = new Database(join(dir, 'recette.db'), { readonly: true });
		try {
			for (const id of ids) {
				// Every feature stored once, and every tile points at features of its own campaign.
				expect((db.prepare('SELECT count(*) AS n FROM landcover_features WHERE campaign_id = ?').get(id) as { n: number }).n).toBe(FEATURES);
				const own = new Set((db.prepare('SELECT id FROM landcover_features WHERE campaign_id = ?').all(id) as { id: number }[]).map((r) => r.id));
				const tiles = db.prepare('SELECT feature_ids FROM tiles WHERE campaign_id = ?').all(id) as { feature_ids: Buffer }[];
				expect(tiles.length).toBeGreaterThan(0);
				let refs = 0;
				for (const t of tiles) {
					for (let o = 0; o < t.feature_ids.length; o += 4) {
						expect(own.has(t.feature_ids.readInt32LE(o))).toBe(true);
						refs++;
					}
				}
				expect(refs).toBeGreaterThanOrEqual(FEATURES);
			}
		} finally {
			db.close();
		}
	});

	it('queues a web import while another process’s import holds the database, and runs it after', async () => {
		// The write lock as a command-line import holds it, from its first row to its COMMIT.
		const other = new Database(join(server.dir, 'recette.db'));
		other.exec('BEGIN IMMEDIATE');
		let jobId: string;
		try {
			const started = Date.now();
			jobId = await startImport(server, 'After the other');
			// Answered at once (not after SQLite's busy timeout), and the server keeps answering.
			expect(Date.now() - started).toBeLessThan(5000);
			await sleep(1500);
			expect(await getJob(server, jobId)).toMatchObject({ status: expect.stringMatching(/queued|running/), campaignId: null });
			expect((await fetch(`${server.url}/api/campaigns`, { headers: { cookie: server.cookie } })).status).toBe(200);
		} finally {
			other.exec('COMMIT');
			other.close();
		}
		expect(await finished(server, jobId)).toMatchObject({ status: 'done', campaignId: campaignsNamed(server.dir, 'After the other')[0] });
		await server.stop();
	});
});
