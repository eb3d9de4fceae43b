import type { CampaignRole } from '../../access/permissions.ts';
import { nameKey } from '../../text/name-key.ts';
import * as assignments from '../assignments/assignments.repo.ts';
import { audit } from '../audit/audit.service.ts';
import { hashPassword } from '../auth/passwords.ts';
import * as campaigns from '../campaigns/campaigns.repo.ts';
import type { Db } from '../db/db.ts';
import * as members from '../people/members.repo.ts';
import * as organisations from '../people/organisations.repo.ts';
import type { OrganisationKind } from '../people/organisations.service.ts';
import * as users from '../people/users.repo.ts';

export const DEMO_PASSWORD = 'demo';

/** The demo cast: one account per role, two partner organisations sharing the tiles. */
export const DEMO_PEOPLE: { email: string; name: string; role: CampaignRole; organisation: string; kind: OrganisationKind }[] = [
	{ email: 'manager@demo.local', name: 'Camille Martin (gestionnaire)', role: 'manager', organisation: 'Région Démo — service SIG', kind: 'region' },
	{ email: 'reviewer1@demo.local', name: 'Léa Bernard (commune)', role: 'reviewer', organisation: 'Commune de Prairie-Ouest (démo)', kind: 'commune' },
	{ email: 'reviewer2@demo.local', name: 'Hugo Petit (intercommunalité)', role: 'reviewer', organisation: 'Communauté de communes des Prairies-Est (démo)', kind: 'epci' },
	{ email: 'contractor@demo.local', name: 'Nadia Roux (prestataire)', role: 'contractor', organisation: 'Prestataire de démonstration', kind: 'contractor' },
	{ email: 'observer@demo.local', name: 'Paul Durand (observateur)', role: 'observer', organisation: 'DDT Démo (État)', kind: 'etat' }
];

/**
 * Give the demo campaign its demo accounts, organisations and tile assignment (west half to the
 * commune, east half to the intercommunality). Runs at start in demo mode; does nothing once done.
 * The accounts are flagged `is_demo`: they cannot sign in when the server runs with RECETTE_DEMO=0.
 * A seed: it writes the rows through each feature's repo, recording only the roles and assignments
 * in the campaign's trail (not the making of each account and organisation).
 */
export async function ensureDemoPeople(db: Db): Promise<void> {
	const campaignId = campaigns.demoCampaignId(db);
	if (campaignId === undefined) return;
	if (users.userByEmail(db, DEMO_PEOPLE[0].email)) return;
	const hash = await hashPassword(DEMO_PASSWORD);
	const now = new Date();
	db.transaction(() => {
		const orgIds: Record<string, number> = {};
		for (const p of DEMO_PEOPLE) {
			const key = nameKey(p.organisation);
			const orgId = organisations.byNameKey(db, key)?.id ?? organisations.insertOrganisation(db, { name: p.organisation, nameKey: key, kind: p.kind, createdAt: now });
			orgIds[p.email] = orgId;
			const userId = users.insertUser(db, { email: p.email, name: p.name, passwordHash: hash, isAdmin: false, isDemo: true, createdAt: now });
			organisations.addMember(db, orgId, userId);
			members.upsertMember(db, { campaignId, userId, role: p.role, organisationId: orgId, createdAt: now });
			audit(db, null, 'member.add', { userId, email: p.email, role: p.role, organisationId: orgId, demo: true }, campaignId);
		}
		const tileIds = campaigns.reviewTileIds(db, campaignId);
		const half = Math.ceil(tileIds.length / 2);
		assignments.insertAssignments(
			db,
			tileIds.map((tileId, i) => ({ tileId, organisationId: orgIds[i < half ? 'reviewer1@demo.local' : 'reviewer2@demo.local'] })),
			campaignId,
			null,
			now
		);
		audit(db, null, 'assignment.assign', { tiles: half, organisationId: orgIds['reviewer1@demo.local'], demo: true }, campaignId);
		audit(db, null, 'assignment.assign', { tiles: tileIds.length - half, organisationId: orgIds['reviewer2@demo.local'], demo: true }, campaignId);
	});
}

/** Demo accounts that exist, for the sign-in page (demo mode only). */
export function demoAccounts(db: Db): { email: string; name: string; role: CampaignRole }[] {
	const existing = new Set(users.activeDemoEmails(db));
	return DEMO_PEOPLE.filter((p) => existing.has(p.email)).map(({ email, name, role }) => ({ email, name, role }));
}
