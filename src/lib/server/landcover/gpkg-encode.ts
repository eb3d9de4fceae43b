/**
 * GeoPackage geometry blobs for the writer (GeoPackage 1.3, §2.1.3): a header ('GP', version 0, flags,
 * srs_id, envelope) followed by little-endian 2D ISO WKB, for every geometry type a feature layer can
 * declare. Pure: no I/O.
 *
 * Input is a GeoJSON geometry (what defects, tiles and control points are made of) or the project's
 * flat multipolygon (land cover, see geo/types.ts). Each is made to fit the layer's declared type, as
 * GDAL's validator requires (a MULTIPOLYGON column holds MultiPolygons only): a single geometry is
 * promoted to its multi type, a one-part multi geometry demoted to its single type; anything else that
 * does not fit is refused, never silently cut.
 */
import type { Geometry, Position } from 'geojson';
import type { MultiPolygon, Polygon as FlatPolygon } from '../../geo/types.ts';
import { GPKG_FLAG_EMPTY } from './gpkg-blob.ts';

/** Geometry types a feature layer can declare (gpkg_geometry_columns.geometry_type_name). */
export const GPKG_GEOMETRY_TYPES = ['GEOMETRY', 'POINT', 'LINESTRING', 'POLYGON', 'MULTIPOINT', 'MULTILINESTRING', 'MULTIPOLYGON'] as const;
export type GpkgGeometryType = (typeof GPKG_GEOMETRY_TYPES)[number];

/** A geometry the writer takes: GeoJSON (Z and M ordinates are dropped), or a flat multipolygon. */
export type WritableGeometry = Geometry | MultiPolygon;

/** The geometry cannot be written (malformed, non-finite coordinate, wrong type for the layer). */
export class GeometryEncodeError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'GeometryEncodeError';
	}
}

/** An encoded geometry and its extent (NaN extent when empty). */
export interface EncodedGeometry {
	blob: Uint8Array;
	empty: boolean;
	minX: number;
	minY: number;
	maxX: number;
	maxY: number;
}

// Internal shapes after fitting to the layer: GeoJSON, or flat (multi)polygons.
type Flat = { type: 'FlatPolygon'; rings: FlatPolygon } | { type: 'FlatMultiPolygon'; parts: MultiPolygon };
type Shape = Geometry | Flat;

const WKB_CODE: Record<Shape['type'], number> = {
	Point: 1,
	LineString: 2,
	Polygon: 3,
	MultiPoint: 4,
	MultiLineString: 5,
	MultiPolygon: 6,
	GeometryCollection: 7,
	FlatPolygon: 3,
	FlatMultiPolygon: 6
};

const SINGLE_OF: Partial<Record<GpkgGeometryType, Geometry['type']>> = { MULTIPOINT: 'Point', MULTILINESTRING: 'LineString', MULTIPOLYGON: 'Polygon' };
const MULTI_OF: Partial<Record<GpkgGeometryType, Geometry['type']>> = { POINT: 'MultiPoint', LINESTRING: 'MultiLineString', POLYGON: 'MultiPolygon' };
const TYPE_OF: Record<Exclude<GpkgGeometryType, 'GEOMETRY'>, Geometry['type']> = {
	POINT: 'Point',
	LINESTRING: 'LineString',
	POLYGON: 'Polygon',
	MULTIPOINT: 'MultiPoint',
	MULTILINESTRING: 'MultiLineString',
	MULTIPOLYGON: 'MultiPolygon'
};

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null;
}

function arrayOf(v: unknown, what: string): unknown[] {
	if (!Array.isArray(v)) throw new GeometryEncodeError(`${what} must be an array of coordinates, got ${v === null ? 'null' : typeof v}.`);
	return v;
}

/** The shape to write for `g` in a layer declared `layer`, or a GeometryEncodeError saying why not. */
function fit(g: WritableGeometry, layer: GpkgGeometryType): Shape {
	if (Array.isArray(g)) {
		// Flat multipolygon (land cover).
		if (layer === 'MULTIPOLYGON' || layer === 'GEOMETRY') return { type: 'FlatMultiPolygon', parts: g };
		if (layer === 'POLYGON') {
			if (g.length <= 1) return { type: 'FlatPolygon', rings: g[0] ?? [] };
			throw new GeometryEncodeError(`a MultiPolygon of ${g.length} parts cannot be stored in a POLYGON layer (declare it MULTIPOLYGON).`);
		}
		throw new GeometryEncodeError(`a MultiPolygon cannot be stored in a ${layer} layer.`);
	}
	if (!isObject(g) || typeof g.type !== 'string' || !(g.type in WKB_CODE) || g.type.startsWith('Flat')) {
		throw new GeometryEncodeError(`not a GeoJSON geometry (type ${isObject(g) ? JSON.stringify(g.type) : typeof g}).`);
	}
	if (layer === 'GEOMETRY') return g;
	const want = TYPE_OF[layer];
	if (g.type === want) return g;
	if (g.type === 'GeometryCollection') throw new GeometryEncodeError(`a GeometryCollection cannot be stored in a ${layer} layer (declare it GEOMETRY).`);
	// Promote a single geometry to the layer's multi type.
	if (SINGLE_OF[layer] === g.type) return { type: want, coordinates: [g.coordinates] } as Geometry;
	// Demote a multi geometry of at most one part to the layer's single type.
	if (MULTI_OF[layer] === g.type) {
		const parts = arrayOf(g.coordinates, g.type);
		if (parts.length <= 1) return { type: want, coordinates: parts[0] ?? [] } as Geometry;
		throw new GeometryEncodeError(`a ${g.type} of ${parts.length} parts cannot be stored in a ${layer} layer (declare it MULTI${layer}).`);
	}
	throw new GeometryEncodeError(`a ${g.type} cannot be stored in a ${layer} layer.`);
}

// --- sizes ---------------------------------------------------------------------------------------

function samePosition(a: unknown, b: unknown): boolean {
	return Array.isArray(a) && Array.isArray(b) && a[0] === b[0] && a[1] === b[1];
}

/** Vertices a ring is written with: closed (its first vertex repeated at the end when it is not). */
function ringVertices(ring: unknown): number {
	const r = arrayOf(ring, 'a polygon ring');
	if (r.length === 0) return 0;
	return r.length > 1 && samePosition(r[0], r[r.length - 1]) ? r.length : r.length + 1;
}

function flatRingVertices(ring: Float64Array): number {
	const n = ring.length >> 1;
	if (n === 0) return 0;
	return n > 1 && ring[0] === ring[ring.length - 2] && ring[1] === ring[ring.length - 1] ? n : n + 1;
}

function polygonSize(rings: unknown): number {
	let size = 9;
	for (const ring of arrayOf(rings, 'a polygon')) size += 4 + ringVertices(ring) * 16;
	return size;
}

function flatPolygonSize(rings: FlatPolygon): number {
	let size = 9;
	for (const ring of rings) size += 4 + flatRingVertices(ring) * 16;
	return size;
}

function sizeOf(s: Shape): number {
	switch (s.type) {
		case 'Point':
			return 21;
		case 'LineString':
			return 9 + arrayOf(s.coordinates, 'a LineString').length * 16;
		case 'Polygon':
			return polygonSize(s.coordinates);
		case 'MultiPoint':
			return 9 + arrayOf(s.coordinates, 'a MultiPoint').length * 21;
		case 'MultiLineString': {
			let size = 9;
			for (const line of arrayOf(s.coordinates, 'a MultiLineString')) size += 9 + arrayOf(line, 'a LineString').length * 16;
			return size;
		}
		case 'MultiPolygon': {
			let size = 9;
			for (const poly of arrayOf(s.coordinates, 'a MultiPolygon')) size += polygonSize(poly);
			return size;
		}
		case 'GeometryCollection': {
			let size = 9;
			for (const child of arrayOf(s.geometries, 'a GeometryCollection')) {
				if (!isObject(child) || typeof child.type !== 'string' || !(child.type in WKB_CODE) || child.type.startsWith('Flat')) {
					throw new GeometryEncodeError(`a GeometryCollection member is not a GeoJSON geometry.`);
				}
				size += sizeOf(child as unknown as Geometry);
			}
			return size;
		}
		case 'FlatPolygon':
			return flatPolygonSize(s.rings);
		case 'FlatMultiPolygon': {
			let size = 9;
			for (const poly of s.parts) size += flatPolygonSize(poly);
			return size;
		}
	}
}

// --- writing -------------------------------------------------------------------------------------
// Writer state in module variables (as in geo/wkb.ts): encoding runs once per feature, JS is
// single-threaded and nothing here re-enters.
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
let view: DataView = new DataView(new ArrayBuffer(0));
let bytes: Uint8Array = new Uint8Array(0);
let pos = 0;
let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;

function header(code: number, count: number): void {
	view.setUint8(pos, 1); // little-endian
	view.setUint32(pos + 1, code, true);
	view.setUint32(pos + 5, count, true);
	pos += 9;
}

function xy(x: number, y: number): void {
	if (!Number.isFinite(x) || !Number.isFinite(y)) throw new GeometryEncodeError(`coordinate (${x}, ${y}) is not a pair of finite numbers.`);
	view.setFloat64(pos, x, true);
	view.setFloat64(pos + 8, y, true);
	pos += 16;
	if (x < minX) minX = x;
	if (x > maxX) maxX = x;
	if (y < minY) minY = y;
	if (y > maxY) maxY = y;
}

function position(p: unknown): void {
	if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number') {
		throw new GeometryEncodeError(`${JSON.stringify(p)?.slice(0, 60)} is not a position [x, y].`);
	}
	xy(p[0], p[1]);
}

function writePoint(coords: unknown): void {
	const c = arrayOf(coords, 'a Point');
	view.setUint8(pos, 1);
	view.setUint32(pos + 1, 1, true);
	pos += 5;
	if (c.length === 0) {
		// An empty point is POINT(NaN NaN) (GeoPackage 1.3, §2.1.3.1.1).
		view.setFloat64(pos, NaN, true);
		view.setFloat64(pos + 8, NaN, true);
		pos += 16;
	} else position(c);
}

function writeLine(coords: unknown): void {
	const c = arrayOf(coords, 'a LineString');
	header(2, c.length);
	for (const p of c) position(p);
}

function writePolygon(rings: unknown): void {
	const r = arrayOf(rings, 'a polygon');
	header(3, r.length);
	for (const ring of r) {
		const n = ringVertices(ring);
		const pts = ring as Position[];
		view.setUint32(pos, n, true);
		pos += 4;
		for (const p of pts) position(p);
		if (n > pts.length) position(pts[0]);
	}
}

function writeFlatPolygon(rings: FlatPolygon): void {
	header(3, rings.length);
	for (const ring of rings) {
		const n = flatRingVertices(ring);
		view.setUint32(pos, n, true);
		pos += 4;
		const given = ring.length >> 1;
		if (LITTLE_ENDIAN_HOST) {
			// Land cover's hot path (200 000 polygons): check and measure the ring in one pass over the
			// array, then copy it as it is in memory, which is already little-endian WKB.
			for (let i = 0; i < given * 2; i += 2) {
				const x = ring[i], y = ring[i + 1];
				if (!(x - x === 0 && y - y === 0)) xy(x, y); // throws: NaN or infinite
				if (x < minX) minX = x;
				if (x > maxX) maxX = x;
				if (y < minY) minY = y;
				if (y > maxY) maxY = y;
			}
			bytes.set(new Uint8Array(ring.buffer, ring.byteOffset, given * 16), pos);
			pos += given * 16;
		} else for (let i = 0; i < given * 2; i += 2) xy(ring[i], ring[i + 1]);
		if (n > given) xy(ring[0], ring[1]);
	}
}

function write(s: Shape): void {
	switch (s.type) {
		case 'Point':
			return writePoint(s.coordinates);
		case 'LineString':
			return writeLine(s.coordinates);
		case 'Polygon':
			return writePolygon(s.coordinates);
		case 'MultiPoint':
			header(4, s.coordinates.length);
			for (const p of s.coordinates) writePoint(p);
			return;
		case 'MultiLineString':
			header(5, s.coordinates.length);
			for (const l of s.coordinates) writeLine(l);
			return;
		case 'MultiPolygon':
			header(6, s.coordinates.length);
			for (const p of s.coordinates) writePolygon(p);
			return;
		case 'GeometryCollection':
			header(7, s.geometries.length);
			for (const g of s.geometries) write(g);
			return;
		case 'FlatPolygon':
			return writeFlatPolygon(s.rings);
		case 'FlatMultiPolygon':
			header(6, s.parts.length);
			for (const p of s.parts) writeFlatPolygon(p);
			return;
	}
}

/**
 * Encode `g` as the GeoPackage blob of a layer declared `layer` in `srsId`: little-endian header,
 * then ISO WKB. The XY envelope is written except for points (a point is its own envelope, as GDAL
 * writes them) and empty geometries (flagged empty, no envelope: GDAL's validator, req. 152).
 * Rings are closed when their last vertex is not their first.
 * @throws GeometryEncodeError when `g` is malformed, has a non-finite coordinate, or does not fit `layer`.
 */
export function encodeGpkgBlob(g: WritableGeometry, layer: GpkgGeometryType, srsId: number): EncodedGeometry {
	const s = fit(g, layer);
	const withEnvelope = s.type !== 'Point';
	const headerSize = withEnvelope ? 40 : 8;
	const out = new Uint8Array(headerSize + sizeOf(s));
	view = new DataView(out.buffer);
	bytes = out;
	pos = headerSize;
	minX = Infinity;
	minY = Infinity;
	maxX = -Infinity;
	maxY = -Infinity;
	write(s);
	const empty = minX > maxX;
	let blob = out;
	if (empty && withEnvelope) blob = out.subarray(32).slice(); // drop the envelope: the WKB moves up 32 bytes
	const dv = blob === out ? view : new DataView(blob.buffer);
	blob[0] = 0x47; // 'G'
	blob[1] = 0x50; // 'P'
	blob[2] = 0; // version 1
	// Flags: bit 0 little-endian; bits 1-3 envelope code (1 = [minx, maxx, miny, maxy]); bit 4 empty.
	blob[3] = 0b1 | (empty ? GPKG_FLAG_EMPTY : withEnvelope ? 0b10 : 0);
	dv.setInt32(4, srsId, true);
	if (!empty && withEnvelope) {
		dv.setFloat64(8, minX, true);
		dv.setFloat64(16, maxX, true);
		dv.setFloat64(24, minY, true);
		dv.setFloat64(32, maxY, true);
	}
	return empty
		? { blob, empty, minX: NaN, minY: NaN, maxX: NaN, maxY: NaN }
		: { blob, empty, minX, minY, maxX, maxY };
}

// --- reading back the extent (the spatial-index SQL functions) ------------------------------------

/**
 * Whether a GeoPackage blob is empty, and its XY extent: from the header's envelope when present,
 * else by walking the WKB (points are written without one). Null when `blob` is not a GeoPackage
 * geometry or its WKB is truncated. Extended (curve) types are not walked.
 */
export function gpkgBlobExtent(blob: Uint8Array): { empty: boolean; minX: number; minY: number; maxX: number; maxY: number } | null {
	if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) return null;
	const flags = blob[3];
	const dv = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
	const envCode = (flags >> 1) & 7;
	const envBytes = [0, 32, 48, 48, 64][envCode];
	if (envBytes === undefined || blob.length < 8 + envBytes) return null;
	if (flags & GPKG_FLAG_EMPTY) return { empty: true, minX: NaN, minY: NaN, maxX: NaN, maxY: NaN };
	const le = (flags & 1) === 1;
	if (envBytes > 0) {
		return { empty: false, minX: dv.getFloat64(8, le), maxX: dv.getFloat64(16, le), minY: dv.getFloat64(24, le), maxY: dv.getFloat64(32, le) };
	}
	const box = [Infinity, Infinity, -Infinity, -Infinity];
	try {
		walkWkb(dv, 8 + envBytes, box, 0);
	} catch {
		return null;
	}
	if (box[0] > box[2]) return { empty: true, minX: NaN, minY: NaN, maxX: NaN, maxY: NaN };
	return { empty: false, minX: box[0], minY: box[1], maxX: box[2], maxY: box[3] };
}

/** Extends `box` with the XY coordinates of the WKB geometry at `at`; returns the offset after it. */
function walkWkb(dv: DataView, at: number, box: number[], depth: number): number {
	if (depth > 32) throw new RangeError('WKB nested too deep');
	const le = dv.getUint8(at) === 1;
	let code = dv.getUint32(at + 1, le);
	let p = at + 5;
	// ISO dimensions (1000 Z, 2000 M, 3000 ZM) and EWKB flags.
	let dims = 2;
	if (code & 0x80000000) dims++;
	if (code & 0x40000000) dims++;
	if (code & 0x20000000) p += 4;
	code &= 0x0fffffff;
	if (code >= 1000) {
		dims += code >= 3000 ? 2 : 1;
		code %= 1000;
	}
	const pointAt = (q: number) => {
		const x = dv.getFloat64(q, le), y = dv.getFloat64(q + 8, le);
		// NaN (an empty point) fails every comparison, so it never widens the box.
		if (x < box[0]) box[0] = x;
		if (y < box[1]) box[1] = y;
		if (x > box[2]) box[2] = x;
		if (y > box[3]) box[3] = y;
	};
	const points = (q: number) => {
		const n = dv.getUint32(q, le);
		q += 4;
		for (let i = 0; i < n; i++, q += dims * 8) pointAt(q);
		return q;
	};
	switch (code) {
		case 1:
			pointAt(p);
			return p + dims * 8;
		case 2:
			return points(p);
		case 3: {
			const rings = dv.getUint32(p, le);
			p += 4;
			for (let i = 0; i < rings; i++) p = points(p);
			return p;
		}
		case 4:
		case 5:
		case 6:
		case 7: {
			const n = dv.getUint32(p, le);
			p += 4;
			for (let i = 0; i < n; i++) p = walkWkb(dv, p, box, depth + 1);
			return p;
		}
		default:
			throw new RangeError(`WKB type ${code} not supported`);
	}
}
