/**
 * The `recette positional --checkpoints <file.csv>` contract, as a pure function: CSV text in, the JSON
 * figures out. The CLI only reads the file, prints the result and maps {@link PositionalCsvError} to its
 * one-line message and exit code 1.
 *
 * CSV: a header naming the columns `id,x_ref,y_ref,x_map,y_map` (any order, any case, extra columns
 * ignored), then one checkpoint per line; metres, one projected CRS. Separator `,`, `;` or tab (see
 * `readCsv`). Decimal commas are accepted: French Excel writes `12,5` and separates columns with `;`, so a
 * number may use `.` or `,` as its decimal mark. With `,` as the separator a decimal comma would split
 * the cell: that row then has too many values and the error says to use `;`. Thousands separators are
 * refused rather than guessed (`1,234.5`, `1 234,5`).
 */
import { CsvQuoteError, readCsv } from '../csv/csv.ts';
import { residuals, summarize, type Checkpoint } from './positional.ts';

/** A user-facing text in both UI languages (same shape as the server's `Localized`). */
export interface Localized {
	en: string;
	fr: string;
}

/**
 * A checkpoint file the user must fix. Pure (no server import): the server and the CLI turn it into their
 * `InputError` with the same `code` and messages.
 */
export class PositionalCsvError extends Error {
	/** Stable machine-readable reason. */
	readonly code: 'too_few_points' | 'not_a_number' | 'duplicate_id' | 'missing_columns' | 'bad_row' | 'empty_id' | 'unclosed_quote';
	/** Line of the file at fault (1-based), null when the fault is the file as a whole. */
	readonly line: number | null;
	readonly messages: Localized;
	constructor(code: PositionalCsvError['code'], line: number | null, messages: Localized) {
		super(messages.en);
		this.name = 'PositionalCsvError';
		this.code = code;
		this.line = line;
		this.messages = messages;
	}
}

const COLUMNS = ['id', 'x_ref', 'y_ref', 'x_map', 'y_map'] as const;
type Column = (typeof COLUMNS)[number];

/** Minimum number of checkpoints: one point has no spread, so no RMSE worth the name. */
export const MIN_POINTS = 2;

// A plain decimal number: optional sign, digits, one optional `.` or `,` decimal part, optional exponent.
const NUMBER = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$/;

/** Parse a number written with `.` or `,` as the decimal mark; NaN when it is not one. */
export function parseDecimal(text: string): number {
	const t = text.trim();
	if (!NUMBER.test(t)) return NaN;
	return Number(t.replace(',', '.'));
}

function headerIndex(cells: string[], line: number): Record<Column, number> {
	const names = cells.map((c) => c.trim().toLowerCase());
	const index = {} as Record<Column, number>;
	const missing: string[] = [];
	for (const col of COLUMNS) {
		const i = names.indexOf(col);
		if (i < 0) missing.push(col);
		else index[col] = i;
	}
	if (missing.length) {
		const expected = COLUMNS.join(',');
		throw new PositionalCsvError('missing_columns', line, {
			en: `Checkpoint file line ${line}: the header must name the columns ${expected}; missing: ${missing.join(', ')}.`,
			fr: `Fichier de points de contrôle, ligne ${line} : l’en-tête doit nommer les colonnes ${expected} ; il manque : ${missing.join(', ')}.`
		});
	}
	return index;
}

/**
 * Read the checkpoints of a CSV file.
 * @throws PositionalCsvError
 */
export function readCheckpointsCsv(text: string): Checkpoint[] {
	let rows;
	try {
		rows = readCsv(text);
	} catch (e) {
		if (!(e instanceof CsvQuoteError)) throw e;
		throw new PositionalCsvError('unclosed_quote', e.line, {
			en: `Checkpoint file line ${e.line}: a quoted value is never closed (a missing ").`,
			fr: `Fichier de points de contrôle, ligne ${e.line} : une valeur entre guillemets n’est jamais refermée (il manque un ").`
		});
	}
	// Spreadsheets export trailing rows of empty cells (`;;;;`): not checkpoints, not errors.
	rows = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
	if (rows.length === 0) throw tooFew(0);
	const [header, ...body] = rows;
	const index = headerIndex(header.cells, header.line);
	const width = header.cells.length;
	const firstLineOfId = new Map<string, number>();
	const points: Checkpoint[] = [];
	for (const row of body) {
		if (row.cells.length !== width) {
			throw new PositionalCsvError('bad_row', row.line, {
				en:
					`Checkpoint file line ${row.line}: ${row.cells.length} values where the header has ${width}.` +
					(row.cells.length > width ? ' If numbers use a decimal comma, separate the columns with ";".' : ''),
				fr:
					`Fichier de points de contrôle, ligne ${row.line} : ${row.cells.length} valeurs alors que l’en-tête en compte ${width}.` +
					(row.cells.length > width ? ' Si les nombres ont une virgule décimale, séparez les colonnes par « ; ».' : '')
			});
		}
		const id = row.cells[index.id].trim();
		if (id === '') {
			throw new PositionalCsvError('empty_id', row.line, {
				en: `Checkpoint file line ${row.line}: the id is empty.`,
				fr: `Fichier de points de contrôle, ligne ${row.line} : l’identifiant est vide.`
			});
		}
		const first = firstLineOfId.get(id);
		if (first !== undefined) {
			throw new PositionalCsvError('duplicate_id', row.line, {
				en: `Checkpoint file line ${row.line}: id "${id}" is already used on line ${first}; each checkpoint needs its own id.`,
				fr: `Fichier de points de contrôle, ligne ${row.line} : l’identifiant « ${id} » est déjà utilisé ligne ${first} ; chaque point a besoin de son propre identifiant.`
			});
		}
		firstLineOfId.set(id, row.line);
		const value = (col: Exclude<Column, 'id'>): number => {
			const raw = row.cells[index[col]];
			const v = parseDecimal(raw);
			if (!Number.isFinite(v)) {
				const shown = raw.trim();
				throw new PositionalCsvError('not_a_number', row.line, {
					en:
						shown === ''
							? `Checkpoint file line ${row.line}: ${col} of point "${id}" is empty.`
							: `Checkpoint file line ${row.line}: ${col} of point "${id}" is not a number: "${shown}".`,
					fr:
						shown === ''
							? `Fichier de points de contrôle, ligne ${row.line} : ${col} du point « ${id} » est vide.`
							: `Fichier de points de contrôle, ligne ${row.line} : ${col} du point « ${id} » n’est pas un nombre : « ${shown} ».`
				});
			}
			return v;
		};
		points.push({ id, xRef: value('x_ref'), yRef: value('y_ref'), xMap: value('x_map'), yMap: value('y_map') });
	}
	if (points.length < MIN_POINTS) throw tooFew(points.length);
	return points;
}

function tooFew(n: number): PositionalCsvError {
	return new PositionalCsvError('too_few_points', null, {
		en: `The checkpoint file has ${n} point${n === 1 ? '' : 's'}; at least ${MIN_POINTS} are needed (NSSDA asks for 20, ASPRS for 30).`,
		fr: `Le fichier de points de contrôle contient ${n} point${n > 1 ? 's' : ''} ; il en faut au moins ${MIN_POINTS} (la NSSDA en demande 20, l’ASPRS 30).`
	});
}

/** The JSON `recette positional` prints. Lengths in metres. */
export interface PositionalJson {
	n: number;
	mean_dx: number;
	mean_dy: number;
	rmse_x: number;
	rmse_y: number;
	rmse_r: number;
	max_r: number;
	/** NSSDA horizontal accuracy at 95 %. */
	nssda95: number;
	/** Smallest class of the decree of 16 September 2003 the set satisfies, whole cm; null if none. */
	class_cm: number | null;
	/** ASPRS Edition 2 horizontal accuracy class, named as the standard does (« 3.2-cm »). */
	asprs_class: string;
}

/** Metres to the micrometre: enough for any survey, and no 0.30000000000000004 in the output. */
export function um(v: number): number {
	return Math.round(v * 1e6) / 1e6 + 0; // + 0 turns -0 into 0
}

/**
 * The contract's figures for a set of checkpoints (at least one): the decree class is tested in
 * planimetry with the decree's minimum safety coefficient C = 2; the ASPRS class assumes error-free
 * checkpoints. The CLI and `GET /api/campaigns/:id/positional.json` both answer with this, so the same
 * points give the same figures, to the micrometre.
 * @throws RangeError for an empty set.
 */
export function positionalJson(points: readonly Checkpoint[]): PositionalJson {
	const s = summarize(residuals(points));
	return {
		n: s.n,
		mean_dx: um(s.meanDx),
		mean_dy: um(s.meanDy),
		rmse_x: um(s.rmseX),
		rmse_y: um(s.rmseY),
		rmse_r: um(s.rmseR),
		max_r: um(s.maxR),
		nssda95: um(s.nssda95.value),
		class_cm: s.decree.classCm,
		asprs_class: s.asprs.className
	};
}

/**
 * Figures of `recette positional --checkpoints <file.csv>` (see {@link positionalJson}).
 * @throws PositionalCsvError
 */
export function positionalFromCsv(text: string): PositionalJson {
	return positionalJson(readCheckpointsCsv(text));
}
