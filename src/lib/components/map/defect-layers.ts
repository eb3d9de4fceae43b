/**
 * Layers of the defect map (the contractor's page): released defects — points, lines and polygons —
 * coloured by severity, the selected one outlined. Pure layer specifications, tested in
 * defect-layers.test.ts; DefectMap.svelte adds them.
 */
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { Severity } from '../../review/catalogue.ts';
import { featureStateSwitch } from './utils.ts';

export const DEFECT_IDS = {
	source: 'defects',
	fill: 'defects-fill',
	line: 'defects-line',
	point: 'defects-point',
	selected: 'defects-selected'
} as const;

/** Severity colours: yellow, orange, red — read on imagery, and in that order by everyone. */
export const SEVERITY_COLORS: Record<Severity, string> = { minor: '#f2c400', major: '#f07c00', blocking: '#d4141b' };

/** `['match', severity, …]`: each defect's colour from its `severity` property. */
export function severityColorExpression(colors: Record<Severity, string> = SEVERITY_COLORS): ExpressionSpecification {
	return ['match', ['get', 'severity'], 'minor', colors.minor, 'major', colors.major, 'blocking', colors.blocking, '#888888'];
}

const isType = (type: 'Point' | 'LineString' | 'Polygon'): ExpressionSpecification => ['==', ['geometry-type'], type];

/** Polygons filled, polygon outlines and lines drawn, points as circles; the selection in white. */
export function defectLayers(): LayerSpecification[] {
	const color = severityColorExpression();
	return [
		{ id: DEFECT_IDS.fill, type: 'fill', source: DEFECT_IDS.source, filter: isType('Polygon'), paint: { 'fill-color': color, 'fill-opacity': featureStateSwitch('selected', 0.45, 0.25) } },
		{
			id: DEFECT_IDS.line,
			type: 'line',
			source: DEFECT_IDS.source,
			filter: ['any', isType('LineString'), isType('Polygon')],
			paint: { 'line-color': color, 'line-width': featureStateSwitch('selected', 4, 2.5) }
		},
		{
			id: DEFECT_IDS.point,
			type: 'circle',
			source: DEFECT_IDS.source,
			filter: isType('Point'),
			paint: {
				'circle-color': color,
				'circle-radius': featureStateSwitch('selected', 9, 6),
				'circle-stroke-color': featureStateSwitch('selected', '#ffffff', '#1e1e1e'),
				'circle-stroke-width': featureStateSwitch('selected', 3, 1.5)
			}
		},
		{
			id: DEFECT_IDS.selected,
			type: 'line',
			source: DEFECT_IDS.source,
			filter: ['any', isType('LineString'), isType('Polygon')],
			paint: { 'line-color': '#ffffff', 'line-width': 1.5, 'line-dasharray': [2, 2], 'line-opacity': featureStateSwitch('selected', 1, 0) }
		}
	];
}

/** The layers a click picks a defect from. */
export const CLICKABLE_DEFECT_LAYERS = [DEFECT_IDS.point, DEFECT_IDS.line, DEFECT_IDS.fill];

/** [west, south, east, north] of GeoJSON geometries' positions, or null when there are none. */
export function geometriesBBox(geometries: Iterable<{ type: string; coordinates: unknown } | null | undefined>): [number, number, number, number] | null {
	let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
	const visit = (c: unknown): void => {
		if (!Array.isArray(c)) return;
		if (typeof c[0] === 'number' && typeof c[1] === 'number') {
			if (!Number.isFinite(c[0]) || !Number.isFinite(c[1])) return;
			w = Math.min(w, c[0]);
			e = Math.max(e, c[0]);
			s = Math.min(s, c[1]);
			n = Math.max(n, c[1]);
			return;
		}
		for (const x of c) visit(x);
	};
	for (const g of geometries) if (g) visit(g.coordinates);
	return w <= e ? [w, s, e, n] : null;
}

/**
 * `bbox` grown to at least `minSpan` degrees each way around its centre: a map fitted to a single
 * defect (a point) would otherwise open at its deepest zoom, far past the imagery's resolution.
 */
export function atLeast(bbox: [number, number, number, number], minSpan: number): [number, number, number, number] {
	const [w, s, e, n] = bbox;
	const dx = Math.max(0, minSpan - (e - w)) / 2;
	const dy = Math.max(0, minSpan - (n - s)) / 2;
	return [w - dx, s - dy, e + dx, n + dy];
}
