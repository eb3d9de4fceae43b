import { describe, expect, it } from 'vitest';
import { sniffContent } from './detect.ts';
import { findJsonError, lineColumn } from './geojson.ts';
import { assembleRings, dbfDecoder } from './shapefile.ts';

const cw = (x: number, y: number, s: number) => new Float64Array([x, y, x, y + s, x + s, y + s, x + s, y, x, y]);
const ccw = (x: number, y: number, s: number) => new Float64Array([x, y, x + s, y, x + s, y + s, x, y + s, x, y]);
const shape = (mp: Float64Array[][]) => mp.map((p) => p.map((r) => r[0] + ',' + r[1]));

describe('assembleRings (shapefile ring orientation → polygons)', () => {
	it('puts each hole in the smallest exterior that contains it', () => {
		const big = cw(0, 0, 100), inner = cw(10, 10, 30), hole1 = ccw(50, 50, 10), hole2 = ccw(15, 15, 5), other = cw(200, 0, 10);
		const mp = assembleRings([big, hole1, inner, hole2, other]);
		expect(shape(mp)).toEqual([['0,0', '50,50'], ['10,10', '15,15'], ['200,0']]);
	});

	it('keeps a single exterior with its holes without testing containment', () => {
		expect(assembleRings([cw(0, 0, 10), ccw(1, 1, 1), ccw(5, 5, 1)])).toHaveLength(1);
	});

	it('treats counter-clockwise-only files as exteriors, orphan holes become exteriors, drops zero-area rings', () => {
		expect(assembleRings([ccw(0, 0, 1), ccw(5, 5, 1)])).toHaveLength(2);
		expect(shape(assembleRings([cw(0, 0, 1), cw(10, 10, 1), ccw(50, 50, 1)]))).toEqual([['0,0'], ['10,10'], ['50,50']]);
		expect(assembleRings([cw(0, 0, 1), new Float64Array([0, 0, 1, 1, 2, 2, 0, 0])])).toHaveLength(1);
	});
});

describe('dbfDecoder (.cpg)', () => {
	const latin1 = new Uint8Array([0x68, 0x65, 0x72, 0x62, 0x61, 0x63, 0xe9, 0x73]); // "herbacés" in Latin-1
	const utf8 = new TextEncoder().encode('herbacés');
	it('honours UTF-8 and Latin-1 declarations', () => {
		expect(dbfDecoder('UTF-8')(utf8)).toBe('herbacés');
		for (const cpg of ['ISO-8859-1', 'ISO88591', '88591', 'LATIN1', 'latin-1', '1252', 'ANSI 1252', 'CP1252', ' ISO-8859-1\r\n']) {
			expect(dbfDecoder(cpg)(latin1), cpg).toBe('herbacés');
		}
	});
	it('defaults to UTF-8 with a Latin-1 fallback for invalid sequences, and accepts other labels', () => {
		expect(dbfDecoder(undefined)(utf8)).toBe('herbacés');
		expect(dbfDecoder(undefined)(latin1)).toBe('herbacés');
		expect(dbfDecoder('nonsense-encoding')(utf8)).toBe('herbacés');
		expect(dbfDecoder('ISO-8859-15')(new Uint8Array([0xa4]))).toBe('€');
	});
});

describe('format sniffing and JSON error location', () => {
	it('recognises formats by their first bytes', () => {
		const enc = (s: string) => new TextEncoder().encode(s);
		expect(sniffContent(enc('SQLite format 3\0rest'))).toBe('sqlite');
		expect(sniffContent(new Uint8Array([0x50, 0x4b, 3, 4]))).toBe('zip');
		expect(sniffContent(new Uint8Array([0x66, 0x67, 0x62, 3, 0x66, 0x67, 0x62, 1]))).toBe('flatgeobuf');
		expect(sniffContent(new Uint8Array([0, 0, 0x27, 0x0a, 0]))).toBe('shp');
		expect(sniffContent(enc('\uFEFF  \n {"type"'))).toBe('json');
		expect(sniffContent(enc('<?xml version="1.0"?><kml>'))).toBe('xml');
		expect(sniffContent(enc('a;b\n1;2'))).toBe('text');
		expect(sniffContent(new Uint8Array([0x1f, 0x8b, 8]))).toBe('gzip');
		expect(sniffContent(new Uint8Array(0))).toBe('empty');
		expect(sniffContent(new Uint8Array([1, 2, 3, 0]))).toBe('binary');
	});

	it('finds the offset of JSON syntax errors', () => {
		expect(findJsonError('{"a": [1, 2,]}')).toEqual({ offset: 12, what: 'trailing comma before "]"', whatFr: 'virgule en trop avant « ] »' });
		expect(findJsonError('{"a": tru}')).toMatchObject({ offset: 6, what: 'unexpected character "t"' });
		expect(findJsonError('{"a": "x\ny"}').what).toMatch(/control character/);
		expect(findJsonError('{"a": 1} x')).toMatchObject({ offset: 9 });
		expect(findJsonError('{"a": {"b": ')).toMatchObject({ offset: 12, what: 'unexpected end of file (is it truncated?)' });
		expect(findJsonError('{a: 1}').what).toMatch(/property name in double quotes/);
		expect(lineColumn('ab\ncd\nef', 7)).toEqual({ line: 3, column: 2 });
	});
});
