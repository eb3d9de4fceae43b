/**
 * The feature walk over HTTP and the tile documents: a manager draws the sample (reproducible from its
 * seed), reviewers answer polygon by polygon in the home tile's document, progress follows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eventually, joinTile } from '../helpers/collab.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { asUser, signIn } from '../helpers/session.ts';

let server: RunningServer;
const A = 1;
const cookies: Record<string, string> = {};
const as = (who: string) => asUser(server.url, cookies[who]);

beforeAll(async () => {
	server = await startServer();
	for (const who of ['manager', 'reviewer1', 'observer', 'contractor']) cookies[who] = await signIn(server.url, `${who}@demo.local`);
}, 120_000);
afterAll(() => server?.stop());

interface Overview {
	draw: { seed: string; perClass: number; percent: boolean } | null;
	classes: { code: string; sampled: number; answered: number; byAnswer: Record<string, number> }[];
	items: { featureId: number; classCode: string; ordinal: number; tileId: number; mine: string | null; answers: number }[];
}

describe('feature walk', () => {
	it('only a manager draws it; the same seed gives the same polygons, another seed others', async () => {
		expect((await as('reviewer1')(`/api/campaigns/${A}/walk`, { method: 'PUT', body: JSON.stringify({ perClass: 3, seed: 'x' }) })).status).toBe(403);
		expect((await as('manager')(`/api/campaigns/${A}/walk`, { method: 'PUT', body: JSON.stringify({ perClass: 0, seed: 'x' }) })).status).toBe(400);
		expect((await as('manager')(`/api/campaigns/${A}/walk`, { method: 'PUT', body: JSON.stringify({ perClass: 150, percent: true, seed: 'x' }) })).status).toBe(400);
		const first = await (await as('manager')(`/api/campaigns/${A}/walk`, { method: 'PUT', body: JSON.stringify({ perClass: 3, seed: 'recette-2026' }) })).json();
		expect(first.count).toBeGreaterThan(3);
		const a: Overview = await (await as('manager')(`/api/campaigns/${A}/walk`)).json();
		expect(a.draw).toEqual({ seed: 'recette-2026', perClass: 3, percent: false });
		for (const c of a.classes) expect(c.sampled).toBeLessThanOrEqual(3);
		expect(a.items.length).toBe(first.count);
		await as('manager')(`/api/campaigns/${A}/walk`, { method: 'PUT', body: JSON.stringify({ perClass: 3, seed: 'other' }) });
		const b: Overview = await (await as('manager')(`/api/campaigns/${A}/walk`)).json();
		expect(b.items.map((i) => i.featureId)).not.toEqual(a.items.map((i) => i.featureId));
		await as('manager')(`/api/campaigns/${A}/walk`, { method: 'PUT', body: JSON.stringify({ perClass: 3, seed: 'recette-2026' }) });
		const again: Overview = await (await as('manager')(`/api/campaigns/${A}/walk`)).json();
		expect(again.items).toEqual(a.items);
		// 10 % of each class: at least one polygon per class
		const pct = await (await as('manager')(`/api/campaigns/${A}/walk`, { method: 'PUT', body: JSON.stringify({ perClass: 10, percent: true, seed: 'recette-2026' }) })).json();
		expect(pct.count).toBeGreaterThan(first.count);
		await as('manager')(`/api/campaigns/${A}/walk`, { method: 'PUT', body: JSON.stringify({ perClass: 3, seed: 'recette-2026' }) });
	});

	it('a reviewer answers in the home tile’s document, and the class’s progress follows; contractors see nothing', async () => {
		expect((await as('contractor')(`/api/campaigns/${A}/walk`)).status).toBe(403);
		const mine = (await (await as('reviewer1')('/api/me/tiles')).json())[0].tiles.map((t: { id: number }) => t.id) as number[];
		const overview: Overview = await (await as('reviewer1')(`/api/campaigns/${A}/walk`)).json();
		const item = overview.items.find((i) => mine.includes(i.tileId))!;
		expect(item).toBeDefined();
		const feature = await (await as('reviewer1')(`/api/campaigns/${A}/walk/${item.featureId}`)).json();
		expect(feature).toMatchObject({ type: 'Feature', id: item.featureId, properties: { class_code: item.classCode, tileId: item.tileId } });
		expect(['Polygon', 'MultiPolygon']).toContain(feature.geometry.type);

		const me = (await (await as('reviewer1')('/api/auth/me')).json()).user.id;
		const c = joinTile(server.url, cookies.reviewer1, A, item.tileId);
		await c.synced;
		c.doc.transact(() => {
			const w = new Y.Map<unknown>();
			for (const [k, v] of Object.entries({ featureId: item.featureId, answer: 'geometry_error', comment: 'limite décalée', author: me, at: new Date().toISOString() })) w.set(k, v);
			c.doc.getMap('walk').set(`${item.featureId}:${me}`, w);
		});
		const after = await eventually(
			async () => (await (await as('reviewer1')(`/api/campaigns/${A}/walk`)).json()) as Overview,
			(o) => o.items.some((i) => i.featureId === item.featureId && i.mine === 'geometry_error'),
			3000,
			'the answer'
		);
		const cls = after.classes.find((k) => k.code === item.classCode)!;
		expect(cls.answered).toBe(1);
		expect(cls.byAnswer.geometry_error).toBe(1);
		// the observer sees the progress but not as "mine"
		const seen: Overview = await (await as('observer')(`/api/campaigns/${A}/walk`)).json();
		expect(seen.items.find((i) => i.featureId === item.featureId)).toMatchObject({ answers: 1, mine: null });
		c.destroy();
	});
});
