/** The worker-thread pool that reads uploaded files, with the real readers and real files. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { offThread } from './off-thread.ts';

const GPKG = join(import.meta.dirname, '..', '..', '..', '..', 'test', 'fixtures', 'prairie-naip', 'occupation_sol.gpkg');
const dir = mkdtempSync(join(tmpdir(), 'recette-off-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reading uploaded files off the event loop', () => {
	it('answers every task when more come at once than there are threads', async () => {
		const results = await Promise.all(Array.from({ length: 5 }, () => offThread('inspect', { path: GPKG })));
		expect(results.map((r) => (r.kind === 'landcover' ? r.featureCount : null))).toEqual([2665, 2665, 2665, 2665, 2665]);
	});

	it('throws the reader’s InputError here, with its code, status and both languages', async () => {
		const path = join(dir, 'profond.geojson');
		writeFileSync(path, '['.repeat(70) + ']'.repeat(70));
		const e = await offThread('inspect', { path }).catch((error: unknown) => error);
		expect(e).toBeInstanceOf(InputError);
		expect(e).toMatchObject({ code: 'too_deep', status: 422 });
		expect((e as InputError).messages.fr).toMatch(/profond\.geojson est imbriqué sur 70 niveaux/);
	});
});
