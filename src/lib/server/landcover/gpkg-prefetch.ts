/**
 * Runs the GeoPackage batch query in a worker thread, a few batches ahead of the consumer.
 *
 * SQLite (page reads, blob concatenation, JSON building) is about half the cost of reading a
 * GeoPackage; doing it in a worker lets the main thread decode, clip and store meanwhile. The consumer
 * side stays synchronous — the import loop is a plain `for…of` — thanks to `receiveMessageOnPort` and
 * `Atomics.wait` on a small shared counter block:
 *   ctrl[0] batches produced (worker), ctrl[1] batches consumed (main), ctrl[2] stop request.
 */
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { repoRoot } from '../paths.ts';

/** A batch row as produced by the batch statement: [count, maxKey, blob, lengths, json]. */
export type BatchRow = [number, number, Uint8Array, string, string];

/** What the reader thread (gpkg-prefetch-worker.js) is started with. */
export interface PrefetchWorkerData {
	/** The GeoPackage, opened read-only by the thread. */
	path: string;
	/** The batch statement (one `?` = last key read). */
	sql: string;
	/** The same statement with every attribute hex-encoded, for a blob in a column declared otherwise. */
	sqlHex: string;
	/** Where batches are posted. */
	port: MessagePort;
	/** Counters shared with the thread: [produced, consumed, stop]. */
	ctrl: SharedArrayBuffer;
	/** Batches the thread may read ahead of the consumer. */
	ahead: number;
}

/** One message from the reader thread. */
export type PrefetchMessage = { row: BatchRow } | { done: true } | { error: string; code?: string };

const AHEAD = 4;

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
		const { port1, port2 } = new MessageChannel();
		const ctrl = new SharedArrayBuffer(16);
		this.ctrl = new Int32Array(ctrl);
		this.port = port1;
		const workerData: PrefetchWorkerData = { path, sql, sqlHex, port: port2, ctrl, ahead: AHEAD };
		// Found from the repository root, as the uploads' worker is: this module also runs from bundles.
		this.worker = new Worker(join(repoRoot(), 'src', 'lib', 'server', 'landcover', 'gpkg-prefetch-worker.js'), {
			workerData,
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
				const msg = m.message as PrefetchMessage;
				if ('row' in msg) return msg.row;
				this.close();
				if ('error' in msg) throw Object.assign(new Error(msg.error), { code: msg.code });
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
