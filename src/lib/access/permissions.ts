/**
 * Who may do what in a campaign — the one rule book. Pure: the server loads a `Grant` (the user's
 * role in the campaign and the campaign's settings) and a tile's assignment, then asks `allows()`.
 * Every route, form action, download and websocket goes through `authorize()` in
 * src/lib/server/access/authorize.ts, which is a thin loader around this function.
 */

export const CAMPAIGN_ROLES = ['manager', 'reviewer', 'contractor', 'observer'] as const;
export type CampaignRole = (typeof CAMPAIGN_ROLES)[number];

export const ACTIONS = [
	/** See the campaign, its tiles, imagery and delivered land cover. */
	'campaign.view',
	/** Change settings, members, invitations, tile assignment; read the audit trail. */
	'campaign.manage',
	/** Annotate defects, correct classes, give a verdict on a tile (needs a tile). */
	'tile.review',
	/** Read reviewers' work in progress (annotations not yet validated). Never the contractor. */
	'reviews.read',
	/** Read the defects sent to the contractor and the reports. */
	'reports.read',
	/** Answer a defect (the contractor's side of the conversation). */
	'defects.answer',
	/** Validate reviews and decide acceptance. */
	'campaign.decide'
] as const;
export type Action = (typeof ACTIONS)[number];

/** What the server knows about a user with respect to one campaign. */
export interface Grant {
	/** Site administrators operate the instance: they may do everything everywhere. */
	isAdmin: boolean;
	/** The user's role in this campaign, or null when they have none. */
	role: CampaignRole | null;
	/** Organisations the user reviews for in this campaign. */
	organisationIds: readonly number[];
	/** Campaign setting: reviewers may also review tiles assigned to no organisation. */
	reviewUnassigned: boolean;
}

/** The tile an action is about: the organisations it is assigned to, and whether a manager validated it. */
export interface TileScope {
	organisationIds: readonly number[];
	/** A validated tile is closed: nobody changes its review until a manager reopens it. */
	validated?: boolean;
}

const BY_ROLE: Record<CampaignRole, ReadonlySet<Action>> = {
	manager: new Set(['campaign.view', 'campaign.manage', 'tile.review', 'reviews.read', 'reports.read', 'campaign.decide']),
	reviewer: new Set(['campaign.view', 'tile.review', 'reviews.read', 'reports.read']),
	// The contractor reads what is sent to them and answers it; drafts stay between partners.
	contractor: new Set(['campaign.view', 'reports.read', 'defects.answer']),
	observer: new Set(['campaign.view', 'reviews.read', 'reports.read'])
};

/** Actions that only make sense about one tile. */
const TILE_ACTIONS: ReadonlySet<Action> = new Set(['tile.review']);

export function allows(grant: Grant, action: Action, tile?: TileScope): boolean {
	if (action === 'tile.review' && tile?.validated) return false;
	if (grant.isAdmin) return true;
	if (!grant.role || !BY_ROLE[grant.role].has(action)) return false;
	if (!TILE_ACTIONS.has(action) || grant.role !== 'reviewer') return true;
	// A reviewer reviews their organisation's tiles; unassigned ones only when the campaign says so.
	if (!tile) return false;
	if (tile.organisationIds.some((id) => grant.organisationIds.includes(id))) return true;
	return grant.reviewUnassigned && tile.organisationIds.length === 0;
}

/** Actions of a grant, for the UI to show or hide controls (the server checks again on use). */
export function allowedActions(grant: Grant): Action[] {
	return ACTIONS.filter((a) => (TILE_ACTIONS.has(a) ? grant.isAdmin || grant.role === 'manager' || grant.role === 'reviewer' : allows(grant, a)));
}

/** What the UI may offer the holder of a grant in a campaign (the server still checks each use). */
export interface CampaignAbilities {
	/** Their role (null for a site admin without one). */
	role: CampaignRole | null;
	/** The organisations they review for there. */
	organisationIds: number[];
	actions: Action[];
}

export function campaignAbilities(grant: Grant): CampaignAbilities {
	return { role: grant.role, organisationIds: [...grant.organisationIds], actions: allowedActions(grant) };
}
