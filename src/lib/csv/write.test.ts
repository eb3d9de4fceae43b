import { describe, expect, it } from 'vitest';
import { readCsv } from './csv.ts';
import { csvCell, writeCsv, type CsvValue } from './write.ts';

describe('csvCell', () => {
	const cells: [string, CsvValue, string][] = [
		// Formulas in text: made text for spreadsheets (OWASP CSV injection).
		['=', '=HYPERLINK("http://evil.example","Cliquez")', `"'=HYPERLINK(""http://evil.example"",""Cliquez"")"`],
		['+', '+1+cmd|\' /C calc\'!A0', "'+1+cmd|' /C calc'!A0"],
		['-', '-2+3+cmd|\' /C calc\'!A0', "'-2+3+cmd|' /C calc'!A0"],
		['@', '@SUM(A1:A9)', "'@SUM(A1:A9)"],
		['tab', '\t=1+1', `"'\t=1+1"`],
		['carriage return', '\rhidden', `"'\rhidden"`],
		['spaces before =', '  =1+1', "'  =1+1"],
		['a negative grid name', '-0012_0450', "'-0012_0450"],
		// Numbers stay numbers, and so does text that is a plain number.
		['a negative number', -12.5, '-12.5'],
		['a negative integer', -2001000, '-2001000'],
		['a number given as text', '-12.5', '-12.5'],
		['an exponent', '+1.5e-3', '+1.5e-3'],
		['NaN', NaN, ''],
		['bigint', 12n, '12'],
		['boolean', false, 'false'],
		['null', null, ''],
		['undefined', undefined, ''],
		['a date', new Date(Date.UTC(2026, 2, 1, 8, 15)), '2026-03-01T08:15:00.000Z'],
		// Quoting: RFC 4180, and any cell holding a separator French Excel may split on.
		['plain text', 'CS2.2.1', 'CS2.2.1'],
		['a comma', 'Prairie, humide', '"Prairie, humide"'],
		['a semicolon', 'x;=HYPERLINK("http://evil.example")', '"x;=HYPERLINK(""http://evil.example"")"'],
		['a tab inside', 'a\tb', '"a\tb"'],
		['a line break', 'ligne 1\nligne 2', '"ligne 1\nligne 2"'],
		['an e-mail', 'agent@commune.fr', 'agent@commune.fr'],
		['a hyphen inside', 'Saint-Étienne', 'Saint-Étienne']
	];
	it.each(cells)('%s', (_, value, expected) => {
		expect(csvCell(value)).toBe(expected);
	});
});

describe('writeCsv', () => {
	it('writes the header and rows, and the project’s reader gives back the cells, formulas made text', () => {
		const rows: CsvValue[][] = [
			['id', 'name', 'xmin'],
			[1, '=1+1', -12.5],
			[2, 'Plan d’eau; "cœur"', 0]
		];
		const text = writeCsv(rows);
		expect(text).toBe('id,name,xmin\n1,\'=1+1,-12.5\n2,"Plan d’eau; ""cœur""",0\n');
		expect(readCsv(text).map((r) => r.cells)).toEqual([
			['id', 'name', 'xmin'],
			['1', "'=1+1", '-12.5'],
			['2', 'Plan d’eau; "cœur"', '0']
		]);
	});

	it('writes French Excel’s flavour on demand: ";", CRLF and a byte-order mark', () => {
		const text = writeCsv(
			[
				['tuile', 'commentaire'],
				['0650_6862', '-> à reprendre']
			],
			{ separator: ';', eol: '\r\n', bom: true }
		);
		expect(text).toBe('\uFEFFtuile;commentaire\r\n0650_6862;\'-> à reprendre\r\n');
		expect(readCsv(text)[1].cells).toEqual(['0650_6862', "'-> à reprendre"]);
	});
});
