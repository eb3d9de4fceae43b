import type { CampaignRole } from '../../access/permissions.ts';
import { CAMPAIGN_ROLES } from '../../access/permissions.ts';
import type { Db } from '../db/db.ts';
import { InputError, NotFoundError } from '../errors.ts';
import { requireCampaign } from '../campaigns/campaigns.service.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import { addOrganisationMember, getOrganisation, requireCampaignOrganisation } from './organisations.service.ts';

export interface CampaignMember {
	userId: number;
	email: string;
	name: string;
	role: CampaignRole;
	organisationId: number | null;
	organisationName: string | null;
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
	return db.$client
		.prepare(
			`SELECT u.id AS userId, u.email, u.name, m.role, m.organisation_id AS organisationId, o.name AS organisationName, m.created_at AS since
			 FROM campaign_members m JOIN users u ON u.id = m.user_id LEFT JOIN organisations o ON o.id = m.organisation_id
			 WHERE m.campaign_id = ? ORDER BY CASE m.role WHEN 'manager' THEN 0 WHEN 'reviewer' THEN 1 WHEN 'contractor' THEN 2 ELSE 3 END, u.email`
		)
		.all(campaignId) as CampaignMember[];
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
	return db.$client.transaction(() => {
		requireCampaign(db, campaignId);
		if (organisationId !== null) {
			if (choice.anyOrganisation) getOrganisation(db, organisationId);
			else requireCampaignOrganisation(db, campaignId, organisationId);
		}
		const before = db.$client.prepare('SELECT role, organisation_id FROM campaign_members WHERE campaign_id = ? AND user_id = ?').get(campaignId, userId) as
			| { role: CampaignRole; organisation_id: number | null }
			| undefined;
		if (before?.role === 'manager' && role !== 'manager') assertNotLastManager(db, campaignId, userId);
		db.$client
			.prepare(
				`INSERT INTO campaign_members (campaign_id, user_id, role, organisation_id, created_at) VALUES (?, ?, ?, ?, ?)
				 ON CONFLICT (campaign_id, user_id) DO UPDATE SET role = excluded.role, organisation_id = excluded.organisation_id`
			)
			.run(campaignId, userId, role, organisationId, Date.now());
		if (organisationId !== null) addOrganisationMember(db, organisationId, userId, actor);
		if (!before) audit(db, actor, 'member.add', { userId, role, organisationId }, campaignId);
		else if (before.role !== role || before.organisation_id !== organisationId) {
			audit(db, actor, 'member.role_change', { userId, from: before.role, to: role, organisationId }, campaignId);
		}
		return listMembers(db, campaignId).find((m) => m.userId === userId)!;
	})();
}

function assertNotLastManager(db: Db, campaignId: number, userId: number): void {
	const others = db.$client.prepare("SELECT count(*) AS n FROM campaign_members WHERE campaign_id = ? AND role = 'manager' AND user_id != ?").get(campaignId, userId) as { n: number };
	if (others.n === 0) {
		throw new InputError('last_manager', {
			en: 'This is the campaign’s last manager: name another manager first.',
			fr: 'C’est le dernier gestionnaire de la campagne : nommez d’abord un autre gestionnaire.'
		}, 409);
	}
}

export function removeMember(db: Db, campaignId: number, userId: number, actor: Actor | null): void {
	db.$client.transaction(() => {
		const before = db.$client.prepare('SELECT role FROM campaign_members WHERE campaign_id = ? AND user_id = ?').get(campaignId, userId) as { role: CampaignRole } | undefined;
		if (!before) throw new NotFoundError({ en: 'This person is not a member of the campaign.', fr: 'Cette personne ne participe pas à la campagne.' });
		if (before.role === 'manager') assertNotLastManager(db, campaignId, userId);
		db.$client.prepare('DELETE FROM campaign_members WHERE campaign_id = ? AND user_id = ?').run(campaignId, userId);
		audit(db, actor, 'member.remove', { userId, role: before.role }, campaignId);
	})();
}

export interface CampaignSettings {
	/** Reviewers may also review tiles assigned to no organisation. */
	reviewUnassigned: boolean;
	/** Verdicts (other than "cannot tell") a tile needs to count as reviewed. */
	requiredVerdicts: number;
}

export function getSettings(db: Db, campaignId: number): CampaignSettings {
	const row = db.$client.prepare('SELECT review_unassigned, required_verdicts FROM campaign_settings WHERE campaign_id = ?').get(campaignId) as
		| { review_unassigned: number; required_verdicts: number }
		| undefined;
	return { reviewUnassigned: !!row?.review_unassigned, requiredVerdicts: row?.required_verdicts ?? 1 };
}

/** Change the settings given (the others keep their value). */
export function updateSettings(db: Db, campaignId: number, change: Partial<CampaignSettings>, actor: Actor | null): CampaignSettings {
	db.$client.transaction(() => {
		requireCampaign(db, campaignId);
		const next = { ...getSettings(db, campaignId), ...change };
		db.$client
			.prepare(
				`INSERT INTO campaign_settings (campaign_id, review_unassigned, required_verdicts) VALUES (?, ?, ?)
				 ON CONFLICT (campaign_id) DO UPDATE SET review_unassigned = excluded.review_unassigned, required_verdicts = excluded.required_verdicts`
			)
			.run(campaignId, next.reviewUnassigned ? 1 : 0, next.requiredVerdicts);
		audit(db, actor, 'campaign.settings', { ...change }, campaignId);
	})();
	return getSettings(db, campaignId);
}
