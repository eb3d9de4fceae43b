/**
 * Layers of the pointing map (checkpoint marks) and of the overview's residual arrows. Pure style
 * objects, tested in Node like utils.ts; no MapLibre runtime here.
 */
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { Feature, FeatureCollection, Point } from 'geojson';

/** What a mark on the pointing map stands for. */
export type MarkKind =
	/** The reviewer's click, not saved yet (or moved since). */
	| 'mark'
	/** The reviewer's saved measure. */
	| 'saved'
	/** Another reviewer's measure (shown once the reviewer has pointed). */
	| 'other'
	/** The reference position (shown once the reviewer has pointed). */
	| 'reference'
	/** The two clicks of a seam offset. */
	| 'seam-a'
	| 'seam-b'
	/** A point a reviewer is proposing. */
	| 'candidate';

export interface Mark {
	kind: MarkKind;
	lng: number;
	lat: number;
}

export const POINTING_IDS = {
	marks: 'pointing-marks',
	layers: { casing: 'pointing-marks-casing', ring: 'pointing-marks-ring', dot: 'pointing-marks-dot' }
} as const;

/** Ring colour per kind: bright against dark and grey imagery alike. */
export const MARK_COLORS: Record<MarkKind, string> = {
	mark: '#ff2bd6',
	saved: '#00b2ff',
	other: '#ffb000',
	reference: '#3ee35b',
	'seam-a': '#ff2bd6',
	'seam-b': '#00e5ff',
	candidate: '#ffe600'
};

const colorOf: ExpressionSpecification = [
	'match',
	['get', 'kind'],
	...Object.entries(MARK_COLORS).flat(),
	'#ffffff'
] as unknown as ExpressionSpecification;

/** The marks as a GeoJSON source's data. */
export function marksCollection(marks: readonly Mark[]): FeatureCollection<Point, { kind: MarkKind }> {
	return {
		type: 'FeatureCollection',
		features: marks.map((m): Feature<Point, { kind: MarkKind }> => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [m.lng, m.lat] }, properties: { kind: m.kind } }))
	};
}

/**
 * An open ring (the point inside stays visible) with a dark casing, and a one-pixel dot at its centre:
 * the exact spot the measure records.
 */
export function markLayers(): LayerSpecification[] {
	return [
		{
			id: POINTING_IDS.layers.casing,
			type: 'circle',
			source: POINTING_IDS.marks,
			paint: { 'circle-radius': 11, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-width': 4, 'circle-stroke-color': 'rgba(0,0,0,0.55)' }
		},
		{
			id: POINTING_IDS.layers.ring,
			type: 'circle',
			source: POINTING_IDS.marks,
			paint: { 'circle-radius': 11, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-width': 2, 'circle-stroke-color': colorOf }
		},
		{
			id: POINTING_IDS.layers.dot,
			type: 'circle',
			source: POINTING_IDS.marks,
			paint: { 'circle-radius': 1.5, 'circle-color': colorOf }
		}
	];
}

export const RESIDUAL_IDS = {
	source: 'residuals',
	layers: { arrowCasing: 'residuals-arrow-casing', arrow: 'residuals-arrow', reference: 'residuals-reference' }
} as const;

/** Residual arrows (shaft and head) over the overview map, with the references as small dots. */
export function residualLayers(): LayerSpecification[] {
	const arrows: ExpressionSpecification = ['==', ['get', 'kind'], 'arrow'];
	const references: ExpressionSpecification = ['==', ['get', 'kind'], 'reference'];
	return [
		{ id: RESIDUAL_IDS.layers.arrowCasing, type: 'line', source: RESIDUAL_IDS.source, filter: arrows, layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#ffffff', 'line-width': 5, 'line-opacity': 0.85 } },
		{ id: RESIDUAL_IDS.layers.arrow, type: 'line', source: RESIDUAL_IDS.source, filter: arrows, layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#c8102e', 'line-width': 2.5 } },
		{ id: RESIDUAL_IDS.layers.reference, type: 'circle', source: RESIDUAL_IDS.source, filter: references, paint: { 'circle-radius': 3.5, 'circle-color': '#161616', 'circle-stroke-width': 1.5, 'circle-stroke-color': '#ffffff' } }
	];
}

/**
 * The scale of exaggerated residuals: a round residual length (1, 2, 5 × 10ⁿ metres) whose drawn length
 * (× `exaggeration`) is between about 50 and 125 screen pixels, and that drawn length.
 */
export function residualScale(exaggeration: number, metresPerPixel: number): { residual: number; pixels: number } {
	const target = 80 * metresPerPixel; // drawn metres for ~80 px
	const wanted = target / exaggeration; // residual metres for ~80 px
	const decade = 10 ** Math.floor(Math.log10(wanted));
	const residual = [1, 2, 5, 10].map((s) => s * decade).reduce((best, v) => (Math.abs(Math.log(v / wanted)) < Math.abs(Math.log(best / wanted)) ? v : best));
	return { residual, pixels: (residual * exaggeration) / metresPerPixel };
}
