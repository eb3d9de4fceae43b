/**
 * Reading a checkpoint list as surveyors and spreadsheets write it: the columns are found by their
 * names (French or English, any case, accents or not), numbers may use a decimal comma. Pure: the
 * server decodes the bytes (UTF-8, Windows-1252…), transforms the coordinates to the campaign's CRS and
 * checks them against the tiles; this module only reads cells.
 *
 * Every problem of the file is collected with its line, so the manager fixes them all at once; the
 * import then takes every line or none.
 */
import { CsvQuoteError, readCsv } from '../csv/csv.ts';
import { parseDecimal } from '../stats/positional-csv.ts';
import { shorten } from '../text/shorten.ts';

/** A text in both UI languages. */
export interface Localized {
	en: string;
	fr: string;
}

/** One problem of a checkpoint file: its line (1-based; null for the whole file) and what is wrong. */
export interface LineProblem extends Localized {
	line: number | null;
}

/** A checkpoint as the file gives it (coordinates in the file's CRS). */
export interface CheckpointInput {
	/** Line of the file (CSV) or feature id (GeoPackage) it comes from, for messages. */
	line: number;
	code: string;
	x: number;
	y: number;
	z: number | null;
	description: string;
	sketch: string;
}

export type CheckpointField = 'code' | 'x' | 'y' | 'z' | 'description' | 'sketch';

/**
 * Column names each field is recognised by, after {@link columnKey} (lower case, no accents, spaces and
 * dashes as `_`). Longitude and latitude name x and y: proj4, like every GIS, puts the longitude first.
 */
export const COLUMN_NAMES: Readonly<Record<CheckpointField, readonly string[]>> = {
	code: ['id', 'identifiant', 'identifier', 'ident', 'code', 'nom', 'name', 'point', 'matricule', 'numero', 'num', 'no', 'n_point', 'id_point'],
	x: ['x', 'x_ref', 'xref', 'e', 'est', 'easting', 'lon', 'long', 'longitude'],
	y: ['y', 'y_ref', 'yref', 'n', 'nord', 'northing', 'lat', 'latitude'],
	z: ['z', 'z_ref', 'zref', 'h', 'alt', 'alti', 'altitude', 'altitude_ngf'],
	description: ['description', 'desc', 'descriptif', 'commentaire', 'comment', 'libelle', 'label', 'remarque', 'nature'],
	sketch: ['croquis', 'photo', 'fiche', 'fiche_signaletique', 'lien', 'url', 'sketch', 'link', 'photo_croquis', 'croquis_photo']
};

/** Longest identifier, description and sketch link kept (a cell of a few MB is a mistake, not a point). */
export const MAX_CODE = 64;
export const MAX_TEXT = 2000;

/** Most problems listed in one message; the rest are counted. */
export const LISTED_PROBLEMS = 12;

/** The key a column name is matched on: « Libellé » → `libelle`, « N° point » → `n_point`. */
export function columnKey(name: string): string {
	return name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/°/g, '')
		.trim()
		.toLowerCase()
		.replace(/[\s-]+/g, '_');
}

/** Which column holds which field (the first one named so), from a header row. */
export function mapColumns(names: readonly string[]): Partial<Record<CheckpointField, number>> {
	const keys = names.map(columnKey);
	const out: Partial<Record<CheckpointField, number>> = {};
	for (const field of Object.keys(COLUMN_NAMES) as CheckpointField[]) {
		const i = keys.findIndex((k) => COLUMN_NAMES[field].includes(k));
		if (i >= 0) out[field] = i;
	}
	return out;
}

/** Checks of one row's values, shared by the CSV and GeoPackage readers. Returns the problems found. */
export function checkValues(line: number, code: string, text: { description: string; sketch: string }): LineProblem[] {
	const problems: LineProblem[] = [];
	if (code === '') problems.push({ line, en: 'the identifier is empty', fr: 'l’identifiant est vide' });
	else if ([...code].length > MAX_CODE) problems.push({ line, en: `the identifier is longer than ${MAX_CODE} characters`, fr: `l’identifiant dépasse ${MAX_CODE} caractères` });
	if ([...text.description].length > MAX_TEXT) problems.push({ line, en: `the description is longer than ${MAX_TEXT} characters`, fr: `la description dépasse ${MAX_TEXT} caractères` });
	if ([...text.sketch].length > MAX_TEXT) problems.push({ line, en: `the photo-sketch link is longer than ${MAX_TEXT} characters`, fr: `le lien vers le croquis dépasse ${MAX_TEXT} caractères` });
	return problems;
}

/** Identifiers given twice, each reported on its second line with the first. */
export function duplicateCodes(points: readonly Pick<CheckpointInput, 'code' | 'line'>[], unit: Localized = { en: 'line', fr: 'ligne' }): LineProblem[] {
	const first = new Map<string, number>();
	const problems: LineProblem[] = [];
	for (const p of points) {
		const seen = first.get(p.code);
		if (seen === undefined) first.set(p.code, p.line);
		else
			problems.push({
				line: p.line,
				en: `identifier "${shorten(p.code)}" is already used on ${unit.en} ${seen}`,
				fr: `l’identifiant « ${shorten(p.code)} » est déjà utilisé ${unit.fr} ${seen}`
			});
	}
	return problems;
}

/**
 * The outcome of reading a file: the points that read well and every problem found. The caller adds
 * its own checks of those points (CRS, tiles, identifiers already taken) and refuses the whole file
 * when there is any problem, so the user sees them all at once.
 */
export interface ReadResult {
	points: CheckpointInput[];
	problems: LineProblem[];
}

/**
 * Read a checkpoint CSV: a header naming at least an identifier, x and y (see {@link COLUMN_NAMES}),
 * then one point per line; separator `;`, `,` or tab, decimal point or comma, optional z, description
 * and photo-sketch link. Blank rows (a spreadsheet's trailing `;;;`) are skipped.
 */
export function readCheckpointCsv(text: string): ReadResult {
	let rows;
	try {
		rows = readCsv(text);
	} catch (e) {
		if (!(e instanceof CsvQuoteError)) throw e;
		return { points: [], problems: [{ line: e.line, en: 'a quoted value is never closed (a missing ")', fr: 'une valeur entre guillemets n’est jamais refermée (il manque un ")' }] };
	}
	rows = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
	if (rows.length === 0) return { points: [], problems: [{ line: null, en: 'the file is empty', fr: 'le fichier est vide' }] };
	const [header, ...body] = rows;
	const columns = mapColumns(header.cells);
	const missing = (['code', 'x', 'y'] as const).filter((f) => columns[f] === undefined);
	if (missing.length) {
		const names = (f: 'code' | 'x' | 'y') => (f === 'code' ? 'id / identifiant' : f === 'x' ? 'x / e / longitude' : 'y / n / latitude');
		const found = shorten(header.cells.map((c) => c.trim()).join(', '));
		return {
			points: [],
			problems: [
				{
					line: header.line,
					en: `the header must name an identifier, x and y column; missing: ${missing.map(names).join(', ')} (found: ${found})`,
					fr: `l’en-tête doit nommer une colonne d’identifiant, de x et de y ; il manque : ${missing.map(names).join(', ')} (trouvé : ${found})`
				}
			]
		};
	}
	if (body.length === 0) return { points: [], problems: [{ line: header.line, en: 'the file has a header but no point', fr: 'le fichier a un en-tête mais aucun point' }] };
	const width = header.cells.length;
	const problems: LineProblem[] = [];
	const points: CheckpointInput[] = [];
	for (const { cells, line } of body) {
		if (cells.length > width) {
			problems.push({
				line,
				en: `${cells.length} values where the header has ${width} (if numbers use a decimal comma, separate the columns with ";")`,
				fr: `${cells.length} valeurs alors que l’en-tête en compte ${width} (si les nombres ont une virgule décimale, séparez les colonnes par « ; »)`
			});
			continue;
		}
		const cell = (f: CheckpointField) => (columns[f] === undefined ? '' : (cells[columns[f]!] ?? '').trim());
		const code = cell('code');
		const description = cell('description');
		const sketch = cell('sketch');
		const before = problems.length;
		problems.push(...checkValues(line, code, { description, sketch }));
		const number = (f: 'x' | 'y' | 'z', optional: boolean): number | null => {
			const raw = cell(f);
			if (raw === '') {
				if (!optional) problems.push({ line, en: `${f} is empty`, fr: `${f} est vide` });
				return null;
			}
			const v = parseDecimal(raw);
			if (!Number.isFinite(v)) {
				problems.push({ line, en: `${f} is not a number: "${shorten(raw)}"`, fr: `${f} n’est pas un nombre : « ${shorten(raw)} »` });
				return null;
			}
			return v;
		};
		const x = number('x', false);
		const y = number('y', false);
		const z = number('z', true);
		if (problems.length > before || x === null || y === null) continue;
		points.push({ line, code, x, y, z, description, sketch });
	}
	problems.push(...duplicateCodes(points));
	return { points, problems };
}

/** The problems, in line order, as one sentence per language (« line 3: x is empty; line 7: … (and 4 more) »). */
export function describeProblems(problems: readonly LineProblem[], unit: Localized = { en: 'line', fr: 'ligne' }): Localized {
	const shown = [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)).slice(0, LISTED_PROBLEMS);
	const more = problems.length - shown.length;
	const en = shown.map((p) => (p.line === null ? p.en : `${unit.en} ${p.line}: ${p.en}`)).join('; ');
	const fr = shown.map((p) => (p.line === null ? p.fr : `${unit.fr} ${p.line} : ${p.fr}`)).join(' ; ');
	return {
		en: en + (more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : ''),
		fr: fr + (more > 0 ? ` (et ${more} autre${more > 1 ? 's' : ''} problème${more > 1 ? 's' : ''})` : '')
	};
}
