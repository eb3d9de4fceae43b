import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

export interface RunningServer {
	url: string;
	dir: string;
	child: ChildProcess;
	stop: () => Promise<void>;
}

export interface StartOptions {
	/**
	 * Reuse the database in this folder (`${dir}/recette.db`) instead of a fresh one, e.g. to restart
	 * on the same data with other settings. Its `stop()` then leaves the folder in place.
	 */
	dir?: string;
	/** Keep the folder when stopping (to restart on it); the caller removes it. */
	keep?: boolean;
}

/**
 * Start the real production server (build/ + server/index.ts) on a free port with a fresh database
 * (or the one in `options.dir`). `npm test` builds first; running this without a build is a setup
 * mistake, reported as such.
 */
export async function startServer(env: Record<string, string> = {}, options: StartOptions = {}): Promise<RunningServer> {
	if (!existsSync(join(ROOT, 'build', 'handler.js'))) throw new Error('No build/: run `npm run build` (npm test does it) before the HTTP tests.');
	const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'recette-http-'));
	const removeOnStop = !options.dir && !options.keep;
	const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'index.ts')], {
		cwd: ROOT,
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', RECETTE_DB: join(dir, 'recette.db'), ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 60_000);
		const onData = (d: Buffer) => {
			log += d;
			const m = /listening on (http:\/\/\S+)/.exec(log);
			if (m) {
				clearTimeout(timer);
				resolve(m[1]);
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', (d) => (log += d));
		child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${log}`)));
	});
	// A server that dies under a test shows up as "fetch failed" in the next ones: print why it died.
	let stopping = false;
	child.on('exit', (code, signal) => {
		if (!stopping) process.stderr.write(`\n[test server ${url}] exited unexpectedly (${code ?? signal}):\n${log}\n`);
	});
	return {
		url,
		dir,
		child,
		stop: async () => {
			stopping = true;
			if (child.exitCode === null) {
				const done = new Promise((r) => child.once('exit', r));
				child.kill('SIGTERM');
				await done;
			}
			if (removeOnStop) rmSync(dir, { recursive: true, force: true });
		}
	};
}
