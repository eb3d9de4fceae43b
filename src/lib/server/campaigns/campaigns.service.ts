import type { MultiPolygon as GeoJsonMultiPolygon, Polygon as GeoJsonPolygon } from 'geojson';
import { campaignAbilities, type CampaignAbilities, type CampaignRole, type Grant } from '../../access/permissions.ts';
import { decodeCompact } from '../../geo/compact.ts';
import { serviceTileUrls } from '../../geo/services.ts';
import type { CrsInfo } from '../../geo/types.ts';
import { lookupClass, type Nomenclature } from '../../nomenclature/index.ts';
import type { StatusCounts, TileStatus } from '../../review/status.ts';
import { reprojectMultiPolygon, resolveEpsg, transformFlat, WGS84 } from '../crs/crs.ts';
import { multiPolygonArea } from '../../tiling/clip.ts';
import type { ReviewRight } from '../../access/review-right.ts';
import type { Db } from '../db/db.ts';
import { NotFoundError } from '../errors.ts';
import * as repo from './campaigns.repo.ts';
import { getSettings, type CampaignSettings } from './settings.service.ts';

/** Shapes the stored campaign into the documents of the HTTP API and the CLI. */

export { NotFoundError };

export type { TileStatus };

/** [west, south, east, north] in WGS84 degrees. */
export type LngLatBBox = [number, number, number, number];

export type CampaignStatus = repo.CampaignRow['status'];

/** One imagery layer as MapLibre raster source parameters. */
export interface ImageryLayer {
	kind: 'geotiff' | 'xyz' | 'wms' | 'wmts';
	/** URL templates with {z}/{x}/{y} (or {bbox-epsg-3857} for WMS). May be root-relative. */
	tiles: string[];
	tileSize: number;
	attribution: string;
	/** WGS84 extent of the delivered images (MapLibre requests nothing outside); null or absent: unknown. */
	bounds?: LngLatBBox | null;
}

export interface CampaignSummary {
	id: number;
	name: string;
	contractor: string;
	description: string;
	status: CampaignStatus;
	/** Review tiles. */
	tileCount: number;
	isDemo: boolean;
	/** ISO 8601. */
	createdAt: string;
}

/** One row of GET /api/campaigns: a campaign the caller may see, with the caller's role (null for a site admin without one). */
export interface CampaignListEntry extends CampaignSummary {
	role: CampaignRole | null;
}

export function campaignSummaries(db: Db): CampaignSummary[] {
	return repo.listCampaigns(db).map(({ campaign: c, tileCount }) => ({
		id: c.id,
		name: c.name,
		contractor: c.contractor,
		description: c.description,
		status: c.status,
		tileCount,
		isDemo: c.isDemo,
		createdAt: c.createdAt.toISOString()
	}));
}

const noSuchCampaign = (id: number) => new NotFoundError({ en: `Campaign ${id} does not exist.`, fr: `La campagne ${id} n’existe pas.` });

export function requireCampaign(db: Db, id: number): repo.CampaignRow {
	const c = Number.isSafeInteger(id) ? repo.getCampaign(db, id) : undefined;
	if (!c) throw noSuchCampaign(id);
	return c;
}

/** `requireCampaign` for when only its existence matters (every imagery tile): reads no more than the id. */
export function assertCampaign(db: Db, id: number): void {
	if (!Number.isSafeInteger(id) || !repo.isReadyCampaign(db, id)) throw noSuchCampaign(id);
}

function imageryLayer(campaignId: number, sources: repo.ImagerySourceRow[], vintage: 'current' | 'previous'): ImageryLayer | null {
	const mine = sources.filter((s) => s.vintage === vintage);
	const files = mine.filter((s) => s.kind === 'geotiff');
	if (files.length) {
		// A delivered file always has its extent (the import reads it from the file).
		const boxes = files.map((f) => f.bboxWgs84!);
		return {
			kind: 'geotiff',
			tiles: [`/api/campaigns/${campaignId}/imagery/{z}/{x}/{y}.png${vintage === 'previous' ? '?vintage=previous' : ''}`],
			tileSize: 256,
			attribution: files[0].attribution,
			bounds: [
				Math.min(...boxes.map((b) => b[0])),
				Math.min(...boxes.map((b) => b[1])),
				Math.max(...boxes.map((b) => b[2])),
				Math.max(...boxes.map((b) => b[3]))
			]
		};
	}
	const svc = mine[0];
	if (!svc) return null;
	const kind = svc.kind as 'xyz' | 'wms' | 'wmts';
	return { kind, tiles: serviceTileUrls({ kind, url: svc.location, layer: svc.layer }), tileSize: 256, attribution: svc.attribution, bounds: null };
}

export interface CampaignDetail {
	id: number;
	name: string;
	contractor: string;
	description: string;
	status: CampaignStatus;
	isDemo: boolean;
	/** ISO 8601. */
	createdAt: string;
	/** `proj4`: the CRS's definition (the tile page transforms pointer coordinates with it). */
	crs: { epsg: number; name: string; proj4: string };
	tiling: { mode: repo.CampaignRow['tilingMode']; size: number | null };
	sampling: { mode: repo.CampaignRow['samplingMode']; n: number | null; seed: string | null };
	classField: string;
	landcover: { file: string; epsg: number };
	nomenclature: Nomenclature;
	bbox: LngLatBBox;
	footprint: GeoJsonPolygon | GeoJsonMultiPolygon | null;
	imagery: { current: ImageryLayer | null; previous: ImageryLayer | null };
	/** Review tiles per status; the total is every review tile, validated ones included. */
	counts: { total: number } & StatusCounts;
	attribution: string;
}

export function campaignDetail(db: Db, id: number): CampaignDetail {
	const c = requireCampaign(db, id);
	const crs = resolveEpsg(c.crsEpsg);
	const sources = repo.imagerySources(db, id);
	const counts = repo.statusCounts(db, id);
	const n = (s: TileStatus) => counts[s] ?? 0;
	return {
		id: c.id,
		name: c.name,
		contractor: c.contractor,
		description: c.description,
		status: c.status,
		isDemo: c.isDemo,
		createdAt: c.createdAt.toISOString(),
		// proj4 definition: the tile page shows pointer coordinates in the campaign's CRS (proj4 in the browser).
		crs: { epsg: crs.epsg, name: crs.name, proj4: crs.proj4 },
		tiling: { mode: c.tilingMode, size: c.tileSize },
		sampling: { mode: c.samplingMode, n: c.sampleSize, seed: c.sampleSeed },
		classField: c.classField,
		landcover: { file: c.landcoverFile, epsg: c.landcoverEpsg },
		nomenclature: c.nomenclature,
		bbox: c.bboxWgs84,
		footprint: c.footprint,
		imagery: { current: imageryLayer(id, sources, 'current'), previous: imageryLayer(id, sources, 'previous') },
		counts: { total: n('not_started') + n('in_review') + n('reviewed') + n('validated'), not_started: n('not_started'), in_review: n('in_review'), reviewed: n('reviewed'), validated: n('validated') },
		attribution: c.attribution
	};
}

/** GET /api/campaigns/:id: the campaign, with the caller's abilities and the campaign's settings. */
export interface CampaignDocument extends CampaignDetail {
	access: CampaignAbilities;
	settings: CampaignSettings;
}

/** `campaignDetail` for the holder of `grant` (GET /api/campaigns/:id). */
export function campaignDocument(db: Db, id: number, grant: Grant): CampaignDocument {
	return {
		...campaignDetail(db, id),
		access: campaignAbilities(grant),
		settings: getSettings(db, id)
	};
}

/** Class areas grouped by tile id. */
function areasByTile(db: Db, campaignId: number): Map<number, Record<string, number>> {
	const out = new Map<number, Record<string, number>>();
	for (const r of repo.classAreas(db, campaignId)) {
		let m = out.get(r.tileId);
		if (!m) out.set(r.tileId, (m = {}));
		m[r.classCode] = r.area;
	}
	return out;
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

export interface TileFeature {
	type: 'Feature';
	id: number;
	/** WGS84, densified so it follows the true shape of the projected rectangle. */
	geometry: GeoJsonPolygon;
	properties: TileProperties;
}

/** GET /api/campaigns/:id/tiles. */
export interface TileCollection {
	type: 'FeatureCollection';
	features: TileFeature[];
}

/** GeoJSON FeatureCollection of the campaign's tiles (WGS84). */
export function tilesFeatureCollection(db: Db, campaignId: number, includeAll = false): TileCollection {
	requireCampaign(db, campaignId);
	const areas = areasByTile(db, campaignId);
	return {
		type: 'FeatureCollection',
		features: repo.listTiles(db, campaignId, includeAll).map((t) => ({
			type: 'Feature',
			id: t.id,
			geometry: t.geometry,
			properties: {
				name: t.name,
				status: t.status,
				feature_count: t.featureCount,
				in_sample: t.inSample,
				dominant_class: t.dominantClass,
				ordinal: t.ordinal,
				areas: areas.get(t.id) ?? {}
			}
		}))
	};
}

/** Tiles as rows (CLI export): id, name, feature_count and one area_<code> column per class. */
export function tileRows(db: Db, campaignId: number, includeAll = false) {
	const c = requireCampaign(db, campaignId);
	const areas = areasByTile(db, campaignId);
	const tiles = repo.listTiles(db, campaignId, includeAll);
	// One column per class present in the delivery (not per nomenclature entry: most are absent).
	const codes = new Set<string>();
	for (const a of areas.values()) for (const code of Object.keys(a)) codes.add(code);
	const classCodes = [...codes].sort();
	return { tiles, areas, classCodes, crsEpsg: c.crsEpsg };
}

function requireTile(db: Db, campaignId: number, tileId: number): repo.TileRow {
	const t = Number.isSafeInteger(tileId) ? repo.getTile(db, campaignId, tileId) : undefined;
	if (!t) throw new NotFoundError({ en: `Tile ${tileId} does not exist in campaign ${campaignId}.`, fr: `La tuile ${tileId} n’existe pas dans la campagne ${campaignId}.` });
	return t;
}

/** One tile with its class areas, extent and neighbours (the tile page). */
export interface TileDetail {
	id: number;
	name: string;
	status: TileStatus;
	ordinal: number;
	in_sample: boolean;
	feature_count: number;
	dominant_class: string | null;
	/** Area per class code, in m². */
	areas: Record<string, number>;
	/** The classes present, largest area first, with their nomenclature labels and colours. */
	classes: { code: string; label: string; labelEn: string; color: string; area: number }[];
	/** Native extent in the delivery CRS (metres). */
	extent: { crs: number; xmin: number; ymin: number; xmax: number; ymax: number };
	bbox: LngLatBBox;
	geometry: GeoJsonPolygon;
	prev: { id: number; name: string } | null;
	next: { id: number; name: string } | null;
	campaign: { id: number; name: string };
}

/** GET /api/campaigns/:id/tiles/:tileId: the tile, and whether the caller may review it. */
export interface TileDocument extends TileDetail {
	/** Their organisation's tile (or any tile for a manager), not validated. */
	mayReview: boolean;
	/** Why, in the role's own terms (src/lib/access/review-right.ts): say "your organisation's" only when it is. */
	reviewRight: ReviewRight;
	/** Organisations the tile is assigned to. */
	organisations: { id: number; name: string }[];
}

/** The organisations a tile is assigned to. */
export function tileOrganisations(db: Db, tileId: number): { id: number; name: string }[] {
	return repo.tileOrganisations(db, tileId);
}

export function tileDetail(db: Db, campaignId: number, tileId: number): TileDetail {
	const c = requireCampaign(db, campaignId);
	const t = requireTile(db, campaignId, tileId);
	const { prev, next } = repo.neighbourTiles(db, campaignId, t.ordinal);
	const geometry = t.geometry;
	const ring = geometry.coordinates[0];
	const xs = ring.map((p) => p[0]);
	const ys = ring.map((p) => p[1]);
	const areas = repo.tileClassAreas(db, t.id);
	return {
		id: t.id,
		name: t.name,
		status: t.status,
		ordinal: t.ordinal,
		in_sample: t.inSample,
		feature_count: t.featureCount,
		dominant_class: t.dominantClass,
		areas: Object.fromEntries(areas.map((a) => [a.classCode, a.area])),
		classes: areas.map((a) => {
			const e = lookupClass(c.nomenclature, a.classCode);
			return { code: a.classCode, label: e.label, labelEn: e.labelEn ?? e.label, color: e.color, area: a.area };
		}),
		extent: { crs: c.crsEpsg, xmin: t.xmin, ymin: t.ymin, xmax: t.xmax, ymax: t.ymax },
		bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
		geometry,
		prev: prev ? { id: prev.id, name: prev.name } : null,
		next: next ? { id: next.id, name: next.name } : null,
		campaign: { id: c.id, name: c.name }
	};
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

export function ringToLonLat(ring: Float64Array, from: CrsInfo): number[][] {
	const t = transformFlat(ring, from, WGS84);
	const out: number[][] = [];
	for (let i = 0; i < t.length; i += 2) out.push([round7(t[i]), round7(t[i + 1])]);
	const [a, b] = [out[0], out[out.length - 1]];
	if (a[0] !== b[0] || a[1] !== b[1]) out.push(a); // GeoJSON rings are closed
	return out;
}

/**
 * The land-cover polygons touching a tile, whole (not clipped), as WGS84 GeoJSON. Each has its class
 * (`class_code`, `class_label`, `class_color`) and its whole area in m², `polygon_area_m2`, computed in
 * the campaign's projected CRS like the tiles' class areas (never from the WGS84 coordinates).
 */
export function tileLandcover(db: Db, campaignId: number, tileId: number) {
	const c = requireCampaign(db, campaignId);
	const t = requireTile(db, campaignId, tileId);
	const nomenclature = c.nomenclature;
	const crs = resolveEpsg(c.landcoverEpsg);
	const campaignCrs = resolveEpsg(c.crsEpsg);
	const area = (mp: ReturnType<typeof decodeCompact>) =>
		Math.round(multiPolygonArea(crs.epsg === campaignCrs.epsg ? mp : reprojectMultiPolygon(mp, crs, campaignCrs).geometry) * 100) / 100;
	return {
		type: 'FeatureCollection' as const,
		features: repo.tileFeatures(db, t.id).map((f) => {
			const mp = decodeCompact(f.geometry);
			const e = lookupClass(nomenclature, f.classCode);
			return {
				type: 'Feature' as const,
				id: f.fid,
				geometry:
					mp.length === 1
						? { type: 'Polygon', coordinates: mp[0].map((r) => ringToLonLat(r, crs)) }
						: { type: 'MultiPolygon', coordinates: mp.map((p) => p.map((r) => ringToLonLat(r, crs))) },
				properties: {
					...JSON.parse(f.properties),
					fid: f.fid,
					class_code: f.classCode,
					class_label: e.label,
					class_color: e.color,
					polygon_area_m2: area(mp)
				}
			};
		})
	};
}
