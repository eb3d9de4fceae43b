import { describe, expect, it } from 'vitest';
import type { MultiPolygon } from './types.ts';
import { decodeWkb, encodeWkb, wkbSize, wkbTypeName, WkbError, writeWkb } from './wkb.ts';

const square = (x: number, y: number, s: number) => new Float64Array([x, y, x + s, y, x + s, y + s, x, y + s, x, y]);

/** Hand-written WKB writer for the variants encodeWkb does not produce (big-endian, Z/M, EWKB). */
function wkb(opts: { le: boolean; type: number; dims: number; srid?: number }, polys: number[][][][], multi: boolean): Uint8Array {
	const bytes: Uint8Array[] = [];
	const u32 = (v: number, le = opts.le) => {
		const b = new Uint8Array(4);
		new DataView(b.buffer).setUint32(0, v, le);
		bytes.push(b);
	};
	const f64 = (v: number) => {
		const b = new Uint8Array(8);
		new DataView(b.buffer).setFloat64(0, v, opts.le);
		bytes.push(b);
	};
	const header = (type: number) => {
		bytes.push(new Uint8Array([opts.le ? 1 : 0]));
		u32(type);
		if (opts.srid !== undefined) u32(opts.srid);
	};
	const polygon = (rings: number[][][]) => {
		u32(rings.length);
		for (const ring of rings) {
			u32(ring.length);
			for (const pt of ring) for (let d = 0; d < opts.dims; d++) f64(pt[d] ?? 99);
		}
	};
	if (multi) {
		header(opts.type);
		u32(polys.length);
		for (const p of polys) {
			header(opts.type - 3); // member polygons: same dims flags, base 3
			polygon(p);
		}
	} else {
		header(opts.type);
		polygon(polys[0]);
	}
	const out = new Uint8Array(bytes.reduce((n, b) => n + b.length, 0));
	let o = 0;
	for (const b of bytes) {
		out.set(b, o);
		o += b.length;
	}
	return out;
}

const tri = [
	[0, 0, 5, 7],
	[10, 0, 5, 7],
	[0, 10, 5, 7],
	[0, 0, 5, 7]
];
const hole = [
	[1, 1, 0, 0],
	[2, 1, 0, 0],
	[1, 2, 0, 0],
	[1, 1, 0, 0]
];
const expectXY = (mp: MultiPolygon | null, polys: number[][][][]) => {
	expect(mp).not.toBeNull();
	expect(mp!.map((p) => p.map((r) => Array.from(r)))).toEqual(polys.map((p) => p.map((r) => r.flatMap((pt) => [pt[0], pt[1]]))));
};

describe('encodeWkb / decodeWkb', () => {
	it('round-trips a polygon with a hole and a multipolygon', () => {
		const poly: MultiPolygon = [[square(0, 0, 10), square(2, 2, 2)]];
		const enc = encodeWkb(poly);
		expect(enc.length).toBe(wkbSize(poly));
		expect(enc[0]).toBe(1);
		expect(new DataView(enc.buffer).getUint32(1, true)).toBe(3); // single polygon → WKB Polygon
		expect(decodeWkb(enc)!.map((p) => p.map((r) => Array.from(r)))).toEqual(poly.map((p) => p.map((r) => Array.from(r))));

		const multi: MultiPolygon = [[square(0, 0, 1)], [square(5, 5, 1), square(5.2, 5.2, 0.1)], [square(-3, 4, 2)]];
		const enc2 = encodeWkb(multi);
		expect(new DataView(enc2.buffer).getUint32(1, true)).toBe(6);
		const bb = [Infinity, Infinity, -Infinity, -Infinity];
		const back = decodeWkb(enc2, 0, bb)!;
		expect(back.map((p) => p.map((r) => Array.from(r)))).toEqual(multi.map((p) => p.map((r) => Array.from(r))));
		expect(bb).toEqual([-3, 0, 6, 6]);
	});

	it('encodes rings that are views into a larger buffer (honours byteOffset)', () => {
		const big = new Float64Array(100);
		big.set(square(1, 1, 1), 37);
		const view = big.subarray(37, 47);
		expect(Array.from(decodeWkb(encodeWkb([[view]]))![0][0])).toEqual(Array.from(square(1, 1, 1)));
	});

	it('decodes at an offset inside a packed buffer and stops at the given limit', () => {
		const a = encodeWkb([[square(0, 0, 1)]]);
		const b = encodeWkb([[square(9, 9, 1)]]);
		const packed = new Uint8Array(3 + a.length + b.length);
		packed.set(a, 3);
		packed.set(b, 3 + a.length);
		expect(Array.from(decodeWkb(packed, 3 + a.length)![0][0])).toEqual(Array.from(square(9, 9, 1)));
		expect(() => decodeWkb(packed, 3, undefined, 3 + a.length - 8)).toThrow(WkbError);
	});

	it('writeWkb writes at an offset and returns the end', () => {
		const mp: MultiPolygon = [[square(0, 0, 1)]];
		const out = new Uint8Array(10 + wkbSize(mp));
		expect(writeWkb(mp, out, 10)).toBe(out.length);
		expect(Array.from(decodeWkb(out, 10)![0][0])).toEqual(Array.from(square(0, 0, 1)));
	});

	it('reads big-endian, ISO Z / M / ZM and EWKB variants, dropping Z and M', () => {
		const cases: [string, { le: boolean; type: number; dims: number; srid?: number }, boolean][] = [
			['BE polygon', { le: false, type: 3, dims: 2 }, false],
			['ISO PolygonZ', { le: true, type: 1003, dims: 3 }, false],
			['ISO PolygonM', { le: true, type: 2003, dims: 3 }, false],
			['ISO PolygonZM BE', { le: false, type: 3003, dims: 4 }, false],
			['ISO MultiPolygonZ', { le: true, type: 1006, dims: 3 }, true],
			['ISO MultiPolygonZM', { le: true, type: 3006, dims: 4 }, true],
			['EWKB PolygonZ + SRID', { le: true, type: (0x80000000 | 0x20000000 | 3) >>> 0, dims: 3, srid: 2154 }, false],
			['EWKB PolygonM', { le: false, type: (0x40000000 | 3) >>> 0, dims: 3 }, false],
			['EWKB PolygonZM', { le: true, type: (0xc0000000 | 3) >>> 0, dims: 4 }, false]
		];
		for (const [label, opts, multi] of cases) {
			const polys = multi ? [[tri, hole], [tri]] : [[tri, hole]];
			expect(() => expectXY(decodeWkb(wkb(opts, polys, multi)), polys), label).not.toThrow();
		}
	});

	it('returns null for non-polygon geometries and names their type', () => {
		const point = new Uint8Array(21);
		const dv = new DataView(point.buffer);
		point[0] = 1;
		dv.setUint32(1, 1, true);
		dv.setFloat64(5, 1, true);
		dv.setFloat64(13, 2, true);
		expect(decodeWkb(point)).toBeNull();
		expect(wkbTypeName(point)).toBe('Point');
		const line = new Uint8Array(9);
		line[0] = 0;
		new DataView(line.buffer).setUint32(1, 1002, false);
		expect(decodeWkb(line)).toBeNull();
		expect(wkbTypeName(line)).toBe('LineString');
	});

	it('decodes empty geometries to an empty list of polygons', () => {
		const empty = encodeWkb([]);
		expect(decodeWkb(empty)).toEqual([]);
		const emptyPoly = new Uint8Array(9);
		emptyPoly[0] = 1;
		new DataView(emptyPoly.buffer).setUint32(1, 3, true);
		expect(decodeWkb(emptyPoly)).toEqual([[]]);
	});

	it('throws WkbError on truncated input, bad byte order and absurd counts', () => {
		const enc = encodeWkb([[square(0, 0, 10)]]);
		expect(() => decodeWkb(enc.subarray(0, enc.length - 5))).toThrow(WkbError);
		expect(() => decodeWkb(enc.subarray(0, 3))).toThrow(/truncated/);
		const bad = enc.slice();
		bad[0] = 7;
		expect(() => decodeWkb(bad)).toThrow(/byte-order/);
		const huge = enc.slice();
		new DataView(huge.buffer).setUint32(9, 0x7fffffff, true); // ring count
		expect(() => decodeWkb(huge)).toThrow(/declared/);
	});

	it('rejects a MultiPolygon whose member is not a polygon', () => {
		const enc = encodeWkb([[square(0, 0, 1)], [square(3, 3, 1)]]);
		new DataView(enc.buffer).setUint32(10, 2, true); // first member type → LineString
		expect(() => decodeWkb(enc)).toThrow(/LineString/);
	});
});
