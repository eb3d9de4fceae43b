import type Database from 'better-sqlite3';
import type { Db } from './db.ts';

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * A hand-written statement, compiled once per connection. Only for the measured hot paths (the
 * session check and `authorize()` run before every request, map tiles included: compiling SQL, or
 * building it with the query builder, costs more than running these lookups — bench/access.ts).
 * Everything else goes through a feature's repo, typed from the schema.
 */
export function statement<Params extends unknown[] = unknown[], Row = unknown>(db: Db, sql: string): Database.Statement<Params, Row> {
	let byText = cache.get(db.$client);
	if (!byText) cache.set(db.$client, (byText = new Map()));
	let s = byText.get(sql);
	if (!s) byText.set(sql, (s = db.$client.prepare(sql)));
	return s as Database.Statement<Params, Row>;
}

const queries = new WeakMap<Database.Database, Map<(db: Db) => unknown, unknown>>();

/**
 * A repo's query-builder query, built and prepared once per connection (`build` is its key: pass a
 * module-level function). For repo queries on a request's hot path, e.g. the campaign lookup in
 * front of every imagery tile: typed from the schema like any other, compiled only once.
 */
export function prepared<Query>(db: Db, build: (db: Db) => Query): Query {
	let byBuild = queries.get(db.$client);
	if (!byBuild) queries.set(db.$client, (byBuild = new Map()));
	let q = byBuild.get(build) as Query | undefined;
	if (!q) byBuild.set(build, (q = build(db)));
	return q;
}
