/**
 * Layers and data of the review on the tile map: defects coloured by severity, the defect being
 * drafted, the selection (ours in white, the others' in their colour), land-cover polygons someone
 * proposed another class for. Pure (type imports only), unit-tested in Node.
 */
import type { Feature, FeatureCollection } from 'geojson';
import type { ExpressionSpecification, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import type { Severity } from '../../review/catalogue.ts';
import type { DefectGeometry } from '../../review/document.ts';
import { featureStateSwitch, IDS } from './utils.ts';

export const REVIEW_IDS = {
	defects: 'defects',
	layers: {
		landcoverCorrected: 'landcover-corrected',
		remoteLine: 'defects-remote-line',
		remotePoint: 'defects-remote-point',
		selectedLine: 'defects-selected-line',
		selectedPoint: 'defects-selected-point',
		fill: 'defects-fill',
		line: 'defects-line',
		point: 'defects-point'
	}
} as const;

/** Layers a click on which selects a defect. */
export const DEFECT_HIT_LAYERS = [REVIEW_IDS.layers.point, REVIEW_IDS.layers.line, REVIEW_IDS.layers.fill];

/** Severity colours (minor yellow, major orange, blocking red), readable on imagery. */
export const SEVERITY_COLORS: Record<Severity, string> = {
	minor: '#ffd43b',
	major: '#ff8c1a',
	blocking: '#e1000f'
};

/** The defect being drafted (not yet saved) is drawn in the app's blue. */
export const DRAFT_COLOR = '#000091';
/** Outline of land-cover polygons with a proposed class. */
export const CORRECTED_COLOR = '#ff2bd6';

/** Id of the draft feature in the defects source (real ids are hexadecimal). */
export const DRAFT_ID = 'draft';

/** What the drawing tool is doing: nothing, or drawing one kind of geometry. */
export type DrawMode = 'idle' | 'point' | 'line' | 'polygon';

/** Someone else on the tile, as the map shows them. */
export interface MapPeer {
	clientId: number;
	name: string;
	color: string;
	cursor: { lng: number; lat: number } | null;
	selection: string | null;
}

/** What the map needs of a defect. */
export interface MapDefect {
	id: string;
	geometry: DefectGeometry;
	severity: Severity;
}

export interface DefectFeatureOptions {
	/** Our selection (drawn with a white halo). */
	selectedId?: string | null;
	/** Shown by the editing tool instead (while it is being moved or reshaped). */
	hiddenId?: string | null;
	/** A defect being drafted. */
	draft?: DefectGeometry | null;
	/** Defects the other people selected → the colour of (one of) them. */
	remote?: ReadonlyMap<string, string>;
}

/** The defects source's data: one feature per defect, with what the paint expressions read. */
export function defectFeatures(defects: readonly MapDefect[], options: DefectFeatureOptions = {}): FeatureCollection {
	const features: Feature[] = [];
	for (const d of defects) {
		if (d.id === options.hiddenId) continue;
		features.push({
			type: 'Feature',
			id: d.id,
			geometry: d.geometry,
			properties: {
				id: d.id,
				color: SEVERITY_COLORS[d.severity] ?? SEVERITY_COLORS.minor,
				selected: d.id === options.selectedId,
				remoteColor: options.remote?.get(d.id) ?? null
			}
		});
	}
	if (options.draft) {
		features.push({
			type: 'Feature',
			id: DRAFT_ID,
			geometry: options.draft,
			properties: { id: DRAFT_ID, color: DRAFT_COLOR, selected: true, remoteColor: null }
		});
	}
	return { type: 'FeatureCollection', features };
}

const isPolygon: ExpressionSpecification = ['==', ['geometry-type'], 'Polygon'];
const isLinear: ExpressionSpecification = ['match', ['geometry-type'], ['LineString', 'Polygon'], true, false];
const isPoint: ExpressionSpecification = ['==', ['geometry-type'], 'Point'];
const has = (property: string): ExpressionSpecification => ['to-boolean', ['get', property]];

/** The review's layers, bottom to top: halos under the defects, the defects, points on top. */
export function reviewLayers(): LayerSpecification[] {
	const source = REVIEW_IDS.defects;
	const L = REVIEW_IDS.layers;
	return [
		{
			id: L.landcoverCorrected,
			type: 'line',
			source: IDS.landcover,
			paint: {
				'line-color': CORRECTED_COLOR,
				'line-width': featureStateSwitch('corrected', 3, 0),
				'line-opacity': featureStateSwitch('corrected', 1, 0),
				'line-dasharray': [2, 1]
			}
		},
		{
			id: L.remoteLine,
			type: 'line',
			source,
			filter: ['all', isLinear, has('remoteColor')],
			paint: { 'line-color': ['to-color', ['get', 'remoteColor'], '#000000'], 'line-width': 10, 'line-opacity': 0.75 }
		},
		{
			id: L.remotePoint,
			type: 'circle',
			source,
			filter: ['all', isPoint, has('remoteColor')],
			paint: { 'circle-radius': 14, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-width': 4, 'circle-stroke-color': ['to-color', ['get', 'remoteColor'], '#000000'] }
		},
		{
			id: L.selectedLine,
			type: 'line',
			source,
			filter: ['all', isLinear, has('selected')],
			paint: { 'line-color': '#ffffff', 'line-width': 7 }
		},
		{
			id: L.fill,
			type: 'fill',
			source,
			filter: isPolygon,
			paint: { 'fill-color': ['to-color', ['get', 'color'], '#ffd43b'], 'fill-opacity': 0.25 }
		},
		{
			id: L.line,
			type: 'line',
			source,
			filter: isLinear,
			layout: { 'line-cap': 'round', 'line-join': 'round' },
			paint: { 'line-color': ['to-color', ['get', 'color'], '#ffd43b'], 'line-width': 3 }
		},
		{
			id: L.selectedPoint,
			type: 'circle',
			source,
			filter: ['all', isPoint, has('selected')],
			paint: { 'circle-radius': 11, 'circle-color': '#ffffff' }
		},
		{
			id: L.point,
			type: 'circle',
			source,
			filter: isPoint,
			paint: {
				'circle-radius': 7,
				'circle-color': ['to-color', ['get', 'color'], '#ffd43b'],
				'circle-stroke-color': '#161616',
				'circle-stroke-width': 1.5
			}
		}
	];
}

/** The remote selections as a lookup: defect id → colour of the first person who selected it. */
export function remoteSelections(peers: readonly { selection: string | null; color: string }[]): Map<string, string> {
	const out = new Map<string, string>();
	for (const p of peers) if (p.selection && !out.has(p.selection)) out.set(p.selection, p.color);
	return out;
}

/**
 * Clicks the review handles itself (selecting a defect, drawing, editing) must not also select the
 * land-cover polygon underneath: the review layer registers here, per map, whether it owns a click.
 */
const clickOwners = new WeakMap<MapLibreMap, (point: { x: number; y: number }) => boolean>();

export function claimClicks(map: MapLibreMap, owns: (point: { x: number; y: number }) => boolean): () => void {
	clickOwners.set(map, owns);
	return () => {
		if (clickOwners.get(map) === owns) clickOwners.delete(map);
	};
}

/** Does the review own this click on this map? (TileMap then leaves the land-cover selection alone.) */
export function reviewOwnsClick(map: MapLibreMap, point: { x: number; y: number }): boolean {
	return clickOwners.get(map)?.(point) ?? false;
}
