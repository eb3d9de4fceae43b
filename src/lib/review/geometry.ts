/**
 * Defect geometries as the browser makes them: what a drawing tool produced, brought inside the tile
 * and checked with the document's own rule (`checkGeometry`), so the browser never sends a geometry
 * the server would refuse. Pure (no map library), WGS84 longitude/latitude throughout.
 */
import { checkGeometry, type DefectGeometry } from './document.ts';

/** A tile's extent in WGS84: [west, south, east, north]. */
export type Bounds = readonly [number, number, number, number];
export type Position = [number, number];

/** Decimals kept: 1e-7° is about 1 cm, finer than any delivered pixel. */
const DECIMALS = 1e7;
const round = (v: number) => Math.round(v * DECIMALS) / DECIMALS;

/** Is the position inside the tile (edges included)? */
export function insideTile([x, y]: readonly number[], [w, s, e, n]: Bounds): boolean {
	return x >= w && x <= e && y >= s && y <= n;
}

/** The nearest position inside the tile, rounded to about 1 cm. */
export function clampPosition([x, y]: readonly number[], [w, s, e, n]: Bounds): Position {
	return [round(Math.min(e, Math.max(w, x))), round(Math.min(n, Math.max(s, y)))];
}

/** Every vertex of a geometry (rings included), for bounds checks. */
export function vertices(geometry: DefectGeometry): Position[] {
	switch (geometry.type) {
		case 'Point':
			return [geometry.coordinates];
		case 'LineString':
			return geometry.coordinates;
		case 'Polygon':
			return geometry.coordinates.flat();
	}
}

/** Does every vertex lie inside the tile? */
export function geometryInsideTile(geometry: DefectGeometry, bounds: Bounds): boolean {
	return vertices(geometry).every((p) => insideTile(p, bounds));
}

function dropRepeats(positions: Position[]): Position[] {
	return positions.filter((p, i) => i === 0 || p[0] !== positions[i - 1][0] || p[1] !== positions[i - 1][1]);
}

/**
 * The geometry with every vertex moved inside the tile and rounded, repeated vertices dropped and
 * rings closed. The result may still be degenerate (a line folded onto one point): check it with
 * {@link defectGeometry}.
 */
export function clampGeometry(geometry: DefectGeometry, bounds: Bounds): DefectGeometry {
	switch (geometry.type) {
		case 'Point':
			return { type: 'Point', coordinates: clampPosition(geometry.coordinates, bounds) };
		case 'LineString':
			return { type: 'LineString', coordinates: dropRepeats(geometry.coordinates.map((p) => clampPosition(p, bounds))) };
		case 'Polygon':
			return {
				type: 'Polygon',
				coordinates: geometry.coordinates.map((ring) => {
					const open = dropRepeats(ring.map((p) => clampPosition(p, bounds)));
					while (open.length > 1 && open[0][0] === open[open.length - 1][0] && open[0][1] === open[open.length - 1][1]) open.pop();
					return open.length ? [...open, open[0]] : open;
				})
			};
	}
}

/** About 1 cm² in square degrees (1e-7° ≈ 1 cm). */
const MIN_AREA = 1e-14;

/** Signed area of a closed ring (shoelace), in square degrees. */
function ringArea(ring: Position[]): number {
	let a = 0;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
	return a / 2;
}

const ANYWHERE: Bounds = [-Infinity, -Infinity, Infinity, Infinity];

/** A drawing tool's output as a defect geometry, or why it cannot be one (in the document's words). */
export type GeometryResult = { ok: true; geometry: DefectGeometry } | { ok: false; problem: string };

/**
 * Turn what a drawing tool produced (any GeoJSON geometry) into a defect geometry inside the tile:
 * only points, lines and polygons; vertices brought inside the tile; then the document's rule.
 */
export function defectGeometry(raw: unknown, bounds: Bounds): GeometryResult {
	const g = raw as { type?: unknown; coordinates?: unknown } | null;
	if (!g || (g.type !== 'Point' && g.type !== 'LineString' && g.type !== 'Polygon')) {
		return { ok: false, problem: 'geometry must be a GeoJSON Point, LineString or Polygon' };
	}
	// The shape first (finite numbers, enough positions…), wherever it lies; then inside the tile.
	const shape = checkGeometry({ type: g.type, coordinates: g.coordinates }, ANYWHERE);
	if (shape) return { ok: false, problem: shape };
	const geometry = clampGeometry(g as DefectGeometry, bounds);
	const problem = checkGeometry(geometry, bounds);
	if (problem) return { ok: false, problem };
	// A ring flattened onto a tile edge by clamping has an area of rounding noise, which an exact
	// zero test misses: under a square centimetre is no area.
	if (geometry.type === 'Polygon' && geometry.coordinates.some((ring) => Math.abs(ringArea(ring)) < MIN_AREA)) {
		return { ok: false, problem: 'a polygon ring has no area' };
	}
	return { ok: true, geometry };
}

/** A point inside the tile near the geometry's middle: where the map centres a defect, where its label goes. */
export function anchorOf(geometry: DefectGeometry): Position {
	const ps = geometry.type === 'Polygon' ? geometry.coordinates[0].slice(0, -1) : vertices(geometry);
	if (geometry.type === 'LineString') return ps[Math.floor((ps.length - 1) / 2)];
	const sum = ps.reduce((acc, p) => [acc[0] + p[0], acc[1] + p[1]], [0, 0]);
	return [sum[0] / ps.length, sum[1] / ps.length];
}

/** The extent of a geometry: [west, south, east, north]. */
export function geometryBounds(geometry: DefectGeometry): Bounds {
	const ps = vertices(geometry);
	return [Math.min(...ps.map((p) => p[0])), Math.min(...ps.map((p) => p[1])), Math.max(...ps.map((p) => p[0])), Math.max(...ps.map((p) => p[1]))];
}
