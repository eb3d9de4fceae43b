import type { CampaignRole } from '../../access/permissions.ts';
import { CAMPAIGN_ROLES } from '../../access/permissions.ts';
import type { Db } from '../db/db.ts';
import { InputError, NotFoundError } from '../errors.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import * as repo from './members.repo.ts';
import { addOrganisationMember, getOrganisation, requireCampaignOrganisation } from './organisations.service.ts';

/** GET /api/campaigns/:id/members (one row). */
export interface CampaignMember {
	userId: number;
	email: string;
	name: string;
	role: CampaignRole;
	organisationId: number | null;
	organisationName: string | null;
	/** Epoch milliseconds. */
	since: number;
}

export function parseRole(role: unknown): CampaignRole {
	if (typeof role === 'string' && (CAMPAIGN_ROLES as readonly string[]).includes(role.trim().toLowerCase())) return role.trim().toLowerCase() as CampaignRole;
	throw new InputError('invalid_role', {
		en: `Unknown role "${String(role ?? '')}": use manager, reviewer, contractor or observer.`,
		fr: `Rôle « ${String(role ?? '')} » inconnu : utilisez manager (gestionnaire), reviewer (relecteur), contractor (prestataire) ou observer (observateur).`
	});
}

export function listMembers(db: Db, campaignId: number): CampaignMember[] {
	return repo.listMembers(db, campaignId).map((m) => ({ ...m, since: m.since.getTime() }));
}

/**
 * POST /api/campaigns/:id/members: the same answer whether or not an account uses the address
 * (`code` added_if_account), so the endpoint cannot tell who has an account.
 */
export interface MemberAddition {
	email: string;
	role: CampaignRole;
	organisationId: number | null;
	code: 'added_if_account';
	/** In the caller's language. */
	message: string;
}

/** Who is asking decides which organisations a role may name. */
export interface OrganisationChoice {
	/**
	 * Site administrators and the command line (the server's operator) may name any organisation of
	 * the directory; a campaign's managers only the campaign's own (see `campaignOrganisations`).
	 */
	anyOrganisation?: boolean;
}

/**
 * Give a user a role in a campaign (or change it). A reviewer reviews the tiles of the organisation
 * their role names (and only it). With an organisation, the user is also listed as one of its people
 * in the directory — which grants nothing by itself.
 */
export function setMember(
	db: Db,
	campaignId: number,
	userId: number,
	role: CampaignRole,
	organisationId: number | null,
	actor: Actor | null,
	choice: OrganisationChoice = {}
): CampaignMember {
	return db.transaction(() => {
		if (!repo.campaignIsReady(db, campaignId)) throw new NotFoundError({ en: `Campaign ${campaignId} does not exist.`, fr: `La campagne ${campaignId} n’existe pas.` });
		if (organisationId !== null) {
			if (choice.anyOrganisation) getOrganisation(db, organisationId);
			else requireCampaignOrganisation(db, campaignId, organisationId);
		}
		const before = repo.membership(db, campaignId, userId);
		if (before?.role === 'manager' && role !== 'manager') assertNotLastManager(db, campaignId, userId);
		repo.upsertMember(db, { campaignId, userId, role, organisationId, createdAt: new Date() });
		if (organisationId !== null) addOrganisationMember(db, organisationId, userId, actor);
		if (!before) audit(db, actor, 'member.add', { userId, role, organisationId }, campaignId);
		else if (before.role !== role || before.organisationId !== organisationId) {
			audit(db, actor, 'member.role_change', { userId, from: before.role, to: role, organisationId }, campaignId);
		}
		return listMembers(db, campaignId).find((m) => m.userId === userId)!;
	});
}

function assertNotLastManager(db: Db, campaignId: number, userId: number): void {
	if (repo.countOtherManagers(db, campaignId, userId) === 0) {
		throw new InputError('last_manager', {
			en: 'This is the campaign’s last manager: name another manager first.',
			fr: 'C’est le dernier gestionnaire de la campagne : nommez d’abord un autre gestionnaire.'
		}, 409);
	}
}

export function removeMember(db: Db, campaignId: number, userId: number, actor: Actor | null): void {
	db.transaction(() => {
		const before = repo.membership(db, campaignId, userId);
		if (!before) throw new NotFoundError({ en: 'This person is not a member of the campaign.', fr: 'Cette personne ne participe pas à la campagne.' });
		if (before.role === 'manager') assertNotLastManager(db, campaignId, userId);
		repo.deleteMember(db, campaignId, userId);
		audit(db, actor, 'member.remove', { userId, role: before.role }, campaignId);
	});
}

/** The role a user holds in a campaign, if any. */
export function roleIn(db: Db, campaignId: number, userId: number): CampaignRole | null {
	return repo.membership(db, campaignId, userId)?.role ?? null;
}
