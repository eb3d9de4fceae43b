import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { cpgEncoding, ldidEncoding } from './dbf.ts';
import { sniffContent } from './detect.ts';
import { findJsonError, lineColumn } from './geojson.ts';
import { assembleRings, openShapefileParts } from './shapefile.ts';
import { buildDbf, buildShp, collect, ZONES_DIR, type DbfColumn } from './test-helpers.ts';

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

/** Windows-1252 bytes of `s`, from the code page's own table for the characters French text uses. */
function cp1252(s: string): Uint8Array {
	const high: Record<string, number> = { '’': 0x92, '‘': 0x91, '–': 0x96, '—': 0x97, 'œ': 0x9c, 'Œ': 0x8c, '…': 0x85, '€': 0x80, '«': 0xab, '»': 0xbb, 'é': 0xe9, 'è': 0xe8, 'ê': 0xea, 'à': 0xe0, 'ç': 0xe7, 'ô': 0xf4, 'É': 0xc9, '\u00a0': 0xa0 };
	return new Uint8Array([...s].map((c) => {
		const b = c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : high[c];
		if (b === undefined) throw new Error(`no Windows-1252 byte for "${c}" in this test's table`);
		return b;
	}));
}
const utf8 = (s: string) => new TextEncoder().encode(s);
const ascii = (s: string) => new TextEncoder().encode(s);
const PRJ_L93 = readFileSync(`${ZONES_DIR}/zones.prj`);

/** A one-shapefile delivery with one square per row, through the real reader; returns the attributes. */
function readAttributes(columns: DbfColumn[], rows: (Uint8Array | number | null)[][], sidecars: { cpg?: string | Uint8Array; ldid?: number } = {}) {
	const cpg = typeof sidecars.cpg === 'string' ? ascii(sidecars.cpg) : sidecars.cpg;
	const ds = openShapefileParts(
		{ stem: 'occupation', shp: buildShp(rows.map((_, i) => [700000 + i * 10, 6600000, 5])), dbf: buildDbf(columns, rows, sidecars.ldid ?? 0), prj: PRJ_L93, cpg },
		'occupation.zip'
	);
	return { fields: ds.fields, rows: collect(ds).map((f) => f.properties), sample: (f: string) => ds.sampleValues(f) };
}

const FRENCH = ['Plan d’eau – cœur de bourg…', '« Prés » fauchés, forêt', 'Œuvre d’art – 12 €'];

describe('.dbf text as French desktop tools write it', () => {
	const cols: DbfColumn[] = [
		{ name: 'code_cs', type: 'C', length: 10 },
		{ name: 'libelle', type: 'C', length: 40 }
	];
	const rows = (encode: (s: string) => Uint8Array) => FRENCH.map((l, i) => [ascii(`CS${i + 1}`), encode(l)]);

	it('reads Windows-1252 text without .cpg (’ – œ … « » é, where Node’s own windows-1252 decoder gives control characters)', () => {
		const got = readAttributes(cols, rows(cp1252));
		expect(got.rows.map((r) => r.libelle)).toEqual(FRENCH);
		expect(got.sample('libelle')).toContain('Plan d’eau – cœur de bourg…');
	});

	it.each(['1252', 'ANSI 1252', 'CP1252', 'cp1252', 'windows-1252', 'WINDOWS-1252', 'ISO-8859-1', 'ISO88591', '88591', '8859_1', 'LATIN1', ' ISO-8859-1\r\n', 'ANSI'])(
		'reads Windows-1252 text with a .cpg saying %j',
		(cpg) => {
			expect(readAttributes(cols, rows(cp1252), { cpg }).rows.map((r) => r.libelle)).toEqual(FRENCH);
		}
	);

	it.each(['UTF-8', 'utf-8', 'UTF8', 'utf8', '65001', 'UTF-8\0'])('reads UTF-8 text with a .cpg saying %j', (cpg) => {
		expect(readAttributes(cols, rows(utf8), { cpg }).rows.map((r) => r.libelle)).toEqual(FRENCH);
	});

	it('reads UTF-8 text without .cpg, told apart from Windows-1252 by its bytes', () => {
		expect(readAttributes(cols, rows(utf8)).rows.map((r) => r.libelle)).toEqual(FRENCH);
	});

	it('reads the other Windows code pages a .cpg names (1250, 1251, ANSI 1251) and ISO-8859-15', () => {
		const one: DbfColumn[] = [{ name: 'nom', type: 'C', length: 20 }];
		// "Łąka" (meadow) in Windows-1250, "Лес" (forest) in Windows-1251, "€" in ISO-8859-15.
		const pl = new Uint8Array([0xa3, 0xb9, 0x6b, 0x61]);
		const ru = new Uint8Array([0xcb, 0xe5, 0xf1]);
		expect(readAttributes(one, [[pl]], { cpg: '1250' }).rows[0].nom).toBe('Łąka');
		expect(readAttributes(one, [[ru]], { cpg: '1251' }).rows[0].nom).toBe('Лес');
		expect(readAttributes(one, [[ru]], { cpg: 'ANSI 1251' }).rows[0].nom).toBe('Лес');
		expect(readAttributes(one, [[new Uint8Array([0x31, 0x30, 0x20, 0xa4])]], { cpg: 'ISO-8859-15' }).rows[0].nom).toBe('10 €');
	});

	it('follows the language driver byte when there is no .cpg, and the .cpg when both are present', () => {
		expect(readAttributes(cols, rows(cp1252), { ldid: 0x57 }).rows.map((r) => r.libelle)).toEqual(FRENCH); // ANSI (ArcGIS)
		expect(readAttributes(cols, rows(cp1252), { ldid: 0x03 }).rows.map((r) => r.libelle)).toEqual(FRENCH); // Windows ANSI
		const one: DbfColumn[] = [{ name: 'nom', type: 'C', length: 20 }];
		expect(readAttributes(one, [[new Uint8Array([0xcb, 0xe5, 0xf1])]], { ldid: 0xc9 }).rows[0].nom).toBe('Лес'); // Russian Windows
		// DOS code page 850 (ArcView 3 / old MapInfo exports): é is 0x82, è 0x8a.
		expect(readAttributes(one, [[new Uint8Array([0x70, 0x72, 0x82, 0x20, 0x8a])]], { ldid: 0x02 }).rows[0].nom).toBe('pré è');
		expect(readAttributes(cols, rows(utf8), { ldid: 0x57, cpg: 'UTF-8' }).rows.map((r) => r.libelle)).toEqual(FRENCH);
	});

	it('drops a UTF-8 character cut by the column width instead of producing U+FFFD, in values and in column names', () => {
		// "Plan d’eau" is 12 bytes in UTF-8 (’ takes 3): a 8-byte column keeps "Plan d" and 2 bytes of ’.
		const narrow: DbfColumn[] = [
			{ name: utf8('prés_forêt'), type: 'C', length: 8 },
			{ name: 'n', type: 'N', length: 4 }
		];
		for (const cpg of ['UTF-8', undefined]) {
			const got = readAttributes(narrow, [[utf8('Plan d’eau'), 1], [utf8('Forêt'), 2], [utf8('cœurs–bourg'), 3]], { cpg });
			expect(got.fields, String(cpg)).toEqual(['prés_for', 'n']); // 10 bytes: "prés_for" + half of "ê"
			expect(got.rows.map((r) => r['prés_for']), String(cpg)).toEqual(['Plan d', 'Forêt', 'cœurs']);
			expect(JSON.stringify(got)).not.toContain('\ufffd');
		}
	});

	it('keeps a Windows-1252 file Windows-1252 even when one of its values would pass for cut UTF-8', () => {
		// "café" fills its 4-byte column and ends with 0xE9, which starts a 3-byte UTF-8 character.
		const one: DbfColumn[] = [{ name: 'nom', type: 'C', length: 4 }];
		expect(readAttributes(one, [[cp1252('café')], [cp1252('pré')]]).rows.map((r) => r.nom)).toEqual(['café', 'pré']);
	});
});

describe('.prj as desktop tools write it', () => {
	const one: DbfColumn[] = [{ name: 'code', type: 'C', length: 4 }];
	const open = (prj: Uint8Array) =>
		openShapefileParts({ stem: 'occupation', shp: buildShp([[700000, 6600000, 5]]), dbf: buildDbf(one, [[ascii('A')]]), prj }, 'occupation.zip');

	it('accepts a trailing NUL byte and a Windows-1252 accent in the CRS name', () => {
		expect(open(new Uint8Array([...PRJ_L93, 0])).crs.epsg).toBe(2154);
		// "Lambert 93 étendu" (é = 0xE9): not UTF-8, named by no EPSG CRS; its parameters are Lambert-93's.
		const renamed = Buffer.from(PRJ_L93.toString('latin1').replace('RGF_1993_Lambert_93', 'Lambert 93 \u00e9tendu'), 'latin1');
		expect(open(renamed).crs.epsg).toBe(2154);
	});

	it('refuses a .prj whose name and parameters disagree, naming both, with the zip name first', () => {
		const cc46 = readFileSync('test/fixtures/crs/cc46.esri.prj', 'latin1').replace('RGF_1993_CC46', 'RGF_1993_Lambert_93');
		expect(() => open(Buffer.from(cc46, 'latin1'))).toThrow(
			expect.objectContaining({ code: 'crs_mismatch', message: expect.stringMatching(/^occupation\.zip: occupation\.prj is named "RGF_1993_Lambert_93", i\.e\. EPSG:2154 .* EPSG:3946/) })
		);
	});
});

describe('.cpg and language driver tables', () => {
	it.each([
		['UTF-8', 'utf-8'],
		['65001', 'utf-8'],
		['1252', 'cp1252'],
		['ANSI 1251', 'cp1251'],
		['CP1250', 'cp1250'],
		['windows-1253', 'cp1253'],
		['ISO-8859-1', 'cp1252'],
		['88591', 'cp1252'],
		['28591', 'cp1252'],
		['ISO 8859-15', 'iso-8859-15'],
		['885915', 'iso-8859-15'],
		['LATIN9', 'iso-8859-15'],
		['437', 'cp437'],
		['OEM', 'cp850'],
		['SYSTEM', null],
		['', null],
		['nonsense-encoding', null]
	])('%j → %j', (cpg, encoding) => {
		expect(cpgEncoding(cpg)).toBe(encoding);
	});

	it('maps every language driver byte it knows to an encoding iconv-lite has', () => {
		expect(ldidEncoding(0)).toBeNull();
		expect(ldidEncoding(0x57)).toBe('cp1252');
		expect(ldidEncoding(0xc8)).toBe('cp1250');
		expect(ldidEncoding(0x01)).toBe('cp437');
		for (let b = 1; b < 256; b++) {
			const e = ldidEncoding(b);
			if (e) expect(iconv.encodingExists(e), `LDID ${b}: ${e}`).toBe(true);
		}
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
