import { decodeCompact } from '../../geo/compact.ts';
import { serviceTileUrls } from '../../geo/services.ts';
import type { CrsInfo } from '../../geo/types.ts';
import { lookupClass, type Nomenclature } from '../../nomenclature/index.ts';
import { reprojectMultiPolygon, resolveEpsg, transformFlat, WGS84 } from '../crs/crs.ts';
import { multiPolygonArea } from '../../tiling/clip.ts';
import type { Db } from '../db/db.ts';
import { NotFoundError } from '../errors.ts';
import * as repo from './campaigns.repo.ts';

/** Shapes the stored campaign into the documents of the HTTP API and the CLI. */

export { NotFoundError };

export type { TileStatus } from '../../review/status.ts';

export interface ImageryLayer {
	kind: 'geotiff' | 'xyz' | 'wms' | 'wmts';
	tiles: string[];
	tileSize: number;
	attribution: string;
	/** WGS84 [w, s, e, n] of the delivered images (MapLibre requests nothing outside). */
	bounds: [number, number, number, number] | null;
}

export function campaignSummaries(db: Db) {
	return repo.listCampaigns(db).map((c) => ({
		id: c.id,
		name: c.name,
		contractor: c.contractor,
		description: c.description,
		status: c.status,
		tileCount: c.tile_count,
		isDemo: !!c.is_demo,
		createdAt: new Date(c.created_at).toISOString()
	}));
}

export function requireCampaign(db: Db, id: number): repo.CampaignRow {
	const c = Number.isSafeInteger(id) ? repo.getCampaign(db, id) : undefined;
	if (!c) throw new NotFoundError({ en: `Campaign ${id} does not exist.`, fr: `La campagne ${id} n’existe pas.` });
	return c;
}

function imageryLayer(campaignId: number, sources: repo.ImagerySourceRow[], vintage: 'current' | 'previous'): ImageryLayer | null {
	const mine = sources.filter((s) => s.vintage === vintage);
	const files = mine.filter((s) => s.kind === 'geotiff');
	if (files.length) {
		const boxes = files.map((f) => JSON.parse(f.bbox_wgs84!) as [number, number, number, number]);
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

export function campaignDetail(db: Db, id: number) {
	const c = requireCampaign(db, id);
	const crs = resolveEpsg(c.crs_epsg);
	const sources = repo.imagerySources(db, id);
	const counts = repo.statusCounts(db, id);
	const n = (s: string) => counts[s] ?? 0;
	return {
		id: c.id,
		name: c.name,
		contractor: c.contractor,
		description: c.description,
		status: c.status,
		isDemo: !!c.is_demo,
		createdAt: new Date(c.created_at).toISOString(),
		// proj4 definition: the tile page shows pointer coordinates in the campaign's CRS (proj4 in the browser).
		crs: { epsg: crs.epsg, name: crs.name, proj4: crs.proj4 },
		tiling: { mode: c.tiling_mode, size: c.tile_size },
		sampling: { mode: c.sampling_mode, n: c.sample_size, seed: c.sample_seed },
		classField: c.class_field,
		landcover: { file: c.landcover_file, epsg: c.landcover_epsg },
		nomenclature: JSON.parse(c.nomenclature) as Nomenclature,
		bbox: JSON.parse(c.bbox_wgs84) as [number, number, number, number],
		footprint: JSON.parse(c.footprint),
		imagery: { current: imageryLayer(id, sources, 'current'), previous: imageryLayer(id, sources, 'previous') },
		counts: { total: n('not_started') + n('in_review') + n('reviewed'), not_started: n('not_started'), in_review: n('in_review'), reviewed: n('reviewed') },
		attribution: c.attribution
	};
}

/** Class areas grouped by tile id. */
function areasByTile(db: Db, campaignId: number): Map<number, Record<string, number>> {
	const out = new Map<number, Record<string, number>>();
	for (const r of repo.classAreas(db, campaignId)) {
		let m = out.get(r.tile_id);
		if (!m) out.set(r.tile_id, (m = {}));
		m[r.class_code] = r.area;
	}
	return out;
}

/** GeoJSON FeatureCollection of the campaign's tiles (WGS84). */
export function tilesFeatureCollection(db: Db, campaignId: number, includeAll = false) {
	requireCampaign(db, campaignId);
	const areas = areasByTile(db, campaignId);
	return {
		type: 'FeatureCollection' as const,
		features: repo.listTiles(db, campaignId, includeAll).map((t) => ({
			type: 'Feature' as const,
			id: t.id,
			geometry: JSON.parse(t.geometry),
			properties: {
				name: t.name,
				status: t.status,
				feature_count: t.feature_count,
				in_sample: !!t.in_sample,
				dominant_class: t.dominant_class,
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
	return { tiles, areas, classCodes, crsEpsg: c.crs_epsg };
}

function requireTile(db: Db, campaignId: number, tileId: number): repo.TileRow {
	const t = Number.isSafeInteger(tileId) ? repo.getTile(db, campaignId, tileId) : undefined;
	if (!t) throw new NotFoundError({ en: `Tile ${tileId} does not exist in campaign ${campaignId}.`, fr: `La tuile ${tileId} n’existe pas dans la campagne ${campaignId}.` });
	return t;
}

export function tileDetail(db: Db, campaignId: number, tileId: number) {
	const c = requireCampaign(db, campaignId);
	const t = requireTile(db, campaignId, tileId);
	const { prev, next } = repo.neighbourTiles(db, campaignId, t.ordinal);
	const geometry = JSON.parse(t.geometry) as { coordinates: number[][][] };
	const ring = geometry.coordinates[0];
	const xs = ring.map((p) => p[0]);
	const ys = ring.map((p) => p[1]);
	const nomenclature = JSON.parse(c.nomenclature) as Nomenclature;
	const areas = repo.tileClassAreas(db, t.id);
	return {
		id: t.id,
		name: t.name,
		status: t.status,
		ordinal: t.ordinal,
		in_sample: !!t.in_sample,
		feature_count: t.feature_count,
		dominant_class: t.dominant_class,
		areas: Object.fromEntries(areas.map((a) => [a.class_code, a.area])),
		classes: areas.map((a) => {
			const e = lookupClass(nomenclature, a.class_code);
			return { code: a.class_code, label: e.label, labelEn: e.labelEn ?? e.label, color: e.color, area: a.area };
		}),
		/** Native extent in the delivery CRS (metres). */
		extent: { crs: c.crs_epsg, xmin: t.xmin, ymin: t.ymin, xmax: t.xmax, ymax: t.ymax },
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
	const nomenclature = JSON.parse(c.nomenclature) as Nomenclature;
	const crs = resolveEpsg(c.landcover_epsg);
	const campaignCrs = resolveEpsg(c.crs_epsg);
	const area = (mp: ReturnType<typeof decodeCompact>) =>
		Math.round(multiPolygonArea(crs.epsg === campaignCrs.epsg ? mp : reprojectMultiPolygon(mp, crs, campaignCrs).geometry) * 100) / 100;
	return {
		type: 'FeatureCollection' as const,
		features: repo.tileFeatures(db, t.id).map((f) => {
			const mp = decodeCompact(f.geometry);
			const e = lookupClass(nomenclature, f.class_code);
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
					class_code: f.class_code,
					class_label: e.label,
					class_color: e.color,
					polygon_area_m2: area(mp)
				}
			};
		})
	};
}
