import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { repoRoot } from '../paths.ts';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** drizzle/ at the repository root, found from this file so it works from src/, the build and the CLI. */
export function migrationsFolder(): string {
	if (process.env.RECETTE_MIGRATIONS) return resolve(process.env.RECETTE_MIGRATIONS);
	return join(repoRoot(), 'drizzle');
}

/** Default database file: ./data/recette.db, overridable with RECETTE_DB. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
	return resolve(env.RECETTE_DB ?? 'data/recette.db');
}

/**
 * Open (creating if needed) and migrate a database. Pragmas are set once here:
 * WAL so readers (map tiles, reports) never wait for an import's writer; foreign keys so deleting a
 * campaign removes everything it owns; a busy timeout so a CLI import and the server can share the file.
 */
export function createDb(path: string = defaultDbPath(), { migrateNow = true } = {}): Db {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new Database(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 10000');
	// NORMAL is durable in WAL mode across process crashes (only an OS crash can lose the last commits).
	sqlite.pragma('synchronous = NORMAL');
	const db = drizzle(sqlite, { schema }) as Db;
	if (migrateNow) migrate(db, { migrationsFolder: migrationsFolder() });
	return db;
}

export { schema };
