import type { CampaignRole } from '../../access/permissions.ts';
import type { Db } from '../db/db.ts';
import { InputError, NotFoundError } from '../errors.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import { setMember, type OrganisationChoice } from './members.service.ts';
import { createOrganisation, getOrganisation, requireCampaignOrganisation } from './organisations.service.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { newToken, parseToken, secretMatches } from '../auth/tokens.ts';

export interface Invitation {
	id: string;
	campaignId: number;
	campaignName: string;
	role: CampaignRole;
	organisationId: number | null;
	organisationName: string | null;
	maxUses: number | null;
	uses: number;
	createdAt: number;
	expiresAt: number;
	revokedAt: number | null;
	createdByEmail: string | null;
	/** active, expired, used up or revoked — for the manager's list. */
	state: 'active' | 'expired' | 'used' | 'revoked';
}

interface Row {
	id: string;
	secret_hash: string;
	campaign_id: number;
	campaign_name: string;
	role: CampaignRole;
	organisation_id: number | null;
	organisation_name: string | null;
	max_uses: number | null;
	uses: number;
	created_at: number;
	expires_at: number;
	revoked_at: number | null;
	created_by_email: string | null;
}

const SELECT = `SELECT i.*, c.name AS campaign_name, o.name AS organisation_name, u.email AS created_by_email
	FROM invitations i JOIN campaigns c ON c.id = i.campaign_id LEFT JOIN organisations o ON o.id = i.organisation_id LEFT JOIN users u ON u.id = i.created_by`;

function toInvitation(r: Row, now = Date.now()): Invitation {
	const state = r.revoked_at !== null ? 'revoked' : r.max_uses !== null && r.uses >= r.max_uses ? 'used' : r.expires_at <= now ? 'expired' : 'active';
	return {
		id: r.id,
		campaignId: r.campaign_id,
		campaignName: r.campaign_name,
		role: r.role,
		organisationId: r.organisation_id,
		organisationName: r.organisation_name,
		maxUses: r.max_uses,
		uses: r.uses,
		createdAt: r.created_at,
		expiresAt: r.expires_at,
		revokedAt: r.revoked_at,
		createdByEmail: r.created_by_email,
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
	db.$client.transaction(() => {
		let organisationId = input.organisationId;
		if (newOrganisation) organisationId = createOrganisationFor(db, newOrganisation, actor);
		else if (organisationId !== null) {
			if (choice.anyOrganisation) getOrganisation(db, organisationId);
			else requireCampaignOrganisation(db, campaignId, organisationId);
		}
		db.$client
			.prepare('INSERT INTO invitations (id, secret_hash, campaign_id, role, organisation_id, max_uses, uses, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)')
			.run(id, secretHash, campaignId, input.role, organisationId, input.maxUses, actor.id, now, now + input.expiresInDays * 86_400_000);
		audit(db, actor, 'invitation.create', { invitationId: id, role: input.role, organisationId, maxUses: input.maxUses, expiresInDays: input.expiresInDays }, campaignId);
	})();
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
	const row = db.$client.prepare(`${SELECT} WHERE i.id = ?`).get(id) as Row | undefined;
	return row ? toInvitation(row) : null;
}

export function listInvitations(db: Db, campaignId: number): Invitation[] {
	return (db.$client.prepare(`${SELECT} WHERE i.campaign_id = ? ORDER BY i.created_at DESC`).all(campaignId) as Row[]).map((r) => toInvitation(r));
}

export function revokeInvitation(db: Db, campaignId: number, id: string, actor: Actor): void {
	db.$client.transaction(() => {
		const { changes } = db.$client.prepare('UPDATE invitations SET revoked_at = ? WHERE id = ? AND campaign_id = ? AND revoked_at IS NULL').run(Date.now(), id, campaignId);
		if (!changes) throw new NotFoundError({ en: 'This invitation does not exist or is already revoked.', fr: 'Cette invitation n’existe pas ou est déjà révoquée.' });
		audit(db, actor, 'invitation.revoke', { invitationId: id }, campaignId);
	})();
}

/** One message for every unusable link: unknown, expired, used up or revoked look the same from outside. */
const INVALID = {
	en: 'This invitation link is not valid any more (expired, already used or revoked). Ask the project manager for a new one.',
	fr: 'Ce lien d’invitation n’est plus valable (expiré, déjà utilisé ou révoqué). Demandez-en un nouveau au gestionnaire du projet.'
};

/** The invitation a link stands for, if it can still be used. */
export function findUsableInvitation(db: Db, token: string | undefined): Invitation & { secretHash: string } {
	const parsed = parseToken(token);
	const row = parsed ? (db.$client.prepare(`${SELECT} WHERE i.id = ?`).get(parsed.id) as Row | undefined) : undefined;
	if (!parsed || !row || !secretMatches(parsed.secret, row.secret_hash)) throw new NotFoundError(INVALID);
	const inv = toInvitation(row);
	if (inv.state !== 'active') throw new NotFoundError(INVALID);
	return { ...inv, secretHash: row.secret_hash };
}

/** Join the campaign with the invitation's role; counts one use. An existing higher role is not lowered. */
export function acceptInvitation(db: Db, token: string, user: SessionUser, actor: Actor): Invitation {
	return db.$client.transaction(() => {
		const inv = findUsableInvitation(db, token);
		const current = db.$client.prepare('SELECT role FROM campaign_members WHERE campaign_id = ? AND user_id = ?').get(inv.campaignId, user.id) as { role: CampaignRole } | undefined;
		if (current?.role === 'manager' && inv.role !== 'manager') {
			throw new InputError('already_manager', {
				en: 'You already manage this campaign; an invitation cannot lower your role.',
				fr: 'Vous gérez déjà cette campagne ; une invitation ne peut pas réduire votre rôle.'
			}, 409);
		}
		// The use is counted in the same statement that checks it, so two people racing for a
		// single-use link cannot both get in.
		const { changes } = db.$client
			.prepare('UPDATE invitations SET uses = uses + 1 WHERE id = ? AND revoked_at IS NULL AND expires_at > ? AND (max_uses IS NULL OR uses < max_uses)')
			.run(inv.id, Date.now());
		if (!changes) throw new NotFoundError(INVALID);
		setMember(db, inv.campaignId, user.id, inv.role, inv.organisationId, actor);
		audit(db, actor, 'invitation.accept', { invitationId: inv.id, userId: user.id, role: inv.role, organisationId: inv.organisationId }, inv.campaignId);
		return getInvitation(db, inv.id)!;
	})();
}
