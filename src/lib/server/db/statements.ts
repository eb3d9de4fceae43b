import type Database from 'better-sqlite3';
import type { Db } from './db.ts';

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * A prepared statement, compiled once per connection. For queries on every request (session and
 * access checks run before each map tile): compiling SQL costs more than running these lookups.
 */
export function statement(db: Db, sql: string): Database.Statement {
	let byText = cache.get(db.$client);
	if (!byText) cache.set(db.$client, (byText = new Map()));
	let s = byText.get(sql);
	if (!s) byText.set(sql, (s = db.$client.prepare(sql)));
	return s;
}
