/**
 * The websocket door under hostile handshakes: malformed origins, cookies, request targets and
 * headers, garbage bytes and half-open connections, sent on raw TCP sockets as an attacker (or a
 * broken client) would. Each batch must get HTTP answers, and the server must still serve HTTP
 * after it: one bad handshake once took the whole process down (issue 11, item 1).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handshakeRequest, rawExchange, type RawAnswer } from '../helpers/raw-http.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { signIn } from '../helpers/session.ts';

let server: RunningServer;
let manager = '';
let room = '';

beforeAll(async () => {
	server = await startServer();
	manager = await signIn(server.url, 'manager@demo.local');
	const tiles = await (await fetch(`${server.url}/api/campaigns/1/tiles`, { headers: { cookie: manager } })).json();
	room = `/collab/campaigns/1/tiles/${tiles.features[0].id}`;
}, 120_000);
afterAll(() => server?.stop());

const knock = (target: string, extra: string[] = []) => rawExchange(server.url, handshakeRequest(server.url, target, extra));

/** The process is alive and still answers HTTP requests. */
async function stillServing() {
	expect(server.child.exitCode, 'the server process exited').toBe(null);
	const r = await fetch(`${server.url}/api/auth/me`);
	expect(r.status).toBe(401);
	expect((await r.json()).code).toBe('auth_required');
}

function statuses(answers: RawAnswer[]): (number | null)[] {
	return answers.map((a) => a.status);
}

describe('the websocket door', () => {
	it('lets a signed-in member through from our own origin into its room (101 Switching Protocols)', async () => {
		expect((await knock(room, [`Cookie: ${manager}`])).status).toBe(101);
		expect((await knock(room, [`Cookie: ${manager}`, `Origin: ${server.url}`])).status).toBe(101);
	});

	it('refuses origins that are not ours, however malformed, with 403', async () => {
		const origins = ['null', 'http://[', '', 'https://evil.example', 'http://a b', 'javascript:alert(1)', 'file://', `http://${'a'.repeat(8000)}`, '%E0%A4%A', `${server.url}:99999`];
		const answers = await Promise.all(origins.map((o) => knock(room, [`Cookie: ${manager}`, `Origin: ${o}`])));
		expect(statuses(answers)).toEqual(origins.map(() => 403));
		// Two Origin lines (ours, then another site) are not "ours".
		expect((await knock(room, [`Cookie: ${manager}`, `Origin: ${server.url}`, 'Origin: https://evil.example'])).status).toBe(403);
		// The refusal says why, as JSON, like every other error.
		const refused = await knock(room, [`Cookie: ${manager}`, 'Origin: null', 'Accept-Language: en']);
		expect(refused.headers['content-type']).toMatch(/json/);
		expect(JSON.parse(refused.body)).toMatchObject({ code: 'cross_site', message: expect.stringMatching(/another site/) });
		await stillServing();
	});

	it('answers 401 to cookies that are unparsable or carry no valid session', async () => {
		const cookies = ['recette_session=%E0%A4%A', 'recette_session=%', 'recette_session', '=;;;=', ';', 'recette_session="', `a=b; recette_session=${'x'.repeat(8000)}`, 'recette_session=\u00e9\u00e9'];
		const answers = await Promise.all(cookies.map((c) => knock(room, [`Cookie: ${c}`])));
		expect(statuses(answers)).toEqual(cookies.map(() => 401));
		// A bad pair does not hide a good one.
		expect((await knock(room, [`Cookie: broken=%E0%A4%A; ${manager}`])).status).toBe(101);
		await stillServing();
	});

	it('answers 400 or 404 to request targets that are malformed or not a room', async () => {
		const bad = ['http://[/collab', 'http://[::1/collab/campaigns/1/tiles/1', 'collab/campaigns/1/tiles/1', '%', 'http://', '*'];
		expect(statuses(await Promise.all(bad.map((t) => knock(t, [`Cookie: ${manager}`]))))).toEqual(bad.map(() => 400));
		const elsewhere = ['/', '//collab', '/collab', '/collab/campaigns/1/tiles/%', '/collab/campaigns/1/tiles/1x', '/%00', '/collab/campaigns/99999999999999999999999/tiles/1', '/api/auth/me'];
		expect(statuses(await Promise.all(elsewhere.map((t) => knock(t, [`Cookie: ${manager}`]))))).toEqual(elsewhere.map(() => 404));
		// The absolute form names the same room.
		expect((await knock(`${server.url}${room}`, [`Cookie: ${manager}`])).status).toBe(101);
		await stillServing();
	});

	it('answers duplicated, oversized and broken headers with an HTTP error', async () => {
		const answers = await Promise.all([
			knock(room, [`Cookie: ${'a'.repeat(20_000)}`]),
			knock(room, Array.from({ length: 3000 }, (_, i) => `X-Filler-${i}: ${i}`)),
			knock(room, ['Upgrade: h2c', `Cookie: ${manager}`]),
			knock(room, ['Content-Length: 5', 'Transfer-Encoding: chunked']),
			knock(room, ['X-Broken\u0001: yes']),
			knock(room, ['Bad Header Name: yes'])
		]);
		const [oversized, tooMany, ...others] = answers;
		expect(oversized.status).toBe(431);
		expect(tooMany.status).toBe(431);
		for (const a of others) expect(a.status).toBeGreaterThanOrEqual(400);
		// Two Cookie lines are joined by Node as one header (RFC 6265 allows a client to send either):
		// the same session twice still gets in.
		expect((await knock(room, [`Cookie: ${manager}`, `Cookie: ${manager}`])).status).toBe(101);
		await stillServing();
	});

	it('answers garbage with 400 and survives it', async () => {
		const garbage = [
			randomBytes(4096),
			Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
			Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]),
			Buffer.from('GET /collab HTTP/1.1\r\nHost\r\n\r\n'),
			Buffer.alloc(1000)
		];
		const answers = await Promise.all(garbage.map((g) => rawExchange(server.url, g, { waitMs: 3000 })));
		for (const a of answers) expect(a.status === null || a.status === 400, `got ${a.status}`).toBe(true);
		expect(answers.filter((a) => a.status === 400).length).toBeGreaterThanOrEqual(3);
		await stillServing();
	});

	it('survives clients that hang up half-way or reset the connection', async () => {
		const full = handshakeRequest(server.url, room, [`Cookie: ${manager}`]);
		await Promise.all([
			// Headers cut short, then a clean half-close.
			...Array.from({ length: 20 }, () => rawExchange(server.url, full.slice(0, 60), { waitMs: 1000, then: (s) => s.end() })),
			// A complete handshake, reset before the answer can be written.
			...Array.from({ length: 40 }, () => rawExchange(server.url, full, { waitMs: 1000, then: (s) => s.resetAndDestroy() })),
			...Array.from({ length: 20 }, () => rawExchange(server.url, handshakeRequest(server.url, room, ['Origin: null']), { waitMs: 1000, then: (s) => s.resetAndDestroy() })),
			// A complete handshake followed by bytes the server never asked for.
			...Array.from({ length: 20 }, () => rawExchange(server.url, [full, randomBytes(64 * 1024)], { waitMs: 1000, then: (s) => s.end() }))
		]);
		await new Promise((r) => setTimeout(r, 500));
		await stillServing();
	});
});
