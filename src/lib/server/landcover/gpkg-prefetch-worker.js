// The reader thread of gpkg-prefetch.ts: runs the GeoPackage batch query a few batches ahead of the
// import and posts each batch to it. Plain JavaScript (type-checked through JSDoc by `npm run check`)
// so that a thread starts without a TypeScript loader: its start-up is on the path of every large import.
//
// Shared counters (Int32Array over `ctrl`): [0] batches produced here, [1] batches consumed by the
// reader, [2] stop request.
import Database from 'better-sqlite3';
import { workerData } from 'node:worker_threads';

/** @typedef {import('./gpkg-prefetch.ts').PrefetchWorkerData} PrefetchWorkerData */
/** @typedef {import('./gpkg-prefetch.ts').PrefetchMessage} PrefetchMessage */

const { path, sql, sqlHex, port, ctrl, ahead } = /** @type {PrefetchWorkerData} */ (workerData);
const state = new Int32Array(ctrl);

/**
 * Post a message and count it, waking the reader if it waits.
 * @param {PrefetchMessage} msg
 * @param {ArrayBuffer[]} [transfer]
 */
function send(msg, transfer = []) {
	port.postMessage(msg, transfer);
	Atomics.add(state, 0, 1);
	Atomics.notify(state, 0);
}

/** @type {Database.Database | undefined} */
let db;
try {
	db = new Database(path, { readonly: true, fileMustExist: true });
	let stmt = db.prepare(sql).raw(true);
	let last = -Infinity;
	for (;;) {
		// At most `ahead` batches in flight: memory stays bounded however slow the reader is.
		while (Atomics.load(state, 0) - Atomics.load(state, 1) >= ahead && !Atomics.load(state, 2)) {
			Atomics.wait(state, 1, Atomics.load(state, 1), 1000);
		}
		if (Atomics.load(state, 2)) break;
		/** @type {[number, number, Uint8Array, string, string]} */
		let row;
		try {
			row = /** @type {[number, number, Uint8Array, string, string]} */ (stmt.get(last));
		} catch (e) {
			// A blob stored in a column declared TEXT/INTEGER: hex-encode every column and retry.
			if (sqlHex && /JSON cannot hold BLOB/i.test(/** @type {Error} */ (e).message)) {
				stmt = db.prepare(sqlHex).raw(true);
				continue;
			}
			throw e;
		}
		if (row[0] === 0) {
			send({ done: true });
			break;
		}
		last = row[1];
		const b = row[2];
		// Buffers made by better-sqlite3 own their memory: transfer it instead of copying when possible.
		const own = b.byteOffset === 0 && b.buffer.byteLength === b.byteLength;
		const ab = /** @type {ArrayBuffer} */ (own ? b.buffer : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
		send({ row: [row[0], row[1], new Uint8Array(ab), row[3], row[4]] }, [ab]);
	}
} catch (e) {
	const error = /** @type {Partial<Error> & { code?: string } | undefined} */ (e);
	send({ error: String(error?.message ?? e), code: error?.code });
} finally {
	db?.close();
}
