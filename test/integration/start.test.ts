/**
 * `npm start` under a supervisor's signals: stopping it (through npm or the launcher itself) stops
 * the server — port closed, no process left behind — and the launcher's exit status tells a
 * supervisor whether the server stopped or failed (issue 11, item 1: run under systemd).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const dirs: string[] = [];
const started: ChildProcess[] = [];
/** Every process a test started, to leave none behind even when the test fails. */
const leftovers: number[] = [];

beforeAll(() => {
	// The launcher rebuilds a stale build: never let it do so under other tests using build/.
	const newest = (p: string): number => (statSync(p).isDirectory() ? Math.max(0, ...readdirSync(p).map((f) => newest(join(p, f)))) : statSync(p).mtimeMs);
	const built = join(ROOT, 'build', 'handler.js');
	const inputs = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'].map((p) => join(ROOT, p)).filter(existsSync);
	if (!existsSync(built) || Math.max(...inputs.map(newest)) > statSync(built).mtimeMs) throw new Error('build/ is missing or older than the sources: run `npm run build` first.');
});

afterEach(() => {
	for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	for (const pid of leftovers.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Start `command` (npm start, or node scripts/start.js) on a free port; resolves once the server listens. */
async function launch(
	command: string,
	args: string[],
	env: Record<string, string> = {},
	{ detached = false } = {}
): Promise<{ child: ChildProcess; url: string; tree: { pid: number; args: string }[]; log: () => string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }> {
	const dir = mkdtempSync(join(tmpdir(), 'recette-start-'));
	dirs.push(dir);
	const child = spawn(command, args, {
		cwd: ROOT,
		// No demo campaign: it only slows the start down.
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', RECETTE_DB: join(dir, 'recette.db'), RECETTE_DEMO: '0', npm_config_update_notifier: 'false', ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached
	});
	started.push(child);
	let log = '';
	child.stdout!.on('data', (d) => (log += d));
	child.stderr!.on('data', (d) => (log += d));
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no server:\n${log}`)), 60_000);
		const poll = setInterval(() => {
			const m = /listening on (http:\/\/\S+)/.exec(log);
			if (m) {
				clearInterval(poll);
				clearTimeout(timer);
				resolve(m[1]);
			}
		}, 50);
		void exited.then(() => {
			clearInterval(poll);
			clearTimeout(timer);
			reject(new Error(`exited before listening:\n${log}`));
		});
	});
	const tree = descendants(child.pid!);
	leftovers.push(...tree.map((p) => p.pid));
	return { child, url, tree, log: () => log, exited };
}

/** Every process below `pid` (children, grandchildren…). */
function descendants(pid: number): { pid: number; args: string }[] {
	const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
		.split('\n')
		.map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
		.filter((m): m is RegExpExecArray => m !== null)
		.map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
	const found: { pid: number; args: string }[] = [];
	const walk = (parent: number) => {
		for (const row of rows.filter((r) => r.ppid === parent)) {
			found.push({ pid: row.pid, args: row.args });
			walk(row.pid);
		}
	};
	walk(pid);
	return found;
}

const alive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

const portOpen = (url: string) =>
	new Promise<boolean>((resolve) => {
		const { hostname, port } = new URL(url);
		const socket = connect(Number(port), hostname);
		socket.once('connect', () => (socket.destroy(), resolve(true)));
		socket.once('error', () => resolve(false));
	});

/** Within `ms`, every process in `tree` has gone and nothing listens on the port any more. */
async function expectAllGone(tree: { pid: number; args: string }[], url: string, ms = 15_000) {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline && (tree.some((p) => alive(p.pid)) || (await portOpen(url)))) await new Promise((r) => setTimeout(r, 100));
	expect(tree.filter((p) => alive(p.pid)).map((p) => p.args)).toEqual([]);
	expect(await portOpen(url)).toBe(false);
}

describe('stopping the server started with npm start', () => {
	it('stops everything when npm receives SIGTERM (what systemd and docker stop send)', async () => {
		const { child, url, tree, exited } = await launch('npm', ['start']);
		expect(tree.some((p) => p.args.includes('server/index.ts'))).toBe(true);
		child.kill('SIGTERM');
		await exited;
		await expectAllGone(tree, url);
	});

	it('stops everything on Ctrl-C (SIGINT to the whole process group)', async () => {
		const { child, url, tree, exited } = await launch('npm', ['start'], {}, { detached: true });
		process.kill(-child.pid!, 'SIGINT');
		await exited;
		await expectAllGone(tree, url);
	});

	it('stops everything when npm is killed outright (a process manager giving up waiting)', async () => {
		const { child, url, tree, exited } = await launch('npm', ['start']);
		child.kill('SIGKILL');
		await exited;
		await expectAllGone(tree, url);
	});

	it('passes SIGTERM on to the server and exits 0 when run directly', async () => {
		const { child, url, tree, exited, log } = await launch(process.execPath, ['scripts/start.js']);
		child.kill('SIGTERM');
		expect(await exited).toEqual({ code: 0, signal: null });
		expect(log()).toContain('SIGTERM: closing…');
		await expectAllGone(tree, url);
	});

	it('stops the server even when the launcher is killed outright', async () => {
		const { child, url, tree, exited } = await launch(process.execPath, ['scripts/start.js']);
		child.kill('SIGKILL');
		await exited;
		await expectAllGone(tree, url);
	});
});

describe('the launcher’s exit status', () => {
	it('is a failure when the server is killed (e.g. out of memory), so a supervisor restarts it', async () => {
		const { tree, exited } = await launch(process.execPath, ['scripts/start.js']);
		const server = tree.find((p) => p.args.includes('server/index.ts'))!;
		process.kill(server.pid, 'SIGKILL');
		expect(await exited).toEqual({ code: 128 + 9, signal: null });
	});

	it('is a failure when the server cannot start', async () => {
		const taken = createServer().listen(0, '127.0.0.1');
		await new Promise((r) => taken.once('listening', r));
		try {
			const { port } = taken.address() as import('node:net').AddressInfo;
			const dir = mkdtempSync(join(tmpdir(), 'recette-start-'));
			dirs.push(dir);
			const child = spawn(process.execPath, ['scripts/start.js'], { cwd: ROOT, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', RECETTE_DB: join(dir, 'r.db'), RECETTE_DEMO: '0' }, stdio: 'ignore' });
			started.push(child);
			const [code] = await new Promise<[number | null]>((resolve) => child.once('exit', (c) => resolve([c])));
			expect(code).toBe(1);
		} finally {
			taken.close();
		}
	});
});
