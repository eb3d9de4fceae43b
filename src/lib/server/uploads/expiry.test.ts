/**
 * Expiry of unused uploads, on real files and a real migrated database, with a fake clock (`now`).
 * A campaign imported from an upload reads its orthophoto from the upload folder: that one must stay.
 */
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb } from '../../../../test/helpers/db.ts';
import { importCampaign } from '../campaigns/import.service.ts';
import type { Db } from '../db/db.ts';
import { expireUploads, uploadMaxAgeMs, uploadsInUse } from './expiry.ts';
import { Uploads } from './uploads.service.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'test', 'fixtures', 'prairie-naip');
const HOUR = 3600_000;

let t: ReturnType<typeof freshDb>;
let db: Db;
let uploads: Uploads;
beforeEach(() => {
	t = freshDb();
	db = t.db;
	uploads = new Uploads(join(t.dir, 'uploads'));
});
afterEach(() => t.cleanup());

const bodyOf = (bytes: Uint8Array) =>
	new ReadableStream<Uint8Array>({
		start(c) {
			c.enqueue(bytes);
			c.close();
		}
	});
async function uploadWith(files: Record<string, Uint8Array>): Promise<string> {
	const id = uploads.create(1);
	for (const [name, bytes] of Object.entries(files)) await uploads.save(id, name, bodyOf(bytes));
	return id;
}
/** Every entry of an upload (owner file, folder, files) last changed at `when`. */
function age(id: string, when: number): void {
	const root = uploads.root;
	const paths = [join(root, `${id}.owner`), join(root, id), ...(existsSync(join(root, id)) ? readdirSync(join(root, id)).map((f) => join(root, id, f)) : [])];
	for (const p of paths) if (existsSync(p)) utimesSync(p, when / 1000, when / 1000);
}
const known = () => readdirSync(uploads.root).filter((f) => !f.endsWith('.owner')).sort();

describe('expiry of unused uploads', () => {
	it('deletes an upload unused for longer than the age, keeps a younger one', async () => {
		const now = Date.now();
		const old = await uploadWith({ 'zones.geojson': new Uint8Array([1, 2, 3]) });
		const young = await uploadWith({ 'zones.geojson': new Uint8Array([1, 2, 3]) });
		const empty = uploads.create(1);
		age(old, now - 25 * HOUR);
		age(empty, now - 25 * HOUR);
		age(young, now - 23 * HOUR);
		const report = expireUploads(uploads, new Set(), { now, maxAgeMs: 24 * HOUR });
		expect(report.expired.sort()).toEqual([old, empty].sort());
		expect(readdirSync(uploads.root).sort()).toEqual([young, `${young}.owner`].sort());
		expect(() => uploads.assertOwner(old, 1)).toThrow(/does not exist or has expired/);
	});

	it('keeps an upload a campaign reads its orthophoto from, and one an unfinished import was given', async () => {
		const tif = new Uint8Array(readFileSync(join(FIXTURES, 'ortho-2020.tif')));
		const gpkg = new Uint8Array(readFileSync(join(FIXTURES, 'occupation_sol.gpkg')));
		const used = await uploadWith({ 'occupation.gpkg': gpkg, 'ortho.tif': tif });
		await importCampaign(db, { name: 'Lot', landcover: uploads.existing(used, 'occupation.gpkg'), classField: 'code_cs', ortho: [uploads.existing(used, 'ortho.tif')] });
		const importing = await uploadWith({ 'occupation.gpkg': gpkg });
		db.$client
			.prepare(`INSERT INTO import_jobs (id, status, stage, request) VALUES ('j1', 'running', 'reading', ?)`)
			.run(JSON.stringify({ landcover: uploads.existing(importing, 'occupation.gpkg') }));
		const failed = await uploadWith({ 'occupation.gpkg': gpkg });
		db.$client
			.prepare(`INSERT INTO import_jobs (id, status, stage, request) VALUES ('j2', 'failed', 'reading', ?)`)
			.run(JSON.stringify({ landcover: uploads.existing(failed, 'occupation.gpkg') }));
		const now = Date.now() + 30 * 24 * HOUR;

		const inUse = uploadsInUse(db, uploads.root);
		expect([...inUse].sort()).toEqual([used, importing].sort());
		expect(expireUploads(uploads, inUse, { now, maxAgeMs: 24 * HOUR }).expired).toEqual([failed]);
		expect(known()).toEqual([used, importing].sort());
		expect(readdirSync(join(uploads.root, used)).sort()).toEqual(['occupation.gpkg', 'ortho.tif']);
	});

	it('counts any use as activity: inspecting or importing an old upload postpones its expiry', async () => {
		const now = Date.now();
		const id = await uploadWith({ 'zones.geojson': new Uint8Array([1]) });
		age(id, now - 30 * HOUR);
		uploads.assertOwner(id, 1); // every request about the upload goes through this check
		expect(expireUploads(uploads, new Set(), { now, maxAgeMs: 24 * HOUR }).expired).toEqual([]);
	});

	it('removes partial files left by a stopped server, never one being written', async () => {
		const stale = await uploadWith({ 'a.tif': new Uint8Array([1]) });
		writeFileSync(join(uploads.root, stale, '.b.tif.part'), 'half');
		// A file named like a partial one by its user is a file.
		await uploads.save(stale, 'notes.part', bodyOf(new Uint8Array([1])));

		const writing = await uploadWith({ 'a.tif': new Uint8Array([1]) });
		let release!: () => void;
		const body = new ReadableStream<Uint8Array>({
			start(c) {
				c.enqueue(new Uint8Array([1, 2]));
				release = () => c.close();
			}
		});
		const saving = uploads.save(writing, 'b.tif', body);
		await new Promise((r) => setTimeout(r, 50));
		expect(readdirSync(join(uploads.root, writing)).sort()).toEqual(['.b.tif.part', 'a.tif']);
		// Even long unused by the clock's reckoning, an upload being written is in use.
		const report = expireUploads(uploads, new Set(), { now: Date.now() + 100 * HOUR, maxAgeMs: 24 * HOUR });
		expect(report.partials).toBe(1);
		expect(report.expired).toEqual([stale]);
		release();
		expect(await saving).toEqual({ name: 'b.tif', size: 2 });
		expect(readdirSync(join(uploads.root, writing)).sort()).toEqual(['a.tif', 'b.tif']);
	});

	it('reads its age from RECETTE_UPLOAD_MAX_AGE_HOURS, 24 h when unset or not a positive number', () => {
		expect(uploadMaxAgeMs({})).toBe(24 * HOUR);
		expect(uploadMaxAgeMs({ RECETTE_UPLOAD_MAX_AGE_HOURS: '72' })).toBe(72 * HOUR);
		expect(uploadMaxAgeMs({ RECETTE_UPLOAD_MAX_AGE_HOURS: '0.5' })).toBe(HOUR / 2);
		expect(uploadMaxAgeMs({ RECETTE_UPLOAD_MAX_AGE_HOURS: '0' })).toBe(24 * HOUR);
		expect(uploadMaxAgeMs({ RECETTE_UPLOAD_MAX_AGE_HOURS: 'never' })).toBe(24 * HOUR);
	});
});
