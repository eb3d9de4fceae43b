/**
 * Reading uploaded files off the event loop. Inspecting a GeoJSON parses it whole (JSON.parse of a
 * 231 MB file took seconds, during which every other request of every user waited); territory
 * assignment also reads and clips every polygon. Both run here in worker threads instead.
 *
 * A small pool: at most MAX_WORKERS threads, each running one task at a time (more tasks queue), kept
 * for IDLE_MS after their last task so a form inspecting file after file does not pay each thread's
 * start (~0.5 s: tsx compiles the readers), and unreferenced while idle so they never keep the process
 * alive. A thread that runs out of its heap (HEAP_MB) dies alone: the server carries on.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { InputError, type Localized } from '../errors.ts';
import { repoRoot } from '../paths.ts';
import type { OffThreadTasks } from '../../../../server/workers/off-thread-tasks.ts';

const MAX_WORKERS = 2;
const IDLE_MS = 60_000;
/** Enough for the largest GeoJSON accepted (MAX_GEOJSON_BYTES, parsed: several times its size). */
const HEAP_MB = 4096;

type TaskName = keyof OffThreadTasks;
type Input<K extends TaskName> = Parameters<OffThreadTasks[K]>[0];
type Output<K extends TaskName> = Awaited<ReturnType<OffThreadTasks[K]>>;

interface Job {
	task: TaskName;
	input: unknown;
	resolve: (value: unknown) => void;
	reject: (error: Error) => void;
}

/** What a worker answers (see off-thread-worker.js). */
type Reply =
	| { value: unknown }
	| { inputError: { code: string; messages: Localized; status: number } }
	| { error: { message: string; stack: string } };

const idle: { worker: Worker; timer: NodeJS.Timeout }[] = [];
const queue: Job[] = [];
let running = 0;

/**
 * Run a task of server/workers/off-thread-tasks.ts in a worker thread. An InputError thrown there is thrown here
 * (same code, messages and status); any other failure is an Error (a bug: HTTP 500).
 */
export function offThread<K extends TaskName>(task: K, input: Input<K>): Promise<Output<K>> {
	return new Promise((resolve, reject) => {
		queue.push({ task, input, resolve: resolve as (value: unknown) => void, reject });
		pump();
	});
}

function pump(): void {
	while (queue.length) {
		const kept = idle.pop();
		if (!kept && running >= MAX_WORKERS) return; // every thread busy: the task waits its turn
		if (kept) clearTimeout(kept.timer);
		run(kept?.worker ?? start(), queue.shift()!);
	}
}

function start(): Worker {
	const worker = new Worker(join(repoRoot(), 'server', 'workers', 'off-thread-worker.js'), {
		resourceLimits: { maxOldGenerationSizeMb: HEAP_MB }
	});
	// A thread that ends while idle must never be handed a task.
	worker.once('exit', () => forget(worker));
	return worker;
}

/** Take a thread out of the idle list (it is ending). */
function forget(worker: Worker): void {
	const i = idle.findIndex((w) => w.worker === worker);
	if (i >= 0) {
		clearTimeout(idle[i].timer);
		idle.splice(i, 1);
	}
}

function run(worker: Worker, job: Job): void {
	running++;
	worker.ref();
	const settle = () => {
		running--;
		worker.off('message', onMessage);
		worker.off('error', onError);
		worker.off('exit', onExit);
	};
	const onMessage = (reply: Reply) => {
		settle();
		worker.unref();
		const timer = setTimeout(() => {
			forget(worker);
			void worker.terminate();
		}, IDLE_MS);
		timer.unref();
		idle.push({ worker, timer });
		if ('value' in reply) job.resolve(reply.value);
		else if ('inputError' in reply) job.reject(new InputError(reply.inputError.code, reply.inputError.messages, reply.inputError.status));
		else job.reject(Object.assign(new Error(reply.error.message), { stack: reply.error.stack }));
		pump();
	};
	const onError = (e: Error & { code?: string }) => {
		settle();
		void worker.terminate();
		job.reject(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooBigToRead() : e);
		pump();
	};
	const onExit = (code: number) => {
		settle();
		job.reject(new Error(`The file-reading worker stopped (exit code ${code}).`));
		pump();
	};
	worker.on('message', onMessage);
	worker.on('error', onError);
	worker.on('exit', onExit);
	worker.postMessage({ task: job.task, input: job.input });
}

function tooBigToRead(): InputError {
	return new InputError(
		'file_too_complex',
		{
			en: `Reading this file needs more than the ${HEAP_MB / 1024} GB of memory the server gives to one file. Convert it to GeoPackage or FlatGeobuf, which are read without loading them whole.`,
			fr: `La lecture de ce fichier demande plus que les ${HEAP_MB / 1024} Go de mémoire que le serveur accorde à un fichier. Convertissez-le en GeoPackage ou en FlatGeobuf, qui sont lus sans être chargés entièrement.`
		},
		413
	);
}
