/**
 * The audit trail's sentences against what happened. Every kind of audited action is performed on
 * the real server (HTTP API, form actions, a websocket for the defect a manager restores), then the
 * events it recorded are read back from GET /api/admin/audit — names resolved by the server as the
 * page gets them — and rendered with the page's own `describeAuditEvent` in French and English.
 * A trail must be beyond dispute: "a attribué 7 tuiles à DDT" when 7 tiles went to the DDT, never
 * "0 tuile à une organisation supprimée".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeAuditEvent } from '../../src/lib/components/management/audit-text.ts';
import type { AuditEntry } from '../../src/lib/api/types.ts';
import { en } from '../../src/lib/i18n/en.ts';
import { fr, type MessageKey } from '../../src/lib/i18n/fr.ts';
import { renderMessage, type Params } from '../../src/lib/i18n/translate.ts';
import type { AuditAction } from '../../src/lib/server/audit/audit.service.ts';
import { resolveEpsg, transformer, WGS84 } from '../../src/lib/server/crs/crs.ts';
import { addDefect, eventually, joinTile, type CollabClient } from '../helpers/collab.ts';
import { DEMO, FIXTURES } from '../helpers/db.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { asUser, signIn } from '../helpers/session.ts';

const inFrench = (key: MessageKey, params?: Params) => renderMessage(fr[key], 'fr', params);
const inEnglish = (key: MessageKey, params?: Params) => renderMessage(en[key], 'en', params);

const DEMO_CAMPAIGN = 1;
const OUEST = 'Commune de Prairie-Ouest (démo)';
const EST = 'Communauté de communes des Prairies-Est (démo)';
const DDT = 'DDT Démo (État)';

let server: RunningServer;
const cookies: Record<string, string> = {};
const clients: CollabClient[] = [];
const as = (who: string) => asUser(server.url, cookies[who]);
/** Every action kind seen in this file's events (checked against the full list at the end). */
const seen = new Set<string>();

async function json<T = Record<string, unknown>>(response: Response | Promise<Response>, status = 200): Promise<T> {
	const r = await response;
	const body = await r.text();
	expect(r.status, body).toBe(status);
	return (body ? JSON.parse(body) : null) as T;
}
const send = (who: string, method: string, path: string, body?: unknown) => as(who)(path, { method, body: body === undefined ? undefined : JSON.stringify(body) });

/** Id of the newest event on the site's trail (0 when empty). */
async function lastEventId(): Promise<number> {
	const page = await json<{ events: AuditEntry[] }>(as('admin')('/api/admin/audit'));
	return page.events[0]?.id ?? 0;
}

/**
 * Run `action`, then return the events it recorded (oldest first), as the trail's pages get them.
 * Sign-ins and sign-outs of the test's own sessions are left out unless `keepSessions`.
 */
async function recorded(action: () => Promise<unknown>, keepSessions = false): Promise<AuditEntry[]> {
	const before = await lastEventId();
	await action();
	const page = await json<{ events: AuditEntry[] }>(as('admin')('/api/admin/audit'));
	const events = page.events.filter((e) => e.id > before && (keepSessions || (e.action !== 'auth.sign_in' && e.action !== 'auth.sign_out'))).reverse();
	for (const e of events) seen.add(e.action);
	return events;
}
const french = (events: AuditEntry[]) => events.map((e) => describeAuditEvent(e, inFrench));
const english = (events: AuditEntry[]) => events.map((e) => describeAuditEvent(e, inEnglish));

let ids: Record<string, number>;
let orgs: Record<string, number>;
let tiles: { id: number; name: string }[];
const tileId = (name: string) => tiles.find((t) => t.name === name)!.id;

beforeAll(async () => {
	server = await startServer();
	// The first administrator (site-wide trail reader), then the demo cast.
	const setup = await fetch(`${server.url}/api/auth/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email: 'admin@test.local', name: 'Ada Admin', password: 'admin-password-1' })
	});
	expect(setup.status, await setup.clone().text()).toBe(201);
	cookies.admin = setup.headers.getSetCookie().find((c) => c.startsWith('recette_session='))!.split(';')[0];
	for (const who of ['manager', 'reviewer1', 'observer']) cookies[who] = await signIn(server.url, `${who}@demo.local`);
	ids = {};
	for (const who of ['manager', 'reviewer1', 'observer']) ids[who] = (await json<{ user: { id: number } }>(as(who)('/api/auth/me'))).user.id;
	const overview = await json<{ organisations: { id: number; name: string }[] }>(as('manager')(`/api/campaigns/${DEMO_CAMPAIGN}/assignments`));
	orgs = Object.fromEntries(overview.organisations.map((o) => [o.name, o.id]));
	const collection = await json<{ features: { id: number; properties: { name: string } }[] }>(as('manager')(`/api/campaigns/${DEMO_CAMPAIGN}/tiles`));
	tiles = collection.features.map((f) => ({ id: f.id, name: f.properties.name }));
}, 120_000);

afterAll(async () => {
	for (const c of clients) c.destroy();
	await server?.stop();
});

describe('the audit trail says what happened', () => {
	it('the demo seed: who was given which tiles', async () => {
		const page = await json<{ events: AuditEntry[] }>(as('manager')(`/api/campaigns/${DEMO_CAMPAIGN}/audit`));
		const seeded = page.events.filter((e) => e.action === 'assignment.assign').reverse();
		for (const e of seeded) seen.add(e.action);
		expect(french(seeded)).toEqual([`a attribué 15 tuiles à ${OUEST}`, `a attribué 15 tuiles à ${EST}`]);
		const members = page.events.filter((e) => e.action === 'member.add').reverse();
		for (const e of members) seen.add(e.action);
		expect(french(members)[0]).toBe('a ajouté Camille Martin (gestionnaire) comme gestionnaire pour Région Démo — service SIG');
	});

	it('sign-in, failed sign-in, sign-out', async () => {
		let cookie = '';
		const events = await recorded(async () => {
			await json(fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'reviewer2@demo.local', password: 'wrong' }) }), 401);
			cookie = await signIn(server.url, 'reviewer2@demo.local');
			await json(asUser(server.url, cookie)('/api/auth/logout', { method: 'POST' }), 204);
		}, true);
		expect(events.map((e) => e.actorEmail)).toEqual([null, 'reviewer2@demo.local', 'reviewer2@demo.local']);
		expect(french(events)).toEqual(['échec de connexion pour reviewer2@demo.local', 's’est connecté(e)', 's’est déconnecté(e)']);
		expect(english(events)).toEqual(['failed sign-in for reviewer2@demo.local', 'signed in', 'signed out']);
	});

	it('accounts: creation, administrator rights, password links, disabling, sessions — with French elision', async () => {
		let elodie = 0;
		let resetUrl = '';
		const created = await recorded(async () => {
			const body = await json<{ user: { id: number }; resetUrl: string }>(send('admin', 'POST', '/api/admin/users', { email: 'elodie@test.local', name: 'Élodie Arnaud' }), 201);
			elodie = body.user.id;
			resetUrl = body.resetUrl;
		});
		expect(french(created)).toEqual(['a créé le compte d’Élodie Arnaud', 'a créé un lien de mot de passe pour Élodie Arnaud']);
		expect(english(created)).toEqual(['created the account of Élodie Arnaud', 'created a password link for Élodie Arnaud']);

		const reset = await recorded(() => json(fetch(`${server.url}/api/auth/reset/${resetUrl.split('/reset/')[1]}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'elodie-password-1' }) }), 200));
		expect(reset.map((e) => e.actorEmail)).toEqual(['elodie@test.local']);
		expect(french(reset)).toEqual(['a choisi un nouveau mot de passe avec un lien à usage unique']);

		const rights = await recorded(async () => {
			await json(send('admin', 'PATCH', `/api/admin/users/${elodie}`, { isAdmin: true }));
			await json(send('admin', 'PATCH', `/api/admin/users/${elodie}`, { isAdmin: false }));
			await json(send('admin', 'PATCH', `/api/admin/users/${elodie}`, { disabled: true }));
			await json(send('admin', 'PATCH', `/api/admin/users/${elodie}`, { disabled: false }));
		});
		expect(french(rights)).toEqual([
			'a nommé Élodie Arnaud administrateur',
			'a retiré ses droits d’administrateur à Élodie Arnaud',
			'a désactivé le compte d’Élodie Arnaud',
			'a réactivé le compte d’Élodie Arnaud'
		]);

		// Her own sessions: one closed, then "sign out my other devices", then an administrator's "everywhere".
		const first = await signIn(server.url, 'elodie@test.local', 'elodie-password-1');
		const second = await signIn(server.url, 'elodie@test.local', 'elodie-password-1');
		await signIn(server.url, 'elodie@test.local', 'elodie-password-1');
		const sessions = await recorded(async () => {
			const list = await json<{ id: string; current: boolean }[]>(asUser(server.url, first)('/api/auth/sessions'));
			const other = list.find((s) => !s.current)!;
			await json(asUser(server.url, first)(`/api/auth/sessions/${other.id}`, { method: 'DELETE' }), 204);
			await json(asUser(server.url, first)('/api/auth/sessions', { method: 'DELETE' }));
			await signIn(server.url, 'elodie@test.local', 'elodie-password-1');
			await json(send('admin', 'DELETE', `/api/admin/users/${elodie}/sessions`));
		});
		expect(french(sessions)).toEqual(['a fermé une de ses sessions', 'a déconnecté ses autres appareils (1 session)', 'a déconnecté Élodie Arnaud partout (2 sessions)']);
		expect(english(sessions)).toEqual(['closed one of their sessions', 'signed out their other devices (1 session)', 'signed Élodie Arnaud out everywhere (2 sessions)']);
		void second;

		// Her password, changed on the account page (a form action).
		const again = await signIn(server.url, 'elodie@test.local', 'elodie-password-1');
		const changed = await recorded(async () => {
			const r = await fetch(`${server.url}/account?/password`, {
				method: 'POST',
				headers: { cookie: again, origin: server.url, 'content-type': 'application/x-www-form-urlencoded', 'x-sveltekit-action': 'true' },
				body: new URLSearchParams({ current: 'elodie-password-1', password: 'elodie-password-2', confirm: 'elodie-password-2' })
			});
			expect(r.status, await r.text()).toBe(200);
		});
		expect(french(changed)).toEqual(['a changé son mot de passe']);
	});

	it('organisations: creation and members', async () => {
		let orgId = 0;
		const events = await recorded(async () => {
			orgId = (await json<{ id: number }>(send('admin', 'POST', '/api/organisations', { name: 'Intercommunalité des Étangs', kind: 'epci' }), 201)).id;
			await json(send('admin', 'POST', `/api/organisations/${orgId}/members`, { email: 'elodie@test.local' }));
			await json(send('admin', 'DELETE', `/api/organisations/${orgId}/members`, { email: 'elodie@test.local' }));
		});
		expect(french(events)).toEqual([
			'a créé l’organisation Intercommunalité des Étangs (Intercommunalité (EPCI))',
			'a ajouté Élodie Arnaud à l’organisation Intercommunalité des Étangs',
			'a retiré Élodie Arnaud de l’organisation Intercommunalité des Étangs'
		]);
		orgs['Intercommunalité des Étangs'] = orgId;
	});

	it('tile assignment from the map: add, already assigned, replace, take back', async () => {
		const west = ['0485_5206', '0485_5207', '0485_5208'].map(tileId);
		const add = await recorded(() => json(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/assignments`, { organisationId: orgs[DDT], tileIds: west, action: 'assign' })));
		expect(french(add)).toEqual([`a attribué 3 tuiles à ${DDT}`]);
		expect(english(add)).toEqual([`assigned 3 tiles to ${DDT}`]);

		const twice = await recorded(() => json(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/assignments`, { organisationId: orgs[DDT], tileIds: [...west, tileId('0486_5206')], action: 'assign' })));
		expect(french(twice)).toEqual([`a attribué 4 tuiles à ${DDT} (dont 3 qu’elle avait déjà)`]);
		const nothing = await recorded(() => json(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/assignments`, { organisationId: orgs[DDT], tileIds: west, action: 'assign' })));
		expect(french(nothing)).toEqual([`a attribué 3 tuiles à ${DDT}, qui les avait déjà : rien n’a changé`]);

		// The commune held these three (and the DDT shares them now); replacing gives them to the DDT alone.
		const replace = await recorded(() => json(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/assignments`, { organisationId: orgs[DDT], tileIds: west, action: 'assign', mode: 'replace' })));
		expect(french(replace)).toEqual([`a attribué 3 tuiles à ${DDT} (dont 3 qu’elle avait déjà) à la place de leurs autres organisations : 3 retirées à ${OUEST}`]);
		expect(english(replace)).toEqual([`assigned 3 tiles to ${DDT} (3 of which it already had) in place of their other organisations: 3 taken from ${OUEST}`]);

		const unassign = await recorded(async () => {
			await json(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/assignments`, { organisationId: orgs[DDT], tileIds: [west[0]], action: 'unassign' }));
			await json(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/assignments`, { organisationId: orgs[DDT], tileIds: [west[0], west[1]], action: 'unassign' }));
			await json(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/assignments`, { organisationId: orgs[DDT], tileIds: [west[0]], action: 'unassign' }));
		});
		expect(french(unassign)).toEqual([
			`a retiré 1 tuile à ${DDT}`,
			`a retiré 1 tuile à ${DDT} (1 autre sélectionnée ne lui était pas attribuée)`,
			`a voulu retirer 1 tuile à ${DDT}, qui ne l’avait pas`
		]);
		// Back as the demo had them.
		await json(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/assignments`, { organisationId: orgs[OUEST], tileIds: west, action: 'assign', mode: 'replace' }));
	});

	it('tile assignment from a territory file and from a CSV, per organisation', async () => {
		const { uploadId } = await json<{ uploadId: string }>(send('manager', 'POST', '/api/uploads'), 201);
		const file = 'communes.geojson';
		await json(as('manager')(`/api/uploads/${uploadId}/files/${file}`, { method: 'PUT', body: readFileSync(join(FIXTURES, 'territories', 'communes-demo-26914.geojson')), headers: { 'content-type': 'application/octet-stream' } }), 201);
		const territory = await recorded(() => json(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/assignments/territory`, { uploadId, file, field: 'nom' })));
		// The commune's square covers 4 tiles it already had; the triangle 2 of the intercommunality's.
		expect(french(territory)).toEqual([
			`a attribué des tuiles d’après le territoire « ${file} » (champ « nom ») : 4 tuiles à ${OUEST} (dont 4 qu’elle avait déjà), 2 tuiles à ${EST} (dont 2 qu’elle avait déjà)`
		]);
		const csv = await recorded(() =>
			json(as('manager')(`/api/campaigns/${DEMO_CAMPAIGN}/assignments/csv`, { method: 'POST', body: `tuile;organisation\n0485_5206;${DDT}\n0485_5207;${DDT}\n0490_5210;${EST}\n`, headers: { 'content-type': 'text/csv' } }))
		);
		expect(french(csv)).toEqual([`a attribué des tuiles d’après un CSV de 3 lignes : 2 tuiles à ${DDT}, 1 tuile à ${EST} (dont 1 qu’elle avait déjà)`]);
		expect(english(csv)).toEqual([`assigned tiles from a CSV of 3 lines: 2 tiles to ${DDT}, 1 tile to ${EST} (1 of which it already had)`]);
		await json(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/assignments`, { organisationId: orgs[DDT], tileIds: ['0485_5206', '0485_5207'].map(tileId), action: 'unassign' }));
	});

	it('members: added, role and organisation changed, removed', async () => {
		const elodie = (await json<{ id: number; email: string }[]>(as('admin')('/api/admin/users'))).find((u) => u.email === 'elodie@test.local')!.id;
		const events = await recorded(async () => {
			await json(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/members`, { email: 'elodie@test.local', role: 'reviewer', organisationId: orgs[OUEST] }));
			await json(send('manager', 'PATCH', `/api/campaigns/${DEMO_CAMPAIGN}/members/${elodie}`, { role: 'observer' }));
			await json(send('manager', 'PATCH', `/api/campaigns/${DEMO_CAMPAIGN}/members/${elodie}`, { organisationId: orgs[EST] }));
			await json(send('manager', 'PATCH', `/api/campaigns/${DEMO_CAMPAIGN}/members/${elodie}`, { organisationId: null }));
			await json(send('manager', 'DELETE', `/api/campaigns/${DEMO_CAMPAIGN}/members/${elodie}`), 204);
		});
		// Giving someone a role for an organisation also makes them one of its members (site-wide events).
		expect(french(events).filter((s) => !s.includes('à l’organisation'))).toEqual([
			`a ajouté Élodie Arnaud comme relecteur pour ${OUEST}`,
			'a changé le rôle d’Élodie Arnaud : relecteur → observateur',
			`a changé l’organisation d’Élodie Arnaud : ${EST}`,
			'a retiré son organisation à Élodie Arnaud',
			'a retiré Élodie Arnaud (observateur) de la campagne'
		]);
		expect(english(events).filter((s) => !s.includes('to the organisation'))).toEqual([
			`added Élodie Arnaud as reviewer for ${OUEST}`,
			'changed the role of Élodie Arnaud: reviewer → observer',
			`changed the organisation of Élodie Arnaud to ${EST}`,
			'removed the organisation of Élodie Arnaud',
			'removed Élodie Arnaud (observer) from the campaign'
		]);
	});

	it('invitations: created, accepted, revoked', async () => {
		let url = '';
		let invitationId = '';
		const created = await recorded(async () => {
			const body = await json<{ url: string; invitation: { id: string } }>(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/invitations`, { role: 'reviewer', organisationId: orgs[DDT], maxUses: 1, expiresInDays: 14 }), 201);
			url = body.url;
			await json(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/invitations`, { role: 'observer', organisationId: null, maxUses: null, expiresInDays: 30 }), 201);
			invitationId = (await json<{ invitation: { id: string } }>(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/invitations`, { role: 'observer', organisationId: null, maxUses: 1, expiresInDays: 3 }), 201)).invitation.id;
		});
		expect(french(created)).toEqual([
			`a créé un lien d’invitation personnel : relecteur pour ${DDT}, valable 14 jours`,
			'a créé un lien d’invitation d’équipe : observateur, valable 30 jours',
			'a créé un lien d’invitation personnel : observateur, valable 3 jours'
		]);
		const elodie = await signIn(server.url, 'elodie@test.local', 'elodie-password-2');
		cookies.elodie = elodie;
		const accepted = await recorded(async () => {
			await json(asUser(server.url, elodie)(`/api/invitations/${url.split('/invite/')[1]}/accept`, { method: 'POST' }));
			await json(send('manager', 'DELETE', `/api/campaigns/${DEMO_CAMPAIGN}/invitations/${invitationId}`));
		});
		expect(french(accepted).filter((s) => !s.includes('à l’organisation'))).toEqual([`est devenu(e) relecteur de la campagne pour ${DDT}`, `a rejoint la campagne par invitation comme relecteur pour ${DDT}`, 'a révoqué un lien d’invitation']);
	});

	it('review settings, validation, reopening, a restored defect', async () => {
		const settings = await recorded(async () => {
			await json(send('manager', 'PUT', `/api/campaigns/${DEMO_CAMPAIGN}/settings`, { reviewUnassigned: true }));
			await json(send('manager', 'PUT', `/api/campaigns/${DEMO_CAMPAIGN}/settings`, { reviewUnassigned: false }));
			await json(send('manager', 'PUT', `/api/campaigns/${DEMO_CAMPAIGN}/settings`, { requiredVerdicts: 2 }));
			await json(send('manager', 'PUT', `/api/campaigns/${DEMO_CAMPAIGN}/settings`, { requiredVerdicts: 1 }));
		});
		expect(french(settings)).toEqual([
			'a autorisé les relecteurs à relire les tuiles non attribuées',
			'a réservé la relecture aux tuiles attribuées',
			'a fixé à 2 le nombre d’avis qu’une tuile demande',
			'a fixé à 1 le nombre d’avis qu’une tuile demande'
		]);

		const tile = tileId('0485_5209');
		const validation = await recorded(async () => {
			await json(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/tiles/${tile}/validate`));
			await json(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/tiles/${tile}/reopen`));
		});
		expect(french(validation)).toEqual(['a validé la tuile 0485_5209', 'a rouvert la tuile 0485_5209 (de nouveau « Non commencée »)']);
		expect(english(validation)).toEqual(['validated tile 0485_5209', 'reopened tile 0485_5209 (back to “Not started”)']);

		// A reviewer draws a defect and deletes it; the manager brings it back.
		const ring = (await json<{ geometry: { coordinates: number[][][] } }>(as('manager')(`/api/campaigns/${DEMO_CAMPAIGN}/tiles/${tile}`))).geometry.coordinates[0];
		const reviewer = joinTile(server.url, cookies.reviewer1, DEMO_CAMPAIGN, tile);
		clients.push(reviewer);
		await reviewer.synced;
		addDefect(reviewer.doc, 'audit-defect', { geometry: { type: 'Point', coordinates: [(ring[0][0] + ring[2][0]) / 2, (ring[0][1] + ring[2][1]) / 2] }, category: 'geometry_blur', severity: 'minor', comment: 'flou', author: ids.reviewer1, createdAt: new Date().toISOString() });
		reviewer.doc.getMap('defects').delete('audit-defect');
		await eventually(
			() => json<{ action: string; key: string }[]>(as('manager')(`/api/campaigns/${DEMO_CAMPAIGN}/tiles/${tile}/history`)),
			(h) => h.some((e) => e.key === 'audit-defect' && e.action === 'delete'),
			5000,
			'the deletion in the history'
		);
		const restored = await recorded(() => json(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/tiles/${tile}/defects/audit-defect/restore`), 204));
		expect(french(restored)).toEqual(['a rétabli un défaut supprimé sur la tuile 0485_5209']);
	});

	it('the contractor loop: defects released, answered, a dispute closed, a second round opened', async () => {
		cookies.contractor = await signIn(server.url, 'contractor@demo.local');
		const name = '0485_5208';
		const tile = tileId(name);
		const ring = (await json<{ geometry: { coordinates: number[][][] } }>(as('manager')(`/api/campaigns/${DEMO_CAMPAIGN}/tiles/${tile}`))).geometry.coordinates[0];
		const centre = [(ring[0][0] + ring[2][0]) / 2, (ring[0][1] + ring[2][1]) / 2];
		const reviewer = joinTile(server.url, cookies.reviewer1, DEMO_CAMPAIGN, tile);
		clients.push(reviewer);
		await reviewer.synced;
		for (const key of ['loop-a', 'loop-b']) {
			addDefect(reviewer.doc, key, { geometry: { type: 'Point', coordinates: centre }, category: 'geometry_blur', severity: 'major', comment: key, author: ids.reviewer1, createdAt: new Date().toISOString() });
		}
		await eventually(
			() => json<{ features: { id: string }[] }>(as('manager')(`/api/campaigns/${DEMO_CAMPAIGN}/defects`)),
			(c) => ['loop-a', 'loop-b'].every((k) => c.features.some((f) => f.id === k)),
			5000,
			'the two defects'
		);
		const released = await recorded(() => json(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/releases`, { tileIds: [tile] }), 201));
		expect(french(released)).toEqual(['a transmis 2 défauts au prestataire']);
		expect(english(released)).toEqual(['released 2 defects to the contractor']);

		const list = await json<{ features: { id: number; properties: { defectId: string } }[] }>(as('contractor')(`/api/campaigns/${DEMO_CAMPAIGN}/released-defects`));
		const n = (key: string) => list.features.find((f) => f.properties.defectId === key)!.id;
		const answered = await recorded(async () => {
			await json(send('contractor', 'PUT', `/api/campaigns/${DEMO_CAMPAIGN}/released-defects/${n('loop-a')}/answer`, { answer: 'disputed', comment: 'Hors du lot' }));
			await json(send('contractor', 'PUT', `/api/campaigns/${DEMO_CAMPAIGN}/released-defects/${n('loop-b')}/answer`, { answer: 'fixed', comment: 'Livraison v2' }));
			await json(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/released-defects/${n('loop-a')}/dispute`, { outcome: 'agreed' }), 204);
		});
		expect(french(answered)).toEqual([
			`a répondu « Contesté » au défaut transmis n° ${n('loop-a')} (tuile ${name})`,
			`a répondu « Corrigé dans une nouvelle livraison » au défaut transmis n° ${n('loop-b')} (tuile ${name})`,
			`a clos la contestation du défaut n° ${n('loop-a')} (tuile ${name}) : Contestation acceptée`
		]);

		// The new delivery's orthophoto (the demo's other vintage stands in for it), then round 2 on the tile answered "fixed".
		const up = await json<{ uploadId: string }>(send('manager', 'POST', '/api/uploads'), 201);
		const put = await as('manager')(`/api/uploads/${up.uploadId}/files/ortho-v2.tif`, {
			method: 'PUT',
			body: new Blob([readFileSync(join(DEMO, 'ortho-2018.tif'))]),
			headers: { 'content-type': 'application/octet-stream' },
			duplex: 'half'
		} as RequestInit);
		expect(put.status).toBe(201);
		const round = await recorded(() => json(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/rounds`, { fixed: true, uploadId: up.uploadId, ortho: ['ortho-v2.tif'] }), 201));
		expect(french(round)).toEqual(['a ouvert le tour de relecture 2 sur 1 tuile']);
		expect(english(round)).toEqual(['opened review round 2 on 1 tile']);
	});

	it('the defect catalogue and the feature walk', async () => {
		let code = '';
		const catalogue = await recorded(async () => {
			code = (await json<{ code: string }>(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/catalogue`, { target: 'landcover', label: { fr: 'Haie manquante', en: 'Missing hedge' } }), 201)).code;
			await json(send('manager', 'PATCH', `/api/campaigns/${DEMO_CAMPAIGN}/catalogue/${code}`, { label: { fr: 'Haie absente' } }));
			await json(send('manager', 'PATCH', `/api/campaigns/${DEMO_CAMPAIGN}/catalogue/${code}`, { retired: true }));
			await json(send('manager', 'PATCH', `/api/campaigns/${DEMO_CAMPAIGN}/catalogue/${code}`, { retired: false }));
		});
		expect(french(catalogue)).toEqual([
			'a ajouté la catégorie de défaut « Haie manquante »',
			'a renommé la catégorie de défaut « Haie manquante » en « Haie absente »',
			'a retiré la catégorie de défaut « Haie absente »',
			'a remis en service la catégorie de défaut « Haie absente »'
		]);

		let drawn = { count: 0 };
		const walk = await recorded(async () => {
			drawn = await json<{ count: number }>(send('manager', 'PUT', `/api/campaigns/${DEMO_CAMPAIGN}/walk`, { perClass: 2, seed: 'audit' }));
			await json(send('manager', 'PUT', `/api/campaigns/${DEMO_CAMPAIGN}/walk`, { perClass: 1, percent: true, seed: 'pourcent' }));
		});
		expect(drawn.count).toBeGreaterThan(1);
		const [byCount, byPercent] = french(walk);
		expect(byCount).toBe(`a tiré ${drawn.count} polygones à parcourir (2 par classe, graine « audit »)`);
		expect(byPercent).toMatch(/^a tiré \d+ polygones? à parcourir \(1 % par classe, graine « pourcent »\)$/);
	});

	it('a campaign created from the web, then deleted', async () => {
		const { uploadId } = await json<{ uploadId: string }>(send('manager', 'POST', '/api/uploads'), 201);
		await json(as('manager')(`/api/uploads/${uploadId}/files/occupation.gpkg`, { method: 'PUT', body: readFileSync(join(DEMO, 'occupation_sol.gpkg')), headers: { 'content-type': 'application/octet-stream' } }), 201);
		let campaignId = 0;
		const created = await recorded(async () => {
			const { jobId } = await json<{ jobId: string }>(
				send('manager', 'POST', '/api/campaigns', { uploadId, name: 'Lot d’essai', landcover: 'occupation.gpkg', classField: 'code_cs', tiling: { mode: 'grid', size: 1000 }, external: { kind: 'xyz', url: 'https://tiles.example/{z}/{x}/{y}.png' } }),
				202
			);
			const job = await eventually(() => json<{ status: string; campaignId: number }>(as('manager')(`/api/jobs/${jobId}`)), (j) => j.status === 'done' || j.status === 'failed', 60_000, 'the import');
			expect(job.status).toBe('done');
			campaignId = job.campaignId;
		});
		// Its creator manages it from then on.
		expect(french(created)).toEqual(['a créé la campagne « Lot d’essai »', 'est devenu(e) gestionnaire de la campagne']);
		expect(english(created)).toEqual(['created the campaign “Lot d’essai”', 'became manager of the campaign']);
		const deleted = await recorded(() => json(send('manager', 'DELETE', `/api/campaigns/${campaignId}`, { confirm: 'Lot d’essai' })));
		expect(french(deleted)).toEqual(['a supprimé la campagne Lot d’essai']);
	});

	it('reference layers: added, removed', async () => {
		const events = await recorded(async () => {
			const layer = await json<{ id: number }>(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/reference-layers`, { kind: 'xyz', url: 'https://tiles.example/plan/{z}/{x}/{y}.png', label: 'Plan IGN' }), 201);
			await json(send('manager', 'DELETE', `/api/campaigns/${DEMO_CAMPAIGN}/reference-layers/${layer.id}`), 204);
		});
		expect(french(events)).toEqual(['a ajouté la couche de référence « Plan IGN »', 'a retiré la couche de référence « Plan IGN »']);
		expect(english(events)).toEqual(['added the reference layer “Plan IGN”', 'removed the reference layer “Plan IGN”']);
	});

	it('positional accuracy: checkpoints proposed, imported, edited, decided, deleted; a reviewer’s seam deleted', async () => {
		// Places inside a tile of the commune's reviewer, in the campaign's CRS.
		const { crs } = await json<{ crs: { epsg: number } }>(as('manager')(`/api/campaigns/${DEMO_CAMPAIGN}/checkpoints`));
		const ring = (await json<{ geometry: { coordinates: number[][][] } }>(as('manager')(`/api/campaigns/${DEMO_CAMPAIGN}/tiles/${tileId('0485_5206')}`))).geometry.coordinates[0];
		const middle = (axis: 0 | 1) => (Math.min(...ring.map((p) => p[axis])) + Math.max(...ring.map((p) => p[axis]))) / 2;
		const [cx, cy] = transformer(WGS84, resolveEpsg(crs.epsg))(middle(0), middle(1));
		const at = (dx: number, dy: number) => ({ x: cx + dx, y: cy + dy });

		let proposed = '';
		const propose = await recorded(async () => {
			proposed = (await json<{ code: string }>(send('reviewer1', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/checkpoints`, { ...at(-20, 0), description: 'angle du muret, côté route' }), 201)).code;
		});
		expect(proposed).toBe('P-1');
		expect(propose.map((e) => e.actorEmail)).toEqual(['reviewer1@demo.local']);
		expect(french(propose)).toEqual(['a proposé le point de contrôle de position P-1']);
		expect(english(propose)).toEqual(['proposed the checkpoint P-1']);

		// The survey brings the proposed point's coordinates along with two new points.
		const csv = ['id;x;y', `P-1;${at(-20.4, 0.3).x};${at(-20.4, 0.3).y}`, `PC-A;${at(10, 10).x};${at(10, 10).y}`, `PC-B;${at(-10, -10).x};${at(-10, -10).y}`].join('\n');
		const imported = await recorded(() => json(as('manager')(`/api/campaigns/${DEMO_CAMPAIGN}/checkpoints/import?name=leve-geometre.csv`, { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } })));
		expect(french(imported)).toEqual(['a importé 3 points de contrôle de position depuis leve-geometre.csv, dont 1 point proposé qui a reçu ses coordonnées levées']);
		expect(english(imported)).toEqual(['imported 3 checkpoints from leve-geometre.csv, including 1 proposed point given its surveyed position']);

		const listed = await json<{ checkpoints: { id: number; code: string }[] }>(as('manager')(`/api/campaigns/${DEMO_CAMPAIGN}/checkpoints`));
		const cp = Object.fromEntries(listed.checkpoints.map((c) => [c.code, c.id]));
		const measure = (who: string, code: string, p: { x: number; y: number }) => json(send(who, 'PUT', `/api/campaigns/${DEMO_CAMPAIGN}/checkpoints/${cp[code]}/measure`, p));
		await measure('reviewer1', 'PC-A', at(10.2, 9.9));
		await measure('manager', 'PC-A', at(11, 9));
		const decide = (decisions: { who: string; decision: string }[]) =>
			json(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/checkpoints/decisions`, { decisions: decisions.map((d) => ({ checkpointId: cp['PC-A'], userId: ids[d.who], decision: d.decision })) }));
		const handled = await recorded(async () => {
			await json(send('manager', 'PATCH', `/api/campaigns/${DEMO_CAMPAIGN}/checkpoints/${cp['PC-B']}`, { description: 'borne au pied du pylône' }), 204);
			await decide([{ who: 'reviewer1', decision: 'kept' }, { who: 'manager', decision: 'rejected' }]);
			await decide([{ who: 'reviewer1', decision: 'pending' }]);
			await json(send('manager', 'DELETE', `/api/campaigns/${DEMO_CAMPAIGN}/checkpoints/${cp['PC-B']}`), 204);
		});
		expect(french(handled)).toEqual([
			'a modifié le point de contrôle de position PC-B',
			'a statué sur 2 mesures de points de contrôle de position (1 retenue, 1 écartée)',
			'a statué sur 1 mesure de point de contrôle de position (1 remise en attente)',
			'a supprimé le point de contrôle de position PC-B et ses mesures'
		]);
		expect(english(handled)).toEqual([
			'edited the checkpoint PC-B',
			'decided on 2 checkpoint measures (1 kept, 1 rejected)',
			'decided on 1 checkpoint measure (1 sent back to pending)',
			'deleted the checkpoint PC-B and its measures'
		]);

		// A reviewer's seam measure: deleting it themselves is theirs to do (not audited); a manager's deletion names whose it was.
		const seam = (comment: string) => json<{ id: number }>(send('reviewer1', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/seams`, { a: at(0, 0), b: at(0.4, 0.1), comment }), 201);
		const seams = await recorded(async () => {
			await json(send('reviewer1', 'DELETE', `/api/campaigns/${DEMO_CAMPAIGN}/seams/${(await seam('essai')).id}`), 204);
			await json(send('manager', 'DELETE', `/api/campaigns/${DEMO_CAMPAIGN}/seams/${(await seam('bord de route')).id}`), 204);
		});
		expect(french(seams)).toEqual(['a supprimé la mesure de raccord de Léa Bernard (commune)']);
		expect(english(seams)).toEqual(['deleted the seam measure of Léa Bernard (commune)']);
	});

	it('control points: drawn, adjudicated, excluded, adjudication withdrawn', async () => {
		const classes = ['CS1.2.1', 'CS1.2.2', 'CS2.1.1.1', 'CS2.2.1'];
		const drawn = await recorded(() => json(send('manager', 'POST', `/api/campaigns/${DEMO_CAMPAIGN}/control-points`, { seed: 'recette-audit', targetSe: 0.05, minimum: 0, sizes: Object.fromEntries(classes.map((c) => [c, 2])) }), 201));
		expect(french(drawn)).toEqual(['a tiré 8 points de contrôle, stratifiés par classe (graine « recette-audit »)']);
		expect(english(drawn)).toEqual(['drew 8 control points, stratified by class (seed “recette-audit”)']);

		const { points } = await json<{ points: { id: number; ordinal: number; mapClass: string }[] }>(as('manager')(`/api/campaigns/${DEMO_CAMPAIGN}/control-points`));
		const [first, second] = [...points].sort((a, b) => a.ordinal - b.ordinal);
		const adjudication = (p: { id: number }) => `/api/campaigns/${DEMO_CAMPAIGN}/control-points/${p.id}/adjudication`;
		const adjudicated = await recorded(async () => {
			await json(send('manager', 'PUT', adjudication(first), { classCode: 'CS2.2.1', comment: 'vu sur le terrain' }));
			await json(send('manager', 'PUT', adjudication(second), { classCode: null, comment: 'sous un nuage' }));
			await json(send('manager', 'DELETE', adjudication(first)), 204);
		});
		expect(french(adjudicated)).toEqual([
			'a arbitré le point de contrôle n° 1 : classe de référence CS2.2.1',
			'a écarté de l’échantillon le point de contrôle n° 2 (impossible à classer)',
			'a retiré son arbitrage du point de contrôle n° 1'
		]);
		expect(english(adjudicated)).toEqual(['adjudicated control point #1: reference class CS2.2.1', 'excluded control point #2 from the sample (cannot be labelled)', 'withdrew their adjudication of control point #1']);
	});

	it('acceptance criteria: what the contract requires from then on', async () => {
		const put = (body: unknown) => json(send('manager', 'PUT', `/api/campaigns/${DEMO_CAMPAIGN}/acceptance-criteria`, body));
		const events = await recorded(async () => {
			await put({ overallAccuracy: 0.9, eachClassUsers: 0.85, noBlockingDefectLeft: true, samplingPlan: { sampleSize: 5, acceptanceNumber: 1, seed: 'lot-1' } });
			await put({ overallLowerBound: 0.875, listedClassesUsers: { classes: ['CS1.2.1', 'CS2.2.1'], min: 0.8 }, rejectedTilesMax: 0.05, samplingPlan: { sampleSize: 8, acceptanceNumber: 0, seed: 'lot-2' } });
			await put({});
		});
		expect(french(events)).toEqual([
			'a fixé les critères de recette : précision globale ≥ 90 % ; précision utilisateur de chaque classe ≥ 85 % ; aucun défaut bloquant restant ; plan d’échantillonnage de 5 tuiles (graine « lot-1 ») : lot accepté si 1 tuile au plus est refusée',
			'a fixé les critères de recette : borne basse de l’intervalle de confiance à 95 % ≥ 87,5 % ; précision utilisateur ≥ 80 % pour CS1.2.1, CS2.2.1 ; tuiles refusées ≤ 5 % ; plan d’échantillonnage de 8 tuiles (graine « lot-2 ») : lot accepté si aucune n’est refusée',
			'a retiré tous les critères de recette'
		]);
		expect(english(events)).toEqual([
			'set the acceptance criteria: overall accuracy ≥ 90%; user’s accuracy of each class ≥ 85%; no blocking defect left; sampling plan of 5 tiles (seed “lot-1”): lot accepted if at most 1 tile is rejected',
			'set the acceptance criteria: lower bound of the 95% confidence interval ≥ 87.5%; user’s accuracy ≥ 80% for CS1.2.1, CS2.2.1; rejected tiles ≤ 5%; sampling plan of 8 tiles (seed “lot-2”): lot accepted if no tile is rejected',
			'removed every acceptance criterion'
		]);
	});

	it('covers every kind of audited action', () => {
		// The type makes this list complete: a new action kind fails type-checking until it is added
		// here, and this test until an action above records it.
		const every = {
			'auth.sign_in': 1,
			'auth.sign_in_failed': 1,
			'auth.sign_out': 1,
			'auth.password_reset_link': 1,
			'auth.password_reset': 1,
			'auth.password_change': 1,
			'user.create': 1,
			'user.update': 1,
			'user.disable': 1,
			'user.enable': 1,
			'user.sessions_revoked': 1,
			'organisation.create': 1,
			'organisation.member_add': 1,
			'organisation.member_remove': 1,
			'member.add': 1,
			'member.role_change': 1,
			'member.remove': 1,
			'invitation.create': 1,
			'invitation.revoke': 1,
			'invitation.accept': 1,
			'assignment.assign': 1,
			'assignment.unassign': 1,
			'campaign.create': 1,
			'campaign.settings': 1,
			'campaign.delete': 1,
			'tile.validate': 1,
			'tile.reopen': 1,
			'defect.restore': 1,
			'catalogue.add': 1,
			'catalogue.edit': 1,
			'walk.draw': 1,
			'reference_layer.add': 1,
			'reference_layer.remove': 1,
			'checkpoints.import': 1,
			'checkpoint.propose': 1,
			'checkpoint.edit': 1,
			'checkpoint.delete': 1,
			'checkpoint.decide': 1,
			'seam.delete': 1,
			'control_points.generate': 1,
			'control_points.adjudicate': 1,
			'acceptance.criteria': 1,
			'defects.release': 1,
			'defect.answer': 1,
			'defect.dispute_close': 1,
			'round.open': 1
		} satisfies Record<AuditAction, 1>;
		expect([...seen].sort()).toEqual(Object.keys(every).sort());
	});
});
