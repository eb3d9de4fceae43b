/**
 * Well-Known Binary codec for (multi)polygons, the only geometries land cover is made of.
 *
 * Pure and isomorphic. Decoding is on the import hot path (hundreds of thousands of polygons), so it
 * works on a DataView over the caller's buffer, allocates nothing per vertex, hands out rings as
 * Float64Array views on shared 256 KiB slabs (see allocRing) and copies little-endian XY rings with a
 * single memcpy when the host is little-endian.
 *
 * Accepted type codes: OGC/ISO (3, 6, 1003, 2003, 3003, 1006, …) and PostGIS EWKB (Z/M/SRID flag bits);
 * Z and M ordinates are dropped. The SQL/MM curve types QGIS and ArcGIS write for straight-edged
 * polygons are read too: CurvePolygon (10) whose rings are LineStrings or CompoundCurves of
 * LineStrings, MultiSurface (12) of Polygons and such CurvePolygons.
 */
import type { MultiPolygon, Polygon } from './types.ts';

/** The WKB is malformed (truncated, bad byte-order marker, absurd counts). */
export class WkbError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'WkbError';
	}
}

/**
 * The WKB is valid but has true curves (circular arcs), which we do not approximate: the caller
 * tells the user how to convert them to straight segments.
 */
export class WkbCurveError extends WkbError {
	constructor(readonly curveType: string) {
		super(`the geometry has circular arcs (${curveType}).`);
		this.name = 'WkbCurveError';
	}
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const EWKB_Z = 0x80000000;
const EWKB_M = 0x40000000;
const EWKB_SRID = 0x20000000;

const TYPE_NAMES = [
	'Geometry',
	'Point',
	'LineString',
	'Polygon',
	'MultiPoint',
	'MultiLineString',
	'MultiPolygon',
	'GeometryCollection',
	'CircularString',
	'CompoundCurve',
	'CurvePolygon',
	'MultiCurve',
	'MultiSurface',
	'Curve',
	'Surface',
	'PolyhedralSurface',
	'TIN',
	'Triangle'
];

// Decoder state kept in module variables rather than per-call objects: decodeWkb runs once per feature
// on the hot path, and JS is single-threaded, so there is no reentrancy to worry about.
let dv: DataView = new DataView(new ArrayBuffer(0));
let bytes: Uint8Array = new Uint8Array(0);
let pos = 0;
let end = 0;
let bb: Float64Array | number[] | undefined;
// Output of readHeader(): byte order, base type (3 = Polygon, 6 = MultiPolygon…), ordinates per vertex.
let hLe = true;
let hBase = 0;
let hDims = 2;

/** Decodes a WKB type code into hBase/hDims; returns whether an EWKB SRID follows. */
function splitType(code: number): boolean {
	let z = (code & EWKB_Z) !== 0;
	let m = (code & EWKB_M) !== 0;
	let base = code & 0x0fffffff;
	if (base >= 1000 && base < 4000) {
		const iso = (base / 1000) | 0;
		if (iso === 1 || iso === 3) z = true;
		if (iso === 2 || iso === 3) m = true;
		base %= 1000;
	}
	hBase = base;
	hDims = 2 + (z ? 1 : 0) + (m ? 1 : 0);
	return (code & EWKB_SRID) !== 0;
}

/** Reads a geometry header at `pos` into hLe/hBase/hDims and returns the base type. */
function readHeader(): number {
	if (pos + 5 > end) throw new WkbError(`WKB truncated at byte ${pos}: expected a geometry header.`);
	const order = bytes[pos];
	if (order !== 0 && order !== 1) throw new WkbError(`invalid WKB byte-order marker ${order} at byte ${pos}.`);
	hLe = order === 1;
	const srid = splitType(dv.getUint32(pos + 1, hLe));
	pos += srid ? 9 : 5;
	return hBase;
}

function readCount(le: boolean, what: string, minBytesEach: number): number {
	if (pos + 4 > end) throw new WkbError(`WKB truncated at byte ${pos}: expected a ${what} count.`);
	const n = dv.getUint32(pos, le);
	pos += 4;
	// Guards against allocating gigabytes because of one flipped bit in a count.
	if (n * minBytesEach > end - pos) {
		throw new WkbError(`WKB truncated: ${n} ${what}s declared at byte ${pos - 4} but only ${end - pos} bytes remain.`);
	}
	return n;
}

// Rings are views into shared slabs: allocating a fresh ArrayBuffer per ring costs ~0.8 µs (malloc +
// GC bookkeeping of the backing store) and dominated decoding; a view on a slab costs ~0.1 µs. The
// price: a ring keeps its whole slab (256 KiB) alive, so copy rings you keep for long (`ring.slice()`),
// and remember `ring.buffer` is shared: always honour `ring.byteOffset`.
const SLAB_DOUBLES = 32768;
let slab = new ArrayBuffer(SLAB_DOUBLES * 8);
let slabBytes = new Uint8Array(slab);
let slabUsed = 0;

function allocRing(doubles: number): Float64Array {
	if (doubles > SLAB_DOUBLES >> 3) return new Float64Array(doubles);
	if (slabUsed + doubles > SLAB_DOUBLES) {
		slab = new ArrayBuffer(SLAB_DOUBLES * 8);
		slabBytes = new Uint8Array(slab);
		slabUsed = 0;
	}
	const ring = new Float64Array(slab, slabUsed * 8, doubles);
	slabUsed += doubles;
	return ring;
}

function readRing(le: boolean, dims: number): Float64Array {
	const n = readCount(le, 'point', dims * 8);
	const ring = allocRing(n * 2);
	let p = pos;
	if (dims === 2 && le && LITTLE_ENDIAN_HOST) {
		// The common case (GeoPackage, PostGIS, GDAL all write little-endian XY): one memcpy per ring.
		if (ring.buffer === slab) slabBytes.set(bytes.subarray(p, p + n * 16), ring.byteOffset);
		else new Uint8Array(ring.buffer).set(bytes.subarray(p, p + n * 16));
		p += n * 16;
	} else {
		const stride = dims * 8;
		for (let j = 0; j < n * 2; j += 2) {
			ring[j] = dv.getFloat64(p, le);
			ring[j + 1] = dv.getFloat64(p + 8, le);
			p += stride;
		}
	}
	pos = p;
	if (bb !== undefined) {
		let minX = bb[0], minY = bb[1], maxX = bb[2], maxY = bb[3];
		for (let j = 0; j < n * 2; j += 2) {
			const x = ring[j], y = ring[j + 1];
			if (x < minX) minX = x;
			if (x > maxX) maxX = x;
			if (y < minY) minY = y;
			if (y > maxY) maxY = y;
		}
		bb[0] = minX; bb[1] = minY; bb[2] = maxX; bb[3] = maxY;
	}
	return ring;
}

function readPolygonBody(le: boolean, dims: number): Polygon {
	const nRings = readCount(le, 'ring', 4);
	const poly: Polygon = new Array(nRings);
	for (let r = 0; r < nRings; r++) poly[r] = readRing(le, dims);
	return poly;
}

// ----------------------------------------------------------------------- curve types, straight edges
// Off the hot path: GeoPackage's curve geometry extension, as written by QGIS (layers declared
// MULTISURFACE or CURVEPOLYGON) and ArcGIS. Every member is a full WKB geometry with its own header.

/** Vertices of one CurvePolygon ring: a LineString, or a CompoundCurve of LineStrings joined end to end. */
function readCurveRing(): Float64Array {
	const type = readHeader();
	if (type === 2) return readRing(hLe, hDims);
	if (type === 8) throw new WkbCurveError('CircularString');
	if (type !== 9) throw new WkbError(`a CurvePolygon ring is a ${TYPE_NAMES[type] ?? `type ${type}`}, not a curve.`);
	const n = readCount(hLe, 'curve segment', 9);
	const parts: Float64Array[] = [];
	for (let i = 0; i < n; i++) {
		const t = readHeader();
		if (t === 8) throw new WkbCurveError('CircularString');
		if (t !== 2) throw new WkbError(`CompoundCurve member ${i} is a ${TYPE_NAMES[t] ?? `type ${t}`}, not a LineString.`);
		parts.push(readRing(hLe, hDims));
	}
	// Consecutive segments share their joint vertex: keep it once.
	let total = 0;
	for (let i = 0; i < parts.length; i++) total += parts[i].length - (i > 0 && sharesJoint(parts[i - 1], parts[i]) ? 2 : 0);
	const ring = new Float64Array(total);
	let o = 0;
	for (let i = 0; i < parts.length; i++) {
		const skip = i > 0 && sharesJoint(parts[i - 1], parts[i]) ? 2 : 0;
		ring.set(parts[i].subarray(skip), o);
		o += parts[i].length - skip;
	}
	return ring;
}

function sharesJoint(a: Float64Array, b: Float64Array): boolean {
	return a.length >= 2 && b.length >= 2 && a[a.length - 2] === b[0] && a[a.length - 1] === b[1];
}

function readCurvePolygonBody(le: boolean): Polygon {
	const nRings = readCount(le, 'ring', 9);
	const poly: Polygon = new Array(nRings);
	for (let r = 0; r < nRings; r++) poly[r] = readCurveRing();
	return poly;
}

function readMultiSurfaceBody(le: boolean): MultiPolygon {
	const n = readCount(le, 'surface', 9);
	const mp: MultiPolygon = new Array(n);
	for (let p = 0; p < n; p++) {
		const t = readHeader();
		if (t === 3) mp[p] = readPolygonBody(hLe, hDims);
		else if (t === 10) mp[p] = readCurvePolygonBody(hLe);
		else throw new WkbError(`MultiSurface member ${p} is a ${TYPE_NAMES[t] ?? `type ${t}`}, not a Polygon or CurvePolygon.`);
	}
	return mp;
}

/**
 * Decode a WKB Polygon or MultiPolygon (or a straight-edged CurvePolygon or MultiSurface) starting at `offset` (and ending at most at `limit`, default the
 * end of `buf`: pass it when several geometries are packed in one buffer).
 *
 * Returns the geometry as a MultiPolygon (a Polygon becomes a one-element array; an empty geometry an
 * empty array), or `null` when the WKB is another geometry type (use {@link wkbTypeName} to report it).
 * When `bbox` is given ([minX, minY, maxX, maxY], initialise it to [+∞, +∞, −∞, −∞]) it is grown to
 * include every vertex, which is cheaper than a second pass.
 * Rings are views into shared 256 KiB slabs (see allocRing): `ring.slice()` those you keep long-term.
 * @throws WkbError when the bytes are not valid WKB (truncated, bad byte order, nested non-polygon);
 *   WkbCurveError when a CurvePolygon or MultiSurface has circular arcs.
 */
export function decodeWkb(buf: Uint8Array, offset = 0, bbox?: Float64Array | number[], limit = buf.byteLength): MultiPolygon | null {
	if (buf !== bytes) {
		// Callers decoding many geometries from one batch buffer reuse the same DataView.
		bytes = buf;
		dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
	}
	pos = offset;
	end = limit;
	bb = bbox;
	try {
		const base = readHeader();
		if (base === 3) return [readPolygonBody(hLe, hDims)];
		if (base !== 6) return base === 10 ? [readCurvePolygonBody(hLe)] : base === 12 ? readMultiSurfaceBody(hLe) : null;
		const le = hLe;
		const nPolys = readCount(le, 'polygon', 9);
		const mp: MultiPolygon = new Array(nPolys);
		for (let p = 0; p < nPolys; p++) {
			const member = readHeader();
			if (member !== 3) {
				throw new WkbError(`MultiPolygon member ${p} is a ${TYPE_NAMES[member] ?? `type ${member}`}, not a Polygon.`);
			}
			mp[p] = readPolygonBody(hLe, hDims);
		}
		return mp;
	} catch (e) {
		if (e instanceof RangeError) throw new WkbError(`WKB truncated near byte ${pos}.`);
		throw e;
	} finally {
		bb = undefined;
	}
}

/** Name of the geometry type of the WKB at `offset` ("Point", "LineString", …), for error messages. */
export function wkbTypeName(buf: Uint8Array, offset = 0): string {
	if (buf.byteLength < offset + 5) return 'truncated WKB';
	const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
	splitType(view.getUint32(offset + 1, buf[offset] === 1));
	return TYPE_NAMES[hBase] ?? `WKB type ${hBase}`;
}

/** Byte length of the WKB that {@link writeWkb} produces for `mp`. */
export function wkbSize(mp: MultiPolygon): number {
	let size = mp.length === 1 ? 0 : 9;
	for (const poly of mp) {
		size += 9;
		for (const ring of poly) size += 4 + (ring.length >> 1) * 16;
	}
	return size;
}

function writePolygon(view: DataView, out: Uint8Array, p: number, poly: Polygon): number {
	out[p] = 1;
	view.setUint32(p + 1, 3, true);
	view.setUint32(p + 5, poly.length, true);
	p += 9;
	for (const ring of poly) {
		const n = ring.length >> 1;
		view.setUint32(p, n, true);
		p += 4;
		if (LITTLE_ENDIAN_HOST) {
			out.set(new Uint8Array(ring.buffer, ring.byteOffset, n * 16), p);
			p += n * 16;
		} else {
			for (let i = 0; i < n * 2; i++, p += 8) view.setFloat64(p, ring[i], true);
		}
	}
	return p;
}

/**
 * Write `mp` as little-endian 2D WKB into `out` at `offset`; returns the offset just past it.
 * A single polygon is written as a WKB Polygon (9 bytes shorter), anything else as a MultiPolygon.
 * `out` must have {@link wkbSize}(mp) bytes available.
 */
export function writeWkb(mp: MultiPolygon, out: Uint8Array, offset = 0): number {
	const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
	if (mp.length === 1) return writePolygon(view, out, offset, mp[0]);
	out[offset] = 1;
	view.setUint32(offset + 1, 6, true);
	view.setUint32(offset + 5, mp.length, true);
	let p = offset + 9;
	for (const poly of mp) p = writePolygon(view, out, p, poly);
	return p;
}

/** Encode a (multi)polygon as little-endian 2D WKB (see {@link writeWkb}). */
export function encodeWkb(mp: MultiPolygon): Uint8Array {
	const out = new Uint8Array(wkbSize(mp));
	writeWkb(mp, out, 0);
	return out;
}
