/**
 * Tile assignment over HTTP, against the real production server in demo mode (demo accounts, the demo
 * campaign's tiles split between the two reviewer organisations by src/lib/server/demo/people.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/db.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

let server: RunningServer;
let campaignId: number;
const cookies: Record<string, string> = {};

interface Overview {
	organisations: { id: number; name: string; kind: string; tileCount: number }[];
	tiles: Record<string, number[]>;
}
interface MyCampaign {
	campaign: { id: number };
	counts: { total: number; not_started: number; in_review: number; reviewed: number };
	tiles: { id: number; name: string; status: string }[];
	organisations: { id: number; name: string }[];
}

/** Sign in a demo account and keep its session cookie. */
async function signIn(email: string): Promise<string> {
	const res = await fetch(`${server.url}/api/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: server.url },
		body: JSON.stringify({ email, password: 'demo' })
	});
	expect(res.status, await res.clone().text()).toBe(200);
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('recette_session='));
	expect(cookie).toBeTruthy();
	return cookie!.split(';')[0];
}

function call(who: string, path: string, init: RequestInit = {}): Promise<Response> {
	return fetch(`${server.url}${path}`, {
		...init,
		headers: { origin: server.url, 'accept-language': 'en', ...(init.headers as Record<string, string>), cookie: cookies[who] }
	});
}
const postJson = (who: string, path: string, body: unknown) =>
	call(who, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
	server = await startServer();
	for (const who of ['manager', 'reviewer1', 'reviewer2', 'contractor', 'observer']) cookies[who] = await signIn(`${who}@demo.local`);
	const campaigns = (await (await call('manager', '/api/campaigns')).json()) as { id: number }[];
	campaignId = campaigns[0].id;
}, 120_000);
afterAll(() => server?.stop());

const overview = async (who = 'manager'): Promise<Overview> => (await call(who, `/api/campaigns/${campaignId}/assignments`)).json();
const orgId = (o: Overview, name: string) => o.organisations.find((x) => x.name === name)!.id;
const OUEST = 'Commune de Prairie-Ouest (démo)';
const EST = 'Communauté de communes des Prairies-Est (démo)';

describe('tile assignment API', () => {
	it('lists the demo split: half the tiles to each reviewer organisation', async () => {
		const o = await overview('observer');
		const ouest = o.organisations.find((x) => x.name === OUEST)!;
		const est = o.organisations.find((x) => x.name === EST)!;
		expect(ouest.tileCount + est.tileCount).toBe(30);
		expect(ouest.tileCount).toBe(15);
		expect(Object.keys(o.tiles)).toHaveLength(30);
	});

	it('lets the manager assign and unassign, and counts change', async () => {
		const before = await overview();
		const est = orgId(before, EST);
		// Two tiles of the commune (west half): give them to the intercommunality as well.
		const westTiles = Object.entries(before.tiles).filter(([, orgs]) => orgs.includes(orgId(before, OUEST)) && !orgs.includes(est)).map(([id]) => Number(id)).slice(0, 2);
		const res = await postJson('manager', `/api/campaigns/${campaignId}/assignments`, { organisationId: est, tileIds: westTiles, action: 'assign' });
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ changed: 2, tileCount: 17 });
		const after = await overview();
		expect(after.tiles[westTiles[0]]).toContain(est);
		const back = await postJson('manager', `/api/campaigns/${campaignId}/assignments`, { organisationId: est, tileIds: westTiles, action: 'unassign' });
		expect(await back.json()).toMatchObject({ changed: 2, tileCount: 15 });
	});

	it('refuses assignment to reviewers, the contractor and observers (403), and to nobody signed in (401)', async () => {
		const o = await overview();
		const tileId = Number(Object.keys(o.tiles)[0]);
		for (const who of ['reviewer1', 'reviewer2', 'contractor', 'observer']) {
			const res = await postJson(who, `/api/campaigns/${campaignId}/assignments`, { organisationId: orgId(o, OUEST), tileIds: [tileId], action: 'unassign' });
			expect(res.status, who).toBe(403);
		}
		const csv = await call('reviewer1', `/api/campaigns/${campaignId}/assignments/csv`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'tile;organisation\n' });
		expect(csv.status).toBe(403);
		const anonymous = await fetch(`${server.url}/api/campaigns/${campaignId}/assignments`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: server.url },
			body: JSON.stringify({ organisationId: 1, tileIds: [tileId], action: 'assign' })
		});
		expect(anonymous.status).toBe(401);
		expect((await overview()).organisations.find((x) => x.name === OUEST)!.tileCount).toBe(15);
	});

	it('explains a bad request in the caller’s language', async () => {
		const res = await call('manager', `/api/campaigns/${campaignId}/assignments`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'accept-language': 'fr' },
			body: JSON.stringify({ organisationId: 99999, tileIds: [1], action: 'assign' })
		});
		expect(res.status).toBe(404);
		expect((await res.json()).message).toContain('n’existe pas');
	});

	it('assigns from a CSV body and rejects a file with a bad line, writing nothing', async () => {
		const bad = await call('manager', `/api/campaigns/${campaignId}/assignments/csv`, {
			method: 'POST',
			headers: { 'content-type': 'text/csv' },
			body: `\uFEFFtuile;organisation\r\n0485_5206;${EST}\r\n0000_0000;${EST}\r\n`
		});
		expect(bad.status).toBe(400);
		expect((await bad.json()).message).toContain('line 3');
		expect((await overview()).organisations.find((x) => x.name === EST)!.tileCount).toBe(15);
		const good = await call('manager', `/api/campaigns/${campaignId}/assignments/csv`, {
			method: 'POST',
			headers: { 'content-type': 'text/csv' },
			body: `tile,organisation\n0485_5206,${EST}\n`
		});
		expect(good.status).toBe(200);
		expect((await overview()).organisations.find((x) => x.name === EST)!.tileCount).toBe(16);
	});

	it('assigns by a territory the manager uploaded; a reviewer may not run it', async () => {
		const { uploadId } = (await (await call('manager', '/api/uploads', { method: 'POST' })).json()) as { uploadId: string };
		const file = 'secteur-nord-4326.geojson';
		const put = await call('manager', `/api/uploads/${uploadId}/files/${file}`, {
			method: 'PUT',
			headers: { 'content-type': 'application/octet-stream' },
			body: readFileSync(join(FIXTURES, 'territories', file))
		});
		expect(put.status).toBe(201);
		const o = await overview();
		const res = await postJson('manager', `/api/campaigns/${campaignId}/assignments/territory`, { uploadId, file, organisationId: orgId(o, OUEST) });
		expect(res.status).toBe(200);
		const body = (await res.json()) as { byOrganisation: { tiles: number }[] };
		expect(body.byOrganisation[0].tiles).toBe(2);
		// The role check comes before the upload's owner check: a reviewer learns nothing about the upload.
		const stolen = await postJson('reviewer1', `/api/campaigns/${campaignId}/assignments/territory`, { uploadId, file, organisationId: orgId(o, OUEST) });
		expect(stolen.status).toBe(403);
	});
});

describe('GET /api/me/tiles', () => {
	it('lists only the tiles of reviewer1’s organisation, unfinished first', async () => {
		const mine = (await (await call('reviewer1', '/api/me/tiles')).json()) as MyCampaign[];
		expect(mine).toHaveLength(1);
		const o = await overview();
		const ouest = orgId(o, OUEST);
		const expected = Object.entries(o.tiles).filter(([, orgs]) => orgs.includes(ouest)).map(([id]) => Number(id)).sort((a, b) => a - b);
		expect(mine[0].tiles.map((t) => t.id).sort((a, b) => a - b)).toEqual(expected);
		expect(mine[0].counts.total).toBe(expected.length);
		expect(mine[0].organisations.map((x) => x.name)).toEqual([OUEST]);
	});

	it('is empty for the manager, whose organisation reviews nothing', async () => {
		expect(await (await call('manager', '/api/me/tiles')).json()).toEqual([]);
	});

	it('needs a session', async () => {
		expect((await fetch(`${server.url}/api/me/tiles`)).status).toBe(401);
	});
});
