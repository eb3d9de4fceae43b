import { rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/lib/server/db/db.ts';
import { createInvitation } from '../../src/lib/server/people/invitations.service.ts';
import { createResetLink } from '../../src/lib/server/auth/password-resets.service.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

/**
 * Accounts over real HTTP against the production build: sign-in form, sign-out, first-run setup,
 * password links, invitation links (describe, register, accept) and demo accounts outside demo mode.
 * Invitations and reset links are made with the services on the server's own SQLite file (WAL mode
 * lets two processes share it), as an administrator's tools would.
 */

const EN = { 'accept-language': 'en' };

/** The session cookie a response set, as a Cookie header value. */
function sessionCookie(r: Response): string {
	const c = r.headers.getSetCookie().find((h) => h.startsWith('recette_session='));
	if (!c) throw new Error(`no session cookie (status ${r.status})`);
	return c.split(';')[0];
}

/**
 * A form post as a browser without JavaScript sends it: same-origin Origin header (SvelteKit checks
 * it) and Accept: text/html (for "any type" SvelteKit answers as to its own enhanced forms, in JSON).
 */
function postForm(server: RunningServer, path: string, fields: Record<string, string>, cookie?: string): Promise<Response> {
	return fetch(server.url + path, {
		method: 'POST',
		redirect: 'manual',
		body: new URLSearchParams(fields),
		headers: { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) }
	});
}

function postJson(server: RunningServer, path: string, body: unknown, cookie?: string): Promise<Response> {
	return fetch(server.url + path, {
		method: 'POST',
		body: JSON.stringify(body),
		headers: { ...EN, 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }
	});
}

const getWith = (server: RunningServer, path: string, cookie?: string) =>
	fetch(server.url + path, { redirect: 'manual', headers: { ...EN, ...(cookie ? { cookie } : {}) } });

/**
 * A JSON POST with headers fetch() will not send as given (a forged Host), as any client outside a
 * browser can. Resolves to the status and the parsed body.
 */
function rawPost(server: RunningServer, path: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; body: any }> {
	return new Promise((resolve, reject) => {
		const data = JSON.stringify(body);
		const req = request(server.url + path, { method: 'POST', headers: { ...EN, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(data)), ...headers } }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (chunk) => (text += chunk));
			res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null }));
		});
		req.on('error', reject);
		req.end(data);
	});
}

describe('demo-mode server', () => {
	let server: RunningServer;
	let db: Db;
	let campaignId: number;
	let manager: { id: number; email: string };
	let orgId: number;

	beforeAll(async () => {
		server = await startServer({ RECETTE_DEMO: '1' });
		db = createDb(join(server.dir, 'recette.db'));
		campaignId = (db.$client.prepare('SELECT id FROM campaigns ORDER BY id LIMIT 1').get() as { id: number }).id;
		manager = db.$client.prepare("SELECT id, email FROM users WHERE email = 'manager@demo.local'").get() as { id: number; email: string };
		orgId = (db.$client.prepare("SELECT organisation_id AS id FROM campaign_members m JOIN users u ON u.id = m.user_id WHERE u.email = 'reviewer1@demo.local'").get() as { id: number }).id;
	}, 120_000);
	afterAll(async () => {
		db?.$client.close();
		await server?.stop();
	});

	it('lists the demo accounts on the sign-in page and sends pages without a session there', async () => {
		const home = await getWith(server, '/campaigns/1');
		expect(home.status).toBe(303);
		expect(home.headers.get('location')).toBe('/login?next=%2Fcampaigns%2F1');
		const html = await (await getWith(server, '/login')).text();
		expect(html).toContain('data-testid="demo-accounts"');
		expect(html).toContain('data-testid="demo-login-manager@demo.local"');
		// Demo mode has no administrator, but the first-run link is only for real installations.
		expect(html).not.toContain('data-testid="setup-link"');
	});

	it('signs in with the form, follows only same-site ?next=, and signs out on the server', async () => {
		const wrong = await postForm(server, '/login', { email: 'manager@demo.local', password: 'nope' });
		expect(wrong.status).toBe(401);
		expect(await wrong.text()).toContain('Adresse e-mail ou mot de passe incorrect.');

		const evil = await postForm(server, '/login?next=%2F%2Fevil.example', { email: 'manager@demo.local', password: 'demo' });
		expect(evil.status).toBe(303);
		expect(evil.headers.get('location')).toBe('/');

		const ok = await postForm(server, `/login?next=${encodeURIComponent(`/campaigns/${campaignId}`)}`, { email: 'Manager@Demo.local ', password: 'demo' });
		expect(ok.status).toBe(303);
		expect(ok.headers.get('location')).toBe(`/campaigns/${campaignId}`);
		const cookie = sessionCookie(ok);
		expect((await getWith(server, '/api/auth/me', cookie)).status).toBe(200);

		const out = await postForm(server, '/logout', {}, cookie);
		expect(out.status).toBe(303);
		expect(out.headers.get('location')).toBe('/login');
		// The session is gone from the server, not only from the browser.
		expect((await getWith(server, '/api/auth/me', cookie)).status).toBe(401);
	});

	it('describes an invitation, registers through it, and leaves no account behind for a dead link', async () => {
		const { token } = createInvitation(db, campaignId, { role: 'reviewer', organisationId: orgId, maxUses: 1, expiresInDays: 7 }, manager);

		const described = await getWith(server, `/api/invitations/${token}`);
		expect(described.status).toBe(200);
		const body = await described.json();
		expect(body).toMatchObject({ campaignId, role: 'reviewer', organisationName: 'Commune de Prairie-Ouest (démo)' });
		expect(body.expiresAt).toBeGreaterThan(Date.now());
		expect(body).not.toHaveProperty('secretHash');

		// Too short a password: refused before anything is created.
		const weak = await postJson(server, `/api/invitations/${token}/register`, { email: 'weak@example.org', password: 'short' });
		expect(weak.status).toBe(400);
		expect(db.$client.prepare("SELECT 1 FROM users WHERE email = 'weak@example.org'").get()).toBeUndefined();

		const reg = await postJson(server, `/api/invitations/${token}/register`, { email: 'Newcomer@Example.org', name: 'Nouvelle Venue', password: 'correct horse battery' });
		expect(reg.status, await reg.clone().text()).toBe(201);
		const cookie = sessionCookie(reg);
		const me = await (await getWith(server, '/api/auth/me', cookie)).json();
		expect(me.user).toMatchObject({ email: 'newcomer@example.org', name: 'Nouvelle Venue', isAdmin: false });
		const member = db.$client.prepare('SELECT role, organisation_id FROM campaign_members WHERE campaign_id = ? AND user_id = ?').get(campaignId, me.user.id);
		expect(member).toEqual({ role: 'reviewer', organisation_id: orgId });
		const campaigns = await (await getWith(server, '/api/campaigns', cookie)).json();
		expect(campaigns.map((c: { id: number }) => c.id)).toContain(campaignId);

		// The single use is spent: the link now looks like any unknown link, and registering creates nothing.
		const used = await getWith(server, `/api/invitations/${token}`);
		const unknown = await getWith(server, '/api/invitations/not-a-token');
		expect(used.status).toBe(404);
		expect(unknown.status).toBe(404);
		expect((await used.json()).message).toBe((await unknown.json()).message);
		const late = await postJson(server, `/api/invitations/${token}/register`, { email: 'late@example.org', password: 'correct horse battery' });
		expect(late.status).toBe(404);
		expect(db.$client.prepare("SELECT 1 FROM users WHERE email = 'late@example.org'").get()).toBeUndefined();
	});

	it('two newcomers racing for a single-use link: one gets in, the other leaves no account', async () => {
		const { token } = createInvitation(db, campaignId, { role: 'observer', organisationId: null, maxUses: 1, expiresInDays: 7 }, manager);
		const emails = ['racer1@example.org', 'racer2@example.org', 'racer3@example.org'];
		// Sent together: each passes the first usability check while the others hash their password,
		// so the losers' accounts are created and must be deleted when accepting fails.
		const answers = await Promise.all(emails.map((email) => postJson(server, `/api/invitations/${token}/register`, { email, password: 'correct horse battery' })));
		expect(answers.map((r) => r.status).sort()).toEqual([201, 404, 404]);
		const left = emails.filter((e) => db.$client.prepare('SELECT 1 FROM users WHERE email = ?').get(e));
		expect(left).toHaveLength(1);
		// Proof the compensating delete ran (not only the early check): accounts were created, then removed.
		const created = (db.$client.prepare("SELECT details FROM audit_events WHERE action = 'user.create'").all() as { details: string }[])
			.map((r) => JSON.parse(r.details).email)
			.filter((e: string) => emails.includes(e));
		expect(created.length).toBeGreaterThan(1);
	});

	it('lets a signed-in person join with their account, and asks others to sign in', async () => {
		const { token } = createInvitation(db, campaignId, { role: 'contractor', organisationId: null, maxUses: null, expiresInDays: 7 }, manager);
		expect((await postJson(server, `/api/invitations/${token}/accept`, {})).status).toBe(401);

		const login = await postJson(server, '/api/auth/login', { email: 'observer@demo.local', password: 'demo' });
		const cookie = sessionCookie(login);
		const userId = (await login.json()).user.id;
		const page = await (await getWith(server, `/invite/${token}`, cookie)).text();
		expect(page).toContain('data-testid="invite-join"');

		const joined = await postForm(server, `/invite/${token}?/join`, {}, cookie);
		expect(joined.status).toBe(303);
		// They land on their home page, welcomed into the campaign (what to do next, their tiles).
		expect(joined.headers.get('location')).toBe(`/?welcome=${campaignId}`);
		expect(db.$client.prepare('SELECT role FROM campaign_members WHERE campaign_id = ? AND user_id = ?').get(campaignId, userId)).toEqual({ role: 'contractor' });

		const anonymous = await (await getWith(server, `/invite/${token}`)).text();
		expect(anonymous).toContain('data-testid="invite-register"');
		expect(anonymous).toContain(`/login?next=${encodeURIComponent(`/invite/${token}`)}`);
		const dead = await (await getWith(server, '/invite/nothing.here')).text();
		expect(dead).toContain('data-testid="invite-invalid"');
	});

	it('makes invitation links on the address the server listens on, whatever the Host header says', async () => {
		const cookie = sessionCookie(await postJson(server, '/api/auth/login', { email: 'manager@demo.local', password: 'demo' }));
		const r = await rawPost(server, `/api/campaigns/${campaignId}/invitations`, { cookie, host: 'evil.example' }, { role: 'observer', organisationId: null, maxUses: 1, expiresInDays: 7 });
		expect(r.status, JSON.stringify(r.body)).toBe(201);
		// Demo mode without ORIGIN: the listening address (127.0.0.1:<port> for this test server).
		expect(r.body.url).toMatch(new RegExp(`^${server.url}/invite/[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{43}$`));
	});

	it('registering through a link with the address of an existing account never says the account exists', async () => {
		const invite = () => createInvitation(db, campaignId, { role: 'observer', organisationId: null, maxUses: null, expiresInDays: 7 }, manager).token;
		const token = invite();
		const wrong = await postJson(server, `/api/invitations/${token}/register`, { email: 'Newcomer@example.org', password: 'not the right one' });
		expect(wrong.status).toBe(401);
		const body = await wrong.json();
		expect(body.code).toBe('invalid_credentials');
		expect(body.message).not.toMatch(/exists|taken|in use/i);
		expect(wrong.headers.getSetCookie().filter((c) => c.startsWith('recette_session='))).toEqual([]);
		// With the account's own password, it is its owner: they join with their account and are signed in.
		const user = db.$client.prepare("SELECT id FROM users WHERE email = 'newcomer@example.org'").get() as { id: number };
		db.$client.prepare('DELETE FROM campaign_members WHERE user_id = ?').run(user.id);
		const right = await postJson(server, `/api/invitations/${token}/register`, { email: 'newcomer@example.org', password: 'correct horse battery' });
		expect(right.status, await right.clone().text()).toBe(201);
		expect((await right.json()).user).toMatchObject({ id: user.id, email: 'newcomer@example.org' });
		expect((await getWith(server, '/api/auth/me', sessionCookie(right))).status).toBe(200);
		expect(db.$client.prepare('SELECT role FROM campaign_members WHERE campaign_id = ? AND user_id = ?').get(campaignId, user.id)).toEqual({ role: 'observer' });
		expect((db.$client.prepare("SELECT count(*) AS n FROM users WHERE email = 'newcomer@example.org'").get() as { n: number }).n).toBe(1);
		// Guessing an account's password there is throttled like signing in.
		for (let i = 0; i < 5; i++) {
			const guess = await postJson(server, `/api/invitations/${token}/register`, { email: 'contractor@demo.local', password: `guess number ${i}` });
			expect(guess.status).toBe(401);
		}
		const throttled = await postJson(server, `/api/invitations/${token}/register`, { email: 'contractor@demo.local', password: 'guess number 5' });
		expect(throttled.status).toBe(429);
	});

	it('a password link works once, and signs the account out everywhere', async () => {
		const user = db.$client.prepare("SELECT id FROM users WHERE email = 'newcomer@example.org'").get() as { id: number };
		const before = sessionCookie(await postJson(server, '/api/auth/login', { email: 'newcomer@example.org', password: 'correct horse battery' }));
		const { token } = createResetLink(db, user.id, manager);

		const page = await (await getWith(server, `/reset/${token}`)).text();
		expect(page).toContain('newcomer@example.org');

		const mismatch = await postForm(server, `/reset/${token}`, { password: 'a new long password', confirm: 'another password' });
		expect(mismatch.status).toBe(400);

		const done = await postForm(server, `/reset/${token}`, { password: 'a new long password', confirm: 'a new long password' });
		expect(done.status).toBe(303);
		expect(done.headers.get('location')).toBe('/login?reset=done');
		expect((await getWith(server, '/api/auth/me', before)).status).toBe(401);

		const again = await postForm(server, `/reset/${token}`, { password: 'yet another password', confirm: 'yet another password' });
		expect(again.status).toBe(404);
		expect(await (await getWith(server, `/reset/${token}`)).text()).toContain('data-testid="reset-invalid"');

		expect((await postJson(server, '/api/auth/login', { email: 'newcomer@example.org', password: 'a new long password' })).status).toBe(200);
		expect((await postJson(server, '/api/auth/login', { email: 'newcomer@example.org', password: 'yet another password' })).status).toBe(401);
	});

	it('changes one’s own password only with the current one, keeping this session', async () => {
		const here = sessionCookie(await postJson(server, '/api/auth/login', { email: 'newcomer@example.org', password: 'a new long password' }));
		const elsewhere = sessionCookie(await postJson(server, '/api/auth/login', { email: 'newcomer@example.org', password: 'a new long password' }));

		const wrong = await postForm(server, '/account?/password', { current: 'not it', password: 'brand new password', confirm: 'brand new password' }, here);
		expect(wrong.status).toBe(400);
		const ok = await postForm(server, '/account?/password', { current: 'a new long password', password: 'brand new password', confirm: 'brand new password' }, here);
		expect(ok.status).toBe(200);
		expect((await getWith(server, '/api/auth/me', here)).status).toBe(200);
		expect((await getWith(server, '/api/auth/me', elsewhere)).status).toBe(401);

		// Demo accounts are shared by every visitor: their password cannot be changed.
		const demo = sessionCookie(await postJson(server, '/api/auth/login', { email: 'reviewer2@demo.local', password: 'demo' }));
		const refused = await postForm(server, '/account?/password', { current: 'demo', password: 'hijacked password', confirm: 'hijacked password' }, demo);
		expect(refused.status).toBe(403);
	});
});

describe('real installation (RECETTE_DEMO=0)', () => {
	let server: RunningServer;
	beforeAll(async () => {
		// Behind a proxy that says who the client is (sign-in throttling counts per address).
		server = await startServer({ RECETTE_DEMO: '0', ADDRESS_HEADER: 'x-forwarded-for' });
	}, 120_000);
	afterAll(() => server?.stop());

	it('offers first-run setup until an administrator exists, then refuses it', async () => {
		const login = await (await getWith(server, '/login')).text();
		expect(login).toContain('data-testid="setup-link"');
		expect(login).not.toContain('demo-accounts');
		expect(await (await getWith(server, '/setup')).text()).toContain('data-testid="setup-form"');

		const mismatch = await postForm(server, '/setup', { email: 'admin@example.org', name: 'Admin', password: 'long enough password', confirm: 'different' });
		expect(mismatch.status).toBe(400);
		const created = await postForm(server, '/setup', { email: 'admin@example.org', name: 'Admin', password: 'long enough password', confirm: 'long enough password' });
		expect(created.status).toBe(303);
		const me = await (await getWith(server, '/api/auth/me', sessionCookie(created))).json();
		expect(me.user).toMatchObject({ email: 'admin@example.org', isAdmin: true });

		expect(await (await getWith(server, '/setup')).text()).toContain('data-testid="setup-done"');
		const second = await postForm(server, '/setup', { email: 'intruder@example.org', password: 'long enough password', confirm: 'long enough password' });
		expect(second.status).toBe(409);
		expect((await postJson(server, '/api/auth/setup', { email: 'intruder@example.org', password: 'long enough password' })).status).toBe(409);
		expect(await (await getWith(server, '/login')).text()).not.toContain('data-testid="setup-link"');
	});

	it('without ORIGIN, makes no password link (from a forged Host or any other), says what to set, and creates nothing', async () => {
		const admin = sessionCookie(await postJson(server, '/api/auth/login', { email: 'admin@example.org', password: 'long enough password' }));
		const created = await rawPost(server, '/api/admin/users', { cookie: admin, host: 'evil.example' }, { email: 'new.colleague@example.org', name: 'Colleague' });
		expect(created.status).toBe(503);
		expect(created.body).toMatchObject({ code: 'origin_not_configured', message: expect.stringMatching(/set ORIGIN \(e\.g\. ORIGIN=https:\/\/recette\.example\.fr\)/) });
		const users = (await (await getWith(server, '/api/admin/users', admin)).json()) as { email: string; id: number }[];
		expect(users.map((u) => u.email)).not.toContain('new.colleague@example.org');
		const me = users.find((u) => u.email === 'admin@example.org')!;
		expect((await rawPost(server, `/api/admin/users/${me.id}/reset-link`, { cookie: admin }, {})).status).toBe(503);
		// With a password the account needs no link: that still works.
		expect((await rawPost(server, '/api/admin/users', { cookie: admin, host: 'evil.example' }, { email: 'with.password@example.org', password: 'a long enough one' })).status).toBe(201);
	});

	it('slows a password guesser at one address without locking the owner out from theirs', async () => {
		const login = (password: string, address: string) =>
			fetch(`${server.url}/api/auth/login`, {
				method: 'POST',
				headers: { ...EN, 'content-type': 'application/json', 'x-forwarded-for': address },
				body: JSON.stringify({ email: 'with.password@example.org', password })
			});
		for (let i = 0; i < 5; i++) expect((await login(`guess ${i}`, '203.0.113.5')).status).toBe(401);
		// The guesser now waits (5 s after the fifth failure, doubling after each further one) — even with the right password.
		const held = await login('a long enough one', '203.0.113.5');
		expect(held.status).toBe(429);
		// The owner, at their own address, signs in at once.
		expect((await login('a long enough one', '192.0.2.10')).status).toBe(200);
		expect((await held.json()).message).toMatch(/Too many failed sign-in attempts\. Try again in \d+ seconds?\./);
	});
});

describe('demo accounts after demo mode is turned off', () => {
	it('cannot sign in, and their open sessions stop working', async () => {
		const demo = await startServer({ RECETTE_DEMO: '1' }, { keep: true });
		let real: RunningServer | undefined;
		try {
			const login = await postJson(demo, '/api/auth/login', { email: 'manager@demo.local', password: 'demo' });
			expect(login.status).toBe(200);
			const cookie = sessionCookie(login);
			await demo.stop();

			real = await startServer({ RECETTE_DEMO: '0' }, { dir: demo.dir });
			expect((await postJson(real, '/api/auth/login', { email: 'manager@demo.local', password: 'demo' })).status).toBe(401);
			expect((await getWith(real, '/api/auth/me', cookie)).status).toBe(401);
			const page = await (await getWith(real, '/login')).text();
			expect(page).not.toContain('manager@demo.local');
			expect(page).not.toContain('demo-accounts');
		} finally {
			await demo.stop();
			await real?.stop();
			rmSync(demo.dir, { recursive: true, force: true });
		}
	}, 180_000);
});
