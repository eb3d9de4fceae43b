/**
 * The access services on a real, migrated SQLite database with the real demo campaign: accounts,
 * sessions, organisations, roles, invitations, password links and the single authorize() door.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb } from '../../../../test/helpers/db.ts';
import { importDemoCampaign } from '../demo/campaign.ts';
import type { Db } from '../db/db.ts';
import { listAudit } from '../audit/audit.service.ts';
import { authorize, may } from './authorize.ts';
import { ensureDemoPeople } from '../demo/people.ts';
import { acceptInvitation, createInvitation, findUsableInvitation, listInvitations, revokeInvitation } from '../people/invitations.service.ts';
import { removeMember, setMember } from '../people/members.service.ts';
import { updateSettings } from '../campaigns/settings.service.ts';
import { addOrganisationMember, campaignOrganisations, createOrganisation, findOrganisation, parseKind } from '../people/organisations.service.ts';
import { createResetLink, resetPassword } from '../auth/password-resets.service.ts';
import { createSession, validateSession } from '../auth/sessions.ts';
import { authenticate } from '../auth/sign-in.ts';
import { createUser, findUserByEmail, updateUser } from '../people/users.service.ts';

let db: Db;
let cleanup: () => void;
let campaignId: number;
const user = (email: string) => {
	const u = findUserByEmail(db, email)!;
	return { ...u, isDemo: u.isDemo };
};
const actor = (email: string) => ({ id: user(email).id, email });

beforeAll(async () => {
	({ db, cleanup } = freshDb());
	campaignId = await importDemoCampaign(db);
	await ensureDemoPeople(db);
}, 60_000);
afterAll(() => cleanup());

describe('accounts', () => {
	it('store e-mails lower-cased, refuse duplicates and short passwords with a clear message', async () => {
		await createUser(db, { email: ' Alice@Example.ORG ', password: 'long enough' }, null);
		expect(findUserByEmail(db, 'alice@example.org')).not.toBeNull();
		await expect(createUser(db, { email: 'ALICE@example.org', password: 'long enough' }, null)).rejects.toThrow(/already exists/);
		await expect(createUser(db, { email: 'bob@example.org', password: 'short' }, null)).rejects.toThrow(/at least 8 characters/);
		await expect(createUser(db, { email: 'not-an-email', password: 'long enough' }, null)).rejects.toThrow(/not a valid e-mail/);
	});

	it('authenticate the same way for an unknown e-mail and a wrong password (no enumeration)', async () => {
		expect(await authenticate(db, 'alice@example.org', 'long enough', { demoMode: false })).toMatchObject({ email: 'alice@example.org' });
		expect(await authenticate(db, 'alice@example.org', 'wrong password', { demoMode: false })).toBeNull();
		expect(await authenticate(db, 'nobody@example.org', 'long enough', { demoMode: false })).toBeNull();
	});

	it('let demo accounts in only in demo mode', async () => {
		expect(await authenticate(db, 'reviewer1@demo.local', 'demo', { demoMode: true })).not.toBeNull();
		expect(await authenticate(db, 'reviewer1@demo.local', 'demo', { demoMode: false })).toBeNull();
		const { token } = createSession(db, user('reviewer1@demo.local').id);
		expect(validateSession(db, token, { demoMode: false })).toBeNull();
	});

	it('protect the last administrator', async () => {
		const admin = await createUser(db, { email: 'root@example.org', password: 'long enough', isAdmin: true }, null);
		expect(() => updateUser(db, admin.id, { isAdmin: false }, { id: admin.id, email: admin.email })).toThrow(/last administrator/);
		expect(() => updateUser(db, admin.id, { disabled: true }, { id: admin.id, email: admin.email })).toThrow(/last administrator/);
	});
});

describe('sessions', () => {
	it('validate only the exact token, and stop working when the account is disabled', async () => {
		const alice = findUserByEmail(db, 'alice@example.org')!;
		const { token } = createSession(db, alice.id, 'test');
		expect(validateSession(db, token, { demoMode: false })?.user.email).toBe('alice@example.org');
		const tampered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
		expect(validateSession(db, tampered, { demoMode: false })).toBeNull();
		const root = findUserByEmail(db, 'root@example.org')!;
		updateUser(db, alice.id, { disabled: true }, { id: root.id, email: root.email });
		expect(validateSession(db, token, { demoMode: false })).toBeNull();
		expect(await authenticate(db, 'alice@example.org', 'long enough', { demoMode: false })).toBeNull();
		updateUser(db, alice.id, { disabled: false }, { id: root.id, email: root.email });
	});

	it('expire', () => {
		const alice = findUserByEmail(db, 'alice@example.org')!;
		const { token } = createSession(db, alice.id);
		db.$client.prepare('UPDATE sessions SET expires_at = ? WHERE id = ?').run(Date.now() - 1, token.split('.')[0]);
		expect(validateSession(db, token, { demoMode: false })).toBeNull();
		expect(db.$client.prepare('SELECT 1 FROM sessions WHERE id = ?').get(token.split('.')[0])).toBeUndefined();
	});
});

describe('organisations and roles', () => {
	it('match names ignoring case and accents, and accept kinds as people write them', () => {
		createOrganisation(db, { name: 'Département de l’Exemple', kind: 'Département' }, null);
		expect(findOrganisation(db, 'DEPARTEMENT DE L’EXEMPLE')?.kind).toBe('departement');
		expect(() => createOrganisation(db, { name: 'département de l’exemple', kind: 'other' }, null)).toThrow(/already exists/);
		expect(parseKind('État')).toBe('etat');
		expect(parseKind('EPCI')).toBe('epci');
		expect(() => parseKind('club')).toThrow(/commune, epci/);
	});

	it('keep at least one manager and record role changes in the audit trail', () => {
		const manager = user('manager@demo.local');
		expect(() => removeMember(db, campaignId, manager.id, actor('manager@demo.local'))).toThrow(/last manager/);
		expect(() => setMember(db, campaignId, manager.id, 'observer', null, actor('manager@demo.local'))).toThrow(/last manager/);
		const observer = user('observer@demo.local');
		setMember(db, campaignId, observer.id, 'reviewer', null, actor('manager@demo.local'));
		setMember(db, campaignId, observer.id, 'observer', null, actor('manager@demo.local'));
		const changes = listAudit(db, { campaignId }).filter((e) => e.action === 'member.role_change');
		expect(changes.map((e) => [e.details.from, e.details.to])).toEqual([
			['reviewer', 'observer'],
			['observer', 'reviewer']
		]);
		expect(changes[0].actorEmail).toBe('manager@demo.local');
	});
});

describe('the organisation a role acts for', () => {
	const assignedTile = (organisationId: number) =>
		(db.$client.prepare('SELECT tile_id AS id FROM tile_assignments WHERE organisation_id = ? AND campaign_id = ? LIMIT 1').get(organisationId, campaignId) as { id: number }).id;
	const communeOuest = () => findOrganisation(db, 'Commune de Prairie-Ouest (démo)')!;

	it('is the one named by the role in this campaign, never the person’s other organisations', async () => {
		const erin = await createUser(db, { email: 'erin@example.org', password: 'long enough' }, null);
		// Erin belongs to the western commune (in the shared directory: any campaign's manager can do
		// that by giving her a role for it in their own campaign)…
		addOrganisationMember(db, communeOuest().id, erin.id, null);
		// …and is a reviewer here without an organisation: that gives her none of its tiles.
		setMember(db, campaignId, erin.id, 'reviewer', null, actor('manager@demo.local'));
		expect(may(db, erin, 'tile.review', { campaignId, tileId: assignedTile(communeOuest().id) })).toBe(false);
		expect(authorize(db, erin, 'campaign.view', { campaignId }).organisationIds).toEqual([]);
		setMember(db, campaignId, erin.id, 'reviewer', communeOuest().id, actor('manager@demo.local'));
		expect(may(db, erin, 'tile.review', { campaignId, tileId: assignedTile(communeOuest().id) })).toBe(true);
	});

	it('must be one of the campaign’s organisations when a manager chooses it; admins and the command line may name any', async () => {
		const elsewhere = createOrganisation(db, { name: 'Commune d’ailleurs', kind: 'commune' }, null);
		const frank = await createUser(db, { email: 'frank@example.org', password: 'long enough' }, null);
		const byManager = actor('manager@demo.local');
		expect(campaignOrganisations(db, campaignId).map((o) => o.name)).not.toContain('Commune d’ailleurs');
		expect(() => setMember(db, campaignId, frank.id, 'reviewer', elsewhere.id, byManager)).toThrow(/not one of this campaign’s organisations/);
		expect(() => createInvitation(db, campaignId, { role: 'reviewer', organisationId: elsewhere.id, maxUses: 1, expiresInDays: 7 }, byManager)).toThrow(
			/not one of this campaign’s organisations/
		);
		expect(db.$client.prepare('SELECT 1 FROM campaign_members WHERE user_id = ?').get(frank.id)).toBeUndefined();
		// An organisation that does not exist is a plain 404.
		expect(() => setMember(db, campaignId, frank.id, 'reviewer', 99_999, byManager)).toThrow(/does not exist/);

		setMember(db, campaignId, frank.id, 'observer', elsewhere.id, null, { anyOrganisation: true });
		expect(campaignOrganisations(db, campaignId).map((o) => o.name)).toContain('Commune d’ailleurs');
	});

	it('can be created with an invitation, in the same transaction', () => {
		const byManager = actor('manager@demo.local');
		const invitations = () => listInvitations(db, campaignId).length;
		const before = invitations();
		const { invitation } = createInvitation(db, campaignId, { role: 'reviewer', organisationId: null, newOrganisation: { name: 'Commune nouvelle', kind: 'commune' }, maxUses: 1, expiresInDays: 7 }, byManager);
		expect(invitation.organisationName).toBe('Commune nouvelle');
		expect(campaignOrganisations(db, campaignId).map((o) => o.name)).toContain('Commune nouvelle');
		// A name already in the directory: refused, and neither an organisation nor an invitation is left.
		expect(() =>
			createInvitation(db, campaignId, { role: 'reviewer', organisationId: null, newOrganisation: { name: 'COMMUNE NOUVELLE', kind: 'commune' }, maxUses: 1, expiresInDays: 7 }, byManager)
		).toThrow(/already exists.*Choose it in the list/);
		expect(() =>
			createInvitation(db, campaignId, { role: 'reviewer', organisationId: null, newOrganisation: { name: 'Commune refusée', kind: 'planète' }, maxUses: 1, expiresInDays: 7 }, byManager)
		).toThrow(/Unknown organisation kind/);
		expect(findOrganisation(db, 'Commune refusée')).toBeNull();
		expect(invitations()).toBe(before + 1);
	});
});

describe('authorize()', () => {
	const firstTile = (orgEmail: string) => {
		const org = db.$client.prepare('SELECT organisation_id AS id FROM campaign_members m JOIN users u ON u.id = m.user_id WHERE u.email = ?').get(orgEmail) as { id: number };
		return (db.$client.prepare('SELECT tile_id AS id FROM tile_assignments WHERE organisation_id = ? LIMIT 1').get(org.id) as { id: number }).id;
	};

	it('lets each reviewer review their organisation’s tiles and not the other one’s', () => {
		const t1 = firstTile('reviewer1@demo.local');
		const t2 = firstTile('reviewer2@demo.local');
		const r1 = user('reviewer1@demo.local');
		expect(may(db, r1, 'tile.review', { campaignId, tileId: t1 })).toBe(true);
		expect(may(db, r1, 'tile.review', { campaignId, tileId: t2 })).toBe(false);
		expect(() => authorize(db, r1, 'tile.review', { campaignId, tileId: t2 })).toThrow(/not assigned to your organisation/);
		expect(may(db, user('contractor@demo.local'), 'tile.review', { campaignId, tileId: t1 })).toBe(false);
		expect(may(db, user('manager@demo.local'), 'tile.review', { campaignId, tileId: t2 })).toBe(true);
	});

	it('opens unassigned tiles to reviewers only when the campaign setting says so', () => {
		const free = db.$client.prepare('SELECT id FROM tiles WHERE campaign_id = ? ORDER BY ordinal DESC LIMIT 1').get(campaignId) as { id: number };
		db.$client.prepare('DELETE FROM tile_assignments WHERE tile_id = ?').run(free.id);
		const r1 = user('reviewer1@demo.local');
		expect(may(db, r1, 'tile.review', { campaignId, tileId: free.id })).toBe(false);
		updateSettings(db, campaignId, { reviewUnassigned: true }, actor('manager@demo.local'));
		expect(may(db, r1, 'tile.review', { campaignId, tileId: free.id })).toBe(true);
		updateSettings(db, campaignId, { reviewUnassigned: false }, actor('manager@demo.local'));
	});

	it('answers 401, 403 and 404 as documented', () => {
		const status = (f: () => unknown) => {
			try {
				f();
				return 200;
			} catch (e) {
				return (e as { status: number }).status;
			}
		};
		expect(status(() => authorize(db, null, 'campaign.view', { campaignId }))).toBe(401);
		expect(status(() => authorize(db, findUserByEmail(db, 'alice@example.org'), 'campaign.view', { campaignId }))).toBe(403);
		expect(status(() => authorize(db, user('observer@demo.local'), 'campaign.manage', { campaignId }))).toBe(403);
		expect(status(() => authorize(db, user('observer@demo.local'), 'campaign.view', { campaignId, tileId: 99_999 }))).toBe(404);
		expect(status(() => authorize(db, findUserByEmail(db, 'root@example.org'), 'campaign.view', { campaignId: 99_999 }))).toBe(404);
	});
});

describe('invitations', () => {
	it('a single-use link lets exactly one person in, with the invitation’s role and organisation', async () => {
		const { token, invitation } = createInvitation(
			db,
			campaignId,
			{ role: 'reviewer', organisationId: null, newOrganisation: { name: 'Commune invitée', kind: 'commune' }, maxUses: 1, expiresInDays: 7 },
			actor('manager@demo.local')
		);
		const org = { id: invitation.organisationId! };
		const carol = await createUser(db, { email: 'carol@example.org', password: 'long enough' }, null);
		const dave = await createUser(db, { email: 'dave@example.org', password: 'long enough' }, null);
		acceptInvitation(db, token, carol, { id: carol.id, email: carol.email });
		expect(() => acceptInvitation(db, token, dave, { id: dave.id, email: dave.email })).toThrow(/not valid any more/);
		expect(may(db, carol, 'campaign.view', { campaignId })).toBe(true);
		expect(may(db, dave, 'campaign.view', { campaignId })).toBe(false);
		const carolOrgs = db.$client.prepare('SELECT organisation_id AS id FROM organisation_members WHERE user_id = ?').all(carol.id);
		expect(carolOrgs).toEqual([{ id: org.id }]);
	});

	it('give the same answer for a revoked, expired, forged or unknown link', () => {
		const { invitation, token } = createInvitation(db, campaignId, { role: 'observer', organisationId: null, maxUses: null, expiresInDays: 7 }, actor('manager@demo.local'));
		expect(findUsableInvitation(db, token).role).toBe('observer');
		const forged = `${invitation.id}.${'x'.repeat(43)}`;
		revokeInvitation(db, campaignId, invitation.id, actor('manager@demo.local'));
		const { token: expired, invitation: inv2 } = createInvitation(db, campaignId, { role: 'observer', organisationId: null, maxUses: null, expiresInDays: 1 }, actor('manager@demo.local'));
		db.$client.prepare('UPDATE invitations SET expires_at = 0 WHERE id = ?').run(inv2.id);
		const messages = [token, expired, forged, 'nonsense'].map((t) => {
			try {
				findUsableInvitation(db, t);
				return 'usable';
			} catch (e) {
				return (e as Error).message;
			}
		});
		expect(new Set(messages).size).toBe(1);
		expect(messages[0]).toMatch(/not valid any more/);
		expect(listInvitations(db, campaignId).find((i) => i.id === invitation.id)?.state).toBe('revoked');
	});

	it('refuse a reviewer invitation without an organisation', () => {
		expect(() => createInvitation(db, campaignId, { role: 'reviewer', organisationId: null, maxUses: 1, expiresInDays: 7 }, actor('manager@demo.local'))).toThrow(/organisation/);
	});
});

describe('password links', () => {
	it('work once, replace the password and sign the account out everywhere', async () => {
		const alice = findUserByEmail(db, 'alice@example.org')!;
		const { token: session } = createSession(db, alice.id);
		const { token } = createResetLink(db, alice.id, actor('root@example.org'));
		await resetPassword(db, token, 'a brand new one', null);
		await expect(resetPassword(db, token, 'yet another one', null)).rejects.toThrow(/not valid any more/);
		expect(validateSession(db, session, { demoMode: false })).toBeNull();
		expect(await authenticate(db, 'alice@example.org', 'a brand new one', { demoMode: false })).not.toBeNull();
		expect(await authenticate(db, 'alice@example.org', 'long enough', { demoMode: false })).toBeNull();
	});
});
