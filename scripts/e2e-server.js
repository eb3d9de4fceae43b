#!/usr/bin/env node
// Server for the end-to-end tests: the production build on a brand-new database (demo mode).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'recette-e2e-'));
const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server', 'index.ts')], {
	cwd: root,
	stdio: 'inherit',
	env: { ...process.env, RECETTE_DB: join(dir, 'recette.db'), RECETTE_DEMO: '1' }
});
for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
