/**
 * Runs the GeoPackage batch query in a worker thread, a few batches ahead of the consumer.
 *
 * SQLite (page reads, blob concatenation, JSON building) is about half the cost of reading a
 * GeoPackage; doing it in a worker lets the main thread decode, clip and store meanwhile. The consumer
 * side stays synchronous — the import loop is a plain `for…of` — thanks to `receiveMessageOnPort` and
 * `Atomics.wait` on a small shared counter block:
 *   ctrl[0] batches produced (worker), ctrl[1] batches consumed (main), ctrl[2] stop request.
 */
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** A batch row as produced by the batch statement: [count, maxKey, blob, lengths, json]. */
export type BatchRow = [number, number, Uint8Array, string, string];

const AHEAD = 4;

// Plain CommonJS, evaluated in the worker: no TypeScript, no imports from this package.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { sqlitePath, path, sql, sqlHex, port, ctrl } = workerData;
const state = new Int32Array(ctrl);
const send = (msg, transfer) => {
	port.postMessage(msg, transfer);
	Atomics.add(state, 0, 1);
	Atomics.notify(state, 0);
};
let db;
try {
	const Database = require(sqlitePath);
	db = new Database(path, { readonly: true, fileMustExist: true });
	let stmt = db.prepare(sql).raw(true);
	let last = -Infinity;
	for (;;) {
		while (Atomics.load(state, 0) - Atomics.load(state, 1) >= ${AHEAD} && !Atomics.load(state, 2)) {
			Atomics.wait(state, 1, Atomics.load(state, 1), 1000);
		}
		if (Atomics.load(state, 2)) break;
		let row;
		try {
			row = stmt.get(last);
		} catch (e) {
			if (sqlHex && /JSON cannot hold BLOB/i.test(e.message)) {
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
		const ab = own ? b.buffer : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
		send({ row: [row[0], row[1], new Uint8Array(ab), row[3], row[4]] }, [ab]);
	}
} catch (e) {
	send({ error: String(e && e.message || e), code: e && e.code });
} finally {
	if (db) db.close();
}
`;

let sqlitePath: string | null = null;

export class BatchPrefetcher {
	private worker: Worker;
	private port: MessagePort;
	private ctrl: Int32Array;
	private received = 0;
	private finished = false;

	/**
	 * @param sql the batch statement (one `?` = last key read).
	 * @param sqlHex same statement with blob attributes hex-encoded, used if `sql` hits a blob.
	 */
	constructor(path: string, sql: string, sqlHex: string) {
		sqlitePath ??= createRequire(import.meta.url).resolve('better-sqlite3');
		const { port1, port2 } = new MessageChannel();
		const ctrl = new SharedArrayBuffer(16);
		this.ctrl = new Int32Array(ctrl);
		this.port = port1;
		this.worker = new Worker(WORKER_SOURCE, {
			eval: true,
			workerData: { sqlitePath, path, sql, sqlHex, port: port2, ctrl },
			transferList: [port2]
		});
		// Never keep the process alive for a reader nobody finished.
		this.worker.unref();
		this.port.unref();
	}

	/**
	 * The next batch, blocking until the worker has it; null at the end.
	 * @throws Error with the SQLite message (and `code`) when the worker failed.
	 */
	next(): BatchRow | null {
		if (this.finished) return null;
		for (let waited = 0; ; ) {
			const m = receiveMessageOnPort(this.port);
			if (m !== undefined) {
				this.received++;
				Atomics.store(this.ctrl, 1, this.received);
				Atomics.notify(this.ctrl, 1);
				const msg = m.message as { row?: BatchRow; done?: boolean; error?: string; code?: string };
				if (msg.row) return msg.row;
				this.close();
				if (msg.error !== undefined) throw Object.assign(new Error(msg.error), { code: msg.code });
				return null;
			}
			// Sleeps while nothing new was produced; a message posted just before the counter moved is
			// picked up by the next receiveMessageOnPort.
			if (Atomics.wait(this.ctrl, 0, this.received, 1000) === 'timed-out' && ++waited >= 120) {
				this.close();
				throw new Error('the GeoPackage reader thread stopped answering');
			}
		}
	}

	close(): void {
		if (this.finished) return;
		this.finished = true;
		Atomics.store(this.ctrl, 2, 1);
		Atomics.notify(this.ctrl, 1);
		this.port.close();
		void this.worker.terminate();
	}
}
