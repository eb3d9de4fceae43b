/**
 * Polygon areas and clipping against axis-aligned rectangles (review tiles).
 *
 * Rings are flat Float64Arrays [x0, y0, x1, y1, …]; the closing vertex may or may not be repeated (a repeated
 * closing vertex adds a zero-length edge, which contributes nothing to any formula below).
 *
 * Two clipping tools live here, both exact for AREA:
 * - `ringClippedArea` (area only, the hot path of the split): integrates the ring boundary after CLAMPING every
 *   boundary point into the rectangle. No output ring, no buffer, no allocation at all.
 * - `clipRingToRect` (geometry output): classic Sutherland–Hodgman, 4 half-plane passes.
 * For a concave ring both produce degenerate, zero-width "bridges" along the rectangle border where the ring
 * leaves the rectangle and comes back (e.g. a U whose two arms cross the border: the output is the two arm
 * pieces joined by an edge running along the border and back). Those bridges enclose no area (the border is
 * travelled once in each direction, so their shoelace terms cancel), which is why S–H — and the clamp — is
 * exact for area even though the output ring is not a valid OGC polygon. For the clamp this is a theorem, not
 * a hope: projecting the boundary onto a half-plane is a homotopy that never crosses points strictly inside the
 * half-plane, so their winding numbers (hence the shoelace area) are preserved, and points outside end up with
 * winding number 0; clamping to a rectangle is the composition of four such projections.
 */
import type { BBox, MultiPolygon, Polygon, Ring } from '../geo/types.ts';

/** An axis-aligned rectangle (a Cell, a tile, an image footprint). */
export interface Rect {
	xmin: number;
	ymin: number;
	xmax: number;
	ymax: number;
}

/**
 * Signed shoelace area of a ring: positive when counter-clockwise (y up), negative when clockwise.
 * Coordinates are taken relative to the first vertex so that large projected coordinates (Lambert-93 y ≈ 6.8e6)
 * do not lose precision to cancellation.
 */
export function ringArea(ring: Ring): number {
	const n = ring.length >> 1;
	if (n < 3) return 0;
	const x0 = ring[0];
	const y0 = ring[1];
	// Edges from/to the first vertex (the origin) contribute 0, so start at edge 1→2 and skip the closing edge.
	let px = ring[2] - x0;
	let py = ring[3] - y0;
	let sum = 0;
	for (let i = 2; i < n; i++) {
		const x = ring[2 * i] - x0;
		const y = ring[2 * i + 1] - y0;
		sum += px * y - x * py;
		px = x;
		py = y;
	}
	return sum / 2;
}

/**
 * Area of a polygon: |exterior| − Σ|holes|, whatever the orientation of each ring, floored at 0 (an invalid
 * polygon whose holes exceed its exterior must not subtract area from a tile).
 */
export function polygonArea(poly: Polygon): number {
	if (poly.length === 0) return 0;
	let a = Math.abs(ringArea(poly[0]));
	for (let i = 1; i < poly.length; i++) a -= Math.abs(ringArea(poly[i]));
	return a > 0 ? a : 0;
}

/** Sum of the areas of the polygons (parts are assumed not to overlap, as in valid multipolygons). */
export function multiPolygonArea(mp: MultiPolygon): number {
	let a = 0;
	for (let i = 0; i < mp.length; i++) a += polygonArea(mp[i]);
	return a;
}

/**
 * Signed area of the part of `ring` inside the rectangle (sign = ring orientation), WITHOUT building the clipped
 * ring: the boundary is clamped into the rectangle and integrated with the shoelace formula (see the module
 * comment for why this is exact). Each edge is split at the (at most 4) parameters where it crosses a rectangle
 * line; between two such parameters the clamp is affine, so the clamped edge is a polyline of ≤ 5 segments.
 * Zero allocation; edges with both ends inside take a fast path.
 */
export function ringClippedArea(ring: Ring, xmin: number, ymin: number, xmax: number, ymax: number): number {
	return ringClippedArea2(ring, ring.length >> 1, xmin, ymin, xmax, ymax) / 2;
}

/** Twice the signed clipped area of the first n vertices of `ring`; coordinates relative to (xmin, ymin). */
function ringClippedArea2(
	ring: Float64Array,
	n: number,
	xmin: number,
	ymin: number,
	xmax: number,
	ymax: number
): number {
	if (n < 3) return 0;
	const w = xmax - xmin;
	const h = ymax - ymin;
	let sum = 0;
	let ax = ring[2 * (n - 1)] - xmin;
	let ay = ring[2 * (n - 1) + 1] - ymin;
	let aIn = ax >= 0 && ax <= w && ay >= 0 && ay <= h;
	for (let i = 0; i < n; i++) {
		const bx = ring[2 * i] - xmin;
		const by = ring[2 * i + 1] - ymin;
		const bIn = bx >= 0 && bx <= w && by >= 0 && by <= h;
		if (aIn && bIn) {
			sum += ax * by - bx * ay;
		} else if ((ax <= 0 && bx <= 0) || (ay <= 0 && by <= 0)) {
			// Whole edge clamped onto the left (x = 0) or bottom (y = 0) border line: every clamped point has a
			// zero coordinate on that axis, so all its cross products relative to the origin vanish.
		} else if (ax >= w && bx >= w) {
			// Clamped onto the right border x = w: Σ w·Δy telescopes to w·(clampY(b) − clampY(a)).
			sum += w * (clamp(by, h) - clamp(ay, h));
		} else if (ay >= h && by >= h) {
			// Clamped onto the top border y = h: Σ (x1·h − x2·h) telescopes to h·(clampX(a) − clampX(b)).
			sum += h * (clamp(ax, w) - clamp(bx, w));
		} else {
			sum += clampedEdge2(ax, ay, bx, by, w, h);
		}
		ax = bx;
		ay = by;
		aIn = bIn;
	}
	return sum;
}

function clamp(v: number, max: number): number {
	return v < 0 ? 0 : v > max ? max : v;
}

/** Shoelace sum of the clamped image of edge a→b in the rectangle [0,w]×[0,h]. */
function clampedEdge2(ax: number, ay: number, bx: number, by: number, w: number, h: number): number {
	const dx = bx - ax;
	const dy = by - ay;
	// Up to four split parameters, kept sorted by insertion (no array: plain locals).
	let t0 = 2;
	let t1 = 2;
	let t2 = 2;
	let t3 = 2;
	let k = 0;
	for (let s = 0; s < 4; s++) {
		let t: number;
		if (s === 0) {
			if (ax < 0 === bx < 0) continue;
			t = -ax / dx;
		} else if (s === 1) {
			if (ax > w === bx > w) continue;
			t = (w - ax) / dx;
		} else if (s === 2) {
			if (ay < 0 === by < 0) continue;
			t = -ay / dy;
		} else {
			if (ay > h === by > h) continue;
			t = (h - ay) / dy;
		}
		if (!(t > 0 && t < 1)) continue;
		// insertion into t0 ≤ t1 ≤ t2 ≤ t3
		if (k === 0) t0 = t;
		else if (k === 1) {
			if (t < t0) {
				t1 = t0;
				t0 = t;
			} else t1 = t;
		} else if (k === 2) {
			if (t < t0) {
				t2 = t1;
				t1 = t0;
				t0 = t;
			} else if (t < t1) {
				t2 = t1;
				t1 = t;
			} else t2 = t;
		} else {
			if (t < t0) {
				t3 = t2;
				t2 = t1;
				t1 = t0;
				t0 = t;
			} else if (t < t1) {
				t3 = t2;
				t2 = t1;
				t1 = t;
			} else if (t < t2) {
				t3 = t2;
				t2 = t;
			} else t3 = t;
		}
		k++;
	}
	let px = clamp(ax, w);
	let py = clamp(ay, h);
	let sum = 0;
	for (let j = 0; j < k; j++) {
		const t = j === 0 ? t0 : j === 1 ? t1 : j === 2 ? t2 : t3;
		const x = clamp(ax + t * dx, w);
		const y = clamp(ay + t * dy, h);
		sum += px * y - x * py;
		px = x;
		py = y;
	}
	const x = clamp(bx, w);
	const y = clamp(by, h);
	sum += px * y - x * py;
	return sum;
}

/** Area of the part of a polygon inside the rectangle: |exterior ∩ R| − Σ|hole ∩ R|, floored at 0. */
export function polygonClippedArea(poly: Polygon, xmin: number, ymin: number, xmax: number, ymax: number): number {
	if (poly.length === 0) return 0;
	let a = Math.abs(ringClippedArea2(poly[0], poly[0].length >> 1, xmin, ymin, xmax, ymax));
	for (let i = 1; i < poly.length; i++) {
		a -= Math.abs(ringClippedArea2(poly[i], poly[i].length >> 1, xmin, ymin, xmax, ymax));
	}
	return a > 0 ? a / 2 : 0;
}

/** Area of the part of a multipolygon inside the rectangle. */
export function multiPolygonClippedArea(
	mp: MultiPolygon,
	xmin: number,
	ymin: number,
	xmax: number,
	ymax: number
): number {
	let a = 0;
	for (let i = 0; i < mp.length; i++) a += polygonClippedArea(mp[i], xmin, ymin, xmax, ymax);
	return a;
}

function rectBounds(rect: Rect | BBox): [number, number, number, number] {
	return Array.isArray(rect) ? [rect[0], rect[1], rect[2], rect[3]] : [rect.xmin, rect.ymin, rect.xmax, rect.ymax];
}

function isPolygon(geom: Polygon | MultiPolygon): geom is Polygon {
	return geom.length > 0 && ArrayBuffer.isView(geom[0]);
}

/**
 * Area (m² for a metric CRS) of the part of a polygon or multipolygon inside an axis-aligned rectangle, given as
 * a Rect/Cell or a BBox [xmin, ymin, xmax, ymax]. Holes are subtracted; ring orientation does not matter.
 * Area only: no clipped geometry is built (see `ringClippedArea`).
 */
export function clippedArea(geom: Polygon | MultiPolygon, rect: Rect | BBox): number {
	const [xmin, ymin, xmax, ymax] = rectBounds(rect);
	if (geom.length === 0) return 0;
	return isPolygon(geom)
		? polygonClippedArea(geom, xmin, ymin, xmax, ymax)
		: multiPolygonClippedArea(geom, xmin, ymin, xmax, ymax);
}

// ---------------------------------------------------------------------------------------------------------
// Sutherland–Hodgman (geometry output)
// ---------------------------------------------------------------------------------------------------------

/**
 * Reusable ping-pong buffers for Sutherland–Hodgman passes. Grown on demand and kept, so steady-state clipping
 * allocates nothing. Not re-entrant: one instance per synchronous user.
 * @internal
 */
export class ClipScratch {
	a: Float64Array = new Float64Array(256);
	b: Float64Array = new Float64Array(256);
	/** Make sure both buffers hold at least `coords` numbers; existing contents are preserved. */
	ensure(coords: number): void {
		if (this.a.length < coords) this.a = grow(this.a, coords);
		if (this.b.length < coords) this.b = grow(this.b, coords);
	}
}

function grow(buf: Float64Array, coords: number): Float64Array {
	const next = new Float64Array(Math.max(coords, buf.length * 2));
	next.set(buf);
	return next;
}

/**
 * One Sutherland–Hodgman pass against the half-plane `coord[axis] ≥ bound` (keepGreater) or `≤ bound`.
 * Reads n vertices of src, writes to dst (which must hold 4n numbers), returns the output vertex count.
 * A vertex exactly on the line counts as inside.
 */
function clipAxis(
	src: Float64Array,
	n: number,
	dst: Float64Array,
	axis: 0 | 1,
	bound: number,
	keepGreater: boolean
): number {
	if (n === 0) return 0;
	const o = 1 - axis;
	let m = 0;
	let pa = src[2 * (n - 1) + axis];
	let po = src[2 * (n - 1) + o];
	let pIn = keepGreater ? pa >= bound : pa <= bound;
	for (let i = 0; i < n; i++) {
		const ca = src[2 * i + axis];
		const co = src[2 * i + o];
		const cIn = keepGreater ? ca >= bound : ca <= bound;
		if (cIn !== pIn) {
			// ca ≠ pa here (one is strictly on the outer side), so t is finite.
			const t = (bound - pa) / (ca - pa);
			dst[2 * m + axis] = bound;
			dst[2 * m + o] = po + t * (co - po);
			m++;
		}
		if (cIn) {
			dst[2 * m + axis] = ca;
			dst[2 * m + o] = co;
			m++;
		}
		pa = ca;
		po = co;
		pIn = cIn;
	}
	return m;
}

/** Number of vertices of a flat ring, without a repeated closing vertex. */
function openVertexCount(ring: Float64Array): number {
	let n = ring.length >> 1;
	if (n > 1 && ring[0] === ring[2 * n - 2] && ring[1] === ring[2 * n - 1]) n--;
	return n;
}

/**
 * Clip a ring to the horizontal band ymin ≤ y ≤ ymax (two S–H passes). The result is left in `scratch.a`;
 * returns its vertex count. Used by the splitter to cut big polygons row by row before per-cell areas.
 * @internal
 */
export function clipRingToBand(ring: Ring, ymin: number, ymax: number, scratch: ClipScratch): number {
	const n = openVertexCount(ring);
	scratch.ensure(4 * n + 8);
	let m = clipAxis(ring, n, scratch.b, 1, ymin, true);
	scratch.ensure(4 * m + 8);
	m = clipAxis(scratch.b, m, scratch.a, 1, ymax, false);
	return m;
}

/**
 * Twice the signed area of the first n vertices of `buf` clipped to the rectangle (area-only, see
 * `ringClippedArea`).
 * @internal
 */
export function bufferClippedArea2(
	buf: Float64Array,
	n: number,
	xmin: number,
	ymin: number,
	xmax: number,
	ymax: number
): number {
	return ringClippedArea2(buf, n, xmin, ymin, xmax, ymax);
}

const defaultScratch = new ClipScratch();

/**
 * Sutherland–Hodgman clip of a ring against an axis-aligned rectangle. Returns a flat, OPEN ring (closing vertex
 * not repeated, consecutive duplicates removed) or an empty array when nothing with positive extent remains.
 * For concave rings the result may contain zero-area bridges along the rectangle border (see module comment):
 * exact for area and fine for rendering, but not an OGC-valid polygon.
 *
 * If `out` is given and large enough, the result is written into it and a subarray view of it is returned
 * (no coordinate allocation); otherwise a new array is returned.
 */
export function clipRingToRect(
	ring: Ring,
	xmin: number,
	ymin: number,
	xmax: number,
	ymax: number,
	out?: Float64Array
): Float64Array {
	const s = defaultScratch;
	let n = openVertexCount(ring);
	s.ensure(4 * n + 8);
	n = clipAxis(ring, n, s.a, 0, xmin, true);
	s.ensure(4 * n + 8);
	n = clipAxis(s.a, n, s.b, 0, xmax, false);
	s.ensure(4 * n + 8);
	n = clipAxis(s.b, n, s.a, 1, ymin, true);
	s.ensure(4 * n + 8);
	n = clipAxis(s.a, n, s.b, 1, ymax, false);
	// Drop consecutive duplicates (a vertex lying exactly on a border is emitted both as intersection and vertex).
	const src = s.b;
	let m = 0;
	for (let i = 0; i < n; i++) {
		const x = src[2 * i];
		const y = src[2 * i + 1];
		if (m > 0 && src[2 * m - 2] === x && src[2 * m - 1] === y) continue;
		src[2 * m] = x;
		src[2 * m + 1] = y;
		m++;
	}
	while (m > 1 && src[0] === src[2 * m - 2] && src[1] === src[2 * m - 1]) m--;
	if (m < 3) return out ? out.subarray(0, 0) : new Float64Array(0);
	const target = out && out.length >= 2 * m ? out.subarray(0, 2 * m) : new Float64Array(2 * m);
	target.set(src.subarray(0, 2 * m));
	return target;
}

/** Bbox of a ring, as [xmin, ymin, xmax, ymax]. */
function ringBBox(ring: Ring): BBox {
	let x0 = Infinity;
	let y0 = Infinity;
	let x1 = -Infinity;
	let y1 = -Infinity;
	for (let i = 0; i < ring.length; i += 2) {
		const x = ring[i];
		const y = ring[i + 1];
		if (x < x0) x0 = x;
		if (x > x1) x1 = x;
		if (y < y0) y0 = y;
		if (y > y1) y1 = y;
	}
	return [x0, y0, x1, y1];
}

/**
 * The part of a multipolygon inside a rectangle, as geometry (for exports, previews). Allocates.
 * Rings entirely inside are copied unchanged; others go through `clipRingToRect`; rings left with zero area are
 * dropped (a polygon whose exterior vanishes is dropped with its holes). See `clipRingToRect` for the caveat
 * about border bridges on concave rings.
 */
export function clipMultiPolygonToRect(mp: MultiPolygon, rect: Rect | BBox): MultiPolygon {
	const [xmin, ymin, xmax, ymax] = rectBounds(rect);
	const result: MultiPolygon = [];
	const clipOne = (ring: Ring): Ring | null => {
		const [rx0, ry0, rx1, ry1] = ringBBox(ring);
		if (rx1 <= xmin || rx0 >= xmax || ry1 <= ymin || ry0 >= ymax) return null;
		const r =
			rx0 >= xmin && rx1 <= xmax && ry0 >= ymin && ry1 <= ymax
				? ring.slice()
				: clipRingToRect(ring, xmin, ymin, xmax, ymax);
		return r.length >= 6 && ringArea(r) !== 0 ? r : null;
	};
	for (const poly of mp) {
		if (poly.length === 0) continue;
		const ext = clipOne(poly[0]);
		if (!ext) continue;
		const out: Polygon = [ext];
		for (let i = 1; i < poly.length; i++) {
			const hole = clipOne(poly[i]);
			if (hole) out.push(hole);
		}
		result.push(out);
	}
	return result;
}
