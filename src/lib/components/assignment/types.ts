/**
 * Client view of the tile-assignment API (GET/POST /api/campaigns/:id/assignments…, GET /api/me/tiles).
 * Kept apart from ../api.ts, which is the foundation's contract.
 */
import type { TileStatus } from '../api.ts';

export interface AssignmentOrganisation {
	id: number;
	name: string;
	kind: string;
	/** Tiles of this campaign assigned to it. */
	tileCount: number;
	/** People whose role in this campaign reviews for it. */
	reviewerCount: number;
	/** Reviewer invitations for it that can still be used. */
	pendingInvitations: number;
}

/** GET /api/campaigns/:id/assignments. */
export interface AssignmentsOverview {
	organisations: AssignmentOrganisation[];
	/** Tile id → organisation ids (tiles assigned to nobody are absent). */
	tiles: Record<string, number[]>;
}

/** POST /api/campaigns/:id/assignments. */
export interface ChangeResult {
	action: 'assign' | 'unassign';
	/** `replace`: the selected tiles now belong to this organisation alone. */
	mode: 'add' | 'replace';
	organisationId: number;
	/** Distinct tiles selected. */
	requested: number;
	/** Tiles given to (taken from) the organisation by this change. */
	changed: number;
	/** Assign: selected tiles it already had. Unassign: selected tiles it did not have. */
	unchanged: number;
	/** Replace: tiles taken from each other organisation. */
	removedFrom: { organisationId: number; name: string; tiles: number }[];
	tileCount: number;
}

export interface OrganisationTally {
	organisationId: number;
	name: string;
	tiles: number;
	added: number;
}

/** POST …/assignments/territory. */
export interface TerritoryResult {
	file: string;
	polygons: number;
	byOrganisation: OrganisationTally[];
	unmatchedValues: string[];
}

/** POST …/assignments/csv. */
export interface CsvResult {
	lines: number;
	byOrganisation: OrganisationTally[];
}

/** One campaign of GET /api/me/tiles. */
export interface MyCampaignTiles {
	campaign: { id: number; name: string };
	role: import('../api.ts').CampaignRole;
	/** Reviews these tiles (reviewer, manager) or only follows them (observer, contractor). */
	mayReview: boolean;
	organisations: { id: number; name: string }[];
	/** Names of the campaign's managers: whom to ask for tiles. */
	managers: string[];
	counts: { total: number } & import('../../review/status.ts').StatusCounts;
	/** Unfinished first, then reviewed. */
	tiles: { id: number; name: string; status: TileStatus; ordinal: number; myVerdict: boolean }[];
}
