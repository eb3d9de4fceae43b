import { describe, expect, it } from 'vitest';
import { CsvQuoteError, readCsv } from './csv.ts';

describe('readCsv', () => {
	it('reads French Excel (";", BOM, CRLF) and drops blank lines', () => {
		const rows = readCsv('\uFEFFtuile;organisation\r\n0486_5210;Commune de Prairie-Ouest\r\n\r\n0487_5210;"Prairies-Est; CC"\r\n');
		expect(rows).toEqual([
			{ cells: ['tuile', 'organisation'], line: 1 },
			{ cells: ['0486_5210', 'Commune de Prairie-Ouest'], line: 2 },
			{ cells: ['0487_5210', 'Prairies-Est; CC'], line: 4 }
		]);
	});

	it('takes the separator from the header: comma, tab, or an Excel "sep=" line', () => {
		expect(readCsv('a,b\n1,2')[1].cells).toEqual(['1', '2']);
		expect(readCsv('a\tb\n1\t2')[1].cells).toEqual(['1', '2']);
		// The sep= line names the separator and still counts as line 1.
		expect(readCsv('sep=|\na|b\n1|2')).toEqual([
			{ cells: ['a', 'b'], line: 2 },
			{ cells: ['1', '2'], line: 3 }
		]);
	});

	it('keeps quotes, separators and line breaks inside quoted fields, and numbers rows by their first line', () => {
		const rows = readCsv('code,label\n"A","two\nlines, ""quoted"""\nB,b');
		expect(rows[1]).toEqual({ cells: ['A', 'two\nlines, "quoted"'], line: 2 });
		expect(rows[2]).toEqual({ cells: ['B', 'b'], line: 4 });
	});

	it('names the line of a quote that is never closed', () => {
		let error: unknown;
		try {
			readCsv('a;b\n1;2\n3;"open\n4;5');
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(CsvQuoteError);
		expect((error as CsvQuoteError).line).toBe(3);
	});
});
