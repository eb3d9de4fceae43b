import type { CampaignRole } from '../../access/permissions.ts';
import type { Db } from '../db/db.ts';
import { InputError, NotFoundError } from '../errors.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import * as repo from './invitations.repo.ts';
import { roleIn, setMember, type OrganisationChoice } from './members.service.ts';
import { createOrganisation, getOrganisation, requireCampaignOrganisation } from './organisations.service.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { newToken, parseToken, secretMatches } from '../auth/tokens.ts';

export type InvitationState = 'active' | 'expired' | 'used' | 'revoked';

/** GET /api/campaigns/:id/invitations (one row). Times in epoch milliseconds. */
export interface Invitation {
	id: string;
	campaignId: number;
	campaignName: string;
	role: CampaignRole;
	organisationId: number | null;
	organisationName: string | null;
	/** 1: a personal link; null: unlimited until it expires. */
	maxUses: number | null;
	uses: number;
	createdAt: number;
	expiresAt: number;
	revokedAt: number | null;
	createdByEmail: string | null;
	/** active, expired, used up or revoked — for the manager's list. */
	state: InvitationState;
}

/** POST /api/campaigns/:id/invitations: the link is only ever shown in this answer. */
export interface CreatedInvitation {
	invitation: Invitation;
	url: string;
}

function toInvitation(r: repo.InvitationRow, now = Date.now()): Invitation {
	const expiresAt = r.expiresAt.getTime();
	const state = r.revokedAt !== null ? 'revoked' : r.maxUses !== null && r.uses >= r.maxUses ? 'used' : expiresAt <= now ? 'expired' : 'active';
	return {
		id: r.id,
		campaignId: r.campaignId,
		campaignName: r.campaignName,
		role: r.role,
		organisationId: r.organisationId,
		organisationName: r.organisationName,
		maxUses: r.maxUses,
		uses: r.uses,
		createdAt: r.createdAt.getTime(),
		expiresAt,
		revokedAt: r.revokedAt?.getTime() ?? null,
		createdByEmail: r.createdByEmail,
		state
	};
}

export interface NewInvitation {
	role: CampaignRole;
	organisationId: number | null;
	/**
	 * A partner organisation to create for this campaign, in the invitation's own transaction (instead
	 * of `organisationId`): a refused invitation leaves no organisation behind.
	 */
	newOrganisation?: { name: string; kind: string } | null;
	/** 1 for a personal link, null for a link shared with a whole team. */
	maxUses: number | null;
	expiresInDays: number;
}

/**
 * Create an invitation; the token (shown once, in the link) is returned with it. Its organisation
 * must be one of the campaign's (unless `choice.anyOrganisation`), or a new one created with it.
 */
export function createInvitation(db: Db, campaignId: number, input: NewInvitation, actor: Actor, choice: OrganisationChoice = {}): { invitation: Invitation; token: string } {
	if (!(input.expiresInDays > 0 && input.expiresInDays <= 365)) {
		throw new InputError('invalid_expiry', { en: 'An invitation lasts from 1 to 365 days.', fr: 'Une invitation dure de 1 à 365 jours.' });
	}
	if (input.maxUses !== null && !(Number.isInteger(input.maxUses) && input.maxUses >= 1 && input.maxUses <= 10_000)) {
		throw new InputError('invalid_max_uses', { en: 'The number of uses must be a whole number from 1 to 10 000.', fr: 'Le nombre d’utilisations doit être un entier de 1 à 10 000.' });
	}
	const newOrganisation = input.newOrganisation ?? null;
	if (newOrganisation && input.organisationId !== null) {
		throw new InputError('organisation_twice', {
			en: 'Choose an existing organisation or create a new one, not both.',
			fr: 'Choisissez une organisation existante ou créez-en une nouvelle, pas les deux.'
		});
	}
	if (input.role === 'reviewer' && input.organisationId === null && !newOrganisation) {
		throw new InputError('organisation_required', {
			en: 'A reviewer invitation needs an organisation: reviewers review their organisation’s tiles.',
			fr: 'Une invitation de relecteur doit préciser l’organisation : un relecteur relit les tuiles de son organisation.'
		});
	}
	const { id, secretHash, token } = newToken();
	const now = Date.now();
	db.transaction(() => {
		let organisationId = input.organisationId;
		if (newOrganisation) organisationId = createOrganisationFor(db, newOrganisation, actor);
		else if (organisationId !== null) {
			if (choice.anyOrganisation) getOrganisation(db, organisationId);
			else requireCampaignOrganisation(db, campaignId, organisationId);
		}
		repo.insertInvitation(db, {
			id,
			secretHash,
			campaignId,
			role: input.role,
			organisationId,
			maxUses: input.maxUses,
			uses: 0,
			createdBy: actor.id,
			createdAt: new Date(now),
			expiresAt: new Date(now + input.expiresInDays * 86_400_000)
		});
		audit(db, actor, 'invitation.create', { invitationId: id, role: input.role, organisationId, maxUses: input.maxUses, expiresInDays: input.expiresInDays }, campaignId);
	});
	return { invitation: getInvitation(db, id)!, token };
}

/** A new organisation for an invitation; an existing name gets a message saying where to find it. */
function createOrganisationFor(db: Db, input: { name: string; kind: string }, actor: Actor): number {
	try {
		return createOrganisation(db, input, actor).id;
	} catch (e) {
		if (!(e instanceof InputError) || e.code !== 'organisation_exists') throw e;
		throw new InputError('organisation_exists', {
			en: `${e.messages.en} Choose it in the list; if it is not there, give it some tiles first (Tile assignment, on the campaign’s page).`,
			fr: `${e.messages.fr} Choisissez-la dans la liste ; si elle n’y est pas, attribuez-lui d’abord des tuiles (Attribution des tuiles, sur la page de la campagne).`
		}, 409);
	}
}

function getInvitation(db: Db, id: string): Invitation | null {
	const row = repo.byId(db, id);
	return row ? toInvitation(row) : null;
}

export function listInvitations(db: Db, campaignId: number): Invitation[] {
	return repo.ofCampaign(db, campaignId).map((r) => toInvitation(r));
}

export function revokeInvitation(db: Db, campaignId: number, id: string, actor: Actor): void {
	db.transaction(() => {
		if (!repo.revoke(db, campaignId, id, new Date())) throw new NotFoundError({ en: 'This invitation does not exist or is already revoked.', fr: 'Cette invitation n’existe pas ou est déjà révoquée.' });
		audit(db, actor, 'invitation.revoke', { invitationId: id }, campaignId);
	});
}

/** One message for every unusable link: unknown, expired, used up or revoked look the same from outside. */
const INVALID = {
	en: 'This invitation link is not valid any more (expired, already used or revoked). Ask the project manager for a new one.',
	fr: 'Ce lien d’invitation n’est plus valable (expiré, déjà utilisé ou révoqué). Demandez-en un nouveau au gestionnaire du projet.'
};

/** The invitation a link stands for, if it can still be used. */
export function findUsableInvitation(db: Db, token: string | undefined): Invitation & { secretHash: string } {
	const parsed = parseToken(token);
	const row = parsed ? repo.byId(db, parsed.id) : undefined;
	if (!parsed || !row || !secretMatches(parsed.secret, row.secretHash)) throw new NotFoundError(INVALID);
	const inv = toInvitation(row);
	if (inv.state !== 'active') throw new NotFoundError(INVALID);
	return { ...inv, secretHash: row.secretHash };
}

/** Join the campaign with the invitation's role; counts one use. An existing higher role is not lowered. */
export function acceptInvitation(db: Db, token: string, user: SessionUser, actor: Actor): Invitation {
	return db.transaction(() => {
		const inv = findUsableInvitation(db, token);
		if (roleIn(db, inv.campaignId, user.id) === 'manager' && inv.role !== 'manager') {
			throw new InputError('already_manager', {
				en: 'You already manage this campaign; an invitation cannot lower your role.',
				fr: 'Vous gérez déjà cette campagne ; une invitation ne peut pas réduire votre rôle.'
			}, 409);
		}
		// The use is counted in the same statement that checks it, so two people racing for a
		// single-use link cannot both get in.
		if (!repo.countUse(db, inv.id, new Date())) throw new NotFoundError(INVALID);
		setMember(db, inv.campaignId, user.id, inv.role, inv.organisationId, actor);
		audit(db, actor, 'invitation.accept', { invitationId: inv.id, userId: user.id, role: inv.role, organisationId: inv.organisationId }, inv.campaignId);
		return getInvitation(db, inv.id)!;
	});
}
