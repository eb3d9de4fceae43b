// A worker thread of src/lib/server/uploads/off-thread.ts: reads uploaded files (inspection,
// territory layers) so a huge or hostile file never stalls the server's event loop. Plain JavaScript
// that registers tsx, as server/cli/recette.js does, so the same TypeScript modules run here in
// development and production.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { TASKS } = await import('./off-thread-tasks.ts');
const { InputError } = await import('../../src/lib/server/errors.ts');

// Messages sent while the imports above were loading wait in the port's queue until this listener.
parentPort?.on('message', async (/** @type {{ task: keyof typeof TASKS, input: any }} */ { task, input }) => {
	try {
		parentPort?.postMessage({ value: await TASKS[task](input) });
	} catch (e) {
		// Only plain data crosses the thread boundary: the user's error is rebuilt on the other side.
		if (e instanceof InputError) parentPort?.postMessage({ inputError: { code: e.code, messages: e.messages, status: e.status } });
		else {
			const error = /** @type {Partial<Error> | undefined} */ (e);
			parentPort?.postMessage({ error: { message: String(error?.message ?? e), stack: String(error?.stack ?? '') } });
		}
	}
});
