import { allows, type Action, type CampaignRole, type Grant, type TileScope } from '../../access/permissions.ts';
import type { Db } from '../db/db.ts';
import { statement } from '../db/statements.ts';
import * as repo from './access.repo.ts';
import { AuthRequiredError, ForbiddenError, NotFoundError } from '../errors.ts';
import type { SessionUser } from '../auth/sessions.ts';

/**
 * "May this user do X on this campaign/tile?" — the single door every page load, form action, API
 * endpoint, file download and websocket connection goes through. The rules are the pure `allows()`;
 * this loads what they need from the database.
 *
 * The door's SQL (`loadGrant`, `tileScope`) is hand-prepared once per connection (`statement`), not
 * built by a repo's query builder: it runs before every request, map tiles included, where building
 * the query would cost more than running it (bench/access.ts).
 */
export interface Scope {
	campaignId: number;
	tileId?: number;
}

const NO_ACCESS = {
	en: 'You have no role in this campaign. Ask its project manager for an invitation.',
	fr: 'Vous n’avez pas de rôle dans cette campagne. Demandez une invitation à son gestionnaire.'
};

/** The user's standing in a campaign; `exists` false when there is no such campaign. */
export function loadGrant(db: Db, user: SessionUser, campaignId: number): Grant & { exists: boolean } {
	const row = statement<[number, number], { id: number; role: CampaignRole | null; organisation_id: number | null; review_unassigned: number | null }>(
		db,
		`SELECT c.id, m.role, m.organisation_id, s.review_unassigned FROM campaigns c
			 LEFT JOIN campaign_members m ON m.campaign_id = c.id AND m.user_id = ?
			 LEFT JOIN campaign_settings s ON s.campaign_id = c.id
			 WHERE c.id = ?`
	).get(user.id, campaignId);
	// The user acts here for the organisation their role in THIS campaign names, and only for it.
	// Organisation membership is global (the manager of any campaign makes someone a member of an
	// organisation by giving them a role for it there), so it must never widen a role elsewhere: a
	// reviewer without an organisation in this campaign acts for none (they may still review
	// unassigned tiles when the campaign allows it). Only this campaign's managers write this row.
	const organisationIds = row?.role && row.organisation_id !== null ? [row.organisation_id] : [];
	return { exists: !!row, isAdmin: user.isAdmin, role: row?.role ?? null, organisationIds, reviewUnassigned: !!row?.review_unassigned };
}

/** What the rules need to know about a tile (null when it is not in the campaign). */
export function tileScope(db: Db, campaignId: number, tileId: number): TileScope | null {
	const tile = statement<[number, number], { status: string }>(db, 'SELECT status FROM tiles WHERE id = ? AND campaign_id = ?').get(tileId, campaignId);
	if (!tile) return null;
	const organisationIds = statement<[number], number>(db, 'SELECT organisation_id FROM tile_assignments WHERE tile_id = ?').pluck().all(tileId);
	return { organisationIds, validated: tile.status === 'validated' };
}

/**
 * Throws 401 without a user, 403 when the role does not allow the action (also for a campaign the
 * user has no role in, existing or not: ids do not reveal other campaigns), 404 for a campaign an
 * admin asks for that does not exist, or a tile that is not in the campaign. Returns the grant.
 */
export function authorize(db: Db, user: SessionUser | null | undefined, action: Action, scope: Scope): Grant {
	if (!user) throw new AuthRequiredError();
	const grant = loadGrant(db, user, scope.campaignId);
	if (!grant.isAdmin && !grant.role) throw new ForbiddenError(NO_ACCESS, 'no_campaign_role');
	if (!grant.exists) throw new NotFoundError({ en: `Campaign ${scope.campaignId} does not exist.`, fr: `La campagne ${scope.campaignId} n’existe pas.` });
	let tile: TileScope | undefined;
	if (scope.tileId !== undefined) {
		tile = tileScope(db, scope.campaignId, scope.tileId) ?? undefined;
		if (!tile) throw new NotFoundError({ en: `Tile ${scope.tileId} is not in this campaign.`, fr: `La tuile ${scope.tileId} ne fait pas partie de cette campagne.` });
	}
	if (!allows(grant, action, tile)) {
		throw new ForbiddenError(
			action === 'tile.review'
				? tile?.validated
					? { en: 'This tile was validated: a manager must reopen it before it can change.', fr: 'Cette tuile a été validée : un gestionnaire doit la rouvrir pour qu’elle puisse changer.' }
					: { en: 'This tile is not assigned to your organisation.', fr: 'Cette tuile n’est pas attribuée à votre organisation.' }
				: { en: 'Your role in this campaign does not allow this.', fr: 'Votre rôle dans cette campagne ne le permet pas.' }
		);
	}
	return grant;
}

/** Boolean form of `authorize`, for showing or hiding controls. */
export function may(db: Db, user: SessionUser | null | undefined, action: Action, scope: Scope): boolean {
	try {
		authorize(db, user, action, scope);
		return true;
	} catch {
		return false;
	}
}

/**
 * The user's role in each campaign they belong to. They may see exactly these campaigns, except a
 * site admin, who sees every campaign (with a role or not).
 */
export function campaignRoles(db: Db, user: SessionUser): Map<number, CampaignRole> {
	return new Map(repo.rolesOf(db, user.id).map((r) => [r.campaignId, r.role]));
}

/** Site admins, and project managers (people who manage at least one campaign), may create campaigns and organisations. */
export function mayCreateCampaigns(db: Db, user: SessionUser | null | undefined): boolean {
	if (!user) return false;
	if (user.isAdmin) return true;
	return repo.managesAnyCampaign(db, user.id);
}

export function requireUser(user: SessionUser | null | undefined): SessionUser {
	if (!user) throw new AuthRequiredError();
	return user;
}

export function requireAdmin(user: SessionUser | null | undefined): SessionUser {
	const u = requireUser(user);
	if (!u.isAdmin) throw new ForbiddenError({ en: 'Only site administrators may do this.', fr: 'Seuls les administrateurs du site peuvent faire cela.' }, 'admin_only');
	return u;
}

export function requireCampaignCreator(db: Db, user: SessionUser | null | undefined): SessionUser {
	const u = requireUser(user);
	if (!mayCreateCampaigns(db, u)) {
		throw new ForbiddenError({
			en: 'Only site administrators and campaign managers may create campaigns.',
			fr: 'Seuls les administrateurs du site et les gestionnaires de campagne peuvent créer des campagnes.'
		}, 'creator_only');
	}
	return u;
}
