import type { CampaignRole } from '../../access/permissions.ts';
import type { Db } from '../db/db.ts';
import { hashPassword } from '../auth/passwords.ts';
import { audit } from '../audit/audit.service.ts';
import { nameKey, type OrganisationKind } from '../people/organisations.service.ts';

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
 */
export async function ensureDemoPeople(db: Db): Promise<void> {
	const campaign = db.$client.prepare("SELECT id FROM campaigns WHERE is_demo = 1 AND status = 'ready' ORDER BY id LIMIT 1").get() as { id: number } | undefined;
	if (!campaign) return;
	if (db.$client.prepare('SELECT 1 FROM users WHERE email = ?').get(DEMO_PEOPLE[0].email)) return;
	const hash = await hashPassword(DEMO_PASSWORD);
	const now = Date.now();
	const s = db.$client;
	s.transaction(() => {
		const orgIds: Record<string, number> = {};
		for (const p of DEMO_PEOPLE) {
			const existing = s.prepare('SELECT id FROM organisations WHERE name_key = ?').get(nameKey(p.organisation)) as { id: number } | undefined;
			const orgId =
				existing?.id ?? Number(s.prepare('INSERT INTO organisations (name, name_key, kind, created_at) VALUES (?, ?, ?, ?)').run(p.organisation, nameKey(p.organisation), p.kind, now).lastInsertRowid);
			orgIds[p.email] = orgId;
			const userId = Number(
				s.prepare('INSERT INTO users (email, name, password_hash, is_admin, is_demo, created_at) VALUES (?, ?, ?, 0, 1, ?)').run(p.email, p.name, hash, now).lastInsertRowid
			);
			s.prepare('INSERT OR IGNORE INTO organisation_members (organisation_id, user_id) VALUES (?, ?)').run(orgId, userId);
			s.prepare('INSERT OR REPLACE INTO campaign_members (campaign_id, user_id, role, organisation_id, created_at) VALUES (?, ?, ?, ?, ?)').run(campaign.id, userId, p.role, orgId, now);
			audit(db, null, 'member.add', { userId, email: p.email, role: p.role, organisationId: orgId, demo: true }, campaign.id);
		}
		const tiles = s.prepare('SELECT id FROM tiles WHERE campaign_id = ? AND in_sample = 1 ORDER BY ordinal').all(campaign.id) as { id: number }[];
		const insert = s.prepare('INSERT OR IGNORE INTO tile_assignments (tile_id, organisation_id, campaign_id, assigned_at) VALUES (?, ?, ?, ?)');
		const half = Math.ceil(tiles.length / 2);
		tiles.forEach((t, i) => insert.run(t.id, orgIds[i < half ? 'reviewer1@demo.local' : 'reviewer2@demo.local'], campaign.id, now));
		audit(db, null, 'assignment.assign', { tiles: half, organisationId: orgIds['reviewer1@demo.local'], demo: true }, campaign.id);
		audit(db, null, 'assignment.assign', { tiles: tiles.length - half, organisationId: orgIds['reviewer2@demo.local'], demo: true }, campaign.id);
	})();
}

/** Demo accounts that exist, for the sign-in page (demo mode only). */
export function demoAccounts(db: Db): { email: string; name: string; role: CampaignRole }[] {
	const existing = new Set((db.$client.prepare('SELECT email FROM users WHERE is_demo = 1 AND disabled_at IS NULL').all() as { email: string }[]).map((r) => r.email));
	return DEMO_PEOPLE.filter((p) => existing.has(p.email)).map(({ email, name, role }) => ({ email, name, role }));
}
