/**
 * Real-time review through the production server: real y-websocket clients signed in with session
 * cookies, the real door, the real rooms, SQLite on disk — and a SIGKILL in the middle of an edit
 * storm, after which every update any peer saw is still there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addDefect, eventually, joinTile, until, type CollabClient } from '../helpers/collab.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { asUser, signIn } from '../helpers/session.ts';

let server: RunningServer;
const A = 1;
let westTile: number;
let center: [number, number];
const cookies: Record<string, string> = {};
const clients: CollabClient[] = [];
const join = (who: string, tileId = westTile) => {
	const c = joinTile(server.url, cookies[who], A, tileId);
	clients.push(c);
	return c;
};

beforeAll(async () => {
	server = await startServer({}, { keep: true });
	for (const who of ['manager', 'reviewer1', 'reviewer2', 'observer']) cookies[who] = await signIn(server.url, `${who}@demo.local`);
	const tiles = await (await asUser(server.url, cookies.manager)(`/api/campaigns/${A}/tiles`)).json();
	const me = await (await asUser(server.url, cookies.reviewer1)('/api/me/tiles')).json();
	westTile = me[0].tiles[0].id;
	const ring = tiles.features.find((f: { id: number }) => f.id === westTile).geometry.coordinates[0];
	center = [(ring[0][0] + ring[2][0]) / 2, (ring[0][1] + ring[2][1]) / 2];
}, 120_000);

afterAll(async () => {
	for (const c of clients) c.destroy();
	await server?.stop();
});

const defect = (author: number, comment = 'Toitures saturées') => ({
	geometry: { type: 'Point', coordinates: center },
	category: 'radiometry_saturation',
	severity: 'major',
	comment,
	author,
	createdAt: new Date().toISOString()
});
const me = async (who: string) => (await (await asUser(server.url, cookies[who])('/api/auth/me')).json()).user.id as number;

describe('real-time review through the server', () => {
	it('a reviewer’s defect reaches the manager and the observer, and the projection within a second', async () => {
		const reviewer = join('reviewer1');
		const manager = join('manager');
		const observer = join('observer');
		await Promise.all([reviewer.synced, manager.synced, observer.synced]);
		const id = await me('reviewer1');
		addDefect(reviewer.doc, 'collab-1', defect(id));
		await until(() => manager.doc.getMap('defects').has('collab-1') && observer.doc.getMap('defects').has('collab-1'));
		// Projections are written in the same commit as the update, so once a peer has it, so does the API.
		const features: { id: string; properties: Record<string, unknown> }[] = (await (await asUser(server.url, cookies.manager)(`/api/campaigns/${A}/defects`)).json()).features;
		expect(features.find((f) => f.id === 'collab-1')?.properties).toMatchObject({
			tileId: westTile,
			category: 'radiometry_saturation',
			severity: 'major',
			author: { id, name: 'Léa Bernard (commune)', organisation: 'Commune de Prairie-Ouest (démo)' }
		});
		const tile = await (await asUser(server.url, cookies.manager)(`/api/campaigns/${A}/tiles/${westTile}`)).json();
		expect(tile.status).toBe('in_review');
	});

	it('read-only peers get every update but may not write: the observer, and a reviewer on another partner’s tile', async () => {
		const observer = join('observer');
		const other = join('reviewer2');
		await Promise.all([observer.synced, other.synced]);
		expect(observer.doc.getMap('defects').has('collab-1')).toBe(true);
		addDefect(observer.doc, 'from-observer', defect(await me('observer')));
		addDefect(other.doc, 'from-reviewer2', defect(await me('reviewer2')));
		expect(await observer.closed).toBe(4403);
		expect(await other.closed).toBe(4403);
		const ids = (await (await asUser(server.url, cookies.manager)(`/api/campaigns/${A}/defects`)).json()).features.map((f: { id: string }) => f.id);
		expect(ids).not.toContain('from-observer');
		expect(ids).not.toContain('from-reviewer2');
	});

	it('a verdict is projected, and the tile becomes reviewed', async () => {
		const reviewer = join('reviewer1');
		await reviewer.synced;
		const id = await me('reviewer1');
		reviewer.doc.transact(() => {
			const v = new Y.Map<unknown>();
			v.set('verdict', 'accepted_with_reservations');
			v.set('comment', 'Voir le défaut de saturation');
			v.set('at', new Date().toISOString());
			reviewer.doc.getMap('verdicts').set(String(id), v);
		});
		// Stored within a second of the edit (the group commit runs at the end of the event-loop turn).
		const verdicts = await eventually(
			async () => (await (await asUser(server.url, cookies.manager)(`/api/campaigns/${A}/verdicts`)).json()) as { tileId: number; userId: number; verdict: string; organisation: string }[],
			(v) => v.length > 0,
			1000,
			'the verdict projection'
		);
		expect(verdicts).toEqual([expect.objectContaining({ tileId: westTile, userId: id, verdict: 'accepted_with_reservations', organisation: 'Commune de Prairie-Ouest (démo)' })]);
		const tile = await (await asUser(server.url, cookies.manager)(`/api/campaigns/${A}/tiles/${westTile}`)).json();
		expect(tile.status).toBe('reviewed');
	});

	it('SIGKILL during an edit storm: after a restart on the same database, every update a peer received is there', async () => {
		const writers = [join('reviewer1'), join('reviewer1'), join('manager')];
		const watchers = [join('observer'), join('manager')];
		await Promise.all([...writers, ...watchers].map((c) => c.synced));
		const seen = new Set<string>();
		for (const w of watchers) w.doc.getMap('defects').observe((e) => e.keysChanged.forEach((k) => seen.add(k)));
		const authors = [await me('reviewer1'), await me('reviewer1'), await me('manager')];
		let n = 0;
		const storm = setInterval(() => {
			writers.forEach((w, i) => addDefect(w.doc, `storm-${i}-${n}`, defect(authors[i], `rafale ${n}`)));
			n++;
		}, 3);
		await until(() => seen.size > 150, 20_000, 'the storm to be seen');
		server.child.kill('SIGKILL');
		await new Promise((r) => server.child.once('exit', r));
		clearInterval(storm);
		for (const c of clients.splice(0)) c.destroy();
		const received = [...seen].filter((k) => k.startsWith('storm-'));
		expect(received.length).toBeGreaterThan(150);

		const dir = server.dir;
		server = await startServer({}, { dir });
		for (const who of ['manager']) cookies[who] = await signIn(server.url, `${who}@demo.local`);
		const fresh = join('manager');
		await fresh.synced;
		const now = new Set(fresh.doc.getMap('defects').keys());
		expect(received.filter((k) => !now.has(k))).toEqual([]);
		// the projections were committed with the updates
		const projected = new Set((await (await asUser(server.url, cookies.manager)(`/api/campaigns/${A}/defects`)).json()).features.map((f: { id: string }) => f.id));
		expect(received.filter((k) => !projected.has(k))).toEqual([]);
	}, 120_000);
});
