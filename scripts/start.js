#!/usr/bin/env node
// `npm start`: build the web app when the build is missing or older than the sources, then run the
// production server. A newcomer needs no separate build step; a deployment that already built
// skips straight to serving.
//
// The launcher stands between the caller (a terminal, npm, systemd) and the server: it passes
// SIGINT/SIGTERM/SIGHUP on to the step running (build or server) and exits with the server's status,
// so a supervisor sees a crash as a failure (exit 1, or 128 + signal number) and a stop as a stop.
// `npm start` runs it under `sh -c`, which does not pass signals on: when npm is stopped, the shell
// dies and this process is left without its parent. It notices and stops the server rather than
// leaving it running, orphaned, on the port.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'build', 'handler.js');
/** @type {NodeJS.Signals[]} */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** The step running now (the build, then the server). @type {import('node:child_process').ChildProcess | null} */
let step = null;
/** The signal that asked us to stop, if any. @type {NodeJS.Signals | null} */
let stopSignal = null;

/**
 * Exit the way `code`/`signal` say a child ended: its status, or 128 + the signal's number as shells do.
 * @param {number | null} code
 * @param {NodeJS.Signals | null} signal
 * @returns {never}
 */
function exitLike(code, signal) {
	process.exit(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1));
}

/** @param {NodeJS.Signals} signal */
function stop(signal) {
	stopSignal ??= signal;
	if (step && step.exitCode === null && step.signalCode === null) step.kill(signal);
	else exitLike(null, signal);
}
for (const signal of SIGNALS) process.on(signal, () => stop(signal));

/**
 * The parent of process `pid` (read from /proc on Linux), or undefined when it cannot be read.
 * @param {number} pid
 * @returns {number | undefined}
 */
function parentOf(pid) {
	try {
		// Field 4 of /proc/<pid>/stat, after the command name in parentheses (which may hold spaces).
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
	} catch {
		return undefined;
	}
}

// Orphaned: stop the server as if told to. Our parent must live on, and under npm (which runs us
// through `sh -c`) npm too: a process manager that gives up waiting kills npm outright, and the
// shell, reparented, would otherwise keep us and the server running on the port.
const parent = process.ppid;
const npm = process.env.npm_lifecycle_event ? parentOf(parent) : undefined;
setInterval(() => {
	if (process.ppid !== parent || (npm !== undefined && parentOf(parent) !== npm)) stop('SIGTERM');
}, 500).unref();

/**
 * Run a step to its end; resolves to how it ended.
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} [options]
 * @returns {Promise<{ code: number | null, signal: NodeJS.Signals | null }>}
 */
function run(args, options = {}) {
	const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', ...options });
	step = child;
	return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/**
 * Latest modification time of a file or of anything in a folder.
 * @param {string} path
 * @returns {number}
 */
function newest(path) {
	const st = statSync(path);
	if (!st.isDirectory()) return st.mtimeMs;
	let t = 0;
	for (const f of readdirSync(path)) t = Math.max(t, newest(join(path, f)));
	return t;
}

const inputs = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'].map((p) => join(root, p)).filter(existsSync);
const stale = !existsSync(built) || Math.max(...inputs.map(newest)) > statSync(built).mtimeMs;
if (stale) {
	console.log('Building the web app (first start or sources changed)…');
	const build = await run([join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build']);
	if (stopSignal) exitLike(null, stopSignal);
	if (build.code !== 0) exitLike(build.code, build.signal);
}

// The server gets a channel to us: if this process is killed outright (SIGKILL), the channel closes
// and the server stops by itself (server/index.ts).
const server = await run(['--import', 'tsx', join(root, 'server', 'index.ts')], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
exitLike(server.code, server.signal);
