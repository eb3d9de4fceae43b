/**
 * Pure helpers for the feature walk's map: the zoom that shows a given map scale, and where to centre
 * a polygon. No MapLibre runtime here, so everything is unit-tested in Node.
 */
import type { Geometry } from 'geojson';
import type { LngLatBBox } from '../../api/types.ts';
import { geojsonBBox } from './utils.ts';

/** The scale partners check land cover at in QGIS, polygon by polygon: 1:2 500. */
export const WALK_SCALE = 2500;

/** Equatorial circumference of the Web Mercator sphere (2π × 6 378 137 m). */
const EARTH_CIRCUMFERENCE_M = 2 * Math.PI * 6_378_137;
/**
 * Size in CSS pixels of the whole world at zoom 0 in MapLibre GL JS. MapLibre's zoom levels follow
 * 512-pixel tiles, one level below the 256-pixel convention of OSM raster tiles, QGIS and Leaflet:
 * a formula written for those (156 543 m/px at zoom 0) gives 1:1 250 here, not 1:2 500.
 */
const WORLD_SIZE_AT_ZOOM_0 = 512;
const METRES_PER_INCH = 0.0254;
/** CSS pixels per inch: what browsers (and QGIS's default) take a screen to have. */
export const CSS_DPI = 96;

/** Ground metres under one CSS pixel at a map scale of 1:`denominator`. */
export function metresPerPixelAtScale(denominator: number, dpi = CSS_DPI): number {
	return (denominator * METRES_PER_INCH) / dpi;
}

/**
 * The MapLibre zoom at which the map is at scale 1:`denominator` at `latitude` (degrees): Web
 * Mercator stretches the ground by 1 / cos(latitude), so the same scale needs a higher zoom towards
 * the poles. For 1:2 500 at 96 dpi: zoom 16.85 at the equator, 16.30 at 47° N (the Dakota demo),
 * 16.18 at 51° N (Dunkirk).
 */
export function zoomForScale(denominator: number, latitude: number, dpi = CSS_DPI): number {
	const groundPerPixelAtZoom0 = (EARTH_CIRCUMFERENCE_M * Math.cos((latitude * Math.PI) / 180)) / WORLD_SIZE_AT_ZOOM_0;
	return Math.log2(groundPerPixelAtZoom0 / metresPerPixelAtScale(denominator, dpi));
}

/** The scale denominator a MapLibre zoom shows at `latitude` (the inverse of {@link zoomForScale}). */
export function scaleAtZoom(zoom: number, latitude: number, dpi = CSS_DPI): number {
	const metresPerPixel = (EARTH_CIRCUMFERENCE_M * Math.cos((latitude * Math.PI) / 180)) / (WORLD_SIZE_AT_ZOOM_0 * 2 ** zoom);
	return (metresPerPixel * dpi) / METRES_PER_INCH;
}

/** Where the map centres a polygon: the middle of its bounding box; null for a geometry without coordinates. */
export function centreOf(geometry: Geometry | null | undefined): [number, number] | null {
	const box: LngLatBBox | null = geojsonBBox(geometry ?? null);
	return box ? [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2] : null;
}

/**
 * Size on screen, in CSS pixels, of a geometry's bounding box at a MapLibre zoom (its larger side):
 * a polygon a few metres across is a few pixels at 1:2 500, too small to find without a marker.
 */
export function screenSize(geometry: Geometry | null | undefined, zoom: number): number {
	const box = geojsonBBox(geometry ?? null);
	if (!box) return 0;
	const world = WORLD_SIZE_AT_ZOOM_0 * 2 ** zoom;
	const x = (lng: number) => ((lng + 180) / 360) * world;
	const y = (lat: number) => {
		const s = Math.sin((lat * Math.PI) / 180);
		return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * world;
	};
	return Math.max(x(box[2]) - x(box[0]), y(box[1]) - y(box[3]));
}

/** Below this size on screen (CSS pixels), the walk map circles the polygon so the eye finds it. */
export const LOCATOR_BELOW_PX = 30;
