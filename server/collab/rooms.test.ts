/**
 * The rooms registry with real websocket peers (y-websocket's own client), a real SQLite database
 * and the demo campaign. The door here trusts the test (it is server/collab/door.ts's job, tested
 * through the production server in test/integration/collab.test.ts); everything after it is real.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { freshDb } from '../../test/helpers/db.ts';
import { importDemoCampaign } from '../../src/lib/server/demo/campaign.ts';
import { parseRoomPath } from '../../src/lib/collab/room.ts';
import type { Db } from '../../src/lib/server/db/db.ts';
import { LIMITS, Rooms, type Peer } from './rooms.ts';
import { rebuildProjections } from './rebuild.ts';

let db: Db;
let cleanup: () => void;
let server: Server;
let rooms: Rooms;
let base: string;
let campaignId: number;
let tileIds: number[];
/** What each user may do, as the (test) door and the recheck see it. */
const grants = new Map<number, { read: boolean; write: boolean; isManager: boolean } | null>();
const warnings: string[] = [];

beforeAll(async () => {
	({ db, cleanup } = freshDb());
	campaignId = await importDemoCampaign(db);
	tileIds = (db.$client.prepare('SELECT id FROM tiles WHERE campaign_id = ? ORDER BY ordinal LIMIT 4').all(campaignId) as { id: number }[]).map((r) => r.id);
	rooms = new Rooms(db, { recheck: (peer) => grants.get(peer.userId) ?? null }, { warn: (m: string) => warnings.push(m), error: console.error });
	server = createServer();
	server.on('upgrade', (req, socket, head) => {
		const url = new URL(req.url!, 'http://x');
		const scope = parseRoomPath(url.pathname);
		const userId = Number(url.searchParams.get('user'));
		const g = grants.get(userId);
		if (!scope || !g?.read) return socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
		const peer: Peer = { userId, name: `User ${userId}`, email: `u${userId}@x`, organisation: 'Org', sessionId: `s${userId}`, mayWrite: g.write, isManager: g.isManager };
		rooms.handleUpgrade(req, socket, head, peer, scope);
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	rooms?.close();
	await new Promise((r) => server?.close(r));
	cleanup?.();
});

function connect(userId: number, tileId: number, doc = new Y.Doc()) {
	const provider = new WebsocketProvider(`${base}/collab/campaigns/${campaignId}/tiles`, String(tileId), doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		params: { user: String(userId) }
	});
	const closed = new Promise<number>((resolve) => provider.on('connection-close', (e) => e && resolve(e.code)));
	const synced = new Promise<void>((resolve) => provider.once('sync', () => resolve()));
	return { doc, provider, closed, synced };
}

const at = () => new Date().toISOString();
const point = (tileId: number) => {
	const g = JSON.parse((db.$client.prepare('SELECT geometry FROM tiles WHERE id = ?').get(tileId) as { geometry: string }).geometry);
	const ring = g.coordinates[0] as [number, number][];
	return { type: 'Point', coordinates: [(ring[0][0] + ring[2][0]) / 2, (ring[0][1] + ring[2][1]) / 2] };
};
function addDefect(doc: Y.Doc, id: string, author: number, tileId: number) {
	doc.transact(() => {
		const m = new Y.Map<unknown>();
		for (const [k, v] of Object.entries({ geometry: point(tileId), category: 'geometry_blur', severity: 'minor', comment: 'flou', author, createdAt: at() })) m.set(k, v);
		doc.getMap('defects').set(id, m);
	});
}
const until = async (cond: () => boolean, ms = 5000) => {
	const end = Date.now() + ms;
	while (!cond()) {
		if (Date.now() > end) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 10));
	}
};
const storedDefect = (tileId: number, id: string) => db.$client.prepare('SELECT * FROM defects WHERE tile_id = ? AND id = ?').get(tileId, id) as Record<string, unknown> | undefined;

describe('rooms', () => {
	it('peers on one tile converge, and a peer sees an update only once it is stored', async () => {
		grants.set(1, { read: true, write: true, isManager: false });
		grants.set(2, { read: true, write: true, isManager: false });
		const tile = tileIds[0];
		const a = connect(1, tile);
		const b = connect(2, tile);
		await Promise.all([a.synced, b.synced]);
		expect(a.doc.getMap('meta').get('schemaVersion')).toBe(1);

		let storedWhenSeen: unknown = 'not seen';
		b.doc.getMap('defects').observe((e) => {
			if (e.keysChanged.has('a1')) storedWhenSeen = storedDefect(tile, 'a1');
		});
		addDefect(a.doc, 'a1', 1, tile);
		addDefect(b.doc, 'b1', 2, tile);
		await until(() => a.doc.getMap('defects').has('b1') && b.doc.getMap('defects').has('a1'));
		expect(storedWhenSeen).toMatchObject({ id: 'a1', author_id: 1, category: 'geometry_blur' });
		expect(db.$client.prepare("SELECT status FROM tiles WHERE id = ?").get(tile)).toEqual({ status: 'in_review' });
		a.provider.destroy();
		b.provider.destroy();
	});

	it('refuses a defect in someone else’s name: closed 4403, never stored, never relayed', async () => {
		grants.set(3, { read: true, write: true, isManager: false });
		grants.set(4, { read: true, write: false, isManager: false });
		const tile = tileIds[1];
		const liar = connect(3, tile);
		const watcher = connect(4, tile);
		await Promise.all([liar.synced, watcher.synced]);
		addDefect(liar.doc, 'forged', 99, tile);
		expect(await liar.closed).toBe(4403);
		// an honest change afterwards still flows: the room rebuilt its document without the forgery
		const honest = connect(3, tile);
		await honest.synced;
		expect(honest.doc.getMap('defects').has('forged')).toBe(false);
		addDefect(honest.doc, 'real', 3, tile);
		await until(() => watcher.doc.getMap('defects').has('real'));
		expect(watcher.doc.getMap('defects').has('forged')).toBe(false);
		expect(storedDefect(tile, 'forged')).toBeUndefined();
		expect(warnings.some((w) => w.includes('a new defect must have its sender as author'))).toBe(true);
		// the read-only watcher may not write
		addDefect(watcher.doc, 'ro', 4, tile);
		expect(await watcher.closed).toBe(4403);
		expect(storedDefect(tile, 'ro')).toBeUndefined();
		liar.provider.destroy();
		honest.provider.destroy();
		watcher.provider.destroy();
	});

	it('downgrades a live writer when its rights change, and closes a peer whose session ended', async () => {
		grants.set(5, { read: true, write: true, isManager: false });
		const tile = tileIds[2];
		const p = connect(5, tile);
		await p.synced;
		grants.set(5, { read: true, write: false, isManager: false });
		rooms.recheck({ userId: 5 });
		addDefect(p.doc, 'late', 5, tile);
		expect(await p.closed).toBe(4403);
		const again = connect(5, tile);
		await again.synced;
		grants.set(5, null);
		rooms.recheck({ campaignId });
		expect(await again.closed).toBe(4401);
		p.provider.destroy();
		again.provider.destroy();
	});

	it('an over-size update is refused with 4413', async () => {
		grants.set(6, { read: true, write: true, isManager: false });
		const p = connect(6, tileIds[0]);
		await p.synced;
		p.doc.transact(() => {
			const m = new Y.Map<unknown>();
			m.set('comment', 'x'.repeat(300_000));
			p.doc.getMap('defects').set('big', m);
		});
		expect(await p.closed).toBe(4413);
		p.provider.destroy();
	});

	it('a server-side change (a manager’s restore) is stored, then relayed', async () => {
		grants.set(7, { read: true, write: true, isManager: false });
		const tile = tileIds[0];
		const p = connect(7, tile);
		await p.synced;
		const changes = await rooms.change({ campaignId, tileId: tile }, 1, (maps) => {
			const m = new Y.Map<unknown>();
			for (const [k, v] of Object.entries({ geometry: point(tile), category: 'geometry_blur', severity: 'major', comment: 'rétabli', author: 1, createdAt: at() })) m.set(k, v);
			maps.defects.set('restored', m);
		}, true);
		expect(changes?.entries[0]).toMatchObject({ key: 'restored', after: { comment: 'rétabli' } });
		expect(storedDefect(tile, 'restored')).toMatchObject({ comment: 'rétabli' });
		await until(() => p.doc.getMap('defects').has('restored'));
		expect(db.$client.prepare("SELECT action FROM review_history WHERE key = 'restored'").get()).toEqual({ action: 'restore' });
		p.provider.destroy();
	});

	it('rebuilding the projections from the stored documents gives the rows the live path wrote, also after folding the log', async () => {
		grants.set(8, { read: true, write: true, isManager: false });
		grants.set(9, { read: true, write: true, isManager: true });
		const tile = tileIds[3];
		const fid = (db.$client.prepare('SELECT fid FROM landcover_features WHERE id = ?').get((db.$client.prepare('SELECT feature_ids FROM tiles WHERE id = ?').get(tile) as { feature_ids: Buffer }).feature_ids.readInt32LE(0)) as { fid: number }).fid;
		const a = connect(8, tile);
		const m = connect(9, tile);
		await Promise.all([a.synced, m.synced]);
		const fold = LIMITS.compactAfter;
		LIMITS.compactAfter = 5; // fold the log during the test
		for (let i = 0; i < 8; i++) addDefect(a.doc, `r${i}`, 8, tile);
		a.doc.getMap('defects').delete('r3');
		a.doc.transact(() => {
			const c = new Y.Map<unknown>();
			for (const [k, v] of Object.entries({ featureId: fid, from: 'CS2.2.1', to: 'CS1.1.1.1', comment: 'bâti', author: 8, at: at() })) c.set(k, v);
			a.doc.getMap('corrections').set(`${fid}:8`, c);
			const w = new Y.Map<unknown>();
			for (const [k, v] of Object.entries({ featureId: fid, answer: 'other_class', to: 'CS1.1.1.1', comment: '', author: 8, at: at() })) w.set(k, v);
			a.doc.getMap('walk').set(`${fid}:8`, w);
			const v = new Y.Map<unknown>();
			for (const [k, x] of Object.entries({ verdict: 'rejected', comment: 'trop de défauts', at: at() })) v.set(k, x);
			a.doc.getMap('verdicts').set('8', v);
			a.doc.getArray('thread').push([{ author: 8, text: 'À revoir', at: at() }]);
		});
		await until(() => m.doc.getMap('verdicts').has('8')).catch((e) => {
			throw new Error(`${e.message}: ${warnings.slice(-2).join(' / ')}`);
		});
		m.doc.transact(() => (m.doc.getMap('defects').get('r1') as Y.Map<unknown>).set('severity', 'blocking'));
		m.doc.getArray('thread').push([{ author: 9, text: 'D’accord', at: at() }]);
		await until(() => m.doc.getArray('thread').length === 2 && a.doc.getArray('thread').length === 2 && a.doc.getMap('defects').size === 7);
		await until(() => (db.$client.prepare('SELECT count(*) AS n FROM tile_messages WHERE tile_id = ?').get(tile) as { n: number }).n === 2);
		await new Promise((r) => setTimeout(r, 200)); // let the background fold run
		LIMITS.compactAfter = fold;
		expect(db.$client.prepare('SELECT count(*) AS n FROM review_snapshots WHERE tile_id = ?').get(tile)).toEqual({ n: 1 });

		const rows = () => ({
			defects: db.$client.prepare('SELECT * FROM defects WHERE campaign_id = ? ORDER BY tile_id, id').all(campaignId),
			verdicts: db.$client.prepare('SELECT * FROM verdicts WHERE campaign_id = ? ORDER BY tile_id, user_id').all(campaignId),
			corrections: db.$client.prepare('SELECT * FROM corrections WHERE campaign_id = ? ORDER BY tile_id, feature_id, user_id').all(campaignId),
			messages: db.$client.prepare('SELECT * FROM tile_messages WHERE campaign_id = ? ORDER BY tile_id, position').all(campaignId),
			walk: db.$client.prepare('SELECT * FROM walk_answers WHERE campaign_id = ? ORDER BY tile_id, feature_id, user_id').all(campaignId),
			statuses: db.$client.prepare('SELECT id, status FROM tiles WHERE campaign_id = ? ORDER BY id').all(campaignId)
		});
		const live = rows();
		expect(live.defects.length).toBeGreaterThanOrEqual(7);
		expect(live.corrections).toHaveLength(1);
		expect(live.walk).toHaveLength(1);
		expect(live.messages).toHaveLength(2);
		// wipe, rebuild, compare
		db.$client.exec('DELETE FROM defects; DELETE FROM verdicts; DELETE FROM corrections; DELETE FROM tile_messages; DELETE FROM walk_answers');
		const result = rebuildProjections(db, campaignId);
		expect(result.documents).toBeGreaterThanOrEqual(3);
		expect(rows()).toEqual(live);
		a.provider.destroy();
		m.provider.destroy();
	});
});
