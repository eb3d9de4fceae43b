/**
 * Client-side view of the management API (admin, organisations, campaign members, invitations,
 * settings, audit trail). Pages depend on these shapes only, never on server modules.
 */
import type { OrganisationKind } from '../../access/organisations.ts';
import type { CampaignRole } from '../../access/permissions.ts';

export { ORGANISATION_KINDS, type OrganisationKind } from '../../access/organisations.ts';
export { CAMPAIGN_ROLES as ROLES } from '../../access/permissions.ts';

/** GET /api/admin/users (one row). */
export interface AdminUser {
	id: number;
	email: string;
	name: string;
	isAdmin: boolean;
	isDemo: boolean;
	disabled: boolean;
	hasPassword: boolean;
	createdAt: number;
	organisations: { id: number; name: string; kind: OrganisationKind }[];
}

/** POST /api/admin/users. `resetUrl` when created without a password (shown once). */
export interface CreatedUser {
	user: AdminUser;
	resetUrl: string | null;
	resetExpiresAt: number | null;
}

/** POST /api/admin/users/:id/reset-link. */
export interface ResetLink {
	url: string;
	expiresAt: number;
}

/** GET /api/organisations (one row). */
export interface Organisation {
	id: number;
	name: string;
	kind: OrganisationKind;
	memberCount: number;
}

/** GET /api/organisations/:id. */
export interface OrganisationDetail extends Organisation {
	members: { id: number; email: string; name: string }[];
}

/** GET /api/campaigns/:id/members (one row). */
export interface CampaignMember {
	userId: number;
	email: string;
	name: string;
	role: CampaignRole;
	organisationId: number | null;
	organisationName: string | null;
	since: number;
}

export type InvitationState = 'active' | 'expired' | 'used' | 'revoked';

/** GET /api/campaigns/:id/invitations (one row). */
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
	state: InvitationState;
}

/** POST /api/campaigns/:id/invitations: the link is only ever shown in this answer. */
export interface CreatedInvitation {
	invitation: Invitation;
	url: string;
}

/** Body of POST /api/campaigns/:id/invitations. */
export interface NewInvitation {
	role: CampaignRole;
	/** One of the campaign's organisations (GET /api/campaigns/:id/organisations)… */
	organisationId: number | null;
	/** …or a new one, created with the invitation. */
	newOrganisation?: { name: string; kind: OrganisationKind } | null;
	maxUses: 1 | null;
	expiresInDays: number;
}

export interface CampaignSettings {
	/** Reviewers may also review tiles assigned to no organisation. */
	reviewUnassigned: boolean;
	/** Verdicts (other than "cannot tell") a tile needs to count as reviewed. */
	requiredVerdicts: number;
}

/** One event of GET /api/campaigns/:id/audit or /api/admin/audit. */
export interface AuditEntry {
	id: number;
	/** Epoch milliseconds. */
	at: number;
	actorId: number | null;
	/** null: the system (demo seed, import). */
	actorEmail: string | null;
	campaignId: number | null;
	campaignName: string | null;
	action: string;
	details: Record<string, unknown>;
	ip: string | null;
	/** The person the event is about, with today's name. */
	subject: { id: number; email: string; name: string } | null;
	organisation: { id: number; name: string } | null;
	/** Today's names of the organisations the details refer to by id (assignment lists included). */
	organisations?: Record<number, string>;
}

export interface AuditPage {
	events: AuditEntry[];
	/** Pass as `?before=` for older events; null when there are none. */
	nextBefore: number | null;
}
