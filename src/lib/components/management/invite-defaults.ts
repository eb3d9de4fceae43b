/**
 * The invitation form's organisation, chosen so that its defaults always make a valid invitation: a
 * reviewer reviews their organisation's tiles, so a reviewer invitation never starts on "none". It
 * starts on the organisation the manager most likely invites for — the one asked for (the tile
 * assignment's "invite a reviewer" link), else one with tiles and nobody reviewing them yet, else
 * one with tiles, else the first of the campaign's — or, when the campaign has none, on "new
 * organisation" (the manager types its name).
 */
import type { CampaignRole } from '../../access/permissions.ts';

/** '' none, 'new' a new organisation, else an organisation id. */
export type InviteOrganisation = string;

export interface OrganisationStanding {
	id: number;
	/** Tiles of this campaign assigned to it. */
	tileCount: number;
	/** People reviewing for it here. */
	reviewerCount: number;
}

export function defaultInviteOrganisation(
	role: CampaignRole,
	organisations: readonly { id: number }[],
	standing: readonly OrganisationStanding[],
	requested: number | null = null
): InviteOrganisation {
	const ids = new Set(organisations.map((o) => o.id));
	if (requested !== null && ids.has(requested)) return String(requested);
	if (role !== 'reviewer') return '';
	const here = standing.filter((s) => ids.has(s.id));
	const pick = here.find((s) => s.tileCount > 0 && s.reviewerCount === 0) ?? here.find((s) => s.tileCount > 0) ?? organisations[0];
	return pick ? String(pick.id) : 'new';
}

/** Whether a role may be invited with this organisation choice (the server refuses a reviewer without one). */
export function inviteIsComplete(role: CampaignRole, organisation: InviteOrganisation): boolean {
	return role !== 'reviewer' || organisation !== '';
}
