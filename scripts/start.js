#!/usr/bin/env node
// `npm start`: build the web app when the build is missing or older than the sources, then run the
// production server. A newcomer needs no separate build step; a deployment that already built
// skips straight to serving.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'build', 'handler.js');

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
	const r = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}

const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server', 'index.ts')], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
