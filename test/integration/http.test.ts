import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../helpers/db.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { signIn } from '../helpers/session.ts';

/** Slippy-map tile containing a WGS84 point (OSM formulas). */
function tileAt(lon: number, lat: number, z: number): [number, number] {
	const n = 2 ** z;
	const x = Math.floor(((lon + 180) / 360) * n);
	const r = (lat * Math.PI) / 180;
	const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
	return [x, y];
}

let server: RunningServer;
// Messages come in the caller's language (French by default): these tests read the English ones.
const EN = { 'accept-language': 'en' };
// Every call is made as the demo campaign's manager (who may also create campaigns).
let cookie = '';
const auth = () => ({ ...EN, cookie });
const get = (path: string) => fetch(server.url + path, { headers: auth() });

beforeAll(async () => {
	server = await startServer({ RECETTE_UPLOAD_LIMIT_MB: '3' });
	cookie = await signIn(server.url, 'manager@demo.local');
}, 120_000);
afterAll(() => server?.stop());

async function upload(files: Record<string, Uint8Array>): Promise<string> {
	const r = await fetch(server.url + '/api/uploads', { method: 'POST', headers: { ...auth(), origin: server.url, 'content-type': 'application/octet-stream' } });
	expect(r.status).toBe(201);
	const { uploadId } = await r.json();
	for (const [name, data] of Object.entries(files)) {
		const put = await fetch(`${server.url}/api/uploads/${uploadId}/files/${encodeURIComponent(name)}`, {
			method: 'PUT',
			body: new Blob([data as Uint8Array<ArrayBuffer>]),
			headers: { cookie, origin: server.url, 'content-type': 'application/octet-stream' }
		});
		expect(put.status, await put.clone().text()).toBe(201);
	}
	return uploadId;
}

async function createAndWait(body: object): Promise<{ status: string; message: string | null; campaignId: number | null }> {
	const r = await fetch(server.url + '/api/campaigns', {
		method: 'POST',
		body: JSON.stringify(body),
		headers: { ...auth(), origin: server.url, 'content-type': 'application/json' }
	});
	expect(r.status, await r.clone().text()).toBe(202);
	const { jobId } = await r.json();
	for (let i = 0; i < 240; i++) {
		const job = await (await get(`/api/jobs/${jobId}`)).json();
		if (job.status === 'done' || job.status === 'failed') return job;
		await new Promise((res) => setTimeout(res, 250));
	}
	throw new Error('import job did not finish');
}

describe('HTTP API on the demo campaign', () => {
	let id: number;
	it('lists the demo campaign imported on first start', async () => {
		const list = await (await get('/api/campaigns')).json();
		expect(list).toHaveLength(1);
		expect(list[0]).toMatchObject({ id: expect.any(Number), name: expect.stringContaining('Démo') });
		id = list[0].id;
	});

	it('returns the tiles as GeoJSON with id, name, status and feature_count', async () => {
		const r = await get(`/api/campaigns/${id}/tiles`);
		expect(r.headers.get('content-type')).toContain('geo+json');
		const fc = await r.json();
		expect(fc.type).toBe('FeatureCollection');
		expect(fc.features.length).toBeGreaterThan(10);
		const f = fc.features[0];
		expect(typeof f.id).toBe('number');
		expect(f.properties).toMatchObject({ name: expect.stringMatching(/^\d{4}_\d{4}$/), status: 'not_started', feature_count: expect.any(Number) });
		const lc = await (await get(`/api/campaigns/${id}/tiles/${f.id}/landcover`)).json();
		expect(lc.features.length).toBe(f.properties.feature_count);
		expect(lc.features[0].properties.code_cs).toMatch(/^CS/);
	});

	it('renders imagery tiles with real pixels where the delivery is, 204 elsewhere', async () => {
		const c = await (await get(`/api/campaigns/${id}`)).json();
		const [w, s, e, n] = c.bbox;
		const [x, y] = tileAt((w + e) / 2, (s + n) / 2, 15);
		const r = await get(`/api/campaigns/${id}/imagery/15/${x}/${y}`);
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toBe('image/png');
		const { data, info } = await sharp(Buffer.from(await r.arrayBuffer())).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
		expect(info.width).toBe(256);
		let opaque = 0;
		for (let i = 3; i < data.length; i += 4) if (data[i] > 0) opaque++;
		expect(opaque).toBeGreaterThan(256 * 256 * 0.5);
		const webp = await get(`/api/campaigns/${id}/imagery/15/${x}/${y}.webp?size=512`);
		expect(webp.headers.get('content-type')).toBe('image/webp');
		expect((await sharp(Buffer.from(await webp.arrayBuffer())).metadata()).width).toBe(512);
		const previous = await get(`/api/campaigns/${id}/imagery/15/${x}/${y}.png?vintage=previous`);
		expect(previous.status).toBe(200);
		const outside = await get(`/api/campaigns/${id}/imagery/15/0/0`);
		expect(outside.status).toBe(204);
	});

	it('answers bad requests with a JSON message', async () => {
		const bad = await get(`/api/campaigns/${id}/imagery/3/99/1`);
		expect(bad.status).toBe(400);
		expect((await bad.json()).message).toMatch(/does not exist/);
		const missing = await get(`/api/campaigns/${id}/tiles/424242`);
		expect(missing.status).toBe(404);
		expect((await missing.json()).message).toMatch(/424242/);
		// Without a language preference, the answer is in French, like the UI.
		const french = await fetch(`${server.url}/api/campaigns/${id}/tiles/424242`, { headers: { cookie } });
		expect((await french.json()).message).toBe('La tuile 424242 ne fait pas partie de cette campagne.');
	});
});

describe('creating a campaign from the browser upload flow', () => {
	const gpkg = readFileSync(join(DEMO, 'occupation_sol.gpkg'));
	const tif = readFileSync(join(DEMO, 'ortho-2020.tif'));

	it('inspects the uploaded dataset, imports it off the request path and shows the campaign', async () => {
		const uploadId = await upload({ 'occupation.gpkg': gpkg, 'ortho.tif': tif });
		const info = await (await get(`/api/uploads/${uploadId}/files/occupation.gpkg/inspect`)).json();
		expect(info).toMatchObject({ kind: 'landcover', crs: { epsg: 26914 }, featureCount: 2665 });
		expect(info.fields).toContain('code_cs');
		const job = await createAndWait({
			uploadId,
			name: 'Lot 1',
			contractor: 'ACME',
			landcover: 'occupation.gpkg',
			classField: 'code_cs',
			ortho: ['ortho.tif'],
			tiling: { mode: 'grid', size: 2000 },
			sampling: { mode: 'random', n: 3, seed: 'abc' }
		});
		expect(job.status).toBe('done');
		const fc = await (await get(`/api/campaigns/${job.campaignId}/tiles`)).json();
		expect(fc.features).toHaveLength(3);
	});

	it('refuses an invalid form at once with a message', async () => {
		const uploadId = await upload({ 'occupation.gpkg': gpkg });
		const r = await fetch(server.url + '/api/campaigns', {
			method: 'POST',
			body: JSON.stringify({ uploadId, name: '', landcover: 'occupation.gpkg', classField: 'code_cs' }),
			headers: { ...auth(), origin: server.url, 'content-type': 'application/json' }
		});
		expect(r.status).toBe(400);
		expect((await r.json()).message).toMatch(/name/);
	});

	it('reports a truncated orthophoto as a failed job and creates nothing', async () => {
		const before = (await (await get('/api/campaigns')).json()).length;
		const uploadId = await upload({ 'occupation.gpkg': gpkg, 'cut.tif': tif.subarray(0, 400_000) });
		const job = await createAndWait({ uploadId, name: 'Cut', landcover: 'occupation.gpkg', classField: 'code_cs', ortho: ['cut.tif'] });
		expect(job.status).toBe('failed');
		expect(job.message).toMatch(/truncated/i);
		expect((await (await get('/api/campaigns')).json()).length).toBe(before);
	});

	it('reports a zip bomb as a failed job', async () => {
		// 40 MB of zeros compress to a few KB: far past any plausible ratio for a shapefile.
		const zip = zipSync({ 'zones.shp': new Uint8Array(40 << 20), 'zones.dbf': new Uint8Array(10), 'zones.prj': new TextEncoder().encode('x') }, { level: 9 });
		const uploadId = await upload({ 'zones.zip': zip });
		const job = await createAndWait({ uploadId, name: 'Bomb', landcover: 'zones.zip', classField: 'id_zone' });
		expect(job.status).toBe('failed');
		expect(job.message).toMatch(/zip|compress/i);
	});

	it('refuses an upload over the size limit with 413 and keeps nothing of it', async () => {
		const r = await fetch(server.url + '/api/uploads', { method: 'POST', headers: { ...auth(), origin: server.url, 'content-type': 'application/octet-stream' } });
		const { uploadId } = await r.json();
		const put = await fetch(`${server.url}/api/uploads/${uploadId}/files/big.tif`, {
			method: 'PUT',
			body: new Uint8Array(4 << 20),
			headers: { ...auth(), origin: server.url, 'content-type': 'application/octet-stream' }
		});
		expect(put.status).toBe(413);
		expect((await put.json()).message).toMatch(/upload limit of 3 MB/);
		// Nothing kept, not even an empty folder for the upload.
		expect(existsSync(join(server.dir, 'uploads', uploadId))).toBe(false);
	});

	it('answers 413 with the message even when the body comes without Content-Length (chunked), and keeps serving', async () => {
		// Several rounds: the limit is crossed while a disk write is still in flight in some of them,
		// which once crashed the whole server (an unhandled 'error' on the destroyed file stream).
		for (let round = 0; round < 12; round++) {
			const r = await fetch(server.url + '/api/uploads', { method: 'POST', headers: { ...auth(), origin: server.url } });
			const { uploadId } = await r.json();
			const chunk = new Uint8Array(256 * 1024);
			let sent = 0;
			const body = new ReadableStream<Uint8Array>({
				pull(controller) {
					// 8 MB in 256 KB chunks, more than the 3 MB limit.
					if (sent >= 32) return controller.close();
					sent++;
					controller.enqueue(chunk);
				}
			});
			const put = await fetch(`${server.url}/api/uploads/${uploadId}/files/streamed.tif`, {
				method: 'PUT',
				body,
				duplex: 'half',
				headers: { ...auth(), origin: server.url, 'content-type': 'application/octet-stream' }
			} as RequestInit);
			expect(put.status).toBe(413);
			expect((await put.json()).message).toMatch(/upload limit of 3 MB/);
			expect(existsSync(join(server.dir, 'uploads', uploadId))).toBe(false);
		}
		expect(server.child.exitCode).toBe(null);
		expect((await get('/api/campaigns')).status).toBe(200);
	});
});

describe('API errors are JSON', () => {
	it('for an unknown endpoint and a method the endpoint does not take', async () => {
		const unknown = await get('/api/nothing-here');
		expect(unknown.status).toBe(404);
		expect((await unknown.json()).message).toBe('This API address does not exist.');
		const del = await fetch(`${server.url}/api/campaigns/1`, { method: 'PATCH', headers: { ...auth(), origin: server.url } });
		expect(del.status).toBe(405);
		expect((await del.json()).message).toBe('Method PATCH is not allowed here.');
	});
});
