/**
 * Client-side view of the HTTP API (see CONTRACTS.md): response types and the JSON fetch helper used
 * by the universal `load` functions. Pages depend on this contract only, never on server modules.
 */
import { error, redirect } from '@sveltejs/kit';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Action as CampaignAction, CampaignRole } from '../access/permissions.ts';

export type CampaignStatus = 'importing' | 'ready' | 'failed';
export { TILE_STATUSES, type TileStatus } from '../review/status.ts';
import type { StatusCounts, TileStatus } from '../review/status.ts';

/** [west, south, east, north] in WGS84 degrees. */
export type LngLatBBox = [number, number, number, number];

// Roles and actions are the rule book's own words (pure module, shared with the server).
export type { CampaignRole, Action as CampaignAction } from '../access/permissions.ts';

/** The signed-in user (`page.data.user`, GET /api/auth/me). */
export interface SessionUser {
	id: number;
	email: string;
	name: string;
	isAdmin: boolean;
	isDemo: boolean;
}

/** One row of GET /api/campaigns. */
export interface CampaignSummary {
	/** The caller's role in the campaign (null for a site admin without one). */
	role: CampaignRole | null;
	id: number;
	name: string;
	contractor: string | null;
	description: string | null;
	status: CampaignStatus;
	tileCount: number;
	/** ISO 8601 string (or epoch milliseconds). */
	createdAt: string | number;
}

/** One imagery layer as MapLibre raster source parameters. */
export interface ImageryLayer {
	kind: 'geotiff' | 'xyz' | 'wms' | 'wmts';
	/** URL templates with {z}/{x}/{y} (or {bbox-epsg-3857} for WMS). May be root-relative. */
	tiles: string[];
	tileSize: number;
	attribution: string;
	/** WGS84 extent of the delivered images, when known: no tile is requested outside it. */
	bounds?: LngLatBBox | null;
}

export interface NomenclatureEntry {
	code: string;
	/** French label (the nomenclature's own language). */
	label: string;
	/** English label, when the nomenclature provides one. */
	labelEn?: string;
	/** CSS hex colour, e.g. "#e6004d". */
	color: string;
}

/** GET /api/campaigns/:id. */
export interface CampaignDetail {
	/** The caller's role, the organisations they review for, and what they may do here. */
	access: { role: CampaignRole | null; organisationIds: number[]; actions: CampaignAction[] };
	settings: { reviewUnassigned: boolean };
	isDemo: boolean;
	id: number;
	name: string;
	contractor: string | null;
	description: string | null;
	status: CampaignStatus;
	createdAt?: string | number;
	crs: { epsg: number; name: string };
	tiling: { mode: 'grid' | 'images'; size: number | null };
	sampling: { mode: 'all' | 'random' | 'stratified'; n: number | null; seed: string | null };
	classField: string;
	nomenclature: { id: string; name: string; entries: NomenclatureEntry[] };
	bbox: LngLatBBox;
	footprint: Polygon | MultiPolygon | null;
	imagery: { current: ImageryLayer | null; previous: ImageryLayer | null };
	counts: { total: number } & StatusCounts;
	attribution: string;
}

/** Properties of one tile in GET /api/campaigns/:id/tiles. */
export interface TileProperties {
	name: string;
	status: TileStatus;
	feature_count: number;
	in_sample: boolean;
	dominant_class: string | null;
	/** Review order within the campaign. */
	ordinal: number;
	/** Area per class code, in m². */
	areas: Record<string, number>;
}
export type TileFeature = Feature<Polygon | MultiPolygon, TileProperties> & { id: number };
export type TileCollection = FeatureCollection<Polygon | MultiPolygon, TileProperties> & {
	features: TileFeature[];
};

/** GET /api/campaigns/:id/tiles/:tileId. */
export interface TileDetail {
	/** Whether the caller may review this tile (their organisation's, or any for a manager). */
	mayReview: boolean;
	/** Why, in the role's own terms (src/lib/access/review-right.ts): say "your organisation's" only when it is. */
	reviewRight?: import('../access/review-right.ts').ReviewRight;
	/** Organisations the tile is assigned to. */
	organisations?: { id: number; name: string }[];
	id: number;
	name: string;
	status: TileStatus;
	feature_count: number;
	dominant_class: string | null;
	areas: Record<string, number>;
	bbox: LngLatBBox;
	geometry: Polygon | MultiPolygon;
	prev: { id: number; name: string } | null;
	next: { id: number; name: string } | null;
	campaign: { id: number; name: string };
}

/** GET /api/jobs/:jobId. */
export interface Job {
	id: string;
	status: 'queued' | 'running' | 'done' | 'failed';
	/** 0..1 */
	progress: number;
	stage: string;
	message: string | null;
	campaignId: number | null;
}

/** GET /api/uploads/:uploadId/files/:name/inspect. */
export interface InspectResult {
	kind: 'landcover' | 'ortho';
	fields?: string[];
	crs?: { epsg: number; name: string };
	featureCount?: number;
	sampleValues?: Record<string, string[]>;
}

/** External imagery service as sent in POST /api/campaigns. */
export interface ExternalImagery {
	kind: 'xyz' | 'wms' | 'wmts';
	url: string;
	layers?: string;
	attribution?: string;
}

/** Body of POST /api/campaigns. */
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

/**
 * Reads the `{ message }` of an API error response, falling back to the status text.
 * The API writes messages in English for the user; they are shown as the detail under a translated title.
 */
export async function readErrorMessage(response: Response): Promise<string> {
	return (await readError(response)).message;
}

/** The `{message, code}` of an API error response (`code` when the server gave one). */
export async function readError(response: Response): Promise<App.Error> {
	try {
		const body = (await response.json()) as { message?: unknown; code?: unknown };
		if (typeof body?.message === 'string' && body.message) {
			return typeof body.code === 'string' ? { message: body.message, code: body.code } : { message: body.message };
		}
	} catch {
		// Not JSON (a proxy error page, an empty body): the status line is all we have.
	}
	return { message: response.statusText || `HTTP ${response.status}` };
}

/**
 * GETs JSON from the API inside a `load` function; non-2xx answers become SvelteKit errors with the
 * API's status and message, rendered by `+error.svelte`.
 */
export async function getJson<T>(fetch: typeof globalThis.fetch, url: string): Promise<T> {
	let response: Response;
	try {
		response = await fetch(url, { headers: { accept: 'application/json' } });
	} catch (cause) {
		error(503, `The server could not be reached (${(cause as Error).message}).`);
	}
	// A session that expired while the page was open: back to the sign-in page, then here again.
	if (response.status === 401) redirect(303, `/login?next=${encodeURIComponent(typeof location === 'undefined' ? '/' : location.pathname + location.search)}`);
	// The code travels with the message: the error page tells "no role here" from other refusals.
	if (!response.ok) error(response.status, await readError(response));
	return (await response.json()) as T;
}
