/**
 * The pure half of `recette accuracy --counts <csv> --areas <csv>`: estimates from an error matrix made
 * elsewhere (many teams sample in QGIS and count in a spreadsheet).
 *
 * - counts.csv: a header row of reference classes (its first cell is a corner label, ignored), then one row
 *   per map class: the class, then the number of sample points for each reference class. An empty cell is
 *   0 (spreadsheet pivot tables leave zeros blank). Columns may be in another order than the rows.
 * - areas.csv: `class,area` rows (a header row is recognised by its non-numeric area and skipped): the mapped
 *   area of each class, in any unit; estimated areas come back in that unit.
 * Separators `;`, `,` or tab, a BOM, Excel's `sep=` line and decimal commas are accepted (`src/lib/csv`).
 *
 * Result: exactly `{"overall":{"estimate","se","ci95"},"users":{<class>:{…}},"producers":{…},
 * "areas":{<class>:{"estimate","se","ci95"}}}`, ci95 being the half-width 1.96·SE (Olofsson et al. 2014). A
 * figure that cannot be estimated (a class nobody saw in the reference has no producer's accuracy) is
 * `{"estimate":null,"se":null,"ci95":null}`.
 * Refused with a {@link StatsInputError}: a non-square matrix, a class in one place and not the other, a
 * stratum (a map class with area) with fewer than 2 sample points, a count or area that is not a number.
 */
import { readCsv, CsvQuoteError, type CsvRow } from '../csv/csv.ts';
import { StatsInputError } from './errors.ts';
import type { Estimate } from './estimate.ts';
import { accuracyFromErrorMatrix } from './olofsson.ts';

/** The three numbers the CLI prints for one figure. */
export interface CliFigure {
	estimate: number | null;
	se: number | null;
	ci95: number | null;
}

export interface AccuracyJson {
	overall: CliFigure;
	users: Record<string, CliFigure>;
	producers: Record<string, CliFigure>;
	areas: Record<string, CliFigure>;
}

const err = (code: string, en: string, fr: string) => new StatsInputError(code, { en, fr });

interface FileNames {
	en: string;
	fr: string;
}
const COUNTS: FileNames = { en: 'counts file', fr: 'fichier des effectifs' };
const AREAS: FileNames = { en: 'areas file', fr: 'fichier des surfaces' };

function rowsOf(text: string, file: FileNames): CsvRow[] {
	let rows: CsvRow[];
	try {
		rows = readCsv(text);
	} catch (e) {
		if (e instanceof CsvQuoteError) {
			throw err('csv_unclosed_quote', `${cap(file.en)}, line ${e.line}: a quoted field is never closed.`, `${cap(file.fr)}, ligne ${e.line} : un champ entre guillemets n’est jamais fermé.`);
		}
		throw e;
	}
	if (rows.length === 0) throw err('empty_file', `The ${file.en} is empty.`, `Le ${file.fr} est vide.`);
	return rows;
}

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

/**
 * A number as people type it in France and elsewhere: spaces (also non-breaking) as thousands separators,
 * a decimal comma or point — not both. Returns null when it is not a plain decimal number.
 */
function parseDecimal(cell: string): number | null {
	let s = cell.replace(/[\s\u00a0\u202f]/g, '');
	if (s.includes(',')) {
		if (s.includes('.')) return null;
		s = s.replace(',', '.');
	}
	if (!/^\+?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null;
	return Number(s);
}

/** Parses both files and estimates accuracy and areas; see the module comment for the formats. */
export function accuracyFromCsv(countsText: string, areasText: string): AccuracyJson {
	// --- counts.csv
	const countRows = rowsOf(countsText, COUNTS);
	const header = countRows[0];
	const refCells = header.cells.slice(1).map((c) => c.trim());
	while (refCells.length > 0 && refCells[refCells.length - 1] === '') refCells.pop();
	if (refCells.length === 0) {
		throw err('no_classes', `The ${COUNTS.en}'s first row must list the reference classes.`, `La première ligne du ${COUNTS.fr} doit lister les classes de référence.`);
	}
	refCells.forEach((c, j) => {
		if (c === '') throw err('empty_class', `${cap(COUNTS.en)}, line ${header.line}: column ${j + 2} has no class name.`, `${cap(COUNTS.fr)}, ligne ${header.line} : la colonne ${j + 2} n’a pas de nom de classe.`);
		if (refCells.indexOf(c) !== j) throw err('duplicate_class', `${cap(COUNTS.en)}: reference class “${c}” appears twice in the header.`, `${cap(COUNTS.fr)} : la classe de référence « ${c} » figure deux fois dans l’en-tête.`);
	});
	const K = refCells.length;
	const mapClasses: string[] = [];
	const counts: number[][] = [];
	for (const row of countRows.slice(1)) {
		const name = (row.cells[0] ?? '').trim();
		if (name === '') throw err('empty_class', `${cap(COUNTS.en)}, line ${row.line}: the row has no map class in its first cell.`, `${cap(COUNTS.fr)}, ligne ${row.line} : la ligne n’a pas de classe cartographiée dans sa première case.`);
		if (mapClasses.includes(name)) throw err('duplicate_class', `${cap(COUNTS.en)}, line ${row.line}: map class “${name}” has two rows.`, `${cap(COUNTS.fr)}, ligne ${row.line} : la classe cartographiée « ${name} » a deux lignes.`);
		const cells = row.cells.slice(1);
		if (cells.length < K || cells.slice(K).some((c) => c.trim() !== '')) {
			throw err(
				'matrix_not_square',
				`${cap(COUNTS.en)}, line ${row.line}: ${cells.length} counts for ${K} reference classes; the matrix must be square.`,
				`${cap(COUNTS.fr)}, ligne ${row.line} : ${cells.length} effectifs pour ${K} classes de référence ; la matrice doit être carrée.`
			);
		}
		const values = cells.slice(0, K).map((cell, j) => {
			if (cell.trim() === '') return 0;
			const v = parseDecimal(cell);
			if (v === null || !Number.isInteger(v)) {
				throw err(
					'bad_count',
					`${cap(COUNTS.en)}, line ${row.line}, class “${refCells[j]}”: “${cell.trim()}” is not a whole number of points.`,
					`${cap(COUNTS.fr)}, ligne ${row.line}, classe « ${refCells[j]} » : « ${cell.trim()} » n’est pas un nombre entier de points.`
				);
			}
			return v;
		});
		mapClasses.push(name);
		counts.push(values);
	}
	if (mapClasses.length !== K) {
		throw err(
			'matrix_not_square',
			`The ${COUNTS.en} has ${mapClasses.length} map classes (rows) and ${K} reference classes (columns); the matrix must be square.`,
			`Le ${COUNTS.fr} a ${mapClasses.length} classes cartographiées (lignes) et ${K} classes de référence (colonnes) ; la matrice doit être carrée.`
		);
	}
	for (const c of mapClasses) {
		if (!refCells.includes(c)) throw err('unknown_class', `${cap(COUNTS.en)}: map class “${c}” is not among the reference classes of the header.`, `${cap(COUNTS.fr)} : la classe cartographiée « ${c} » ne figure pas parmi les classes de référence de l’en-tête.`);
	}
	// Columns in the rows' order.
	const order = mapClasses.map((c) => refCells.indexOf(c));
	const square = counts.map((row) => order.map((j) => row[j]));

	// --- areas.csv
	const areaRows = rowsOf(areasText, AREAS);
	const areaOf = new Map<string, number>();
	areaRows.forEach((row, r) => {
		const name = (row.cells[0] ?? '').trim();
		const cell = (row.cells[1] ?? '').trim();
		const value = parseDecimal(cell);
		if (r === 0 && value === null) return; // header row ("class,area")
		if (name === '') throw err('empty_class', `${cap(AREAS.en)}, line ${row.line}: the row has no class.`, `${cap(AREAS.fr)}, ligne ${row.line} : la ligne n’a pas de classe.`);
		if (value === null || !Number.isFinite(value)) {
			throw err('bad_area', `${cap(AREAS.en)}, line ${row.line}: the area of “${name}” is “${cell}”, not a number ≥ 0.`, `${cap(AREAS.fr)}, ligne ${row.line} : la surface de « ${name} » est « ${cell} », pas un nombre ≥ 0.`);
		}
		if (!mapClasses.includes(name)) {
			throw err('unknown_class', `${cap(AREAS.en)}, line ${row.line}: class “${name}” is not in the ${COUNTS.en}.`, `${cap(AREAS.fr)}, ligne ${row.line} : la classe « ${name} » n’est pas dans le ${COUNTS.fr}.`);
		}
		if (areaOf.has(name)) throw err('duplicate_class', `${cap(AREAS.en)}, line ${row.line}: class “${name}” has two areas.`, `${cap(AREAS.fr)}, ligne ${row.line} : la classe « ${name} » a deux surfaces.`);
		areaOf.set(name, value);
	});
	const missingAreas = mapClasses.filter((c) => !areaOf.has(c));
	if (missingAreas.length > 0) {
		const list = missingAreas.map((c) => `“${c}”`).join(', ');
		const listFr = missingAreas.map((c) => `« ${c} »`).join(', ');
		throw err('missing_area', `The ${AREAS.en} gives no area for ${list}.`, `Le ${AREAS.fr} ne donne pas de surface pour ${listFr}.`);
	}
	const mappedAreas = mapClasses.map((c) => areaOf.get(c)!);

	// A stratum is a map class with area: its variance needs at least 2 points.
	const thin = mapClasses.filter((c, i) => mappedAreas[i] > 0 && square[i].reduce((s, v) => s + v, 0) < 2);
	if (thin.length > 0) {
		const list = thin.map((c) => `“${c}”`).join(', ');
		const listFr = thin.map((c) => `« ${c} »`).join(', ');
		throw err(
			'stratum_too_small',
			`Each mapped class needs at least 2 sample points to estimate its variance; too few for ${list}.`,
			`Chaque classe cartographiée doit avoir au moins 2 points pour estimer sa variance ; trop peu pour ${listFr}.`
		);
	}

	const r = accuracyFromErrorMatrix({ classes: mapClasses, counts: square, mappedAreas });
	const figure = (e: Estimate): CliFigure => ({ estimate: e.estimate, se: e.se, ci95: e.ci95 });
	const each = (rec: Record<string, Estimate>) => Object.fromEntries(mapClasses.map((c) => [c, figure(rec[c])]));
	return { overall: figure(r.overall), users: each(r.users), producers: each(r.producers), areas: each(r.areas) };
}
