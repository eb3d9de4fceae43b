/**
 * Browser uploads against the real production server: hostile files (nested 100 000 levels deep,
 * tens of MB) answered clearly without stalling anyone else, one writer per file name, and uploads
 * nobody uses expiring while those a campaign reads stay.
 */
import { execFile } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/db.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { signIn } from '../helpers/session.ts';

let server: RunningServer;
let cookie = '';
let campaignId: number;
let tmp: string;
const EN = { 'accept-language': 'en' };
const headers = (extra: Record<string, string> = {}) => ({ ...EN, cookie, origin: server.url, ...extra });
const get = (path: string, extra: Record<string, string> = {}) => fetch(server.url + path, { headers: headers(extra) });
const postJson = (path: string, body: unknown) =>
	fetch(server.url + path, { method: 'POST', body: JSON.stringify(body), headers: headers({ 'content-type': 'application/json' }) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function newUpload(): Promise<string> {
	const r = await fetch(server.url + '/api/uploads', { method: 'POST', headers: headers() });
	expect(r.status).toBe(201);
	return (await r.json()).uploadId;
}

async function put(uploadId: string, name: string, body: BodyInit): Promise<Response> {
	return fetch(`${server.url}/api/uploads/${uploadId}/files/${encodeURIComponent(name)}`, {
		method: 'PUT',
		body,
		duplex: 'half',
		headers: headers({ 'content-type': 'application/octet-stream' })
	} as RequestInit);
}

async function upload(files: Record<string, Uint8Array | string>): Promise<string> {
	const uploadId = await newUpload();
	for (const [name, data] of Object.entries(files)) {
		const r = await put(uploadId, name, new Blob([data as BlobPart]));
		expect(r.status, await r.clone().text()).toBe(201);
	}
	return uploadId;
}

async function createAndWait(body: object): Promise<{ status: string; message: string | null; campaignId: number | null }> {
	const r = await postJson('/api/campaigns', body);
	expect(r.status, await r.clone().text()).toBe(202);
	const { jobId } = await r.json();
	for (let i = 0; i < 240; i++) {
		const job = await (await get(`/api/jobs/${jobId}`)).json();
		if (job.status === 'done' || job.status === 'failed') return job;
		await sleep(250);
	}
	throw new Error('import did not finish');
}

beforeAll(async () => {
	tmp = mkdtempSync(join(tmpdir(), 'recette-uploads-'));
	// Kept on stop: the last test restarts the server on the same data.
	server = await startServer({}, { keep: true });
	cookie = await signIn(server.url, 'manager@demo.local');
	campaignId = ((await (await get('/api/campaigns')).json()) as { id: number }[])[0].id;
}, 120_000);
afterAll(async () => {
	await server?.stop();
	if (server) rmSync(server.dir, { recursive: true, force: true });
	rmSync(tmp, { recursive: true, force: true });
});

const N = 100_000;
/** A polygon whose coordinates are nested 100 000 arrays deep (100 004 levels counting the collection). */
const deepGeojson = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"nom":"x"},"geometry":{"type":"Polygon","coordinates":${'['.repeat(N)}${']'.repeat(N)}}}]}`;
const DEEP_EN = /deep\.geojson is nested 100,004 levels deep.*a geometry has at most 4 levels of arrays/;

describe('a GeoJSON nested 100 000 levels deep', () => {
	let uploadId: string;
	beforeAll(async () => {
		uploadId = await upload({ 'deep.geojson': deepGeojson });
	});

	it('is refused by inspection with a 422 saying how deep it is, in French and in English', async () => {
		const en = await get(`/api/uploads/${uploadId}/files/deep.geojson/inspect`);
		expect(en.status).toBe(422);
		const body = await en.json();
		expect(body.code).toBe('too_deep');
		expect(body.message).toMatch(DEEP_EN);
		const fr = await get(`/api/uploads/${uploadId}/files/deep.geojson/inspect`, { 'accept-language': 'fr' });
		expect(fr.status).toBe(422);
		expect((await fr.json()).message).toMatch(/deep\.geojson est imbriqué sur 100\s004 niveaux/);
	});

	it('is refused by territory assignment with the same 422, and nothing is assigned', async () => {
		const before = await (await get(`/api/campaigns/${campaignId}/assignments`)).json();
		const orgId = before.organisations[0].id;
		const r = await postJson(`/api/campaigns/${campaignId}/assignments/territory`, { uploadId, file: 'deep.geojson', organisationId: orgId });
		expect(r.status).toBe(422);
		expect((await r.json()).message).toMatch(DEEP_EN);
		expect(await (await get(`/api/campaigns/${campaignId}/assignments`)).json()).toEqual(before);
	});

	it('fails an import job with that reason, not a generic failure', async () => {
		const job = await createAndWait({ uploadId, name: 'Profond', landcover: 'deep.geojson', classField: 'nom' });
		expect(job.status).toBe('failed');
		expect(job.message).toMatch(DEEP_EN);
		expect(job.campaignId).toBe(null);
	});

	it('makes the command line exit 1 with the reason on one line', async () => {
		const path = join(tmp, 'deep.geojson');
		writeFileSync(path, deepGeojson);
		const bin = join(import.meta.dirname, '..', '..', 'server', 'cli', 'recette.js');
		const env = { ...process.env, RECETTE_DB: join(tmp, 'cli.db'), RECETTE_LANG: 'en' };
		const r = await promisify(execFile)(process.execPath, [bin, 'import', 'Profond', '--landcover', path, '--class-field', 'nom'], { env }).then(
			(ok) => ({ code: 0, stderr: ok.stderr }),
			(e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr })
		);
		expect(r.code).toBe(1);
		expect(r.stderr.trim().split('\n')).toHaveLength(1);
		expect(r.stderr).toMatch(DEEP_EN);
		const db = new Database(join(tmp, 'cli.db'), { readonly: true });
		expect((db.prepare('SELECT count(*) AS n FROM campaigns').get() as { n: number }).n).toBe(0);
		db.close();
	});

	it('leaves the server answering', async () => {
		expect(server.child.exitCode).toBe(null);
		expect((await get('/api/auth/me')).status).toBe(200);
	});
});

/**
 * A land-cover GeoJSON of `features` small squares over the demo campaign (EPSG:26914), all naming the
 * demo commune: about 300 bytes a feature. Written in pieces, never held whole by the test.
 */
async function bigGeojson(path: string, features: number): Promise<void> {
	const out = createWriteStream(path);
	out.write('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::26914"}},"features":[\n');
	let part = '';
	for (let i = 0; i < features; i++) {
		const x = 485000 + (i % 500) * 10 + 0.125;
		const y = 5205000 + (Math.floor(i / 500) % 480) * 10 + 0.5;
		part += `${i ? ',' : ''}{"type":"Feature","properties":{"nom":"Commune de Prairie-Ouest (démo)","insee":"99001","n":${i}},"geometry":{"type":"Polygon","coordinates":[[[${x},${y}],[${x + 8},${y}],[${x + 8},${y + 8}],[${x + 4},${y + 9}],[${x},${y + 8}],[${x},${y}]]]}}\n`;
		if (part.length > 1 << 20) {
			if (!out.write(part)) await new Promise<void>((r) => out.once('drain', () => r()));
			part = '';
		}
	}
	out.write(part + ']}\n');
	await new Promise((r) => out.end(r));
}

/**
 * Runs `work` while another client asks for /api/auth/me every 50 ms, and returns the slowest of
 * those answers: what any other user would have waited.
 */
async function slowestAnswerDuring<T>(work: () => Promise<T>): Promise<{ result: T; slowestMs: number; polls: number }> {
	let done = false;
	let slowestMs = 0;
	let polls = 0;
	const poller = (async () => {
		while (!done) {
			const t = performance.now();
			try {
				const r = await get('/api/auth/me');
				await r.arrayBuffer();
				expect(r.status).toBe(200);
			} catch (e) {
				// A stalled server may also drop the kept-alive connection (its idle timer fires late):
				// that too is a wait, measured like the others.
				if (!(e instanceof TypeError)) throw e;
			}
			slowestMs = Math.max(slowestMs, performance.now() - t);
			polls++;
			await sleep(50);
		}
	})();
	await sleep(120);
	let result: T;
	try {
		result = await work();
	} finally {
		done = true;
		// The request stalled the longest is still in flight when `work` ends: wait for it.
		await poller;
	}
	return { result, slowestMs, polls };
}

describe('a GeoJSON of tens of MB', () => {
	let uploadId: string;
	beforeAll(async () => {
		const path = join(tmp, 'big.geojson');
		await bigGeojson(path, 120_000);
		uploadId = await upload({ 'communes.geojson': readFileSync(path) });
		rmSync(path);
	}, 120_000);

	// Reading it takes seconds of CPU (JSON.parse of ~36 MB); on the event loop that stalled every
	// other request for as long. 1 s leaves a wide margin for a busy shared machine.
	it('is inspected without stalling other requests', async () => {
		const { result, slowestMs, polls } = await slowestAnswerDuring(async () => {
			const r = await get(`/api/uploads/${uploadId}/files/communes.geojson/inspect`);
			expect(r.status, await r.clone().text()).toBe(200);
			return r.json();
		});
		expect(result).toMatchObject({ kind: 'landcover', format: 'geojson', featureCount: 120_000, crs: { epsg: 26914 } });
		expect(result.fields).toEqual(['nom', 'insee', 'n']);
		expect(polls).toBeGreaterThan(3);
		expect(slowestMs).toBeLessThan(1000);
	}, 120_000);

	it('assigns tiles by territory without stalling other requests', async () => {
		const org = ((await (await get(`/api/campaigns/${campaignId}/assignments`)).json()).organisations as { id: number; name: string }[]).find(
			(o) => o.name === 'Commune de Prairie-Ouest (démo)'
		)!;
		const { result, slowestMs } = await slowestAnswerDuring(async () => {
			const r = await postJson(`/api/campaigns/${campaignId}/assignments/territory`, { uploadId, file: 'communes.geojson', field: 'nom' });
			expect(r.status, await r.clone().text()).toBe(200);
			return r.json();
		});
		expect(result.polygons).toBe(120_000);
		expect(result.byOrganisation).toEqual([expect.objectContaining({ organisationId: org.id })]);
		expect(result.byOrganisation[0].tiles).toBeGreaterThan(0);
		expect(slowestMs).toBeLessThan(1000);
	}, 120_000);
});

describe('two uploads to the same name at once', () => {
	/** A body sent slowly in 64 KB chunks of one byte value, so two uploads overlap on the server. */
	const slowBody = (byte: number, chunks: number) =>
		new ReadableStream<Uint8Array>({
			async pull(controller) {
				if (chunks-- === 0) return controller.close();
				await sleep(15);
				controller.enqueue(new Uint8Array(64 * 1024).fill(byte));
			}
		});

	it('keeps one whole body and tells the other writer 409, never a mix of both', async () => {
		const uploadId = await newUpload();
		const [a, b] = await Promise.all([put(uploadId, 'ortho.tif', slowBody(0x41, 40)), put(uploadId, 'ortho.tif', slowBody(0x42, 40))]);
		const statuses = [a.status, b.status].sort();
		expect(statuses).toEqual([201, 409]);
		const refused = await (a.status === 409 ? a : b).json();
		expect(refused.code).toBe('upload_in_progress');
		expect(refused.message).toMatch(/"ortho\.tif" is already being uploaded/);
		const kept = readFileSync(join(server.dir, 'uploads', uploadId, 'ortho.tif'));
		expect(kept.length).toBe(40 * 64 * 1024);
		const winner = a.status === 201 ? 0x41 : 0x42;
		expect(kept.every((byte) => byte === winner)).toBe(true);
		expect(readdirSync(join(server.dir, 'uploads', uploadId))).toEqual(['ortho.tif']);
		// Once the first is done, the name may be uploaded again: the newer file replaces it whole.
		const again = await put(uploadId, 'ortho.tif', slowBody(0x43, 2));
		expect(again.status).toBe(201);
		expect(readFileSync(join(server.dir, 'uploads', uploadId, 'ortho.tif')).equals(Buffer.alloc(2 * 64 * 1024, 0x43))).toBe(true);
	});
});

/** Slippy-map tile containing a WGS84 point (OSM formulas). */
function tileAt(lon: number, lat: number, z: number): [number, number] {
	const n = 2 ** z;
	const r = (lat * Math.PI) / 180;
	return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
}

describe('uploads nobody uses', () => {
	it('are deleted at start-up once unused for 24 h, while an upload a campaign reads its orthophotos from stays', async () => {
		// Last in this file: it restarts the server.
		const dir = server.dir;
		const gpkg = new Uint8Array(readFileSync(join(FIXTURES, 'prairie-naip', 'occupation_sol.gpkg')));
		const tif = new Uint8Array(readFileSync(join(FIXTURES, 'prairie-naip', 'ortho-2020.tif')));
		const used = await upload({ 'occupation.gpkg': gpkg, 'ortho.tif': tif });
		const job = await createAndWait({ uploadId: used, name: 'Lot ancien', landcover: 'occupation.gpkg', classField: 'code_cs', ortho: ['ortho.tif'] });
		expect(job.status, job.message ?? '').toBe('done');
		// Its files are the campaign's now: not to be replaced.
		const replace = await put(used, 'ortho.tif', new Blob([new Uint8Array(1000)]));
		expect(replace.status).toBe(409);
		expect((await replace.json()).message).toMatch(/A campaign \(or an import in progress\) uses the files of this upload/);
		// (Buffer.equals: a deep toEqual of 2 MB would block this process long enough for the server to drop its idle connections.)
		expect(readFileSync(join(dir, 'uploads', used, 'ortho.tif')).equals(tif)).toBe(true);
		const forgotten = await upload({ 'occupation.gpkg': gpkg });
		const fresh = await upload({ 'occupation.gpkg': gpkg });
		const neverUsed = await newUpload();
		const root = join(dir, 'uploads');

		// Two days pass for everything but `fresh` (the files' times are the uploads' clock).
		const twoDaysAgo = new Date(Date.now() - 48 * 3600_000);
		for (const id of [used, forgotten, neverUsed]) {
			const files = existsSync(join(root, id)) ? readdirSync(join(root, id)).map((f) => join(root, id, f)) : [];
			for (const p of [join(root, `${id}.owner`), join(root, id), ...files]) if (existsSync(p)) utimesSync(p, twoDaysAgo, twoDaysAgo);
		}
		// What a server killed during an upload leaves behind.
		writeFileSync(join(root, fresh, '.ortho.tif.part'), 'half');

		await server.stop();
		server = await startServer({}, { dir, keep: true });
		// The session is in the database: still signed in.
		const left = (id: string) => [id, `${id}.owner`].filter((f) => existsSync(join(root, f)));
		expect(left(forgotten)).toEqual([]);
		expect(left(neverUsed)).toEqual([]);
		expect(left(used)).toEqual([used, `${used}.owner`]);
		expect(left(fresh)).toEqual([fresh, `${fresh}.owner`]);
		expect(readdirSync(join(root, fresh))).toEqual(['occupation.gpkg']);
		expect(readdirSync(join(root, used)).sort()).toEqual(['occupation.gpkg', 'ortho.tif']);
		const gone = await get(`/api/uploads/${forgotten}/files/occupation.gpkg/inspect`);
		expect(gone.status).toBe(404);
		expect((await gone.json()).message).toMatch(/does not exist or has expired/);
		// The campaign still shows its orthophoto, read from the upload folder that was kept.
		const c = await (await get(`/api/campaigns/${job.campaignId}`)).json();
		const [w, s, e, n] = c.bbox;
		const [x, y] = tileAt((w + e) / 2, (s + n) / 2, 15);
		expect((await get(`/api/campaigns/${job.campaignId}/imagery/15/${x}/${y}`)).status).toBe(200);
	}, 120_000);
});
