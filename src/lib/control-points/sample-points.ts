/**
 * Control points drawn uniformly at random in a region made of polygons (the polygons of one mapped
 * class, or one review tile), reproducibly from a seed.
 *
 * One point: choose a polygon with probability proportional to its area (binary search in the
 * cumulative areas), then a point uniformly in that polygon by rejection in its bounding box; then, if
 * the caller restricts the region further (`accept`: "inside a review tile", "on land cover"), start
 * again from the polygon choice when it refuses. Each step keeps the density uniform: P(polygon p) =
 * A_p / A and uniform within p give density 1/A over the union (polygons of one stratum do not overlap
 * in a valid land-cover map), and rejecting the points outside a subset leaves a uniform density on
 * the subset — provided the whole draw restarts, which is why a refused point never retries in the same
 * polygon. Coordinates are in a projected CRS (metres): uniform in metres is uniform on the ground.
 *
 * Pure and deterministic: the same polygons (in the same order), n and random stream give the same
 * points. Callers sort their polygons by a stable key (the feature's fid) and give each stratum its own
 * stream (`stratumSeed(seed, stratum)`).
 */
import type { MultiPolygon, Ring } from '../geo/types.ts';
import { multiPolygonArea } from '../tiling/clip.ts';

/** A drawn point and the index (in the input) of the polygon it was drawn in. */
export interface DrawnPoint {
	x: number;
	y: number;
	polygon: number;
}

export interface DrawOptions {
	/** Further restriction of the region: a refused point is drawn again from scratch. */
	accept?: (x: number, y: number) => boolean;
	/**
	 * Give up after this many refused candidates per point asked (default 10 000): a region that
	 * `accept` almost never meets would otherwise loop for ever.
	 */
	maxTriesPerPoint?: number;
}

/** Raised when the region is empty or `accept` refuses nearly everything. */
export class EmptyRegionError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'EmptyRegionError';
	}
}

/**
 * Is (x, y) inside the ring? Even-odd crossing test on a flat ring (closing vertex optional). A point
 * exactly on an edge may fall either side: a uniform draw lands there with probability 0.
 */
function crossings(ring: Ring, x: number, y: number): number {
	const n = ring.length >> 1;
	let c = 0;
	let jx = ring[2 * n - 2];
	let jy = ring[2 * n - 1];
	for (let i = 0; i < n; i++) {
		const ix = ring[2 * i];
		const iy = ring[2 * i + 1];
		if (iy > y !== jy > y && x < ((jx - ix) * (y - iy)) / (jy - iy) + ix) c++;
		jx = ix;
		jy = iy;
	}
	return c;
}

/** Is (x, y) inside the multipolygon (inside an exterior ring and outside its holes)? */
export function pointInMultiPolygon(mp: MultiPolygon, x: number, y: number): boolean {
	for (const poly of mp) {
		let c = 0;
		for (const ring of poly) c += crossings(ring, x, y);
		if (c & 1) return true;
	}
	return false;
}

/** [minX, minY, maxX, maxY] of a multipolygon's exterior rings. */
export function multiPolygonBBox(mp: MultiPolygon): [number, number, number, number] {
	let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
	for (const poly of mp) {
		const r = poly[0];
		if (!r) continue;
		for (let i = 0; i < r.length; i += 2) {
			if (r[i] < x0) x0 = r[i];
			if (r[i] > x1) x1 = r[i];
			if (r[i + 1] < y0) y0 = r[i + 1];
			if (r[i + 1] > y1) y1 = r[i + 1];
		}
	}
	return [x0, y0, x1, y1];
}

/**
 * n points uniformly at random in the union of `polygons` (further restricted by `options.accept`),
 * from the random stream `rng` (values in [0, 1)). Points come in draw order.
 * @throws EmptyRegionError when the polygons have no area, or `accept` refuses too many candidates
 */
export function drawPointsInPolygons(polygons: readonly MultiPolygon[], n: number, rng: () => number, options: DrawOptions = {}): DrawnPoint[] {
	if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`The number of points must be a whole number ≥ 0, got ${n}.`);
	if (n === 0) return [];
	const cumulative = new Float64Array(polygons.length);
	const boxes: [number, number, number, number][] = [];
	let total = 0;
	for (let i = 0; i < polygons.length; i++) {
		total += multiPolygonArea(polygons[i]);
		cumulative[i] = total;
		boxes.push(multiPolygonBBox(polygons[i]));
	}
	if (!(total > 0)) throw new EmptyRegionError('The region to draw points in has no area.');
	const maxTries = (options.maxTriesPerPoint ?? 10_000) * n;
	const out: DrawnPoint[] = [];
	let tries = 0;
	while (out.length < n) {
		if (++tries > maxTries) {
			throw new EmptyRegionError(`Only ${out.length} of ${n} points could be drawn: the region is almost entirely outside where points are accepted.`);
		}
		// Area-weighted polygon choice: the first polygon whose cumulative area exceeds u·A.
		const u = rng() * total;
		let lo = 0;
		let hi = polygons.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (cumulative[mid] > u) hi = mid;
			else lo = mid + 1;
		}
		const mp = polygons[lo];
		const [x0, y0, x1, y1] = boxes[lo];
		// Uniform in the polygon: rejection in its box. A polygon covers a fair share of its box, and a
		// polygon of area 0 is never chosen, so this ends; the bound only guards against bad geometry.
		let found = false;
		let x = 0;
		let y = 0;
		for (let k = 0; k < 100_000; k++) {
			x = x0 + rng() * (x1 - x0);
			y = y0 + rng() * (y1 - y0);
			if (pointInMultiPolygon(mp, x, y)) {
				found = true;
				break;
			}
		}
		if (!found) throw new EmptyRegionError(`Polygon ${lo} holds no point of its own bounding box: its geometry is broken.`);
		if (options.accept && !options.accept(x, y)) continue;
		out.push({ x, y, polygon: lo });
	}
	return out;
}

/** An axis-aligned rectangle as a one-polygon multipolygon (a review tile as a region to draw in). */
export function rectangle(xmin: number, ymin: number, xmax: number, ymax: number): MultiPolygon {
	return [[Float64Array.of(xmin, ymin, xmax, ymin, xmax, ymax, xmin, ymax, xmin, ymin)]];
}
