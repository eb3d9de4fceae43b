import type { ImportStage } from '../../src/lib/server/campaigns/import.service.ts';

const LABELS: Record<ImportStage, string> = {
	checking: 'Checking inputs',
	waiting: 'Waiting for another import to end',
	reading: 'Reading and splitting land cover',
	imagery: 'Checking imagery coverage',
	storing: 'Storing tiles',
	done: 'Done'
};

/** Where the command line writes: process.stdout/stderr, or a test's collector. */
export interface Output {
	write(text: string): unknown;
	/** A terminal: progress bars are drawn on it, and erased before an error. */
	isTTY?: boolean;
}

/**
 * Progress on stderr (stdout stays clean for the campaign id / exports), drawn only on a terminal.
 */
export function progressReporter(stream: Output = process.stderr) {
	let lastStage = '';
	let lastDraw = 0;
	return (stage: ImportStage, fraction: number, detail?: string) => {
		if (stream.isTTY) {
			const now = Date.now();
			if (stage === lastStage && fraction < 1 && now - lastDraw < 100) return;
			lastDraw = now;
			const width = 30;
			const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
			const line = `${LABELS[stage].padEnd(34)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%${detail ? ` ${detail}` : ''}`;
			stream.write(`\r${line.padEnd(100)}`);
			if (stage === 'done') stream.write('\n');
		}
		// Not a terminal (pipe, CI log): stay quiet so stderr holds only a possible one-line error.
		lastStage = stage;
	};
}
