/**
 * What managers and accounts do over HTTP reaches live websocket connections at once, through the one
 * set of services the server builds (server/services.ts): validating or reopening a tile, changing
 * assignments and roles, signing out, deleting a defect and restoring it, editing the catalogue, the
 * number of verdicts a tile needs — and the overview's live feed (SSE) hears about statuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addDefect, eventually, joinTile, until, type CollabClient } from '../helpers/collab.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { asUser, signIn } from '../helpers/session.ts';

let server: RunningServer;
const A = 1;
let westTiles: number[];
let ids: Record<string, number>;
const cookies: Record<string, string> = {};
const clients: CollabClient[] = [];
let centers: Record<number, [number, number]>;

const as = (who: string) => asUser(server.url, cookies[who]);
const join = (who: string, tileId: number) => {
	const c = joinTile(server.url, cookies[who], A, tileId);
	clients.push(c);
	return c;
};
const defect = (author: number, tileId: number, category = 'geometry_blur') => ({
	geometry: { type: 'Point', coordinates: centers[tileId] },
	category,
	severity: 'minor',
	comment: 'flou',
	author,
	createdAt: new Date().toISOString()
});

beforeAll(async () => {
	server = await startServer();
	for (const who of ['manager', 'reviewer1', 'observer']) cookies[who] = await signIn(server.url, `${who}@demo.local`);
	ids = {};
	for (const who of ['manager', 'reviewer1', 'observer']) ids[who] = (await (await as(who)('/api/auth/me')).json()).user.id;
	westTiles = (await (await as('reviewer1')('/api/me/tiles')).json())[0].tiles.map((t: { id: number }) => t.id);
	const tiles = await (await as('manager')(`/api/campaigns/${A}/tiles`)).json();
	centers = {};
	for (const f of tiles.features) {
		const ring = f.geometry.coordinates[0];
		centers[f.id] = [(ring[0][0] + ring[2][0]) / 2, (ring[0][1] + ring[2][1]) / 2];
	}
}, 120_000);

afterAll(async () => {
	for (const c of clients) c.destroy();
	await server?.stop();
});

describe('HTTP changes reach live connections', () => {
	it('validating a tile makes its reviewers read-only at once; reopening lets them write again', async () => {
		const tile = westTiles[0];
		const reviewer = join('reviewer1', tile);
		await reviewer.synced;
		const events: string[] = [];
		const feed = await as('manager')(`/api/campaigns/${A}/events`);
		expect(feed.headers.get('content-type')).toMatch(/text\/event-stream/);
		const reader = feed.body!.getReader();
		void (async () => {
			for (;;) {
				const { value, done } = await reader.read();
				if (done) break;
				events.push(new TextDecoder().decode(value));
			}
		})().catch(() => undefined);

		const r = await as('manager')(`/api/campaigns/${A}/tiles/${tile}/validate`, { method: 'POST' });
		expect(r.status).toBe(200);
		expect(await r.json()).toEqual({ status: 'validated' });
		await until(() => events.join('').includes(`"tileId":${tile},"status":"validated"`), 5000, 'the status event');
		addDefect(reviewer.doc, 'after-validation', defect(ids.reviewer1, tile));
		expect(await reviewer.closed).toBe(4403);
		expect((await as('manager')(`/api/campaigns/${A}/tiles/${tile}/validate`, { method: 'POST' })).status).toBe(409);
		// The campaign's counts include the validated tile (its total is every tile).
		const counts = (await (await as('manager')(`/api/campaigns/${A}`)).json()).counts;
		expect(counts.validated).toBe(1);
		expect(counts.total).toBe(counts.not_started + counts.in_review + counts.reviewed + counts.validated);
		expect(counts.total).toBe((await (await as('manager')(`/api/campaigns/${A}/tiles`)).json()).features.length);
		// reviewers cannot validate
		expect((await as('reviewer1')(`/api/campaigns/${A}/tiles/${westTiles[1]}/validate`, { method: 'POST' })).status).toBe(403);

		const reopened = await as('manager')(`/api/campaigns/${A}/tiles/${tile}/reopen`, { method: 'POST' });
		expect(await reopened.json()).toEqual({ status: 'not_started' });
		const again = join('reviewer1', tile);
		await again.synced;
		addDefect(again.doc, 'after-reopen', defect(ids.reviewer1, tile));
		await eventually(async () => (await (await as('manager')(`/api/campaigns/${A}/defects`)).json()).features.map((f: { id: string }) => f.id), (list: string[]) => list.includes('after-reopen'), 3000, 'the defect');
		await reader.cancel();
	});

	it('signing out closes that session’s connections (4401); removing an observer closes theirs (4403)', async () => {
		const tile = westTiles[1];
		const second = await signIn(server.url, 'reviewer1@demo.local');
		const c = joinTile(server.url, second, A, tile);
		clients.push(c);
		await c.synced;
		expect((await asUser(server.url, second)('/api/auth/logout', { method: 'POST' })).status).toBe(204);
		expect(await c.closed).toBe(4401);

		const obs = join('observer', tile);
		await obs.synced;
		expect((await as('manager')(`/api/campaigns/${A}/members/${ids.observer}`, { method: 'DELETE' })).status).toBeLessThan(300);
		expect(await obs.closed).toBe(4403);
	});

	it('a manager restores a deleted defect: stored, relayed to the peers, recorded in the history', async () => {
		const tile = westTiles[2];
		const reviewer = join('reviewer1', tile);
		await reviewer.synced;
		addDefect(reviewer.doc, 'to-restore', defect(ids.reviewer1, tile));
		await eventually(async () => (await (await as('manager')(`/api/campaigns/${A}/defects`)).json()).features.length, (n: number) => n > 0, 3000, 'the defect');
		reviewer.doc.getMap('defects').delete('to-restore');
		const history = await eventually(
			async () => (await (await as('manager')(`/api/campaigns/${A}/tiles/${tile}/history`)).json()) as { key: string; action: string; restorable: boolean; user: { id: number } }[],
			(h) => h.some((e) => e.key === 'to-restore' && e.action === 'delete'),
			3000,
			'the deletion in the history'
		);
		expect(history.find((e) => e.action === 'delete')).toMatchObject({ restorable: true, user: { id: ids.reviewer1 } });
		expect((await as('reviewer1')(`/api/campaigns/${A}/tiles/${tile}/defects/to-restore/restore`, { method: 'POST' })).status).toBe(403);
		expect((await as('manager')(`/api/campaigns/${A}/tiles/${tile}/defects/to-restore/restore`, { method: 'POST' })).status).toBe(204);
		await until(() => reviewer.doc.getMap('defects').has('to-restore'), 3000, 'the restored defect at the peer');
		expect((reviewer.doc.getMap('defects').get('to-restore') as Y.Map<unknown>).get('author')).toBe(ids.reviewer1);
		const after = await (await as('manager')(`/api/campaigns/${A}/tiles/${tile}/history`)).json();
		expect(after[0]).toMatchObject({ key: 'to-restore', action: 'restore', user: { id: ids.manager } });
		expect((await as('manager')(`/api/campaigns/${A}/tiles/${tile}/defects/to-restore/restore`, { method: 'POST' })).status).toBe(409);
	});

	it('a retired category is refused for new defects on open documents; a custom one is accepted', async () => {
		const tile = westTiles[3];
		const added = await as('manager')(`/api/campaigns/${A}/catalogue`, { method: 'POST', body: JSON.stringify({ target: 'orthophoto', label: { fr: 'Reflet sur l’eau', en: 'Sun glint' } }) });
		expect(added.status).toBe(201);
		const custom = await added.json();
		expect(custom).toMatchObject({ code: 'custom_1', label: { fr: 'Reflet sur l’eau', en: 'Sun glint' }, retired: false });
		const reviewer = join('reviewer1', tile);
		await reviewer.synced;
		addDefect(reviewer.doc, 'glint', defect(ids.reviewer1, tile, 'custom_1'));
		await eventually(async () => (await (await as('manager')(`/api/campaigns/${A}/defects`)).json()).features.map((f: { id: string }) => f.id), (l: string[]) => l.includes('glint'), 3000, 'the custom defect');
		expect((await as('manager')(`/api/campaigns/${A}/catalogue/geometry_blur`, { method: 'PATCH', body: JSON.stringify({ retired: true }) })).status).toBe(200);
		const cat = await (await as('manager')(`/api/campaigns/${A}/catalogue`)).json();
		expect(cat.categories.find((c: { code: string }) => c.code === 'geometry_blur').retired).toBe(true);
		addDefect(reviewer.doc, 'blurred', defect(ids.reviewer1, tile, 'geometry_blur'));
		expect(await reviewer.closed).toBe(4400);
	});

	it('asking for two verdicts re-derives the statuses, and only managers may change it', async () => {
		const tile = westTiles[4];
		const reviewer = join('reviewer1', tile);
		await reviewer.synced;
		reviewer.doc.transact(() => {
			const v = new Y.Map<unknown>();
			v.set('verdict', 'accepted');
			v.set('comment', '');
			v.set('at', new Date().toISOString());
			reviewer.doc.getMap('verdicts').set(String(ids.reviewer1), v);
		});
		const status = async () => (await (await as('manager')(`/api/campaigns/${A}/tiles/${tile}`)).json()).status;
		await eventually(status, (s) => s === 'reviewed', 3000, 'reviewed');
		expect((await as('reviewer1')(`/api/campaigns/${A}/settings`, { method: 'PUT', body: JSON.stringify({ requiredVerdicts: 2 }) })).status).toBe(403);
		const put = await as('manager')(`/api/campaigns/${A}/settings`, { method: 'PUT', body: JSON.stringify({ requiredVerdicts: 2 }) });
		expect(await put.json()).toMatchObject({ requiredVerdicts: 2, reviewUnassigned: false });
		expect(await status()).toBe('in_review');
		expect((await as('manager')(`/api/campaigns/${A}/settings`, { method: 'PUT', body: JSON.stringify({ requiredVerdicts: 0 }) })).status).toBe(400);
	});
});
