/**
 * Identifiers the browser chooses for what it creates in a tile document. A defect's id is chosen
 * by the client so that it can be created offline and still be unique once synced.
 */
import { DEFECT_ID } from './document.ts';

/**
 * A new defect id: 128 random bits as 32 hexadecimal digits (a UUID v4 without its dashes), which
 * `DEFECT_ID` accepts. `random` is injectable for tests.
 */
export function newDefectId(randomUUID: () => string = () => crypto.randomUUID()): string {
	const id = randomUUID().replaceAll('-', '').toLowerCase();
	if (!DEFECT_ID.test(id)) throw new Error(`not a defect id: ${id}`);
	return id;
}

/** Is this a defect id the tile document accepts? */
export const isDefectId = (id: unknown): id is string => typeof id === 'string' && DEFECT_ID.test(id);
