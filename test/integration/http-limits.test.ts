/**
 * What the server does with requests no browser sends: bodies far over any need, bodies that never
 * end, headers too large, methods and targets SvelteKit cannot take, clients too slow. Each gets a
 * JSON `{message, code}` answer, at once, without the process growing (issue 11, items 2 and 9).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange } from '../helpers/raw-http.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { signIn } from '../helpers/session.ts';

let server: RunningServer;
let manager = '';
const MB = 1024 * 1024;

beforeAll(async () => {
	server = await startServer();
	manager = await signIn(server.url, 'manager@demo.local');
}, 120_000);
afterAll(() => server?.stop());

/** Resident memory of a process, in MB (Linux). */
function rssMb(pid: number): number {
	const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1];
	return Number(kb) / 1024;
}

/** Run `work` while sampling the server's resident memory; resolves to the largest growth seen, in MB. */
async function rssGrowthDuring(work: () => Promise<unknown>): Promise<number> {
	const pid = server.child.pid!;
	const before = rssMb(pid);
	let peak = before;
	const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
	try {
		await work();
	} finally {
		clearInterval(timer);
	}
	peak = Math.max(peak, rssMb(pid));
	return peak - before;
}

function post(path: string, body: BodyInit, headers: Record<string, string> = {}) {
	return fetch(server.url + path, { method: 'POST', body, duplex: 'half', headers: { 'content-type': 'application/json', 'accept-language': 'en', ...headers } } as RequestInit);
}

/** A body streamed in 1 MB chunks (sent chunked: no Content-Length). */
function streamed(bytes: number, fill = 0x20): ReadableStream<Uint8Array> {
	const chunk = new Uint8Array(MB).fill(fill);
	let sent = 0;
	return new ReadableStream({
		pull(controller) {
			if (sent >= bytes) return controller.close();
			const n = Math.min(MB, bytes - sent);
			sent += n;
			controller.enqueue(chunk.subarray(0, n));
		}
	});
}

const request = (lines: string[]) => lines.join('\r\n') + '\r\n\r\n';
const host = () => `Host: ${new URL(server.url).host}`;

describe('request bodies', () => {
	it('refuses a 50 MB sign-in body with a JSON 413 before the body is sent', async () => {
		const head = request(['POST /api/auth/login HTTP/1.1', host(), 'Content-Type: application/json', 'Accept-Language: en', `Content-Length: ${50 * MB}`]);
		const answer = await rawExchange(server.url, [head, '{"email":"'], { waitMs: 10_000 });
		expect(answer.status).toBe(413);
		expect(answer.headers['content-type']).toMatch(/application\/json/);
		expect(JSON.parse(answer.body)).toEqual({ code: 'body_too_large', message: 'The request body is larger than 2 MB, the most this address accepts.' });
		// A client that asks first (curl does for large bodies) is not invited to send it.
		const asking = await rawExchange(server.url, request(['POST /api/auth/login HTTP/1.1', host(), 'Content-Type: application/json', `Content-Length: ${50 * MB}`, 'Expect: 100-continue']), { waitMs: 10_000 });
		expect(asking.status).toBe(413);
		// Under the limit, it is.
		const invited = await rawExchange(server.url, request(['POST /api/auth/login HTTP/1.1', host(), 'Content-Type: application/json', 'Content-Length: 20', 'Expect: 100-continue']), { waitMs: 2000, untilAnswer: false });
		expect(invited.status).toBe(100);
	});

	it('refuses a chunked body once it passes the limit, without waiting for its end', async () => {
		const head = request(['POST /api/auth/login HTTP/1.1', host(), 'Content-Type: application/json', 'Transfer-Encoding: chunked']);
		const chunk = (n: number) => `${n.toString(16)}\r\n${'x'.repeat(n)}\r\n`;
		// 3 MB sent, and then nothing: the body never ends.
		const answer = await rawExchange(server.url, [head, ...Array.from({ length: 12 }, () => chunk(256 * 1024))], { waitMs: 10_000 });
		expect(answer.status).toBe(413);
		// French unless the client asks for English.
		expect(JSON.parse(answer.body)).toEqual({ code: 'body_too_large', message: 'Le corps de la requête dépasse 2 Mo, le maximum accepté à cette adresse.' });
	});

	it('stays small while refusing five 50 MB bodies at once, with and without Content-Length', async () => {
		const statuses: number[] = [];
		const growth = await rssGrowthDuring(() =>
			Promise.all([
				...Array.from({ length: 3 }, () => post('/api/auth/login', new Uint8Array(50 * MB).fill(0x20))),
				...Array.from({ length: 2 }, () => post('/api/auth/login', streamed(50 * MB)))
			].map((p) => p.then((r) => statuses.push(r.status))))
		);
		expect(statuses).toEqual([413, 413, 413, 413, 413]);
		expect(growth).toBeLessThan(100);
		expect((await fetch(`${server.url}/api/auth/me`)).status).toBe(401);
	});

	it('still reads a small body sent chunked', async () => {
		const body = new TextEncoder().encode(JSON.stringify({ email: 'observer@demo.local', password: 'demo' }));
		const r = await post('/api/auth/login', new ReadableStream({ start: (c) => (c.enqueue(body), c.close()) }));
		expect(r.status).toBe(200);
		expect((await r.json()).user.email).toBe('observer@demo.local');
	});

	it('applies the limit to page forms too', async () => {
		const r = await fetch(`${server.url}/login`, {
			method: 'POST',
			body: `email=a&password=${'x'.repeat(3 * MB)}`,
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, 'accept-language': 'en' }
		});
		expect(r.status).toBe(413);
		expect((await r.json()).code).toBe('body_too_large');
	});

	it('gives the CSV assignment its own, larger limit', async () => {
		const csv = (bytes: number) => `tile;organisation\n${'0485_5206;Nulle part\n'.repeat(Math.ceil(bytes / 21))}`;
		const headers = { cookie: manager, origin: server.url, 'content-type': 'text/csv' };
		// 3 MB: over the JSON limit, under the CSV one: read, and refused for what it says.
		const read = await post('/api/campaigns/1/assignments/csv', csv(3 * MB), headers);
		expect(read.status).toBe(400);
		expect((await read.json()).code).toBe('csv_invalid');
		const big = await post('/api/campaigns/1/assignments/csv', csv(6 * MB), headers);
		expect(big.status).toBe(413);
		expect(await big.json()).toEqual({ code: 'csv_too_large', message: 'The CSV is larger than 5 MB: split it in several files.' });
		const bigChunked = await post('/api/campaigns/1/assignments/csv', streamed(6 * MB), headers);
		expect(bigChunked.status).toBe(413);
		expect((await bigChunked.json()).code).toBe('csv_too_large');
	});

	it('lets browser uploads stream past those limits', async () => {
		const { uploadId } = await (await post('/api/uploads', '', { cookie: manager, origin: server.url })).json();
		const put = await fetch(`${server.url}/api/uploads/${uploadId}/files/ortho.tif`, {
			method: 'PUT',
			body: streamed(12 * MB, 0x49),
			duplex: 'half',
			headers: { cookie: manager, origin: server.url, 'content-type': 'application/octet-stream' }
		} as RequestInit);
		expect(put.status, await put.clone().text()).toBe(201);
		expect((await put.json()).size).toBe(12 * MB);
	});
});

describe('API errors are JSON {message, code}', () => {
	it('for the cross-site refusal of a form-encoded post', async () => {
		for (const headers of [{ origin: 'https://evil.example' }, {}] as Record<string, string>[]) {
			const r = await post('/api/auth/login', 'email=a&password=b', { 'content-type': 'application/x-www-form-urlencoded', ...headers });
			expect(r.status).toBe(403);
			expect(await r.json()).toEqual({ code: 'cross_site', message: 'Request refused: it comes from another site.' });
		}
		// JSON from an API client (no Origin) still goes through.
		expect((await post('/api/auth/login', JSON.stringify({ email: 'nobody@example.org', password: 'x' }))).status).toBe(401);
	});

	it('for headers too large (431) and bytes that are not HTTP (400)', async () => {
		const big = await rawExchange(server.url, request(['GET /api/auth/me HTTP/1.1', host(), 'Accept-Language: en', `X-Filler: ${'a'.repeat(20_000)}`]));
		expect(big.status).toBe(431);
		expect(JSON.parse(big.body)).toEqual({ code: 'headers_too_large', message: expect.stringMatching(/headers are too large/) });
		const garbage = await rawExchange(server.url, 'HELLO\0 WORLD\r\n\r\n');
		expect(garbage.status).toBe(400);
		expect(JSON.parse(garbage.body)).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/HTTP/) });
	});

	it('for TRACE and CONNECT (405), and methods HTTP does not know (400)', async () => {
		const trace = await rawExchange(server.url, request(['TRACE /api/auth/me HTTP/1.1', host(), 'Accept-Language: en']));
		expect(trace.status).toBe(405);
		expect(JSON.parse(trace.body)).toEqual({ code: 'http_405', message: 'Method TRACE is not allowed here.' });
		const track = await rawExchange(server.url, request(['TRACK /api/auth/me HTTP/1.1', host()]));
		expect(track.status).toBe(400);
		expect(JSON.parse(track.body).code).toBe('bad_request');
		const connect = await rawExchange(server.url, request([`CONNECT ${new URL(server.url).host} HTTP/1.1`, host()]));
		expect(connect.status).toBe(405);
		expect(JSON.parse(connect.body).code).toBe('http_405');
		expect((await fetch(`${server.url}/api/auth/me`)).status).toBe(401);
	});

	it('for request targets and Host headers that name no address of ours (400)', async () => {
		const answers = await Promise.all([
			rawExchange(server.url, request(['GET http://[/api/auth/me HTTP/1.1', host()])),
			rawExchange(server.url, request(['GET * HTTP/1.1', host()])),
			rawExchange(server.url, request(['GET /api/auth/me HTTP/1.1', 'Host: localhost/api/admin/users?'])),
			rawExchange(server.url, request(['GET /api/auth/me HTTP/1.1', 'Host: a b'])),
			rawExchange(server.url, request(['GET /api/auth/me HTTP/1.0']))
		]);
		for (const a of answers) {
			expect(a.status).toBe(400);
			expect(JSON.parse(a.body)).toMatchObject({ code: expect.stringMatching(/^bad_/), message: expect.any(String) });
		}
		// An unusual but valid Host still works.
		expect((await rawExchange(server.url, request(['GET /api/auth/me HTTP/1.1', 'Host: recette_app:3000']))).status).toBe(401);
	});

	it('for an expectation the server cannot meet (417)', async () => {
		const r = await rawExchange(server.url, request(['POST /api/auth/login HTTP/1.1', host(), 'Expect: teapot', 'Content-Type: application/json', 'Content-Length: 2']));
		expect(r.status).toBe(417);
		expect(JSON.parse(r.body).code).toBe('expectation_failed');
	});
});

describe('a server with short timeouts', () => {
	let slow: RunningServer;
	beforeAll(async () => {
		slow = await startServer({ RECETTE_REQUEST_TIMEOUT_SECONDS: '2' });
	}, 120_000);
	afterAll(() => slow?.stop());

	it('answers a client too slow to send its request with a JSON 408', async () => {
		const { host: address } = new URL(slow.url);
		// Headers that never end: their language is unknown, the answer is in French.
		const headersCut = await rawExchange(slow.url, `GET /api/auth/me HTTP/1.1\r\nHost: ${address}\r\nAccept-Language: en\r\n`, { waitMs: 15_000 });
		expect(headersCut.status).toBe(408);
		expect(JSON.parse(headersCut.body)).toEqual({ code: 'request_timeout', message: 'La requête a mis trop de temps à arriver : envoyez-la de nouveau.' });
		const bodyCut = await rawExchange(slow.url, request(['POST /api/auth/login HTTP/1.1', `Host: ${address}`, 'Content-Type: application/json', 'Content-Length: 100', 'Accept-Language: en']) + '{', { waitMs: 15_000 });
		expect(bodyCut.status).toBe(408);
		expect(JSON.parse(bodyCut.body)).toEqual({ code: 'request_timeout', message: 'The request took too long to arrive: send it again.' });
	});

	it('answers an internal error (here: a table missing from the database) with a JSON 500', async () => {
		const cookie = await signIn(slow.url, 'manager@demo.local');
		const db = new Database(join(slow.dir, 'recette.db'));
		db.exec('DROP TABLE campaign_settings');
		db.close();
		const r = await fetch(`${slow.url}/api/campaigns/1`, { headers: { cookie, 'accept-language': 'en' } });
		expect(r.status).toBe(500);
		expect(await r.json()).toEqual({ code: 'internal_error', message: 'Something went wrong on the server. Try again; if it happens again, tell the administrator.' });
	});
});
