import type Database from 'better-sqlite3';

/**
 * SQLite lets one connection write at a time, and an import holds that lock from its first row to
 * its COMMIT (minutes for a large delivery). These helpers wait for it without failing and without
 * freezing the event loop for the whole connection's busy timeout.
 */

/** True for SQLITE_BUSY (and its extended codes): another connection holds the write lock. */
export function isBusy(e: unknown): boolean {
	const code = (e as { code?: unknown } | null)?.code;
	return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** Run `fn` with the connection's busy timeout set to `ms`, then put the previous one back. */
export function withBusyTimeout<T>(sqlite: Database.Database, ms: number, fn: () => T): T {
	const previous = Number(sqlite.pragma('busy_timeout', { simple: true }));
	sqlite.pragma(`busy_timeout = ${Math.round(ms)}`);
	try {
		return fn();
	} finally {
		sqlite.pragma(`busy_timeout = ${previous}`);
	}
}

/**
 * Run a write if the lock comes within `ms` (better-sqlite3 blocks the thread while it waits, so a
 * server keeps this short and tries again later).
 * @returns false when another connection kept the lock; other errors are thrown.
 */
export function tryWrite(sqlite: Database.Database, fn: () => void, ms = 50): boolean {
	try {
		withBusyTimeout(sqlite, ms, fn);
		return true;
	} catch (e) {
		if (isBusy(e)) return false;
		throw e;
	}
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Run a write as soon as the lock is free, however long another writer (an import in another
 * process) keeps it: each try blocks at most `attemptMs`, then the event loop runs (timers, progress)
 * before the next. `onWait` is called after each try that found the lock taken.
 */
export async function writeWhenFree<T>(sqlite: Database.Database, fn: () => T, onWait: () => void = () => {}, attemptMs = 1000): Promise<T> {
	for (;;) {
		try {
			return withBusyTimeout(sqlite, attemptMs, fn);
		} catch (e) {
			if (!isBusy(e)) throw e;
			onWait();
			await pause(10);
		}
	}
}
