import type { Db } from '../db/db.ts';
import { InputError, NotFoundError } from '../errors.ts';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../access/organisations.ts';
import { audit, type Actor } from '../audit/audit.service.ts';

export type { OrganisationKind };

export interface Organisation {
	id: number;
	name: string;
	kind: OrganisationKind;
	memberCount: number;
}

/** Compare names the way people do: case, accents and repeated spaces do not matter. */
export function nameKey(name: string): string {
	return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[\s\u00a0]+/g, ' ').trim();
}

/** "département", "EPCI", "État"… → the stored kind; a clear error listing the kinds otherwise. */
export function parseKind(kind: unknown): OrganisationKind {
	const key = nameKey(String(kind ?? '')).replace(/[^a-z]/g, '');
	const aliases: Record<string, OrganisationKind> = { state: 'etat', department: 'departement', park: 'parc', prestataire: 'contractor', autre: 'other', intercommunalite: 'epci' };
	const found = (ORGANISATION_KINDS as readonly string[]).includes(key) ? (key as OrganisationKind) : aliases[key];
	if (!found) {
		throw new InputError('invalid_kind', {
			en: `Unknown organisation kind "${String(kind ?? '')}": use one of ${ORGANISATION_KINDS.join(', ')}.`,
			fr: `Type d’organisation « ${String(kind ?? '')} » inconnu : utilisez ${ORGANISATION_KINDS.join(', ')}.`
		});
	}
	return found;
}

export function checkOrganisationName(name: unknown): string {
	const value = typeof name === 'string' ? name.trim().replace(/\s+/g, ' ') : '';
	if (!value) throw new InputError('name_required', { en: 'The organisation needs a name.', fr: 'L’organisation doit avoir un nom.' });
	if (value.length > 160) throw new InputError('name_too_long', { en: 'The name must have at most 160 characters.', fr: 'Le nom doit comporter au plus 160 caractères.' });
	return value;
}

export function createOrganisation(db: Db, input: { name: unknown; kind: unknown }, actor: Actor | null): Organisation {
	const name = checkOrganisationName(input.name);
	const kind = parseKind(input.kind);
	return db.$client.transaction(() => {
		const existing = findOrganisation(db, name);
		if (existing) {
			throw new InputError('organisation_exists', {
				en: `An organisation named "${existing.name}" already exists.`,
				fr: `Une organisation nommée « ${existing.name} » existe déjà.`
			}, 409);
		}
		const id = Number(db.$client.prepare('INSERT INTO organisations (name, name_key, kind, created_at) VALUES (?, ?, ?, ?)').run(name, nameKey(name), kind, Date.now()).lastInsertRowid);
		audit(db, actor, 'organisation.create', { organisationId: id, name, kind });
		return { id, name, kind, memberCount: 0 };
	})();
}

export function findOrganisation(db: Db, name: string): Organisation | null {
	return (
		(db.$client
			.prepare('SELECT o.id, o.name, o.kind, (SELECT count(*) FROM organisation_members m WHERE m.organisation_id = o.id) AS memberCount FROM organisations o WHERE name_key = ?')
			.get(nameKey(name)) as Organisation | undefined) ?? null
	);
}

export function getOrganisation(db: Db, id: number): Organisation {
	const org = db.$client
		.prepare('SELECT o.id, o.name, o.kind, (SELECT count(*) FROM organisation_members m WHERE m.organisation_id = o.id) AS memberCount FROM organisations o WHERE id = ?')
		.get(id) as Organisation | undefined;
	if (!org) throw new NotFoundError({ en: 'This organisation does not exist.', fr: 'Cette organisation n’existe pas.' });
	return org;
}

/** An organisation by name, or an error saying how to create it. */
export function requireOrganisation(db: Db, name: string): Organisation {
	const org = findOrganisation(db, name);
	if (!org) {
		throw new NotFoundError({
			en: `No organisation named "${name}": create it first (recette org create "${name}" --kind <kind>).`,
			fr: `Aucune organisation nommée « ${name} » : créez-la d’abord (recette org create "${name}" --kind <type>).`
		});
	}
	return org;
}

export function listOrganisations(db: Db): Organisation[] {
	return db.$client
		.prepare('SELECT o.id, o.name, o.kind, (SELECT count(*) FROM organisation_members m WHERE m.organisation_id = o.id) AS memberCount FROM organisations o ORDER BY o.name COLLATE NOCASE')
		.all() as Organisation[];
}

export function organisationMembers(db: Db, organisationId: number): { id: number; email: string; name: string }[] {
	return db.$client
		.prepare('SELECT u.id, u.email, u.name FROM organisation_members m JOIN users u ON u.id = m.user_id WHERE m.organisation_id = ? ORDER BY u.email')
		.all(organisationId) as { id: number; email: string; name: string }[];
}

/** Idempotent: adding someone already in the organisation changes nothing and records nothing. */
export function addOrganisationMember(db: Db, organisationId: number, userId: number, actor: Actor | null): void {
	const { changes } = db.$client.prepare('INSERT OR IGNORE INTO organisation_members (organisation_id, user_id) VALUES (?, ?)').run(organisationId, userId);
	if (changes) audit(db, actor, 'organisation.member_add', { organisationId, userId });
}

export function removeOrganisationMember(db: Db, organisationId: number, userId: number, actor: Actor | null): void {
	const { changes } = db.$client.prepare('DELETE FROM organisation_members WHERE organisation_id = ? AND user_id = ?').run(organisationId, userId);
	if (changes) audit(db, actor, 'organisation.member_remove', { organisationId, userId });
}

/**
 * The organisations of a campaign: those given some of its tiles, those one of its members acts for,
 * and those one of its invitations names. Each of these is written only by the campaign's managers
 * (or a site admin), so nobody outside the campaign can add to the list. A manager brings an
 * organisation of the shared directory into their campaign by giving it tiles, or creates a new one
 * with an invitation.
 */
export function campaignOrganisations(db: Db, campaignId: number): Organisation[] {
	return db.$client
		.prepare(
			`SELECT o.id, o.name, o.kind, (SELECT count(*) FROM organisation_members m WHERE m.organisation_id = o.id) AS memberCount FROM organisations o
			 WHERE o.id IN (SELECT organisation_id FROM tile_assignments WHERE campaign_id = @campaign
			                UNION SELECT organisation_id FROM campaign_members WHERE campaign_id = @campaign
			                UNION SELECT organisation_id FROM invitations WHERE campaign_id = @campaign)
			 ORDER BY o.name COLLATE NOCASE`
		)
		.all({ campaign: campaignId }) as Organisation[];
}

/**
 * Check that a campaign role (or invitation) names one of the campaign's organisations: a 404 for an
 * organisation that does not exist, a 400 saying how to bring it in otherwise.
 */
export function requireCampaignOrganisation(db: Db, campaignId: number, organisationId: number): Organisation {
	const org = getOrganisation(db, organisationId);
	const known = db.$client
		.prepare(
			`SELECT 1 FROM tile_assignments WHERE campaign_id = @campaign AND organisation_id = @org
			 UNION ALL SELECT 1 FROM campaign_members WHERE campaign_id = @campaign AND organisation_id = @org
			 UNION ALL SELECT 1 FROM invitations WHERE campaign_id = @campaign AND organisation_id = @org LIMIT 1`
		)
		.get({ campaign: campaignId, org: organisationId });
	if (!known) {
		throw new InputError('organisation_not_in_campaign', {
			en: `"${org.name}" is not one of this campaign’s organisations: give it some tiles first (Tile assignment, on the campaign’s page), or create a new organisation with the invitation.`,
			fr: `« ${org.name} » ne fait pas partie des organisations de cette campagne : attribuez-lui d’abord des tuiles (Attribution des tuiles, sur la page de la campagne), ou créez une nouvelle organisation avec l’invitation.`
		});
	}
	return org;
}
