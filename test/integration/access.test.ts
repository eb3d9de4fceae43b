/**
 * Who may read what: a role × endpoint matrix over the real server, including cross-campaign access
 * (a reviewer of campaign B asking for campaign A's data by id, and the other way round, and B's
 * manager trying to hand out rights in A). Campaign A is the demo campaign with its five demo
 * accounts; campaign B is imported with the CLI into the same database, with its own manager and
 * reviewer; an outsider has an account but no role anywhere.
 */
import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/lib/server/db/db.ts';
import { FIXTURES } from '../helpers/db.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { asUser, signIn } from '../helpers/session.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'server', 'cli', 'recette.js');

let server: RunningServer;
const A = 1;
let B: number;
let tileA: number;
let tileB: number;
type Who = 'anonymous' | 'manager' | 'reviewer' | 'contractor' | 'observer' | 'outsider' | 'reviewerOfB' | 'managerOfB' | 'admin';
const cookies: Partial<Record<Who, string | null>> = { anonymous: null };
const as = (who: Who) => asUser(server.url, cookies[who] ?? null);

async function recette(...args: string[]): Promise<string> {
	const { stdout } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, RECETTE_DB: join(server.dir, 'recette.db'), RECETTE_LANG: 'en' } });
	return stdout.trim();
}

beforeAll(async () => {
	server = await startServer();
	B = Number((await recette('import', 'Campaign B', '--landcover', join(FIXTURES, 'lambert93', 'zones.shp'), '--class-field', 'id_zone', '--tile-size', '100')).split('\n').pop());
	// Campaign B also shows an XYZ service of its manager's choosing (as the web form's external imagery does).
	const db = createDb(join(server.dir, 'recette.db'), { migrateNow: false });
	try {
		db.$client
			.prepare("INSERT INTO imagery_sources (campaign_id, vintage, kind, location, attribution) VALUES (?, 'current', 'xyz', 'https://tiles.example.org/{z}/{x}/{y}.png', 'Tiles')")
			.run(B);
	} finally {
		db.$client.close();
	}
	await recette('user', 'create', 'outsider@example.org', '--password', 'outsider-pw');
	await recette('user', 'create', 'b.reviewer@example.org', '--password', 'reviewer-pw');
	await recette('user', 'create', 'admin@example.org', '--password', 'admin-pw-123', '--admin');
	await recette('org', 'create', 'Commune B', '--kind', 'commune');
	await recette('member', 'add', String(B), 'b.reviewer@example.org', '--role', 'reviewer', '--org', 'Commune B');
	await recette('user', 'create', 'b.manager@example.org', '--password', 'manager-pw');
	await recette('member', 'add', String(B), 'b.manager@example.org', '--role', 'manager');
	// A reviewer of A for no organisation (e.g. added before the manager chose one).
	await recette('user', 'create', 'a.reviewer@example.org', '--password', 'reviewer-pw');
	await recette('member', 'add', String(A), 'a.reviewer@example.org', '--role', 'reviewer');
	for (const [who, email] of [
		['manager', 'manager@demo.local'],
		['reviewer', 'reviewer1@demo.local'],
		['contractor', 'contractor@demo.local'],
		['observer', 'observer@demo.local']
	] as const) cookies[who] = await signIn(server.url, email);
	cookies.outsider = await signIn(server.url, 'outsider@example.org', 'outsider-pw');
	cookies.reviewerOfB = await signIn(server.url, 'b.reviewer@example.org', 'reviewer-pw');
	cookies.managerOfB = await signIn(server.url, 'b.manager@example.org', 'manager-pw');
	cookies.admin = await signIn(server.url, 'admin@example.org', 'admin-pw-123');
	tileA = (await (await as('manager')(`/api/campaigns/${A}/tiles`)).json()).features[0].id;
	tileB = (await (await as('reviewerOfB')(`/api/campaigns/${B}/tiles`)).json()).features[0].id;
}, 180_000);
afterAll(() => server?.stop());

const READ = { anonymous: 401, manager: 200, reviewer: 200, contractor: 200, observer: 200, outsider: 403, reviewerOfB: 403, managerOfB: 403, admin: 200 } as const;

describe('role × endpoint matrix on campaign A', () => {
	// [endpoint, expected status per role]. Imagery tile 14/3530/5763 is inside the demo delivery.
	const matrix: [string, () => string, Record<Who, number>][] = [
		['campaign', () => `/api/campaigns/${A}`, READ],
		['tiles', () => `/api/campaigns/${A}/tiles`, READ],
		['one tile', () => `/api/campaigns/${A}/tiles/${tileA}`, READ],
		['tile land cover', () => `/api/campaigns/${A}/tiles/${tileA}/landcover`, READ],
		['imagery', () => `/api/campaigns/${A}/imagery/12/882/1440.png`, READ]
	];
	for (const [name, path, expected] of matrix) {
		it(`GET ${name}`, async () => {
			const got: Record<string, number> = {};
			for (const who of Object.keys(expected) as Who[]) got[who] = (await as(who)(path())).status;
			// 204 (no pixel there) counts as allowed for imagery.
			if (name === 'imagery') for (const w of Object.keys(got)) if (got[w] === 204) got[w] = 200;
			expect(got).toEqual(expected);
		});
	}

	it('POST /api/uploads (starting a new campaign): admins and managers only', async () => {
		const expected = { anonymous: 401, manager: 201, reviewer: 403, contractor: 403, observer: 403, outsider: 403, reviewerOfB: 403, managerOfB: 201, admin: 201 };
		const got: Record<string, number> = {};
		for (const who of Object.keys(expected) as Who[]) got[who] = (await as(who)('/api/uploads', { method: 'POST' })).status;
		expect(got).toEqual(expected);
	});

	it('answers 401 and 403 with a readable JSON message', async () => {
		const anon = await as('anonymous')(`/api/campaigns/${A}`);
		expect(await anon.json()).toEqual({ message: 'Please sign in first.', code: 'auth_required' });
		const outsider = await as('outsider')(`/api/campaigns/${A}/tiles`);
		expect((await outsider.json()).message).toMatch(/no role in this campaign/);
	});
});

describe('role × endpoint matrix: management, assignment, administration', () => {
	const MANAGE = { anonymous: 401, manager: 200, reviewer: 403, contractor: 403, observer: 403, outsider: 403, reviewerOfB: 403, managerOfB: 403, admin: 200 };
	const SIGNED_IN = { anonymous: 401, manager: 200, reviewer: 200, contractor: 200, observer: 200, outsider: 200, reviewerOfB: 200, managerOfB: 200, admin: 200 };
	// Managers of any campaign may create campaigns and organisations.
	const CREATORS = { ...MANAGE, managerOfB: 200 };
	const ADMIN = { ...MANAGE, manager: 403 };
	let orgId: number;
	beforeAll(async () => {
		const r = await as('manager')(`/api/campaigns/${A}/assignments`);
		orgId = (await r.json()).organisations[0].id;
	});
	// [method, path, body, expected per role]. Bodies are valid and idempotent, so a 200 for one role
	// does not change what the next role sees.
	const matrix: [string, () => string, (() => unknown) | null, Record<Who, number>][] = [
		['GET', () => `/api/campaigns/${A}/members`, null, MANAGE],
		['GET', () => `/api/campaigns/${A}/organisations`, null, MANAGE],
		['GET', () => `/api/campaigns/${A}/invitations`, null, MANAGE],
		['GET', () => `/api/campaigns/${A}/settings`, null, MANAGE],
		['PUT', () => `/api/campaigns/${A}/settings`, () => ({ reviewUnassigned: false }), MANAGE],
		['GET', () => `/api/campaigns/${A}/audit`, null, MANAGE],
		['GET', () => `/api/campaigns/${A}/assignments`, null, READ],
		['POST', () => `/api/campaigns/${A}/assignments`, () => ({ organisationId: orgId, tileIds: [tileA], action: 'assign' }), MANAGE],
		['GET', () => '/api/me/tiles', null, SIGNED_IN],
		['GET', () => '/api/organisations', null, CREATORS],
		['GET', () => '/api/admin/users', null, ADMIN],
		['GET', () => '/api/admin/audit', null, ADMIN]
	];
	for (const [method, path, body, expected] of matrix) {
		it(`${method} ${path().replace(String(A), ':id')}`, async () => {
			const got: Record<string, number> = {};
			for (const who of Object.keys(expected) as Who[]) {
				const r = await as(who)(path(), { method, ...(body ? { body: JSON.stringify(body()) } : {}) });
				got[who] = r.status;
			}
			expect(got).toEqual(expected);
		});
	}

	it('keeps campaign A’s roles closed to campaign B’s manager', async () => {
		const observer = (await (await as('manager')(`/api/campaigns/${A}/members`)).json()).find((m: { email: string }) => m.email === 'observer@demo.local');
		const writes: [string, string, unknown][] = [
			['POST', `/api/campaigns/${A}/members`, { email: 'b.reviewer@example.org', role: 'reviewer', organisationId: orgId }],
			['PATCH', `/api/campaigns/${A}/members/${observer.userId}`, { role: 'reviewer', organisationId: orgId }],
			['DELETE', `/api/campaigns/${A}/members/${observer.userId}`, undefined],
			['POST', `/api/campaigns/${A}/invitations`, { role: 'reviewer', organisationId: orgId, maxUses: null, expiresInDays: 7 }],
			['PUT', `/api/campaigns/${A}/settings`, { reviewUnassigned: true }],
			['POST', `/api/campaigns/${A}/assignments`, { organisationId: orgId, tileIds: [tileA], action: 'unassign' }]
		];
		for (const [method, path, body] of writes) {
			const r = await as('managerOfB')(path, { method, ...(body ? { body: JSON.stringify(body) } : {}) });
			expect(r.status, `${method} ${path}`).toBe(403);
		}
	});

	it('keeps campaign B’s management closed to campaign A’s manager', async () => {
		for (const path of [`/api/campaigns/${B}/members`, `/api/campaigns/${B}/invitations`, `/api/campaigns/${B}/audit`, `/api/campaigns/${B}/assignments`]) {
			expect((await as('manager')(path)).status, path).toBe(403);
		}
		const post = await as('manager')(`/api/campaigns/${B}/invitations`, { method: 'POST', body: JSON.stringify({ role: 'observer', maxUses: 1, expiresInDays: 7 }) });
		expect(post.status).toBe(403);
	});
});

describe('granting across campaigns: nobody without a role in A changes what anyone can do in A', () => {
	/** The western commune of the demo, given half of A's tiles, and one of them. */
	let communeA: number;
	let communeA2: number;
	let tileOfCommuneA: number;
	beforeAll(async () => {
		const assignments = (await (await as('manager')(`/api/campaigns/${A}/assignments`)).json()) as { organisations: { id: number; name: string }[]; tiles: Record<string, number[]> };
		communeA = assignments.organisations.find((o) => o.name === 'Commune de Prairie-Ouest (démo)')!.id;
		communeA2 = assignments.organisations.find((o) => o.name === 'Communauté de communes des Prairies-Est (démo)')!.id;
		tileOfCommuneA = Number(Object.entries(assignments.tiles).find(([, orgs]) => orgs.includes(communeA))![0]);
	});
	const aReviewer = async () => asUser(server.url, await signIn(server.url, 'a.reviewer@example.org', 'reviewer-pw'));
	const mayReviewInA = async () => (await (await (await aReviewer())(`/api/campaigns/${A}/tiles/${tileOfCommuneA}`)).json()).mayReview as boolean;

	it('B’s manager may give roles and invitations in B only for B’s organisations', async () => {
		const member = await as('managerOfB')(`/api/campaigns/${B}/members`, { method: 'POST', body: JSON.stringify({ email: 'someone@example.org', role: 'observer', organisationId: communeA2 }) });
		expect(member.status).toBe(400);
		expect(await member.json()).toMatchObject({ code: 'organisation_not_in_campaign', message: expect.stringMatching(/Prairies-Est.*not one of this campaign’s organisations/) });
		const invitation = await as('managerOfB')(`/api/campaigns/${B}/invitations`, { method: 'POST', body: JSON.stringify({ role: 'reviewer', organisationId: communeA2, maxUses: 1, expiresInDays: 7 }) });
		expect(invitation.status).toBe(400);
		const own = await as('managerOfB')(`/api/campaigns/${B}/organisations`);
		expect((await own.json()).map((o: { name: string }) => o.name)).toEqual(['Commune B']);
	});

	it('adding someone to A’s organisation through B’s members endpoint does not make them a reviewer of A’s tiles', async () => {
		expect(await mayReviewInA()).toBe(false);
		// B's manager gives one of B's own tiles to A's commune (their right: it only concerns B); the
		// commune is then one of B's organisations, and they give a role in B acting for it.
		const assign = await as('managerOfB')(`/api/campaigns/${B}/assignments`, { method: 'POST', body: JSON.stringify({ organisationId: communeA, tileIds: [tileB], action: 'assign' }) });
		expect(assign.status).toBe(200);
		const added = await as('managerOfB')(`/api/campaigns/${B}/members`, { method: 'POST', body: JSON.stringify({ email: 'a.reviewer@example.org', role: 'observer', organisationId: communeA }) });
		expect(added.ok, await added.clone().text()).toBe(true);
		// In A, their role names no organisation: still none of the commune's tiles.
		expect(await mayReviewInA()).toBe(false);
		const detail = await (await (await aReviewer())(`/api/campaigns/${A}`)).json();
		expect(detail.access.organisationIds).toEqual([]);
		const mine = (await (await (await aReviewer())('/api/me/tiles')).json()) as { campaign: { id: number }; tiles: unknown[] }[];
		expect(mine.find((c) => c.campaign.id === A)?.tiles ?? []).toEqual([]);
		// Nor through an invitation of B for that commune.
		const created = await as('managerOfB')(`/api/campaigns/${B}/invitations`, { method: 'POST', body: JSON.stringify({ role: 'reviewer', organisationId: communeA, maxUses: 1, expiresInDays: 7 }) });
		expect(created.status).toBe(201);
		const token = (await created.json()).url.split('/invite/')[1];
		expect((await (await aReviewer())(`/api/invitations/${token}/accept`, { method: 'POST' })).status).toBe(200);
		expect(await mayReviewInA()).toBe(false);
		// A's own manager can: by naming the commune in the role in A.
		const me = (await (await as('manager')(`/api/campaigns/${A}/members`)).json()).find((m: { email: string }) => m.email === 'a.reviewer@example.org');
		expect((await as('manager')(`/api/campaigns/${A}/members/${me.userId}`, { method: 'PATCH', body: JSON.stringify({ organisationId: communeA }) })).status).toBe(200);
		expect(await mayReviewInA()).toBe(true);
	});
});

describe('cross-campaign access', () => {
	it('lists only the campaigns a user has a role in', async () => {
		const ids = async (who: Who) => ((await (await as(who)('/api/campaigns')).json()) as { id: number }[]).map((c) => c.id).sort();
		expect(await ids('reviewer')).toEqual([A]);
		expect(await ids('reviewerOfB')).toEqual([B]);
		expect(await ids('outsider')).toEqual([]);
		expect(await ids('admin')).toEqual([A, B].sort());
		expect((await as('anonymous')('/api/campaigns')).status).toBe(401);
	});

	it('refuses campaign B’s data to campaign A’s people by id, and the other way round', async () => {
		for (const path of [`/api/campaigns/${B}`, `/api/campaigns/${B}/tiles`, `/api/campaigns/${B}/tiles/${tileB}`, `/api/campaigns/${B}/tiles/${tileB}/landcover`, `/api/campaigns/${B}/imagery/10/0/0`]) {
			for (const who of ['manager', 'reviewer', 'contractor', 'observer'] as const) expect((await as(who)(path)).status, `${who} ${path}`).toBe(403);
			expect((await as('reviewerOfB')(path)).status, path).not.toBe(403);
		}
		expect((await as('reviewerOfB')(`/api/campaigns/${A}/tiles/${tileA}`)).status).toBe(403);
	});

	it('does not let a tile of B be read through campaign A’s address', async () => {
		expect((await as('manager')(`/api/campaigns/${A}/tiles/${tileB}`)).status).toBe(404);
		expect((await as('manager')(`/api/campaigns/${A}/tiles/${tileB}/landcover`)).status).toBe(404);
	});

	it('answers 403, not 404, for a campaign id that does not exist, so ids reveal nothing', async () => {
		expect((await as('manager')('/api/campaigns/999999')).status).toBe(403);
		expect((await as('admin')('/api/campaigns/999999')).status).toBe(404);
	});
});

describe('pages', () => {
	it('send a visitor without a session to the sign-in page, remembering where they were going', async () => {
		const r = await fetch(`${server.url}/campaigns/${A}`, { redirect: 'manual' });
		expect(r.status).toBe(303);
		expect(r.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`/campaigns/${A}`)}`);
	});

	it('offer the new-campaign form to managers and admins only', async () => {
		expect((await as('manager')('/campaigns/new')).status).toBe(200);
		expect((await as('admin')('/campaigns/new')).status).toBe(200);
		expect((await as('reviewer')('/campaigns/new')).status).toBe(403);
		expect((await as('contractor')('/campaigns/new')).status).toBe(403);
	});

	it('refuse a campaign page to a user without a role in it', async () => {
		const r = await as('outsider')(`/campaigns/${A}`, { redirect: 'manual' });
		expect(r.status).toBe(403);
	});
});

/** Status of a websocket handshake (the server answers a plain HTTP status when it refuses). */
function handshake(path: string, headers: Record<string, string> = {}): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = request(server.url + path, {
			headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers }
		});
		req.on('response', (res) => {
			res.resume();
			resolve(res.statusCode!);
		});
		req.on('upgrade', (_res, socket) => {
			socket.destroy();
			resolve(101);
		});
		req.on('error', reject);
		req.end();
	});
}

describe('websocket connections', () => {
	it('are checked like HTTP requests: session, role on the campaign, tile in the campaign, our origin', async () => {
		const room = () => `/collab/campaigns/${A}/tiles/${tileA}`;
		const withCookie = (who: Who, extra: Record<string, string> = {}) => handshake(room(), { cookie: cookies[who]!, ...extra });
		expect(await handshake(room())).toBe(401);
		expect(await withCookie('outsider')).toBe(403);
		expect(await withCookie('reviewerOfB')).toBe(403);
		expect(await withCookie('manager', { origin: 'https://evil.example' })).toBe(403);
		expect(await handshake(`/collab/campaigns/${A}/tiles/${tileB}`, { cookie: cookies.manager! })).toBe(404);
		// Contractors never see reviewers' work in progress: they never connect.
		expect(await withCookie('contractor')).toBe(403);
		// Readers (observer) and writers (manager) join the room.
		expect(await withCookie('observer')).toBe(101);
		expect(await withCookie('manager', { origin: server.url })).toBe(101);
		expect(await handshake('/somewhere-else', { cookie: cookies.manager! })).toBe(404);
	});
});

describe('security of sign-in and requests', () => {
	const login = (email: string, password: string, headers: Record<string, string> = {}) =>
		fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en', ...headers }, body: JSON.stringify({ email, password }) });

	it('gives the same answer for an unknown e-mail and a wrong password', async () => {
		const unknown = await login('nobody@example.org', 'whatever-pw');
		const wrong = await login('observer@demo.local', 'wrong-pw');
		expect([unknown.status, wrong.status]).toEqual([401, 401]);
		expect(await unknown.json()).toEqual(await wrong.json());
	});

	it('throttles password guessing on an account, even once the right password comes', async () => {
		for (let i = 0; i < 5; i++) expect((await login('contractor@demo.local', `guess-${i}`)).status).toBe(401);
		const blocked = await login('contractor@demo.local', 'demo');
		expect(blocked.status).toBe(429);
		expect((await blocked.json()).message).toMatch(/Too many failed sign-in attempts/);
		// The same for an account that does not exist: the throttle does not reveal accounts either.
		for (let i = 0; i < 5; i++) await login('ghost@example.org', `guess-${i}`);
		expect((await login('ghost@example.org', 'x')).status).toBe(429);
	});

	it('sets an httpOnly, SameSite=Lax session cookie and signs out on the server', async () => {
		const r = await login('observer@demo.local', 'demo');
		const setCookie = r.headers.getSetCookie().find((c) => c.startsWith('recette_session='))!;
		expect(setCookie).toMatch(/HttpOnly/);
		expect(setCookie).toMatch(/SameSite=Lax/);
		// Plain HTTP here: Secure would make browsers drop it (it is set behind HTTPS, see README).
		expect(setCookie).not.toMatch(/Secure/);
		const cookie = setCookie.split(';')[0];
		expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })).status).toBe(200);
		expect((await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie } })).status).toBe(204);
		// The old cookie is dead even if a client kept it.
		expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
	});

	it('refuses state-changing requests from another site (CSRF)', async () => {
		const cross = await fetch(`${server.url}/api/uploads`, { method: 'POST', headers: { cookie: cookies.manager!, origin: 'https://evil.example', 'accept-language': 'en' } });
		expect(cross.status).toBe(403);
		expect((await cross.json()).code).toBe('cross_site');
		const fetchMeta = await fetch(`${server.url}/api/uploads`, { method: 'POST', headers: { cookie: cookies.manager!, 'sec-fetch-site': 'cross-site' } });
		expect(fetchMeta.status).toBe(403);
		const sameSite = await fetch(`${server.url}/api/uploads`, { method: 'POST', headers: { cookie: cookies.manager!, origin: server.url } });
		expect(sameSite.status).toBe(201);
	});

	it('sends security headers, with a CSP that lets MapLibre run and forbids framing', async () => {
		const page = await as('manager')(`/campaigns/${A}`);
		expect(page.status).toBe(200);
		const csp = page.headers.get('content-security-policy')!;
		for (const directive of ["frame-ancestors 'none'", "worker-src 'self' blob:", "img-src 'self' data: blob:", "object-src 'none'"]) expect(csp).toContain(directive);
		expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
		expect(csp).not.toMatch(/unsafe-eval/);
		expect(page.headers.get('x-content-type-options')).toBe('nosniff');
		expect(page.headers.get('referrer-policy')).toBe('same-origin');
		const apiAnswer = await as('manager')(`/api/campaigns/${A}`);
		expect(apiAnswer.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
		expect(apiAnswer.headers.get('x-content-type-options')).toBe('nosniff');
	});
});

describe('Content-Security-Policy of campaign pages', () => {
	it('allows a campaign’s external imagery service on that campaign’s pages only', async () => {
		const csp = async (who: Who, path: string) => {
			const r = await as(who)(path, { redirect: 'manual' });
			return { status: r.status, csp: r.headers.get('content-security-policy') ?? '' };
		};
		const own = await csp('reviewerOfB', `/campaigns/${B}`);
		expect(own.status).toBe(200);
		expect(own.csp).toMatch(/img-src [^;]*https:\/\/tiles\.example\.org/);
		expect(own.csp).toMatch(/connect-src [^;]*https:\/\/tiles\.example\.org/);
		expect((await csp('reviewerOfB', `/campaigns/${B}/tiles/${tileB}`)).csp).toContain('https://tiles.example.org');
		// Nowhere else: not the sign-in page, not the home page, not another campaign's pages, and not
		// B's pages for someone who may not see B.
		for (const [who, path] of [
			['anonymous', '/login'],
			['reviewerOfB', '/'],
			['manager', `/campaigns/${A}`],
			['manager', `/campaigns/${A}/tiles/${tileA}`],
			['manager', `/campaigns/${B}`],
			['manager', '/campaigns/new']
		] as [Who, string][]) {
			const page = await csp(who, path);
			expect(page.csp, `${who} ${path}`).toMatch(/default-src/);
			expect(page.csp, `${who} ${path}`).not.toContain('tiles.example.org');
		}
	});
});

// Last: it deletes campaign B.
describe('deleting a campaign', () => {
	const del = (who: Who, id: number, confirm: string) => as(who)(`/api/campaigns/${id}`, { method: 'DELETE', body: JSON.stringify({ confirm }) });

	it('is for its managers and site admins, confirmed by the exact name, and recorded in the trail', async () => {
		expect((await del('reviewerOfB', B, 'Campaign B')).status).toBe(403);
		expect((await del('manager', B, 'Campaign B')).status).toBe(403);
		expect((await del('anonymous', B, 'Campaign B')).status).toBe(401);
		const wrong = await del('admin', B, 'campaign b');
		expect(wrong.status).toBe(400);
		expect((await wrong.json()).message).toMatch(/exact name: Campaign B/);
		expect((await as('reviewerOfB')(`/api/campaigns/${B}`)).status).toBe(200);

		expect((await del('admin', B, 'Campaign B')).status).toBe(200);
		expect((await as('admin')(`/api/campaigns/${B}`)).status).toBe(404);
		expect(await (await as('reviewerOfB')('/api/campaigns')).json()).toEqual([]);
		const trail = (await (await as('admin')('/api/admin/audit')).json()) as { events: { action: string; campaignId: number; actorEmail: string }[] };
		expect(trail.events.find((e) => e.action === 'campaign.delete')).toMatchObject({ campaignId: B, actorEmail: 'admin@example.org' });
	});

	it('keeps the shared demo campaign while the server runs in demo mode', async () => {
		const r = await del('admin', A, (await (await as('admin')(`/api/campaigns/${A}`)).json()).name);
		expect(r.status).toBe(409);
		expect((await as('manager')(`/api/campaigns/${A}`)).status).toBe(200);
	});
});

describe('behind an HTTPS reverse proxy', () => {
	it('marks the session cookie Secure when the deployment says it is reached over HTTPS', async () => {
		const proxied = await startServer({ PROTOCOL_HEADER: 'x-forwarded-proto', HOST_HEADER: 'x-forwarded-host' });
		try {
			const login = (proto: string) =>
				fetch(`${proxied.url}/api/auth/login`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', 'x-forwarded-proto': proto, 'x-forwarded-host': 'recette.example.fr' },
					body: JSON.stringify({ email: 'observer@demo.local', password: 'demo' })
				});
			const https = (await login('https')).headers.getSetCookie().find((c) => c.startsWith('recette_session='))!;
			expect(https).toMatch(/;\s*Secure/);
			const http = (await login('http')).headers.getSetCookie().find((c) => c.startsWith('recette_session='))!;
			expect(http).not.toMatch(/Secure/);
		} finally {
			await proxied.stop();
		}
	}, 60_000);
});
