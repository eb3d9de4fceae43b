/**
 * Writing the CSV files people open in Excel or LibreOffice (tile and defect exports). Every CSV the
 * application produces goes through here, so that none can carry a formula into a spreadsheet.
 *
 * CSV injection (OWASP): a text cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return) is
 * taken as a formula by spreadsheets, so text coming from a delivery or a reviewer could run a
 * formula (`=HYPERLINK(…)`, DDE `=cmd|…`) on the computer of whoever opens the export. Such a cell is
 * prefixed with `'`, which makes spreadsheets read it as text. Only text is escaped: numbers are
 * written as numbers (a negative coordinate stays -12.5), and so is text that is a plain number.
 *
 * Quoting follows RFC 4180, and a cell holding `;`, `,` or a tab is quoted whatever the separator:
 * French Excel opens a comma-separated file by splitting on `;`, and only quotes keep such a cell in
 * one piece (otherwise `x;=HYPERLINK(…)` would give a cell starting with `=`).
 */

/** What a cell can hold. null and undefined are empty cells; a Date is written in ISO 8601 (UTC). */
export type CsvValue = string | number | bigint | boolean | Date | null | undefined;

export interface CsvWriteOptions {
	/** Cell separator (default `,`). */
	separator?: ',' | ';' | '\t';
	/** Line end (default `\n`). */
	eol?: '\n' | '\r\n';
	/** Start with a UTF-8 byte-order mark, which Excel needs to read accents right (default false). */
	bom?: boolean;
}

const FORMULA_START = /^(\s*[=+\-@]|[\t\r])/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const NEEDS_QUOTES = /[",;\t\r\n]/;

/** `text` as spreadsheets will show it: prefixed with `'` when they would take it as a formula. */
export function neutraliseFormula(text: string): string {
	return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** One cell, escaped and quoted as needed. */
export function csvCell(value: CsvValue): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
	const text = neutraliseFormula(value instanceof Date ? (Number.isNaN(value.getTime()) ? '' : value.toISOString()) : String(value));
	return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The CSV text of `rows` (the header is the first row), every line ended by `eol`.
 * @example writeCsv([['id', 'name'], [1, '=2+3']]) // 'id,name\n1,\'=2+3\n'
 */
export function writeCsv(rows: Iterable<readonly CsvValue[]>, options: CsvWriteOptions = {}): string {
	const sep = options.separator ?? ',';
	const eol = options.eol ?? '\n';
	let out = options.bom ? '\uFEFF' : '';
	for (const row of rows) out += row.map(csvCell).join(sep) + eol;
	return out;
}
