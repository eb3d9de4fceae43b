/**
 * The campaign overview map's layers and the pure helpers behind them. Every per-tile change (hover,
 * the table's filters, "my tiles", organisation colours, shared tiles, the selection, who is on a
 * tile) is a feature-state, so the tile GeoJSON is never re-sent for them; only status changes
 * (live, from the server) replace the data.
 */
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { MultiPolygon, Polygon } from 'geojson';
import type { LngLatBBox, TileCollection } from '../../api/types.ts';
import { featureStateSwitch, IDS, statusColorExpression } from './utils.ts';

/** Someone on a tile now (GET /api/campaigns/:id/presence, SSE `presence`). */
export interface TilePresence {
	userId: number;
	name: string;
	organisation: string | null;
	color: string;
	/** They claimed the tile ("je prends cette tuile"). */
	claim: boolean;
}

export const OVERVIEW_IDS = {
	fill: IDS.layers.tilesFill,
	line: IDS.layers.tilesLine,
	organisationFill: 'tiles-organisation-fill',
	sharedHatch: 'tiles-shared-hatch',
	mineCasing: 'tiles-mine-casing',
	mineLine: 'tiles-mine-line',
	presence: 'tiles-presence-line',
	selected: 'tiles-selected-line',
	/** The hatch image (added to the map at run time: the style has no sprite, it is offline). */
	hatchImage: 'recette-hatch'
} as const;

/** Colour of the selection outline: a yellow that reads on imagery and on every organisation colour. */
export const SELECTION_COLOR = '#ffca00';
/** Outline of the user's own tiles when "my tiles" is on. */
export const MINE_COLOR = '#000091';

const flag = (state: string): ExpressionSpecification => ['boolean', ['feature-state', state], false];

/**
 * Layers, bottom to top: status fill, organisation fill and hatching (assignment view), outline,
 * "my tiles", presence, selection, delivery footprint. Tiles the table's filters leave out
 * (feature-state `hidden`) keep a faint outline, so the grid still reads.
 */
export function overviewLayers(): LayerSpecification[] {
	const hidden = flag('hidden');
	return [
		{
			id: OVERVIEW_IDS.fill,
			type: 'fill',
			source: IDS.tiles,
			paint: {
				'fill-color': statusColorExpression(),
				'fill-opacity': ['case', hidden, 0, flag('hover'), 0.55, 0.25]
			}
		},
		{
			id: OVERVIEW_IDS.organisationFill,
			type: 'fill',
			source: IDS.tiles,
			layout: { visibility: 'none' },
			paint: {
				// No organisation: transparent (its outline says it is a tile).
				'fill-color': ['coalesce', ['feature-state', 'orgColor'], 'rgba(0,0,0,0)'],
				'fill-opacity': ['case', hidden, 0, flag('hover'), 0.7, 0.45]
			}
		},
		{
			id: OVERVIEW_IDS.sharedHatch,
			type: 'fill',
			source: IDS.tiles,
			layout: { visibility: 'none' },
			paint: {
				'fill-pattern': OVERVIEW_IDS.hatchImage,
				'fill-opacity': ['case', hidden, 0, flag('shared'), 1, 0]
			}
		},
		{
			id: OVERVIEW_IDS.line,
			type: 'line',
			source: IDS.tiles,
			paint: {
				// The organisation's colour in the assignment view, else the status colour.
				'line-color': ['coalesce', ['feature-state', 'orgColor'], statusColorExpression()],
				'line-width': featureStateSwitch('hover', 3.5, 1.5),
				'line-opacity': ['case', hidden, 0.25, 1]
			}
		},
		{
			id: OVERVIEW_IDS.mineCasing,
			type: 'line',
			source: IDS.tiles,
			paint: { 'line-color': '#ffffff', 'line-width': featureStateSwitch('mine', 6, 0), 'line-opacity': ['case', hidden, 0, 0.95] }
		},
		{
			id: OVERVIEW_IDS.mineLine,
			type: 'line',
			source: IDS.tiles,
			paint: { 'line-color': MINE_COLOR, 'line-width': featureStateSwitch('mine', 3, 0), 'line-opacity': ['case', hidden, 0, 1] }
		},
		{
			id: OVERVIEW_IDS.presence,
			type: 'line',
			source: IDS.tiles,
			paint: {
				// Someone is on the tile now: a dashed outline in their colour (thicker when they claimed it).
				'line-color': ['coalesce', ['feature-state', 'presenceColor'], 'rgba(0,0,0,0)'],
				'line-width': ['case', flag('claimed'), 4, 2.5],
				'line-dasharray': [2, 1.5]
			}
		},
		{
			id: OVERVIEW_IDS.selected,
			type: 'line',
			source: IDS.tiles,
			paint: {
				'line-color': SELECTION_COLOR,
				'line-width': 4,
				'line-opacity': featureStateSwitch('selected', 1, 0)
			}
		},
		{
			id: IDS.layers.footprintCasing,
			type: 'line',
			source: IDS.footprint,
			paint: { 'line-color': '#ffffff', 'line-width': 4, 'line-opacity': 0.8 }
		},
		{
			id: IDS.layers.footprint,
			type: 'line',
			source: IDS.footprint,
			paint: { 'line-color': '#161616', 'line-width': 2, 'line-dasharray': [3, 2] }
		}
	];
}

/**
 * The hatch drawn over tiles shared by several organisations: diagonal white stripes edged with a
 * dark line, so they read on any organisation colour and on imagery. RGBA pixels, `size` × `size`,
 * repeating seamlessly (the stripes run at 45° with a period dividing `size`).
 */
export function hatchPattern(size = 12): { width: number; height: number; data: Uint8Array } {
	const data = new Uint8Array(size * size * 4);
	const period = size / 2;
	for (let y = 0; y < size; y++) {
		for (let x = 0; x < size; x++) {
			const d = (((x + y) % period) + period) % period;
			const i = (y * size + x) * 4;
			if (d < 1.5) data.set([255, 255, 255, 235], i);
			else if (d < 2.5) data.set([20, 20, 20, 170], i);
		}
	}
	return { width: size, height: size, data };
}

/** Bounding box of a tile's geometry, WGS84. */
export function geometryBBox(geometry: Polygon | MultiPolygon): LngLatBBox {
	const box: LngLatBBox = [Infinity, Infinity, -Infinity, -Infinity];
	const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
	for (const ring of rings) {
		for (const [x, y] of ring) {
			if (x < box[0]) box[0] = x;
			if (y < box[1]) box[1] = y;
			if (x > box[2]) box[2] = x;
			if (y > box[3]) box[3] = y;
		}
	}
	return box;
}

/** Where each tile's label goes: its name and the box it is centred in. */
export interface TileLabelAnchor {
	id: number;
	name: string;
	bbox: LngLatBBox;
}

export function labelAnchors(tiles: TileCollection): TileLabelAnchor[] {
	return tiles.features.map((f) => ({ id: Number(f.id), name: f.properties.name, bbox: geometryBBox(f.geometry) }));
}

/** Smallest on-screen width (CSS px) at which a tile gets its name written in it. */
export const LABEL_MIN_WIDTH = 64;

/**
 * Labels to draw for the current view: tiles at least `minWidth` pixels wide on screen whose centre
 * is inside the view, at their projected centre. `project` is the map's (lng, lat) → pixel.
 */
export function visibleLabels(
	anchors: readonly TileLabelAnchor[],
	project: (lngLat: [number, number]) => { x: number; y: number },
	view: { width: number; height: number },
	minWidth = LABEL_MIN_WIDTH
): { id: number; name: string; x: number; y: number }[] {
	const out: { id: number; name: string; x: number; y: number }[] = [];
	for (const a of anchors) {
		const midLat = (a.bbox[1] + a.bbox[3]) / 2;
		const west = project([a.bbox[0], midLat]);
		const east = project([a.bbox[2], midLat]);
		if (Math.abs(east.x - west.x) < minWidth) continue;
		const x = (west.x + east.x) / 2;
		const y = (west.y + east.y) / 2;
		if (x < 0 || y < 0 || x > view.width || y > view.height) continue;
		out.push({ id: a.id, name: a.name, x, y });
	}
	return out;
}

/** Initials of a person's name for presence markers ("Léa Bernard (commune)" → "LB"). */
export function initials(name: string): string {
	const words = name
		.replace(/\([^)]*\)/g, ' ')
		.split(/[\s@._-]+/)
		.filter((w) => /\p{L}/u.test(w));
	const letters = words.slice(0, 2).map((w) => [...w.replace(/[^\p{L}]/gu, '')][0] ?? '');
	return letters.join('').toLocaleUpperCase() || '?';
}
