import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The repository root (where package.json "recette" lives), found by walking up from this module.
 * Works from src/ (dev, CLI through tsx) and from the SvelteKit build (build/server/chunks/…), so
 * migrations, the demo delivery and the import worker are found without depending on the cwd.
 */
export function repoRoot(): string {
	if (root) return root;
	let dir = dirname(fileURLToPath(import.meta.url));
	for (;;) {
		const pkg = join(dir, 'package.json');
		if (existsSync(pkg)) {
			try {
				if (JSON.parse(readFileSync(pkg, 'utf8')).name === 'recette') return (root = dir);
			} catch {
				/* not ours, keep walking */
			}
		}
		const up = dirname(dir);
		if (up === dir) return (root = resolve('.'));
		dir = up;
	}
}

/** Folder of application data (database, uploads, tile cache): the database file's folder. */
export function dataDir(dbPath: string): string {
	return dirname(resolve(dbPath));
}
