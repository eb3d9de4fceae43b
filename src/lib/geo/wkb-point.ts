/**
 * Well-Known Binary points, for checkpoint layers (a GeoPackage of surveyed points). Pure and
 * isomorphic. The polygon codec (wkb.ts) is the import hot path and stays polygon-only; a checkpoint
 * file holds tens or hundreds of points, so this one favours plain code over speed.
 *
 * Accepted: Point and a MultiPoint of exactly one point, 2D, Z, M or ZM, in OGC/ISO codes (1, 1001,
 * 2001, 3001, 4…) and PostGIS EWKB (Z/M/SRID flag bits). M is dropped; Z is kept (a checkpoint may
 * carry its height). An empty point (NaN coordinates, how GeoPackage writes it) is reported as such.
 */
import { WkbError } from './wkb.ts';

export type WkbPoint =
	| { kind: 'point'; x: number; y: number; z: number | null }
	| { kind: 'empty' }
	/** A MultiPoint of several points: which one is the checkpoint cannot be told. */
	| { kind: 'multi'; count: number }
	/** Any other geometry type, by name (« LineString »). */
	| { kind: 'other'; type: string };

const TYPE_NAMES = ['Geometry', 'Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon', 'GeometryCollection'];

interface Header {
	le: boolean;
	base: number;
	z: boolean;
	m: boolean;
	/** Byte offset just after the header (and its EWKB SRID). */
	next: number;
}

function header(view: DataView, at: number): Header {
	if (at + 5 > view.byteLength) throw new WkbError(`WKB truncated at byte ${at}: expected a geometry header.`);
	const order = view.getUint8(at);
	if (order !== 0 && order !== 1) throw new WkbError(`invalid WKB byte-order marker ${order} at byte ${at}.`);
	const le = order === 1;
	const code = view.getUint32(at + 1, le);
	let z = (code & 0x80000000) !== 0;
	let m = (code & 0x40000000) !== 0;
	const srid = (code & 0x20000000) !== 0;
	let base = code & 0x0fffffff;
	if (base >= 1000 && base < 4000) {
		const iso = Math.floor(base / 1000);
		if (iso === 1 || iso === 3) z = true;
		if (iso === 2 || iso === 3) m = true;
		base %= 1000;
	}
	return { le, base, z, m, next: at + (srid ? 9 : 5) };
}

function pointBody(view: DataView, h: Header): WkbPoint {
	const dims = 2 + (h.z ? 1 : 0) + (h.m ? 1 : 0);
	if (h.next + dims * 8 > view.byteLength) throw new WkbError(`WKB truncated at byte ${h.next}: expected ${dims} coordinates.`);
	const x = view.getFloat64(h.next, h.le);
	const y = view.getFloat64(h.next + 8, h.le);
	// The OGC convention for POINT EMPTY in WKB (what GDAL and GeoPackage write) is NaN coordinates.
	if (Number.isNaN(x) && Number.isNaN(y)) return { kind: 'empty' };
	const z = h.z ? view.getFloat64(h.next + 16, h.le) : null;
	return { kind: 'point', x, y, z: z !== null && Number.isFinite(z) ? z : null };
}

/**
 * Decode the point at `offset` of `buf`.
 * @throws WkbError when the bytes are not valid WKB (truncated, bad byte order).
 */
export function decodeWkbPoint(buf: Uint8Array, offset = 0): WkbPoint {
	const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
	const h = header(view, offset);
	if (h.base === 1) return pointBody(view, h);
	if (h.base !== 4) return { kind: 'other', type: TYPE_NAMES[h.base] ?? `WKB type ${h.base}` };
	if (h.next + 4 > view.byteLength) throw new WkbError(`WKB truncated at byte ${h.next}: expected a point count.`);
	const count = view.getUint32(h.next, h.le);
	if (count === 0) return { kind: 'empty' };
	if (count > 1) return { kind: 'multi', count };
	const member = header(view, h.next + 4);
	if (member.base !== 1) throw new WkbError(`MultiPoint member is a ${TYPE_NAMES[member.base] ?? `type ${member.base}`}, not a Point.`);
	return pointBody(view, member);
}

/** Little-endian 2D (or 3D when `z` is a number) ISO WKB of a point: for tests and writers. */
export function encodeWkbPoint(x: number, y: number, z: number | null = null): Uint8Array {
	const out = new Uint8Array(z === null ? 21 : 29);
	const view = new DataView(out.buffer);
	out[0] = 1;
	view.setUint32(1, z === null ? 1 : 1001, true);
	view.setFloat64(5, x, true);
	view.setFloat64(13, y, true);
	if (z !== null) view.setFloat64(21, z, true);
	return out;
}
