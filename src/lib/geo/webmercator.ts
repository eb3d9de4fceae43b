/**
 * Web Mercator (EPSG:3857) XYZ tile arithmetic, the "slippy map" scheme used by OSM, MapLibre and our
 * imagery route: tile (0,0) is the north-west corner, y grows southwards, zoom z has 2^z × 2^z tiles.
 *
 * Pure and isomorphic (no proj4): the spherical Mercator formulas are exact for EPSG:3857, so the
 * browser and the server compute identical tile bounds.
 */
import type { BBox } from './types.ts';

/** Radius of the sphere EPSG:3857 projects (the WGS84 semi-major axis), in metres. */
export const EARTH_RADIUS = 6378137;
/** Half the width of the Web Mercator world: x and y range over [-ORIGIN_SHIFT, ORIGIN_SHIFT]. */
export const ORIGIN_SHIFT = Math.PI * EARTH_RADIUS; // 20037508.342789244
/** The latitude at which the square Web Mercator world ends (y = ±ORIGIN_SHIFT). */
export const MAX_LATITUDE = 85.0511287798066;

const DEG = Math.PI / 180;

/** Longitude/latitude (degrees) → Web Mercator metres. Latitude is clamped to ±MAX_LATITUDE. */
export function lonLatToMercator(lon: number, lat: number): [number, number] {
	const clamped = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat));
	const x = lon * DEG * EARTH_RADIUS;
	const y = Math.log(Math.tan(Math.PI / 4 + (clamped * DEG) / 2)) * EARTH_RADIUS;
	return [x, y];
}

/** Web Mercator metres → longitude/latitude (degrees). */
export function mercatorToLonLat(x: number, y: number): [number, number] {
	const lon = x / EARTH_RADIUS / DEG;
	const lat = (2 * Math.atan(Math.exp(y / EARTH_RADIUS)) - Math.PI / 2) / DEG;
	return [lon, lat];
}

/** Width of one tile at zoom z, in Web Mercator metres. */
export function tileSpan(z: number): number {
	return (2 * ORIGIN_SHIFT) / 2 ** z;
}

/**
 * Bounds of tile z/x/y in Web Mercator metres, as [minX, minY, maxX, maxY].
 * Tile 0/0/0 is [-20037508.342789244, -20037508.342789244, 20037508.342789244, 20037508.342789244].
 */
export function tileBounds(z: number, x: number, y: number): BBox {
	const span = tileSpan(z);
	const minX = -ORIGIN_SHIFT + x * span;
	const maxY = ORIGIN_SHIFT - y * span;
	return [minX, maxY - span, minX + span, maxY];
}

/** Bounds of tile z/x/y in WGS84 degrees, as [west, south, east, north]. */
export function tileBoundsLonLat(z: number, x: number, y: number): BBox {
	const [minX, minY, maxX, maxY] = tileBounds(z, x, y);
	const [w, s] = mercatorToLonLat(minX, minY);
	const [e, n] = mercatorToLonLat(maxX, maxY);
	return [w, s, e, n];
}

/** The tile at zoom z containing Web Mercator point (mx, my); clamped to the world's tiles. */
export function mercatorToTile(mx: number, my: number, z: number): { x: number; y: number } {
	const n = 2 ** z;
	const span = tileSpan(z);
	const x = Math.floor((mx + ORIGIN_SHIFT) / span);
	const y = Math.floor((ORIGIN_SHIFT - my) / span);
	return { x: Math.min(n - 1, Math.max(0, x)), y: Math.min(n - 1, Math.max(0, y)) };
}

/** The tile at zoom z containing lon/lat (degrees); e.g. lon 2.35, lat 48.85 at z=10 → x=518, y=352. */
export function lonLatToTile(lon: number, lat: number, z: number): { x: number; y: number } {
	const [mx, my] = lonLatToMercator(lon, lat);
	return mercatorToTile(mx, my, z);
}

/** An inclusive range of tiles at one zoom level. */
export interface TileRange {
	z: number;
	minX: number;
	minY: number;
	maxX: number;
	maxY: number;
}

/**
 * Tiles at zoom z that cover a WGS84 bbox [west, south, east, north] (inclusive ranges).
 * A bbox edge lying exactly on a tile edge does not pull in the neighbouring tile.
 */
export function tileRangeForBBox(bbox: BBox, z: number): TileRange {
	const [w, s, e, n] = bbox;
	const [minMx, minMy] = lonLatToMercator(w, s);
	const [maxMx, maxMy] = lonLatToMercator(e, n);
	return tileRangeForMercatorBBox([minMx, minMy, maxMx, maxMy], z);
}

/** Same as tileRangeForBBox for a bbox already in Web Mercator metres. */
export function tileRangeForMercatorBBox(bbox: BBox, z: number): TileRange {
	const n = 2 ** z;
	const span = tileSpan(z);
	const [minMx, minMy, maxMx, maxMy] = bbox;
	const clampT = (v: number) => Math.min(n - 1, Math.max(0, v));
	// EPS (in tile units, ~1e-7 of a tile) absorbs the rounding of a lon/lat → metres round trip, so a
	// bbox computed from a tile's own bounds does not spill into its neighbours.
	const EPS = 1e-7;
	const minX = clampT(Math.floor((minMx + ORIGIN_SHIFT) / span + EPS));
	const maxX = clampT(Math.ceil((maxMx + ORIGIN_SHIFT) / span - EPS) - 1);
	const minY = clampT(Math.floor((ORIGIN_SHIFT - maxMy) / span + EPS));
	const maxY = clampT(Math.ceil((ORIGIN_SHIFT - minMy) / span - EPS) - 1);
	return { z, minX, minY, maxX: Math.max(minX, maxX), maxY: Math.max(minY, maxY) };
}

/** Number of tiles in a range. */
export function tileCount(range: TileRange): number {
	return (range.maxX - range.minX + 1) * (range.maxY - range.minY + 1);
}

/**
 * Size of one output pixel at zoom z: in Web Mercator metres when `lat` is omitted
 * (156543.03392804097 m at z=0 for 256 px tiles), or in true ground metres at latitude `lat`
 * (Mercator stretches distances by 1/cos(lat)).
 */
export function metersPerPixel(z: number, tileSize = 256, lat?: number): number {
	const mercator = tileSpan(z) / tileSize;
	return lat === undefined ? mercator : mercator * Math.cos(lat * DEG);
}

/** The parent tile one zoom level up. */
export function parentTile(z: number, x: number, y: number): { z: number; x: number; y: number } {
	return { z: z - 1, x: x >> 1, y: y >> 1 };
}
