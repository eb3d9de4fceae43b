/**
 * Reading the CSV files people export from Excel or LibreOffice (nomenclatures, tile assignments).
 * French Excel writes `;`, others `,` or tab; some files start with a BOM or with Excel's `sep=;`
 * line; quoted fields may hold separators, `""` and line breaks (RFC 4180).
 */

export interface CsvRow {
	cells: string[];
	/** Line of the file on which the row starts (1-based, counting a `sep=` line). */
	line: number;
}

/** A quoted field that is never closed: the rest of the file would be one cell. */
export class CsvQuoteError extends Error {
	constructor(readonly line: number) {
		super(`CSV line ${line}: a quoted field is never closed.`);
		this.name = 'CsvQuoteError';
	}
}

/**
 * Rows of a CSV text, blank lines dropped. The separator is the one a `sep=` first line names, else
 * the most frequent of `;`, `,` and tab on the header line (`;` wins ties). Cells are not trimmed.
 * @throws CsvQuoteError
 */
export function readCsv(text: string): CsvRow[] {
	let body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	const sepLine = /^sep=(.)(\r\n|\n|\r)/i.exec(body);
	let firstLine = 1;
	if (sepLine) {
		body = body.slice(sepLine[0].length);
		firstLine = 2;
	}
	return csvRows(body, sepLine ? sepLine[1] : detectSeparator(body), firstLine);
}

function csvRows(text: string, sep: string, firstLine: number): CsvRow[] {
	const rows: CsvRow[] = [];
	let cells: string[] = [];
	let cell = '';
	let line = firstLine;
	let rowLine = firstLine;
	let quoted = false;
	let quoteLine = 0;
	let i = 0;
	const endRow = () => {
		cells.push(cell);
		// drop blank lines (a single empty cell)
		if (!(cells.length === 1 && cells[0].trim() === '')) rows.push({ cells, line: rowLine });
		cells = [];
		cell = '';
	};
	while (i < text.length) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"') {
				if (text[i + 1] === '"') {
					cell += '"';
					i += 2;
					continue;
				}
				quoted = false;
				i++;
				continue;
			}
			if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
			cell += ch;
			i++;
			continue;
		}
		if (ch === '"' && cell.trim() === '') {
			quoted = true;
			quoteLine = line;
			cell = '';
			i++;
		} else if (ch === sep) {
			cells.push(cell);
			cell = '';
			i++;
		} else if (ch === '\r' || ch === '\n') {
			endRow();
			i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
			line++;
			rowLine = line;
		} else {
			cell += ch;
			i++;
		}
	}
	if (quoted) throw new CsvQuoteError(quoteLine);
	if (cell !== '' || cells.length > 0) endRow();
	return rows;
}

/** The separator of the header line: the most frequent of ';', ',', tab outside quotes (';' wins ties). */
function detectSeparator(text: string): string {
	const counts: Record<string, number> = { ';': 0, ',': 0, '\t': 0 };
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (ch === '"') quoted = !quoted;
		else if (!quoted && (ch === '\n' || ch === '\r')) break;
		else if (!quoted && ch in counts) counts[ch]++;
	}
	return [';', ',', '\t'].reduce((best, s) => (counts[s] > counts[best] ? s : best), ';');
}
