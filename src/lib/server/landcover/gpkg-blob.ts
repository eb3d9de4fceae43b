/**
 * GeoPackage geometry blobs: a small header ('GP', version, flags, srs_id, optional envelope) followed
 * by standard WKB (GeoPackage 1.x, §2.1.3).
 */
import type { BBox, MultiPolygon } from '../../geo/types.ts';
import { wkbSize, writeWkb } from '../../geo/wkb.ts';
import { multiPolygonBBox } from './common.ts';

/** Envelope byte size by envelope indicator (flags bits 1-3); 5-7 are invalid. */
export const GPKG_ENVELOPE_BYTES = [0, 32, 48, 48, 64];

export const GPKG_FLAG_EMPTY = 0x10;

/**
 * Encode a (multi)polygon as a GeoPackage blob: little-endian header with an XY envelope, then WKB.
 * An empty geometry gets the 'empty' flag and a NaN envelope, as the spec asks.
 */
export function encodeGpkgGeometry(mp: MultiPolygon, srsId: number, bbox?: BBox): Uint8Array {
	const out = new Uint8Array(40 + wkbSize(mp));
	const view = new DataView(out.buffer);
	out[0] = 0x47;
	out[1] = 0x50;
	out[2] = 0;
	const empty = mp.length === 0;
	out[3] = 0b0000_0011 | (empty ? GPKG_FLAG_EMPTY : 0); // little-endian, envelope [minx, maxx, miny, maxy]
	view.setInt32(4, srsId, true);
	const b = empty ? [NaN, NaN, NaN, NaN] : (bbox ?? multiPolygonBBox(mp));
	view.setFloat64(8, b[0], true);
	view.setFloat64(16, b[2], true);
	view.setFloat64(24, b[1], true);
	view.setFloat64(32, b[3], true);
	writeWkb(mp, out, 40);
	return out;
}
