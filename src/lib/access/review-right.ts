/**
 * How a tile page or the overview tells someone what they may do on a tile, in words that fit their
 * role: "to review for your organisation" only when it is their organisation's tile; a manager on
 * another organisation's tile reviews it as the campaign's manager. Pure, over the rule book's
 * `Grant` and `TileScope` (src/lib/access/permissions.ts), so it always agrees with `allows()`.
 */
import { allows, type Grant, type TileScope } from './permissions.ts';

export type ReviewRight =
	/** Assigned to (one of) the user's organisation(s), and they may review it. */
	| 'organisation'
	/** A manager (or site administrator) on a tile that is not their organisation's. */
	| 'manager'
	/** Assigned to no organisation, open to reviewers by the campaign's setting. */
	| 'unassigned'
	/** Validated: closed to every change until a manager reopens it. */
	| 'validated'
	/** The user may look, not change. */
	| 'readOnly';

export const REVIEW_RIGHTS: readonly ReviewRight[] = ['organisation', 'manager', 'unassigned', 'validated', 'readOnly'];

export function reviewRight(grant: Grant, tile: TileScope): ReviewRight {
	if (tile.validated) return 'validated';
	if (!allows(grant, 'tile.review', tile)) return 'readOnly';
	if (tile.organisationIds.some((id) => grant.organisationIds.includes(id))) return 'organisation';
	if (grant.isAdmin || grant.role === 'manager') return 'manager';
	return 'unassigned';
}

/**
 * The grant as the browser knows it, from GET /api/campaigns/:id (`access` and `settings`): a site
 * administrator has no role but every action.
 */
export function grantOf(access: { role: Grant['role']; organisationIds: readonly number[]; actions: readonly string[] }, settings: { reviewUnassigned: boolean }): Grant {
	return {
		isAdmin: access.role === null && access.actions.includes('campaign.manage'),
		role: access.role,
		organisationIds: access.organisationIds,
		reviewUnassigned: settings.reviewUnassigned
	};
}
