/**
 * The composition root inside a test's own process, wired as server/index.ts wires it:
 * `createRecetteServer(await createServices({ db }))` on port 0 — twice, on two databases, side by
 * side. Each request and each websocket must reach the services of the server it came to (nothing is
 * kept in a module-wide variable), and an HTTP action must reach that server's live connections.
 * Serves the SvelteKit build (`npm run build` first, as `npm test` does).
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecetteServer } from '../../server/http/server.ts';
import { createServices } from '../../server/services.ts';
import type { AppServices } from '../../src/lib/server/app.ts';
import { addDefect, eventually, joinTile, type CollabClient } from '../helpers/collab.ts';
import { freshDb } from '../helpers/db.ts';
import { asUser, signIn } from '../helpers/session.ts';

interface InProcess {
	url: string;
	services: AppServices;
	server: Server;
	cleanup: () => void;
}

/** One server on its own fresh database, with the demo campaign and people. */
async function serve(): Promise<InProcess> {
	const { db, cleanup } = freshDb();
	const services = await createServices({ db, demoMode: true });
	const server = await createRecetteServer(services);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}`, services, server, cleanup };
}

const servers: InProcess[] = [];
const clients: CollabClient[] = [];
let a: InProcess;
let b: InProcess;

beforeAll(async () => {
	if (!existsSync(join(import.meta.dirname, '..', '..', 'build', 'handler.js'))) throw new Error('No build/: run `npm run build` (npm test does it) first.');
	a = await serve();
	servers.push(a);
	b = await serve();
	servers.push(b);
}, 120_000);

afterAll(async () => {
	for (const c of clients) c.destroy();
	for (const s of servers) {
		s.server.closeAllConnections();
		await new Promise((resolve) => s.server.close(resolve));
		s.services.close();
		s.cleanup();
	}
});

/** The tile with that ordinal in a server's demo campaign (ids as its database gave them). */
function demoTile(s: InProcess, ordinal = 0): { campaignId: number; tileId: number; centre: [number, number] } {
	const row = s.services.db.$client
		.prepare('SELECT campaign_id AS campaignId, id AS tileId, xmin, ymin, xmax, ymax FROM tiles ORDER BY campaign_id, ordinal LIMIT 1 OFFSET ?')
		.get(ordinal) as { campaignId: number; tileId: number };
	const tile = s.services.db.$client.prepare('SELECT geometry FROM tiles WHERE id = ?').get(row.tileId) as { geometry: string };
	const ring = JSON.parse(tile.geometry).coordinates[0] as [number, number][];
	return { ...row, centre: [(ring[0][0] + ring[8][0]) / 2, (ring[0][1] + ring[8][1]) / 2] };
}

const defectRows = (s: InProcess) => (s.services.db.$client.prepare('SELECT id FROM defects').all() as { id: string }[]).map((r) => r.id);

describe('two servers built by the composition root in one process', () => {
	it('sign each person in against their own database', async () => {
		const cookie = await signIn(a.url, 'manager@demo.local');
		expect((await asUser(a.url, cookie)('/api/auth/me')).status).toBe(200);
		// The same demo account exists on b, but that session is a's alone.
		expect((await asUser(b.url, cookie)('/api/auth/me')).status).toBe(401);
		const list = await (await asUser(a.url, cookie)('/api/campaigns')).json();
		expect(list).toHaveLength(1);
	});

	it('write what an HTTP action changes to that server’s database only', async () => {
		const cookie = await signIn(a.url, 'manager@demo.local');
		const { campaignId } = demoTile(a);
		const put = await asUser(a.url, cookie)(`/api/campaigns/${campaignId}/settings`, { method: 'PUT', body: JSON.stringify({ reviewUnassigned: true }), headers: { origin: a.url } });
		expect(put.status, await put.clone().text()).toBe(200);
		// Settings rows are created on demand: b never had one.
		const setting = (s: InProcess) => s.services.db.$client.prepare('SELECT review_unassigned AS v FROM campaign_settings WHERE campaign_id = ?').get(campaignId);
		expect([setting(a), setting(b)]).toEqual([{ v: 1 }, undefined]);
	});

	it('open a tile’s websocket on each, store its edits in that database, and close it when its session ends over HTTP', async () => {
		const { campaignId, tileId, centre } = demoTile(a, 3);
		const cookieA = await signIn(a.url, 'manager@demo.local');
		const cookieB = await signIn(b.url, 'manager@demo.local');
		const me = (await (await asUser(a.url, cookieA)('/api/auth/me')).json()).user.id as number;
		const onA = joinTile(a.url, cookieA, campaignId, tileId);
		const onB = joinTile(b.url, cookieB, campaignId, tileId);
		clients.push(onA, onB);
		await Promise.all([onA.synced, onB.synced]);
		// Each server's rooms know their own peer.
		const presence = async (s: InProcess, cookie: string) => (await (await asUser(s.url, cookie)(`/api/campaigns/${campaignId}/presence`)).json()).tiles;
		expect(Object.keys(await presence(a, cookieA))).toEqual([String(tileId)]);

		addDefect(onA.doc, 'in-process', { geometry: { type: 'Point', coordinates: centre }, category: 'geometry_blur', severity: 'minor', comment: 'flou', author: me, createdAt: new Date().toISOString() });
		await eventually(async () => defectRows(a), (ids) => ids.includes('in-process'), 5000, 'the defect stored on a');
		expect(defectRows(b)).toEqual([]);
		expect(onB.doc.getMap('defects').size).toBe(0);

		// Signing out on a (an HTTP action) closes a's connection of that session, not b's.
		expect((await asUser(a.url, cookieA)('/api/auth/logout', { method: 'POST', headers: { origin: a.url } })).status).toBe(204);
		expect(await onA.closed).toBe(4401);
		expect(onB.provider.wsconnected).toBe(true);
	});
});
