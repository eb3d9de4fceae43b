import { describe, expect, it } from 'vitest';
import { WkbError } from './wkb.ts';
import { decodeWkbPoint, encodeWkbPoint } from './wkb-point.ts';

/** WKB from its hex form, as `ST_AsBinary` / `ST_AsEWKB` print it. */
const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));

describe('decodeWkbPoint', () => {
	it('reads a 2D point, little and big endian (POINT(1 2) as PostGIS prints it)', () => {
		expect(decodeWkbPoint(hex('0101000000000000000000F03F0000000000000040'))).toEqual({ kind: 'point', x: 1, y: 2, z: null });
		expect(decodeWkbPoint(hex('00000000013FF00000000000004000000000000000'))).toEqual({ kind: 'point', x: 1, y: 2, z: null });
	});

	it('keeps Z (ISO 1001 and EWKB), drops M (ISO 2001, 3001)', () => {
		expect(decodeWkbPoint(encodeWkbPoint(652000.125, 6862000.5, 35.2))).toEqual({ kind: 'point', x: 652000.125, y: 6862000.5, z: 35.2 });
		// POINT Z (1 2 3) as EWKB with SRID 2154: 0x80000000 | 0x20000000 | 1, then the SRID.
		expect(decodeWkbPoint(hex('01010000A06A080000000000000000F03F00000000000000400000000000000840'))).toEqual({ kind: 'point', x: 1, y: 2, z: 3 });
		// POINT M (1 2 9) ISO 2001: the 9 is a measure, not a height.
		expect(decodeWkbPoint(hex('01D1070000000000000000F03F00000000000000400000000000002240'))).toEqual({ kind: 'point', x: 1, y: 2, z: null });
		// POINT ZM (1 2 3 9) ISO 3001.
		expect(decodeWkbPoint(hex('01B90B0000000000000000F03F000000000000004000000000000008400000000000002240'))).toEqual({ kind: 'point', x: 1, y: 2, z: 3 });
	});

	it('reads full double precision, never rounded', () => {
		const x = 652001.2345678912;
		const p = decodeWkbPoint(encodeWkbPoint(x, -0.000123456789));
		expect(p).toEqual({ kind: 'point', x, y: -0.000123456789, z: null });
	});

	it('takes the point of a one-point MultiPoint, reports several points, an empty point and other types', () => {
		expect(decodeWkbPoint(hex('0104000000010000000101000000000000000000F03F0000000000000040'))).toEqual({ kind: 'point', x: 1, y: 2, z: null });
		expect(decodeWkbPoint(hex('0104000000020000000101000000000000000000F03F00000000000000400101000000000000000000F03F0000000000000040'))).toEqual({ kind: 'multi', count: 2 });
		expect(decodeWkbPoint(hex('0101000000000000000000F87F000000000000F87F'))).toEqual({ kind: 'empty' });
		expect(decodeWkbPoint(hex('010400000000000000'))).toEqual({ kind: 'empty' });
		// LINESTRING(0 0, 1 1)
		expect(decodeWkbPoint(hex('01020000000200000000000000000000000000000000000000000000000000F03F000000000000F03F'))).toEqual({ kind: 'other', type: 'LineString' });
	});

	it('reads at an offset (after a GeoPackage header)', () => {
		const wkb = encodeWkbPoint(3, 4);
		const buf = new Uint8Array(8 + wkb.length);
		buf.set(wkb, 8);
		expect(decodeWkbPoint(buf, 8)).toEqual({ kind: 'point', x: 3, y: 4, z: null });
	});

	it('refuses truncated bytes and a bad byte-order marker', () => {
		expect(() => decodeWkbPoint(hex('0101000000000000000000F03F'))).toThrow(WkbError);
		expect(() => decodeWkbPoint(hex('0201000000000000000000F03F0000000000000040'))).toThrow(/byte-order/);
		expect(() => decodeWkbPoint(new Uint8Array(2))).toThrow(WkbError);
	});
});
