/**
 * Pure helpers for the map components: style objects, paint expressions, bounds and the swipe
 * geometry. No MapLibre runtime here (type imports only) so everything is unit-tested in Node.
 */
import type {
	ExpressionSpecification,
	FilterSpecification,
	LayerSpecification,
	RasterSourceSpecification,
	StyleSpecification
} from 'maplibre-gl';
import type { Geometry, GeoJSON } from 'geojson';
import type { ImageryLayer, LngLatBBox, TileStatus } from '$lib/api/types.ts';

/** Highest zoom the maps allow: ~2 cm/px at mid latitudes, enough to see every delivered pixel. */
export const MAX_ZOOM = 22;

/** Neutral canvas behind the imagery: the style is offline, there is no basemap. */
export const BACKGROUND_COLOR = '#eef0f3';

/** Tile status colours: grey = not started, orange = in review, green = reviewed, blue = validated (DSFR-like hues). */
export const STATUS_COLORS: Record<TileStatus, string> = {
	not_started: '#7b7f88',
	in_review: '#e27d00',
	reviewed: '#1f8d49',
	validated: '#2255c4'
};

/** Colour for a land-cover class missing from the nomenclature. */
export const UNKNOWN_CLASS_COLOR = '#9e9e9e';

/** Source and layer ids, shared by components and tests. */
export const IDS = {
	imagery: 'imagery',
	footprint: 'footprint',
	tiles: 'tiles',
	tileBoundary: 'tile-boundary',
	landcover: 'landcover',
	layers: {
		background: 'background',
		imagery: 'imagery',
		footprintCasing: 'footprint-casing',
		footprint: 'footprint-line',
		tilesFill: 'tiles-fill',
		tilesLine: 'tiles-line',
		landcoverFill: 'landcover-fill',
		landcoverLine: 'landcover-line',
		landcoverSelected: 'landcover-selected',
		tileBoundaryCasing: 'tile-boundary-casing',
		tileBoundary: 'tile-boundary-line'
	}
} as const;

/**
 * Makes a root-relative URL template absolute. MapLibre fetches some resources from a web worker
 * whose base URL is not the page's, so "/api/…" must become "https://host/api/…". String
 * concatenation, not `new URL()`, because the latter would percent-encode `{z}` placeholders.
 */
export function absolutizeUrl(template: string, origin: string): string {
	if (/^[a-z][a-z0-9+.-]*:/i.test(template)) return template;
	if (template.startsWith('//')) return `${new URL(origin).protocol}${template}`;
	const base = origin.replace(/\/+$/, '');
	return template.startsWith('/') ? `${base}${template}` : `${base}/${template}`;
}

/** Text made inert inside HTML: MapLibre renders attributions with innerHTML. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The http(s) origin (with a trailing slash) of an imagery service's URL template, to link its
 * attribution to; null for anything else (javascript:, data:, a relative path to our own server…).
 */
export function serviceHomepage(template: string): string | null {
	try {
		const url = new URL(template.replace(/\{[^}]*\}/g, '0'));
		return url.protocol === 'https:' || url.protocol === 'http:' ? `${url.origin}/` : null;
	} catch {
		return null;
	}
}

/**
 * An attribution as MapLibre's attribution control expects it (HTML), from text typed by a person:
 * the text is escaped, so it always shows as text — markup such as `<a href=… onclick=…>` is shown,
 * never run or followed. The only link is to `homepage`, the imagery service's own http(s) address.
 */
export function attributionHtml(text: string, homepage: string | null = null): string {
	const shown = escapeHtml(text.trim());
	if (!shown || !homepage) return shown;
	return `<a href="${escapeHtml(homepage)}" target="_blank" rel="noopener noreferrer">${shown}</a>`;
}

/**
 * Raster source for one imagery layer, limited to the images' extent (else to `bounds`) so no tile
 * is requested outside the delivery. An external service's attribution links to that service.
 */
export function rasterSource(
	imagery: ImageryLayer,
	origin: string,
	bounds?: LngLatBBox | null
): RasterSourceSpecification {
	const source: RasterSourceSpecification = {
		type: 'raster',
		tiles: imagery.tiles.map((template) => absolutizeUrl(template, origin)),
		tileSize: imagery.tileSize || 256,
		maxzoom: MAX_ZOOM
	};
	if (imagery.attribution.trim()) {
		const homepage = imagery.kind === 'geotiff' ? null : serviceHomepage(imagery.tiles[0] ?? '');
		source.attribution = attributionHtml(imagery.attribution, homepage);
	}
	// The images' own extent is the tightest; the delivery extent is the fallback.
	const extent = isValidBBox(imagery.bounds) ? imagery.bounds : bounds;
	if (extent && isValidBBox(extent)) source.bounds = [...extent];
	return source;
}

export interface BaseStyleOptions {
	/** Imagery to show under the overlays; `null` leaves the plain background. */
	imagery: ImageryLayer | null;
	/** Page origin used to absolutize root-relative tile URLs. */
	origin: string;
	/** Extent of the delivery (WGS84), used to bound tile requests. */
	bounds?: LngLatBBox | null;
}

/**
 * The base style of every Recette map: a background colour and, when available, the imagery raster.
 * Offline by construction — no glyphs, no sprite, no external basemap — so overlays must not use
 * symbol (text) layers.
 */
export function buildBaseStyle({ imagery, origin, bounds }: BaseStyleOptions): StyleSpecification {
	const style: StyleSpecification = {
		version: 8,
		sources: {},
		layers: [
			{ id: IDS.layers.background, type: 'background', paint: { 'background-color': BACKGROUND_COLOR } }
		]
	};
	if (imagery && imagery.tiles.length > 0) {
		style.sources[IDS.imagery] = rasterSource(imagery, origin, bounds);
		style.layers.push({
			id: IDS.layers.imagery,
			type: 'raster',
			source: IDS.imagery,
			// Nearest-neighbour when zoomed past full resolution: reviewers must see real pixels.
			paint: { 'raster-resampling': 'nearest', 'raster-fade-duration': 0 }
		});
	}
	return style;
}

/** `['match', status, …]` expression giving each tile its status colour. */
export function statusColorExpression(
	colors: Record<TileStatus, string> = STATUS_COLORS
): ExpressionSpecification {
	return [
		'match',
		['get', 'status'],
		'not_started',
		colors.not_started,
		'in_review',
		colors.in_review,
		'reviewed',
		colors.reviewed,
		'validated',
		colors.validated,
		colors.not_started
	];
}

/** Chooses between two values depending on a boolean feature-state (e.g. hover, selected). */
export function featureStateSwitch<T extends number | string>(
	state: string,
	whenOn: T,
	whenOff: T
): ExpressionSpecification {
	return ['case', ['boolean', ['feature-state', state], false], whenOn, whenOff];
}

/** Display options of the land-cover overlay. */
export interface LandcoverDisplay {
	visible: boolean;
	/** Fill opacity, 0..1. */
	opacity: number;
	/** Draw polygon outlines only (to see the imagery under the polygons). */
	outlineOnly: boolean;
	/**
	 * Outline opacity in outline-only mode, 0..1 (the one opacity slider sets the fill's or the
	 * outlines', whichever is drawn; missing: opaque).
	 */
	outlineOpacity?: number;
}

/** Land-cover feature id, as promoted from the `fid` property for feature-state. */
export type FeatureId = number | string;

/** Fill opacity for the land-cover polygons under the given display options. */
export function landcoverFillOpacity({ visible, opacity, outlineOnly }: LandcoverDisplay): number {
	if (!visible || outlineOnly) return 0;
	return clamp(opacity, 0, 1);
}

/** Outline width: thicker when the outline is all there is to see. */
export function landcoverLineWidth({ outlineOnly }: LandcoverDisplay): number {
	return outlineOnly ? 2 : 1;
}

/** Outline opacity: the slider's in outline-only mode, opaque over a fill (the fill has its own). */
export function landcoverLineOpacity({ outlineOnly, outlineOpacity }: LandcoverDisplay): number {
	return outlineOnly ? clamp(outlineOpacity ?? 1, 0, 1) : 1;
}

/** `visibility` layout value for land-cover layers. */
export function visibility(visible: boolean): 'visible' | 'none' {
	return visible ? 'visible' : 'none';
}

/** Class colour from the `class_color` property, grey when missing or not a colour. */
export const CLASS_COLOR: ExpressionSpecification = [
	'to-color',
	['coalesce', ['get', 'class_color'], UNKNOWN_CLASS_COLOR],
	UNKNOWN_CLASS_COLOR
];

/** Layers of the tile page: land-cover polygons, the selected polygon and the tile boundary on top. */
export function tileOverlayLayers(display: LandcoverDisplay): LayerSpecification[] {
	const polygonsOnly: FilterSpecification = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false];
	return [
		{
			id: IDS.layers.landcoverFill,
			type: 'fill',
			source: IDS.landcover,
			filter: polygonsOnly,
			layout: { visibility: visibility(display.visible) },
			paint: { 'fill-color': CLASS_COLOR, 'fill-opacity': landcoverFillOpacity(display) }
		},
		{
			id: IDS.layers.landcoverLine,
			type: 'line',
			source: IDS.landcover,
			filter: polygonsOnly,
			layout: { visibility: visibility(display.visible) },
			// Outlines keep their class's colour in outline-only mode: that is all there is to read.
			paint: { 'line-color': CLASS_COLOR, 'line-width': landcoverLineWidth(display), 'line-opacity': landcoverLineOpacity(display) }
		},
		{
			id: IDS.layers.landcoverSelected,
			type: 'line',
			source: IDS.landcover,
			filter: polygonsOnly,
			layout: { visibility: visibility(display.visible) },
			paint: {
				'line-color': '#ffffff',
				'line-width': featureStateSwitch('selected', 4, 0),
				'line-opacity': featureStateSwitch('selected', 1, 0)
			}
		},
		{
			id: IDS.layers.tileBoundaryCasing,
			type: 'line',
			source: IDS.tileBoundary,
			paint: { 'line-color': '#ffffff', 'line-width': 5, 'line-opacity': 0.9 }
		},
		{
			id: IDS.layers.tileBoundary,
			type: 'line',
			source: IDS.tileBoundary,
			paint: { 'line-color': '#000091', 'line-width': 2.5 }
		}
	];
}

/** True for a finite, non-inverted [w, s, e, n] box. */
export function isValidBBox(bbox: readonly number[] | null | undefined): bbox is LngLatBBox {
	return (
		!!bbox &&
		bbox.length === 4 &&
		bbox.every(Number.isFinite) &&
		bbox[0] <= bbox[2] &&
		bbox[1] <= bbox[3]
	);
}

/** [[w, s], [e, n]] as MapLibre expects for `fitBounds` / the `bounds` option. */
export function bboxToBounds(bbox: LngLatBBox): [[number, number], [number, number]] {
	return [
		[bbox[0], bbox[1]],
		[bbox[2], bbox[3]]
	];
}

/** Smallest box containing all coordinates of any GeoJSON object; `null` when it has none. */
export function geojsonBBox(value: GeoJSON | null | undefined): LngLatBBox | null {
	const box: LngLatBBox = [Infinity, Infinity, -Infinity, -Infinity];
	const visit = (coords: unknown): void => {
		if (!Array.isArray(coords)) return;
		if (typeof coords[0] === 'number' && typeof coords[1] === 'number') {
			const [x, y] = coords as number[];
			if (x < box[0]) box[0] = x;
			if (y < box[1]) box[1] = y;
			if (x > box[2]) box[2] = x;
			if (y > box[3]) box[3] = y;
			return;
		}
		for (const child of coords) visit(child);
	};
	const walk = (node: GeoJSON | Geometry | null | undefined): void => {
		if (!node) return;
		switch (node.type) {
			case 'FeatureCollection':
				for (const feature of node.features) walk(feature);
				break;
			case 'Feature':
				walk(node.geometry);
				break;
			case 'GeometryCollection':
				for (const geometry of node.geometries) walk(geometry);
				break;
			default:
				visit(node.coordinates);
		}
	};
	walk(value);
	return isValidBBox(box) ? box : null;
}

/** Grows a box by `ratio` of its size on each side (a point box stays a point). */
export function padBBox(bbox: LngLatBBox, ratio: number): LngLatBBox {
	const dx = (bbox[2] - bbox[0]) * ratio;
	const dy = (bbox[3] - bbox[1]) * ratio;
	return [bbox[0] - dx, bbox[1] - dy, bbox[2] + dx, bbox[3] + dy];
}

export function clamp(value: number, min: number, max: number): number {
	if (Number.isNaN(value)) return min;
	return Math.min(max, Math.max(min, value));
}

/**
 * Swipe comparison: the top map shows the part LEFT of the divider. `ratio` is the divider position
 * (0 = left edge, 1 = right edge); returns the CSS `clip-path` of the top map.
 */
export function swipeClipPath(ratio: number): string {
	const hiddenRight = round((1 - clamp(ratio, 0, 1)) * 100, 3);
	return `inset(0 ${hiddenRight}% 0 0)`;
}

/** Divider position from a pointer x coordinate over an element box, clamped to [0, 1]. */
export function swipeRatioFromPointer(clientX: number, rect: { left: number; width: number }): number {
	if (rect.width <= 0) return 0.5;
	return clamp((clientX - rect.left) / rect.width, 0, 1);
}

/** Moves the divider by one keyboard step (5 %, or 25 % with Shift / PageUp / PageDown). */
export function swipeRatioFromKey(ratio: number, key: string, large = false): number | null {
	const step = large ? 0.25 : 0.05;
	switch (key) {
		case 'ArrowLeft':
		case 'ArrowDown':
			return clamp(ratio - step, 0, 1);
		case 'ArrowRight':
		case 'ArrowUp':
			return clamp(ratio + step, 0, 1);
		case 'PageDown':
			return clamp(ratio - 0.25, 0, 1);
		case 'PageUp':
			return clamp(ratio + 0.25, 0, 1);
		case 'Home':
			return 0;
		case 'End':
			return 1;
		default:
			return null;
	}
}

function round(value: number, digits: number): number {
	const f = 10 ** digits;
	return Math.round(value * f) / f;
}

/** How the tile page shows the previous vintage: not at all, swipe divider, or two maps side by side. */
export type CompareMode = 'single' | 'swipe' | 'side';
export const COMPARE_MODES: readonly CompareMode[] = ['single', 'swipe', 'side'];

/**
 * The view around a point: a square of ± `radiusMetres` on the ground (WGS84 degrees, by the local
 * scale of the sphere: precise to well under a metre at these distances, which is all a view needs).
 */
export function pointViewBBox(point: { lon: number; lat: number }, radiusMetres: number): LngLatBBox {
	const metresPerDegree = 111_320;
	const dLat = radiusMetres / metresPerDegree;
	const dLon = radiusMetres / (metresPerDegree * Math.max(0.01, Math.cos((point.lat * Math.PI) / 180)));
	return [point.lon - dLon, point.lat - dLat, point.lon + dLon, point.lat + dLat];
}
/** A campaign's reference layer, as `GET /api/campaigns/:id/reference-layers` gives it (what the map needs). */
export interface ReferenceLayerView {
	id: number;
	kind: 'xyz' | 'wms' | 'wmts';
	label: string;
	/** Plain text: escaped, linked only to the service's own address. */
	attribution: string;
	/** MapLibre URL templates. */
	tiles: string[];
}

/** Source and layer id of a reference layer on the tile maps. */
export function referenceLayerId(id: number): string {
	return `reference-${id}`;
}

/**
 * Tiled services (XYZ, WMTS) rarely go past zoom 19 (IGN's plans and cadastre stop there): beyond,
 * MapLibre enlarges the last level rather than asking for tiles that do not exist. A WMS draws any
 * box, so it follows the map to its last zoom.
 */
export const REFERENCE_TILED_MAX_ZOOM = 19;

/** The raster source of a reference layer (attribution escaped, linked to the service itself). */
export function referenceRasterSource(layer: ReferenceLayerView, origin: string): RasterSourceSpecification {
	const source = rasterSource({ kind: layer.kind, tiles: layer.tiles, tileSize: 256, attribution: layer.attribution, bounds: null }, origin);
	if (layer.kind !== 'wms') source.maxzoom = REFERENCE_TILED_MAX_ZOOM;
	return source;
}

/** The raster layer drawing a reference layer (real pixels when zoomed past its last level, like the imagery). */
export function referenceRasterLayer(id: number): LayerSpecification {
	return { id: referenceLayerId(id), type: 'raster', source: referenceLayerId(id), paint: { 'raster-fade-duration': 0 } };
}

/**
 * MapLibre's own words (control tooltips and accessible names), in the UI's language: the keys are
 * MapLibre's UI string ids (`locale` map option). `title` is the map canvas's accessible name.
 */
export function mapUiStrings(translate: (key: 'map.ui.zoomIn' | 'map.ui.zoomOut' | 'map.ui.resetBearing' | 'map.ui.toggleAttribution' | 'map.ui.mapFeedback' | 'map.ui.fullscreenEnter' | 'map.ui.fullscreenExit' | 'map.ui.title' | 'map.ui.popupClose' | 'map.ui.marker') => string, title?: string): Record<string, string> {
	return {
		'NavigationControl.ZoomIn': translate('map.ui.zoomIn'),
		'NavigationControl.ZoomOut': translate('map.ui.zoomOut'),
		'NavigationControl.ResetBearing': translate('map.ui.resetBearing'),
		'AttributionControl.ToggleAttribution': translate('map.ui.toggleAttribution'),
		'AttributionControl.MapFeedback': translate('map.ui.mapFeedback'),
		'FullscreenControl.Enter': translate('map.ui.fullscreenEnter'),
		'FullscreenControl.Exit': translate('map.ui.fullscreenExit'),
		'Map.Title': title || translate('map.ui.title'),
		'Popup.Close': translate('map.ui.popupClose'),
		'Marker.Title': translate('map.ui.marker')
	};
}

/** Web-Mercator metres per CSS pixel at a MapLibre zoom (512 px world at zoom 0) and latitude. */
export function metresPerPixel(zoom: number, latitude: number): number {
	return (2 * Math.PI * 6_378_137 * Math.cos((latitude * Math.PI) / 180)) / (512 * 2 ** zoom);
}

/**
 * The map's scale as a ratio's denominator ("1:2 500"), with the OGC standard pixel (0.28 mm), to two
 * significant figures: the scale reviewers are asked to work at (the feature walk's 1:2 500).
 */
export function scaleDenominator(zoom: number, latitude: number): number {
	const exact = metresPerPixel(zoom, latitude) / 0.00028;
	if (!Number.isFinite(exact) || exact <= 0) return 0;
	const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(exact)) - 1);
	return Math.round(exact / magnitude) * magnitude;
}
