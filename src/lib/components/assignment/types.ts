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
	organisationId: number;
	requested: number;
	changed: number;
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
	role: string;
	organisations: { id: number; name: string }[];
	counts: { total: number } & import('../../review/status.ts').StatusCounts;
	/** Unfinished first, then reviewed. */
	tiles: { id: number; name: string; status: TileStatus }[];
}

/** Distinct, colour-blind-friendly-ish hues for organisations on the map (cycled by list position). */
export const ORGANISATION_COLORS = ['#000091', '#e1000f', '#18753c', '#b34000', '#6a6af4', '#a558a0', '#009081', '#716043', '#ce614a', '#3a3a3a'];

export function organisationColor(index: number): string {
	return ORGANISATION_COLORS[((index % ORGANISATION_COLORS.length) + ORGANISATION_COLORS.length) % ORGANISATION_COLORS.length];
}
