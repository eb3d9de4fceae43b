/**
 * The reading half of assignment by territory: which review tiles each organisation's polygons cover.
 * No database here: it runs in a worker thread (uploads/off-thread.ts), since a territory layer is a
 * whole file to parse, reproject and clip, and assignments.service.ts writes the result.
 */
import { clippedArea } from '../../tiling/clip.ts';
import { RectIndex } from '../../tiling/rect-index.ts';
import { nameKey } from '../../text/name-key.ts';
import { reprojectMultiPolygon, resolveEpsg, transformBBox } from '../crs/crs.ts';
import { InputError } from '../errors.ts';
import { openLandcover } from '../landcover/open.ts';

/** A review tile's rectangle in the campaign's CRS. */
export interface TileRect {
	id: number;
	xmin: number;
	ymin: number;
	xmax: number;
	ymax: number;
}

export interface Organisation {
	id: number;
	name: string;
}

export interface TerritoryInput {
	/** The territory layer (any format and CRS openLandcover reads). */
	path: string;
	/** Its name as the user knows it, for messages. */
	file: string;
	/** EPSG code of the campaign, whose CRS the tiles are in. */
	campaignEpsg: number;
	tiles: TileRect[];
	/** One organisation for every polygon… */
	single: Organisation | null;
	/** …or the attribute naming each polygon's organisation, matched on `organisations` (nameKey → organisation). */
	field: string | null;
	organisations: Map<string, Organisation>;
}

export interface TerritoryTiles {
	/** Polygons read from the file. */
	polygons: number;
	/** Of those, polygons whose organisation is known. */
	matchedPolygons: number;
	/** Organisation id → its name and the ids of the tiles its polygons cover. */
	byOrganisation: Map<number, { name: string; tileIds: Set<number> }>;
	/** Values of `field` that name no organisation. */
	unmatched: Set<string>;
	/** The layer's CRS, for messages. */
	crs: { name: string; epsg: number };
}

/**
 * Share of a tile's area a polygon must cover for the tile to count as intersecting it. Touching a
 * boundary is zero area and never counts; the tolerance (one millionth: 1 m² of a 1 km tile) only
 * absorbs the rounding of a boundary reprojected onto a tile edge.
 */
const MIN_SHARE = 1e-6;

/** Every tile of `input.tiles` sharing a positive area with a polygon of the layer, per organisation. */
export async function territoryTiles(input: TerritoryInput): Promise<TerritoryTiles> {
	const { tiles, single, field, organisations, file } = input;
	const to = resolveEpsg(input.campaignEpsg);
	// Each polygon only tests the tiles near its bbox (a département's 300 communes × 10 000 tiles
	// would otherwise be 3 million clippings).
	const index = new RectIndex(tiles);
	const ds = await openLandcover(input.path, {});
	const byOrganisation = new Map<number, { name: string; tileIds: Set<number> }>();
	const unmatched = new Set<string>();
	let polygons = 0;
	let matchedPolygons = 0;
	try {
		if (field !== null && !ds.fields.includes(field)) {
			throw new InputError('unknown_field', {
				en: `${file} has no attribute "${field}". Its attributes: ${ds.fields.join(', ') || '(none)'}.`,
				fr: `${file} n’a pas d’attribut « ${field} ». Ses attributs : ${ds.fields.join(', ') || '(aucun)'}.`
			});
		}
		const from = ds.crs;
		const [ex0, ey0, ex1, ey1] = index.extent;
		for (const f of ds.features()) {
			polygons++;
			let org = single;
			if (!org) {
				const raw = f.properties[field!];
				const value = raw === null || raw === undefined ? '' : String(raw).trim();
				org = organisations.get(nameKey(value)) ?? null;
				if (!org) {
					unmatched.add(value);
					continue;
				}
			}
			matchedPolygons++;
			// Cheap rejection before reprojecting every vertex: most communes of a département are far from the delivery.
			const box = transformBBox(f.bbox, from, to, 4);
			if (box[2] < ex0 || box[0] > ex1 || box[3] < ey0 || box[1] > ey1) continue;
			const { geometry, bbox } = reprojectMultiPolygon(f.geometry, from, to);
			const owner = org;
			index.forEachOverlapping(bbox, (i) => {
				const t = tiles[i];
				const tileArea = (t.xmax - t.xmin) * (t.ymax - t.ymin);
				if (clippedArea(geometry, t) <= tileArea * MIN_SHARE) return;
				let entry = byOrganisation.get(owner.id);
				if (!entry) byOrganisation.set(owner.id, (entry = { name: owner.name, tileIds: new Set() }));
				entry.tileIds.add(t.id);
			});
		}
		return { polygons, matchedPolygons, byOrganisation, unmatched, crs: { name: ds.crs.name, epsg: ds.crs.epsg } };
	} finally {
		ds.close();
	}
}
