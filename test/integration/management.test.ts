import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.ts';

/**
 * The management API against the real production server in demo mode: the demo campaign with its
 * five demo accounts (password "demo"), and no administrator until the first-run setup makes one.
 */
let server: RunningServer;
let campaignId: number;

/** A signed-in HTTP client: keeps the session cookie, reads English messages, sends a same-site Origin. */
class Client {
	cookie = '';
	async request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
		const r = await fetch(server.url + path, {
			method,
			headers: {
				'accept-language': 'en',
				origin: server.url,
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...(this.cookie ? { cookie: this.cookie } : {})
			},
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		const set = r.headers.getSetCookie().find((c) => c.startsWith('recette_session='));
		if (set) this.cookie = set.split(';')[0];
		const text = await r.text();
		return { status: r.status, body: text ? JSON.parse(text) : null };
	}
	get = (path: string) => this.request('GET', path);
	post = (path: string, body?: unknown) => this.request('POST', path, body ?? {});
	patch = (path: string, body: unknown) => this.request('PATCH', path, body);
	put = (path: string, body: unknown) => this.request('PUT', path, body);
	delete = (path: string, body?: unknown) => this.request('DELETE', path, body);
}

async function signIn(email: string, password = 'demo'): Promise<Client> {
	const client = new Client();
	const r = await client.post('/api/auth/login', { email, password });
	expect(r.status, JSON.stringify(r.body)).toBe(200);
	return client;
}

const manager = () => signIn('manager@demo.local');
let admin: Client;

beforeAll(async () => {
	server = await startServer();
	admin = new Client();
	const setup = await admin.post('/api/auth/setup', { email: 'admin@example.org', name: 'Admin', password: 'a long enough admin password' });
	expect(setup.status, JSON.stringify(setup.body)).toBe(201);
	const campaigns = await admin.get('/api/campaigns');
	campaignId = campaigns.body[0].id;
}, 120_000);
afterAll(() => server?.stop());

const userId = async (email: string) => ((await admin.get('/api/admin/users')).body as { id: number; email: string }[]).find((u) => u.email === email)!.id;

describe('campaign invitations', () => {
	it('lets the manager create a multi-use invitation, list it and revoke it', async () => {
		const m = await manager();
		const orgs = await m.get('/api/organisations');
		expect(orgs.status).toBe(200);
		const commune = orgs.body.find((o: { kind: string }) => o.kind === 'commune');
		const created = await m.post(`/api/campaigns/${campaignId}/invitations`, { role: 'reviewer', organisationId: commune.id, maxUses: null, expiresInDays: 14 });
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		expect(created.body.url).toMatch(new RegExp(`^${server.url}/invite/[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{43}$`));
		expect(created.body.invitation).toMatchObject({ role: 'reviewer', organisationId: commune.id, maxUses: null, state: 'active' });
		const id = created.body.invitation.id;

		const revoked = await m.delete(`/api/campaigns/${campaignId}/invitations/${id}`);
		expect(revoked.status).toBe(200);
		const list = await m.get(`/api/campaigns/${campaignId}/invitations`);
		expect(list.body.find((i: { id: string }) => i.id === id).state).toBe('revoked');
		// Revoking twice is a clear 404, not a silent success.
		expect((await m.delete(`/api/campaigns/${campaignId}/invitations/${id}`)).status).toBe(404);
	});

	it('refuses an invitation that lasts longer than a year, saying why', async () => {
		const m = await manager();
		const r = await m.post(`/api/campaigns/${campaignId}/invitations`, { role: 'observer', maxUses: 1, expiresInDays: 400 });
		expect(r.status).toBe(400);
		expect(r.body.message).toContain('at most 365 days');
	});

	it('is not available to a reviewer', async () => {
		const r = await (await signIn('reviewer1@demo.local')).post(`/api/campaigns/${campaignId}/invitations`, { role: 'manager', maxUses: null, expiresInDays: 30 });
		expect(r.status).toBe(403);
	});
});

describe('campaign members and audit trail', () => {
	it('records a role change and a removal, readable by the manager and not by a reviewer', async () => {
		const m = await manager();
		const observer = await userId('observer@demo.local');
		const changed = await m.patch(`/api/campaigns/${campaignId}/members/${observer}`, { role: 'contractor' });
		expect(changed.status, JSON.stringify(changed.body)).toBe(200);
		expect(changed.body.role).toBe('contractor');
		expect((await m.delete(`/api/campaigns/${campaignId}/members/${observer}`)).status).toBe(204);
		expect((await m.get(`/api/campaigns/${campaignId}/members`)).body.map((x: { email: string }) => x.email)).not.toContain('observer@demo.local');

		const trail = await m.get(`/api/campaigns/${campaignId}/audit`);
		expect(trail.status).toBe(200);
		const [removal, change] = trail.body.events;
		expect(removal).toMatchObject({ action: 'member.remove', actorEmail: 'manager@demo.local', subject: { email: 'observer@demo.local' } });
		expect(change).toMatchObject({ action: 'member.role_change', details: { from: 'observer', to: 'contractor' }, subject: { email: 'observer@demo.local' } });

		// Adding them back: existing accounts only, by e-mail.
		const back = await m.post(`/api/campaigns/${campaignId}/members`, { email: 'Observer@Demo.local', role: 'observer' });
		expect(back.status, JSON.stringify(back.body)).toBe(200);
		expect((await m.get(`/api/campaigns/${campaignId}/members`)).body.find((x: { email: string }) => x.email === 'observer@demo.local').role).toBe('observer');
		expect((await m.post(`/api/campaigns/${campaignId}/members`, { email: 'observer@demo.local', role: 'observer' })).status).toBe(409);

		const reviewer = await signIn('reviewer2@demo.local');
		expect((await reviewer.get(`/api/campaigns/${campaignId}/audit`)).status).toBe(403);
		expect((await reviewer.get(`/api/campaigns/${campaignId}/members`)).status).toBe(403);
	});

	it('pages back through the trail with ?before', async () => {
		const m = await manager();
		const first = (await m.get(`/api/campaigns/${campaignId}/audit`)).body.events;
		const older = await m.get(`/api/campaigns/${campaignId}/audit?before=${first[1].id}`);
		expect(older.body.events[0].id).toBe(first[2].id);
		expect((await m.get(`/api/campaigns/${campaignId}/audit?before=abc`)).status).toBe(400);
	});

	it('answers the same whether or not an account uses the e-mail, suggesting an invitation', async () => {
		expect((await admin.post('/api/admin/users', { email: 'colleague@example.org', password: 'a long enough password' })).status).toBe(201);
		const m = await manager();
		const unknown = await m.post(`/api/campaigns/${campaignId}/members`, { email: 'nobody@example.org', role: 'reviewer' });
		const known = await m.post(`/api/campaigns/${campaignId}/members`, { email: 'colleague@example.org', role: 'reviewer' });
		expect([unknown.status, known.status]).toEqual([200, 200]);
		expect(unknown.body.message).toMatch(/If an account uses nobody@example\.org.*Otherwise, send them an invitation link/);
		expect(known.body.message).toBe(unknown.body.message.replace('nobody@example.org', 'colleague@example.org'));
		expect({ ...known.body, email: null, message: null }).toEqual({ ...unknown.body, email: null, message: null });
		// The manager sees who is in their own campaign: the account that exists was added.
		const emails = (await m.get(`/api/campaigns/${campaignId}/members`)).body.map((x: { email: string }) => x.email);
		expect(emails).toContain('colleague@example.org');
		expect(emails).not.toContain('nobody@example.org');
	});

	it('keeps the last manager (409)', async () => {
		const m = await manager();
		const me = await userId('manager@demo.local');
		const removal = await m.delete(`/api/campaigns/${campaignId}/members/${me}`);
		expect(removal.status).toBe(409);
		expect(removal.body.code).toBe('last_manager');
		expect((await m.patch(`/api/campaigns/${campaignId}/members/${me}`, { role: 'reviewer' })).status).toBe(409);
		expect((await m.get(`/api/campaigns/${campaignId}/members`)).body.find((x: { userId: number }) => x.userId === me).role).toBe('manager');
	});

	it('changes the "review unassigned tiles" setting and records it', async () => {
		const m = await manager();
		expect((await m.put(`/api/campaigns/${campaignId}/settings`, { reviewUnassigned: true })).body).toEqual({ reviewUnassigned: true, requiredVerdicts: 1 });
		expect((await m.get(`/api/campaigns/${campaignId}/settings`)).body).toEqual({ reviewUnassigned: true, requiredVerdicts: 1 });
		expect((await m.put(`/api/campaigns/${campaignId}/settings`, { reviewUnassigned: 'yes' })).status).toBe(400);
		expect((await m.get(`/api/campaigns/${campaignId}/audit`)).body.events[0]).toMatchObject({ action: 'campaign.settings', details: { reviewUnassigned: true } });
	});
});

describe('site administration', () => {
	it('creates an account without a password and hands over a reset link that works once', async () => {
		const created = await admin.post('/api/admin/users', { email: 'new.person@example.org', name: 'New Person' });
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		expect(created.body.user).toMatchObject({ email: 'new.person@example.org', hasPassword: false, isAdmin: false });
		expect(created.body.resetUrl).toMatch(new RegExp(`^${server.url}/reset/`));
		const token = created.body.resetUrl.split('/reset/')[1];

		const first = await new Client().post(`/api/auth/reset/${token}`, { password: 'correct horse battery staple' });
		expect(first.status, JSON.stringify(first.body)).toBe(200);
		const again = await new Client().post(`/api/auth/reset/${token}`, { password: 'another long password' });
		expect(again.status).toBe(404);
		await signIn('new.person@example.org', 'correct horse battery staple');
	});

	it('gives a fresh reset link on demand, absolute', async () => {
		const r = await admin.post(`/api/admin/users/${await userId('new.person@example.org')}/reset-link`);
		expect(r.status).toBe(201);
		expect(r.body.url).toMatch(new RegExp(`^${server.url}/reset/`));
	});

	it('signs out a disabled account at once', async () => {
		const reviewer = await signIn('reviewer1@demo.local');
		expect((await reviewer.get('/api/auth/me')).status).toBe(200);
		const r = await admin.patch(`/api/admin/users/${await userId('reviewer1@demo.local')}`, { disabled: true });
		expect(r.status, JSON.stringify(r.body)).toBe(200);
		expect(r.body.disabled).toBe(true);
		expect((await reviewer.get('/api/auth/me')).status).toBe(401);
		expect((await new Client().post('/api/auth/login', { email: 'reviewer1@demo.local', password: 'demo' })).status).toBe(401);
		await admin.patch(`/api/admin/users/${await userId('reviewer1@demo.local')}`, { disabled: false });
	});

	it('revokes all sessions of an account and records it site-wide', async () => {
		const reviewer = await signIn('reviewer2@demo.local');
		const r = await admin.delete(`/api/admin/users/${await userId('reviewer2@demo.local')}/sessions`);
		expect(r.status).toBe(200);
		expect(r.body.revoked).toBeGreaterThanOrEqual(1);
		expect((await reviewer.get('/api/auth/me')).status).toBe(401);
		const trail = await admin.get('/api/admin/audit');
		expect(trail.body.events[0]).toMatchObject({ action: 'user.sessions_revoked', actorEmail: 'admin@example.org', subject: { email: 'reviewer2@demo.local' } });
	});

	it('keeps the last administrator', async () => {
		const r = await admin.patch(`/api/admin/users/${await userId('admin@example.org')}`, { isAdmin: false });
		expect(r.status).toBe(409);
	});

	it('is for administrators only', async () => {
		const m = await manager();
		expect((await m.get('/api/admin/users')).status).toBe(403);
		expect((await m.get('/api/admin/audit')).status).toBe(403);
		expect((await new Client().get('/api/admin/users')).status).toBe(401);
	});
});

describe('organisations', () => {
	it('are listed and created by managers, with a clear error for an unknown kind', async () => {
		const m = await manager();
		const created = await m.post('/api/organisations', { name: 'Parc naturel des Essais', kind: 'parc' });
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		expect((await m.post('/api/organisations', { name: 'parc  naturel des essais', kind: 'parc' })).status).toBe(409);
		const bad = await m.post('/api/organisations', { name: 'Quelque part', kind: 'planet' });
		expect(bad.status).toBe(400);
		expect(bad.body.message).toContain('commune');
		const list = await m.get('/api/organisations');
		expect(list.body.map((o: { name: string }) => o.name)).toContain('Parc naturel des Essais');
	});

	it('refuse reviewers (403)', async () => {
		const r = await signIn('reviewer2@demo.local');
		expect((await r.get('/api/organisations')).status).toBe(403);
		expect((await r.post('/api/organisations', { name: 'Mine', kind: 'commune' })).status).toBe(403);
	});

	it('get members added and removed by e-mail, by admins only', async () => {
		const org = (await admin.get('/api/organisations')).body.find((o: { name: string }) => o.name === 'Parc naturel des Essais');
		const added = await admin.post(`/api/organisations/${org.id}/members`, { email: 'new.person@example.org' });
		expect(added.status, JSON.stringify(added.body)).toBe(200);
		expect(added.body.members.map((u: { email: string }) => u.email)).toEqual(['new.person@example.org']);
		expect((await (await manager()).post(`/api/organisations/${org.id}/members`, { email: 'contractor@demo.local' })).status).toBe(403);
		expect((await admin.post(`/api/organisations/${org.id}/members`, { email: 'ghost@example.org' })).status).toBe(404);
		const removed = await admin.delete(`/api/organisations/${org.id}/members`, { email: 'new.person@example.org' });
		expect(removed.body.members).toEqual([]);
		expect((await admin.get(`/api/organisations/${org.id}`)).body).toMatchObject({ name: 'Parc naturel des Essais', kind: 'parc', memberCount: 0 });
	});
});
