import type { Db } from '../db/db.ts';
import { InputError, NotFoundError } from '../errors.ts';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../access/organisations.ts';
import { nameKey } from '../../text/name-key.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import * as repo from './organisations.repo.ts';
import { accountByEmail } from './users.service.ts';

export type { OrganisationKind };

/** GET /api/organisations (one row). */
export interface Organisation {
	id: number;
	name: string;
	kind: OrganisationKind;
	/** People listed in it. */
	memberCount: number;
}

/** GET /api/organisations/:id. */
export interface OrganisationDetail extends Organisation {
	members: { id: number; email: string; name: string }[];
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
	return db.transaction(() => {
		const existing = findOrganisation(db, name);
		if (existing) {
			throw new InputError('organisation_exists', {
				en: `An organisation named "${existing.name}" already exists.`,
				fr: `Une organisation nommée « ${existing.name} » existe déjà.`
			}, 409);
		}
		const id = repo.insertOrganisation(db, { name, nameKey: nameKey(name), kind, createdAt: new Date() });
		audit(db, actor, 'organisation.create', { organisationId: id, name, kind });
		return { id, name, kind, memberCount: 0 };
	});
}

export function findOrganisation(db: Db, name: string): Organisation | null {
	return repo.byNameKey(db, nameKey(name)) ?? null;
}

export function getOrganisation(db: Db, id: number): Organisation {
	const org = repo.byId(db, id);
	if (!org) throw new NotFoundError({ en: 'This organisation does not exist.', fr: 'Cette organisation n’existe pas.' });
	return org;
}

/** One organisation with the people who act for it. */
export function organisationDetail(db: Db, id: number): OrganisationDetail {
	return { ...getOrganisation(db, id), members: organisationMembers(db, id) };
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
	return repo.all(db);
}

export function organisationMembers(db: Db, organisationId: number): { id: number; email: string; name: string }[] {
	return repo.membersOf(db, organisationId);
}

/** Idempotent: adding someone already in the organisation changes nothing and records nothing. */
export function addOrganisationMember(db: Db, organisationId: number, userId: number, actor: Actor | null): void {
	if (repo.addMember(db, organisationId, userId)) audit(db, actor, 'organisation.member_add', { organisationId, userId });
}

export function removeOrganisationMember(db: Db, organisationId: number, userId: number, actor: Actor | null): void {
	if (repo.removeMember(db, organisationId, userId)) audit(db, actor, 'organisation.member_remove', { organisationId, userId });
}

const CREATE_ACCOUNT_FIRST = {
	en: 'Create the account first (Administration › Users), or invite the person to a campaign.',
	fr: 'Créez d’abord le compte (Administration › Utilisateurs), ou invitez la personne dans une campagne.'
};

/** An administrator adds or removes a person, by e-mail; the change and its audit line land together. */
export function changeOrganisationMember(db: Db, organisationId: number, rawEmail: string, change: 'add' | 'remove', actor: Actor): void {
	db.transaction(() => {
		getOrganisation(db, organisationId);
		const user = accountByEmail(db, rawEmail, CREATE_ACCOUNT_FIRST);
		if (change === 'add') addOrganisationMember(db, organisationId, user.id, actor);
		else removeOrganisationMember(db, organisationId, user.id, actor);
	});
}

/**
 * The organisations of a campaign: those given some of its tiles, those one of its members acts for,
 * and those one of its invitations names. Each of these is written only by the campaign's managers
 * (or a site admin), so nobody outside the campaign can add to the list. A manager brings an
 * organisation of the shared directory into their campaign by giving it tiles, or creates a new one
 * with an invitation.
 */
export function campaignOrganisations(db: Db, campaignId: number): Organisation[] {
	return repo.ofCampaign(db, campaignId);
}

/**
 * Check that a campaign role (or invitation) names one of the campaign's organisations: a 404 for an
 * organisation that does not exist, a 400 saying how to bring it in otherwise.
 */
export function requireCampaignOrganisation(db: Db, campaignId: number, organisationId: number): Organisation {
	const org = getOrganisation(db, organisationId);
	if (!repo.isOfCampaign(db, campaignId, organisationId)) {
		throw new InputError('organisation_not_in_campaign', {
			en: `"${org.name}" is not one of this campaign’s organisations: give it some tiles first (Tile assignment, on the campaign’s page), or create a new organisation with the invitation.`,
			fr: `« ${org.name} » ne fait pas partie des organisations de cette campagne : attribuez-lui d’abord des tuiles (Attribution des tuiles, sur la page de la campagne), ou créez une nouvelle organisation avec l’invitation.`
		});
	}
	return org;
}
