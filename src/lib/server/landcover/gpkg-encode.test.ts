import type { Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { decodeWkb } from '../../geo/wkb.ts';
import type { MultiPolygon } from '../../geo/types.ts';
import { encodeGpkgBlob, gpkgBlobExtent, type GpkgGeometryType, type WritableGeometry } from './gpkg-encode.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();
/** WKB type code and envelope code of a blob. */
const shape = (b: Uint8Array) => {
	const envelope = (b[3] >> 1) & 7;
	const at = 8 + [0, 32][envelope];
	return { envelope, empty: (b[3] & 0x10) !== 0, wkbType: new DataView(b.buffer, b.byteOffset).getUint32(at + 1, true) };
};
const sq = (x: number, y: number, s: number) => new Float64Array([x, y, x + s, y, x + s, y + s, x, y + s, x, y]);

describe('encodeGpkgBlob', () => {
	const fits: [string, WritableGeometry, GpkgGeometryType, number][] = [
		['a Point in a POINT layer', { type: 'Point', coordinates: [1, 2] }, 'POINT', 1],
		['a one-point MultiPoint in a POINT layer', { type: 'MultiPoint', coordinates: [[1, 2]] }, 'POINT', 1],
		['a Point in a MULTIPOINT layer', { type: 'Point', coordinates: [1, 2] }, 'MULTIPOINT', 4],
		['a LineString in a MULTILINESTRING layer', { type: 'LineString', coordinates: [[0, 0], [1, 1]] }, 'MULTILINESTRING', 5],
		['a one-line MultiLineString in a LINESTRING layer', { type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]]] }, 'LINESTRING', 2],
		['a Polygon in a MULTIPOLYGON layer', { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }, 'MULTIPOLYGON', 6],
		['a one-part flat multipolygon in a MULTIPOLYGON layer', [[sq(0, 0, 1)]], 'MULTIPOLYGON', 6],
		['a one-part flat multipolygon in a POLYGON layer', [[sq(0, 0, 1)]], 'POLYGON', 3],
		['a Polygon in a GEOMETRY layer', { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }, 'GEOMETRY', 3],
		['a GeometryCollection in a GEOMETRY layer', { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [3, 4] }] }, 'GEOMETRY', 7]
	];
	it.each(fits)('writes %s with the WKB type that fits', (_, g, layer, wkbType) => {
		const { blob } = encodeGpkgBlob(g, layer, 2154);
		expect(hex(blob.subarray(0, 8)).slice(0, 6)).toBe('475000');
		expect(new DataView(blob.buffer).getInt32(4, true)).toBe(2154);
		expect(shape(blob)).toEqual({ envelope: wkbType === 1 ? 0 : 1, empty: false, wkbType });
	});

	it('writes the XY envelope and returns the extent, negative coordinates included', () => {
		const e = encodeGpkgBlob({ type: 'LineString', coordinates: [[-12.5, 3], [4, -7.25], [0, 0, 99]] }, 'LINESTRING', 4326);
		expect(e).toMatchObject({ empty: false, minX: -12.5, minY: -7.25, maxX: 4, maxY: 3 });
		const dv = new DataView(e.blob.buffer);
		expect([8, 16, 24, 32].map((o) => dv.getFloat64(o, true))).toEqual([-12.5, 4, -7.25, 3]);
		expect(gpkgBlobExtent(e.blob)).toEqual({ empty: false, minX: -12.5, minY: -7.25, maxX: 4, maxY: 3 });
	});

	it('closes open rings, GeoJSON and flat alike', () => {
		const open = new Float64Array([0, 0, 4, 0, 4, 4, 0, 4]);
		for (const g of [[[open]] as MultiPolygon, { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4]]] } as Geometry]) {
			const { blob } = encodeGpkgBlob(g, 'MULTIPOLYGON', 2154);
			const mp = decodeWkb(blob, 40)!;
			expect(Array.from(mp[0][0])).toEqual([0, 0, 4, 0, 4, 4, 0, 4, 0, 0]);
		}
		// A closed ring is written as it is.
		expect(decodeWkb(encodeGpkgBlob([[sq(0, 0, 1)]], 'MULTIPOLYGON', 2154).blob, 40)![0][0]).toHaveLength(10);
	});

	it('writes empty geometries byte for byte as GDAL 3.6 does: empty flag, no envelope, POINT(NaN NaN)', () => {
		// Blobs GDAL wrote for POINT EMPTY, LINESTRING EMPTY and MULTIPOLYGON EMPTY in EPSG:2154 (0x086A).
		expect(hex(encodeGpkgBlob({ type: 'Point', coordinates: [] }, 'POINT', 2154).blob)).toBe('475000116A0800000101000000000000000000F87F000000000000F87F');
		expect(hex(encodeGpkgBlob({ type: 'LineString', coordinates: [] }, 'LINESTRING', 2154).blob)).toBe('475000116A080000010200000000000000');
		const mp = encodeGpkgBlob([], 'MULTIPOLYGON', 2154);
		expect(hex(mp.blob)).toBe('475000116A080000010600000000000000');
		expect(mp).toMatchObject({ empty: true, minX: NaN });
		expect(gpkgBlobExtent(mp.blob)).toMatchObject({ empty: true });
	});

	const refused: [string, WritableGeometry, GpkgGeometryType, RegExp][] = [
		['a LineString in a POLYGON layer', { type: 'LineString', coordinates: [[0, 0], [1, 1]] }, 'POLYGON', /a LineString cannot be stored in a POLYGON layer/],
		['a two-point MultiPoint in a POINT layer', { type: 'MultiPoint', coordinates: [[0, 0], [1, 1]] }, 'POINT', /MultiPoint of 2 parts cannot be stored in a POINT layer \(declare it MULTIPOINT\)/],
		['a flat multipolygon in a LINESTRING layer', [[sq(0, 0, 1)]], 'LINESTRING', /MultiPolygon cannot be stored in a LINESTRING layer/],
		['an infinite coordinate', { type: 'Point', coordinates: [Infinity, 0] }, 'POINT', /\(Infinity, 0\) is not a pair of finite numbers/],
		['NaN in a flat ring', [[new Float64Array([0, 0, 1, NaN, 1, 1, 0, 0])]], 'MULTIPOLYGON', /\(1, NaN\) is not a pair/],
		['a position of one number', { type: 'LineString', coordinates: [[0, 0], [1]] }, 'LINESTRING', /\[1\] is not a position/],
		['coordinates that are not an array', { type: 'Polygon', coordinates: 'POLYGON((0 0))' } as unknown as Geometry, 'POLYGON', /a polygon must be an array/],
		['a collection member that is not a geometry', { type: 'GeometryCollection', geometries: [{ type: 'Feature' }] } as unknown as Geometry, 'GEOMETRY', /member is not a GeoJSON geometry/]
	];
	it.each(refused)('refuses %s', (_, g, layer, message) => {
		expect(() => encodeGpkgBlob(g, layer, 2154)).toThrow(message);
	});
});

describe('gpkgBlobExtent', () => {
	it('measures a point written without envelope, and a big-endian blob of a Z polygon', () => {
		expect(gpkgBlobExtent(encodeGpkgBlob({ type: 'Point', coordinates: [-3, 7] }, 'POINT', 2154).blob)).toEqual({ empty: false, minX: -3, minY: 7, maxX: -3, maxY: 7 });
		// Big-endian header without envelope, ISO PolygonZ (1003) WKB, as other tools write.
		const wkb = new DataView(new ArrayBuffer(8 + 13 + 4 * 24));
		wkb.setUint8(0, 0x47);
		wkb.setUint8(1, 0x50);
		wkb.setUint8(3, 0);
		wkb.setInt32(4, 2154);
		wkb.setUint8(8, 0);
		wkb.setUint32(9, 1003);
		wkb.setUint32(13, 1);
		wkb.setUint32(17, 4);
		[[0, 0], [5, -2], [4, 3], [0, 0]].forEach(([x, y], i) => {
			wkb.setFloat64(21 + i * 24, x);
			wkb.setFloat64(29 + i * 24, y);
			wkb.setFloat64(37 + i * 24, 1000);
		});
		expect(gpkgBlobExtent(new Uint8Array(wkb.buffer))).toEqual({ empty: false, minX: 0, minY: -2, maxX: 5, maxY: 3 });
	});

	it('gives null for what is not a GeoPackage geometry or is cut short', () => {
		expect(gpkgBlobExtent(new TextEncoder().encode('not a geometry'))).toBeNull();
		expect(gpkgBlobExtent(encodeGpkgBlob({ type: 'LineString', coordinates: [[0, 0], [1, 1]] }, 'LINESTRING', 1).blob.subarray(0, 20))).toBeNull();
		expect(gpkgBlobExtent(encodeGpkgBlob({ type: 'Point', coordinates: [0, 0] }, 'POINT', 1).blob.subarray(0, 20))).toBeNull();
	});
});
