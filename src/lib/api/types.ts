/**
 * The HTTP API as the browser sees it: each response type is the server module's own type (the one
 * its endpoint returns), through `Jsonify` — never a hand copy. Types only: `import type` keeps
 * every server module out of the browser bundle.
 */
import type * as Assignments from '../server/assignments/assignments.service.ts';
import type * as Audit from '../server/audit/audit.service.ts';
import type { ResetLink as ServerResetLink } from '../server/auth/password-resets.service.ts';
import type { SessionUser as ServerSessionUser } from '../server/auth/sessions.ts';
import type * as Campaigns from '../server/campaigns/campaigns.service.ts';
import type { CampaignSettings as ServerCampaignSettings } from '../server/campaigns/settings.service.ts';
import type { ImportJob } from '../server/jobs/import-jobs.ts';
import type * as Invitations from '../server/people/invitations.service.ts';
import type { CampaignMember as ServerCampaignMember } from '../server/people/members.service.ts';
import type * as Organisations from '../server/people/organisations.service.ts';
import type * as Users from '../server/people/users.service.ts';
import type { Inspection } from '../server/uploads/inspect.ts';
import type { NewUpload as ServerNewUpload } from '../server/uploads/uploads.service.ts';
import type { SessionsRevoked as ServerSessionsRevoked } from '../server/auth/account.ts';
import type { MemberAddition as ServerMemberAddition } from '../server/people/members.service.ts';
import type { Jsonify } from './jsonify.ts';

// Words of the pure modules the server and the pages share.
export type { Action as CampaignAction, CampaignRole } from '../access/permissions.ts';
export type { OrganisationKind } from '../access/organisations.ts';
export type { NomenclatureEntry } from '../nomenclature/index.ts';
export type { StatusCounts, TileStatus } from '../review/status.ts';
export type { Jsonify };

// ─── Campaigns and tiles ─────────────────────────────────────────────────────────────────────────

export type CampaignStatus = Campaigns.CampaignStatus;
/** [west, south, east, north] in WGS84 degrees. */
export type LngLatBBox = Campaigns.LngLatBBox;
/** One imagery layer as MapLibre raster source parameters. */
export type ImageryLayer = Jsonify<Campaigns.ImageryLayer>;
/** One row of GET /api/campaigns. */
export type CampaignSummary = Jsonify<Campaigns.CampaignListEntry>;
/** GET /api/campaigns/:id. */
export type CampaignDetail = Jsonify<Campaigns.CampaignDocument>;
/** GET /api/campaigns/:id/tiles. */
export type TileCollection = Jsonify<Campaigns.TileCollection>;
export type TileFeature = Jsonify<Campaigns.TileFeature>;
export type TileProperties = Jsonify<Campaigns.TileProperties>;
/** GET /api/campaigns/:id/tiles/:tileId. */
export type TileDetail = Jsonify<Campaigns.TileDocument>;
/** GET/PUT /api/campaigns/:id/settings. */
export type CampaignSettings = Jsonify<ServerCampaignSettings>;

/** GET /api/jobs/:jobId: the job, its message in the caller's language. */
export type Job = Jsonify<Omit<ImportJob, 'message'> & { message: string | null }>;
/** POST /api/uploads. */
export type NewUpload = Jsonify<ServerNewUpload>;
/** GET /api/uploads/:uploadId/files/:name/inspect. */
export type InspectResult = Jsonify<Inspection>;


// ─── People ──────────────────────────────────────────────────────────────────────────────────────

/** The signed-in user (`page.data.user`, GET /api/auth/me). */
export type SessionUser = Jsonify<ServerSessionUser>;
/** GET /api/admin/users (one row). */
export type AdminUser = Jsonify<Users.UserRecord>;
/** POST /api/admin/users. */
export type CreatedUser = Jsonify<Users.CreatedUser>;
/** POST /api/admin/users/:id/reset-link. */
export type ResetLink = Jsonify<ServerResetLink>;
/** DELETE /api/admin/users/:id/sessions, DELETE /api/auth/sessions. */
export type SessionsRevoked = Jsonify<ServerSessionsRevoked>;
/** POST /api/campaigns/:id/members. */
export type MemberAddition = Jsonify<ServerMemberAddition>;
/** GET /api/organisations (one row). */
export type Organisation = Jsonify<Organisations.Organisation>;
/** GET /api/organisations/:id. */
export type OrganisationDetail = Jsonify<Organisations.OrganisationDetail>;
/** GET /api/campaigns/:id/members (one row). */
export type CampaignMember = Jsonify<ServerCampaignMember>;
export type InvitationState = Invitations.InvitationState;
/** GET /api/campaigns/:id/invitations (one row). */
export type Invitation = Jsonify<Invitations.Invitation>;
/** POST /api/campaigns/:id/invitations. */
export type CreatedInvitation = Jsonify<Invitations.CreatedInvitation>;

// ─── Audit trail ─────────────────────────────────────────────────────────────────────────────────

/** One event of GET /api/campaigns/:id/audit or /api/admin/audit. */
export type AuditEntry = Jsonify<Audit.AuditEntry>;
export type AuditPage = Jsonify<Audit.AuditPage>;

// ─── Tile assignment ─────────────────────────────────────────────────────────────────────────────

export type AssignmentOrganisation = Jsonify<Assignments.AssignmentOrganisation>;
/** GET /api/campaigns/:id/assignments: tile ids (as JSON keys: strings) → organisation ids. */
export type AssignmentsOverview = Jsonify<Assignments.AssignmentsOverview>;
/** POST /api/campaigns/:id/assignments. */
export type ChangeResult = Jsonify<Assignments.AssignmentChange>;
export type OrganisationTally = Jsonify<Assignments.OrganisationTally>;
/** POST …/assignments/territory. */
export type TerritoryResult = Jsonify<Assignments.TerritoryResult>;
/** POST …/assignments/csv. */
export type CsvResult = Jsonify<Assignments.CsvResult>;
/** One campaign of GET /api/me/tiles. */
export type MyCampaignTiles = Jsonify<Assignments.MyCampaignTiles>;

// ─── Request bodies the pages compose ────────────────────────────────────────────────────────────

/** External imagery service as the create form sends it in POST /api/campaigns. */
export interface ExternalImagery {
	kind: 'xyz' | 'wms' | 'wmts';
	url: string;
	layers?: string;
	attribution?: string;
}

/** Body of POST /api/campaigns: the form's files are named inside an upload made beforehand. */
export interface CreateCampaignRequest {
	name: string;
	contractor?: string;
	description?: string;
	uploadId: string;
	landcover: string;
	classField: string;
	nomenclature: string;
	ortho: string[];
	previous: string[];
	external?: ExternalImagery;
	externalPrevious?: ExternalImagery;
	tiling: { mode: 'grid'; size: number } | { mode: 'images' };
	sampling: { mode: 'all' } | { mode: 'random' | 'stratified'; n: number; seed: string };
}
