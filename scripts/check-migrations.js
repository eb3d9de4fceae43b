#!/usr/bin/env node
// Fails when src/lib/server/db/schema.ts has changes that no migration in drizzle/ captures:
// drizzle-kit generates into a scratch copy; any new file there means a forgotten `npm run db:generate`.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const scratch = mkdtempSync(join(tmpdir(), 'recette-migrations-'));
try {
	cpSync('drizzle', scratch, { recursive: true });
	const before = readdirSync(scratch).length;
	const config = join(scratch, 'drizzle.config.json');
	// drizzle-kit takes `out` relative to the working directory.
	writeFileSync(config, JSON.stringify({ dialect: 'sqlite', schema: './src/lib/server/db/schema.ts', out: relative(process.cwd(), scratch) }));
	const r = spawnSync('npx', ['drizzle-kit', 'generate', '--config', config, '--name', 'pending'], { encoding: 'utf8' });
	if (r.status !== 0 || /Error/.test(r.stderr)) {
		console.error(r.stdout, r.stderr);
		process.exit(1);
	}
	const after = readdirSync(scratch).length - 1; // minus the config file
	if (after !== before) {
		console.error('The database schema has changes without a migration: run `npm run db:generate -- --name <what_changed>` and commit drizzle/.');
		process.exit(1);
	}
	console.log('Migrations match the schema.');
} finally {
	rmSync(scratch, { recursive: true, force: true });
}
