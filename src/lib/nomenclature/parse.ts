/**
 * Parsers for user-supplied nomenclatures (CSV or JSON). Both validate strictly and throw NomenclatureError with
 * a one-line message naming the line/entry at fault.
 */
import { CsvQuoteError, readCsv, type CsvRow } from '../csv/csv.ts';
import { NomenclatureError, type Nomenclature, type NomenclatureEntry } from './nomenclature.ts';

export interface NomenclatureMeta {
	/** Defaults to "custom". */
	id?: string;
	/** Defaults to "Custom nomenclature". */
	name?: string;
}

type Field = 'code' | 'label' | 'labelEn' | 'color';

/** Header / key aliases, compared after `normKey` (lowercase, accents and punctuation removed). */
const ALIASES: Record<Field, string[]> = {
	code: ['code', 'class', 'classe', 'codecs', 'codeus', 'value', 'valeur'],
	label: ['label', 'libelle', 'nom', 'name', 'intitule', 'description'],
	labelEn: ['labelen', 'libelleen', 'nameen', 'englishlabel'],
	color: ['color', 'colour', 'couleur', 'hex', 'rgb']
};

function normKey(s: string): string {
	return s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]/g, '');
}

function fieldOf(header: string): Field | null {
	const k = normKey(header);
	for (const f of Object.keys(ALIASES) as Field[]) if (ALIASES[f].includes(k)) return f;
	return null;
}

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/**
 * Normalise a colour to lowercase '#rrggbb'. Accepts '#rrggbb', '#rgb', 'rrggbb' and 'rgb(r, g, b)'.
 * Returns null when it is none of those.
 */
export function normalizeColor(raw: string): string | null {
	const s = raw.trim().toLowerCase();
	let m = /^#?([0-9a-f]{6})$/.exec(s);
	if (m) return '#' + m[1];
	m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(s);
	if (m) return '#' + m[1] + m[1] + m[2] + m[2] + m[3] + m[3];
	m = /^rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)$/.exec(s);
	if (m) {
		const v = [m[1], m[2], m[3]].map(Number);
		if (v.every((c) => c <= 255)) return '#' + v.map((c) => c.toString(16).padStart(2, '0')).join('');
	}
	return null;
}

/** Accumulates entries with duplicate/colour checks; `where` describes the source location for messages. */
class EntryCollector {
	entries: NomenclatureEntry[] = [];
	private seen = new Map<string, string>();
	constructor(private readonly kind: string) {}

	add(where: string, raw: Partial<Record<Field, string>>): void {
		const code = (raw.code ?? '').trim();
		if (code === '') throw new NomenclatureError(`${this.kind} ${where} has an empty code.`);
		const first = this.seen.get(code);
		if (first) throw new NomenclatureError(`${this.kind} ${where}: code "${code}" is already defined ${first}.`);
		const rawColor = (raw.color ?? '').trim();
		const color = normalizeColor(rawColor);
		if (!color) {
			throw new NomenclatureError(
				rawColor === ''
					? `${this.kind} ${where}: code "${code}" has no colour; give one like #ff377a.`
					: `${this.kind} ${where}: colour "${rawColor}" for code "${code}" is not a hex colour like #ff377a.`
			);
		}
		this.seen.set(code, (where.startsWith('line') ? 'on ' : 'in ') + where);
		const label = (raw.label ?? '').trim() || code;
		const entry: NomenclatureEntry = { code, label, color };
		const labelEn = (raw.labelEn ?? '').trim();
		if (labelEn) entry.labelEn = labelEn;
		this.entries.push(entry);
	}
}

function finish(kind: string, c: EntryCollector, meta: NomenclatureMeta): Nomenclature {
	if (c.entries.length === 0) throw new NomenclatureError(`${kind} defines no classes.`);
	return { id: meta.id ?? 'custom', name: meta.name ?? 'Custom nomenclature', entries: c.entries };
}

/**
 * Parse a nomenclature CSV: a header then one class per line. Columns are found by header name, in any order:
 * code (code, classe…), label (label, libelle/libellé, nom…), color (color, colour, couleur), optional labelEn
 * (label_en, libelle_en). Separator ',', ';' or tab (detected on the header); RFC 4180 quotes; UTF-8 BOM
 * ignored; blank lines skipped. Colours: '#rrggbb', '#rgb', 'rrggbb' or 'rgb(r,g,b)', normalised to '#rrggbb'.
 * An empty label defaults to the code.
 * @throws NomenclatureError on a missing column, an empty or duplicate code, a bad colour, an unclosed quote
 * or no classes.
 */
export function parseNomenclatureCsv(text: string, meta: NomenclatureMeta = {}): Nomenclature {
	if (stripBom(text).trim() === '') {
		throw new NomenclatureError('Nomenclature CSV is empty: expected a header line like code,label,color.');
	}
	let rows: CsvRow[];
	try {
		rows = readCsv(text);
	} catch (e) {
		if (e instanceof CsvQuoteError) throw new NomenclatureError(`Nomenclature CSV line ${e.line}: a quoted field is never closed.`);
		throw e;
	}
	if (rows.length === 0) {
		throw new NomenclatureError('Nomenclature CSV is empty: expected a header line like code,label,color.');
	}
	const header = rows[0].cells;
	const col: Partial<Record<Field, number>> = {};
	header.forEach((h, i) => {
		const f = fieldOf(h);
		if (f && col[f] === undefined) col[f] = i;
	});
	const names: Record<Field, string> = { code: 'code', label: 'label', color: 'colour', labelEn: 'labelEn' };
	for (const f of ['code', 'label', 'color'] as Field[]) {
		if (col[f] === undefined) {
			throw new NomenclatureError(
				`Nomenclature CSV has no ${names[f]} column (header: "${header.join(',').trim()}"); expected code,label,color or code;libelle;couleur.`
			);
		}
	}
	const c = new EntryCollector('Nomenclature CSV');
	for (const row of rows.slice(1)) {
		const get = (f: Field) => (col[f] === undefined ? undefined : row.cells[col[f]!]);
		c.add(`line ${row.line}`, { code: get('code'), label: get('label'), color: get('color'), labelEn: get('labelEn') });
	}
	return finish('Nomenclature CSV', c, meta);
}

/**
 * Parse a nomenclature JSON: an array of {code, label, color[, labelEn]} or an object {entries: [...]}
 * (optionally with id and name, used when `meta` does not give them). French keys (libelle, couleur) are
 * accepted; numeric codes become strings. Same validation as the CSV parser.
 * @throws NomenclatureError
 */
export function parseNomenclatureJson(text: string, meta: NomenclatureMeta = {}): Nomenclature {
	let data: unknown;
	try {
		data = JSON.parse(stripBom(text));
	} catch (e) {
		throw new NomenclatureError(`Nomenclature JSON is not valid JSON: ${(e as Error).message.split('\n')[0]}`);
	}
	let list: unknown;
	const m: NomenclatureMeta = { ...meta };
	if (Array.isArray(data)) list = data;
	else if (data && typeof data === 'object' && Array.isArray((data as { entries?: unknown }).entries)) {
		const obj = data as { entries: unknown[]; id?: unknown; name?: unknown };
		list = obj.entries;
		if (m.id === undefined && typeof obj.id === 'string') m.id = obj.id;
		if (m.name === undefined && typeof obj.name === 'string') m.name = obj.name;
	} else {
		throw new NomenclatureError(
			'Nomenclature JSON must be an array of {code, label, color} or an object with an "entries" array.'
		);
	}
	const c = new EntryCollector('Nomenclature JSON');
	(list as unknown[]).forEach((item, i) => {
		const where = `entry ${i + 1}`;
		if (!item || typeof item !== 'object' || Array.isArray(item)) {
			throw new NomenclatureError(`Nomenclature JSON ${where} is not an object like {"code", "label", "color"}.`);
		}
		const raw: Partial<Record<Field, string>> = {};
		for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
			const f = fieldOf(k);
			if (!f || raw[f] !== undefined || v == null) continue;
			if (typeof v === 'string' || typeof v === 'number') raw[f] = String(v);
			else throw new NomenclatureError(`Nomenclature JSON ${where}: "${k}" must be a string.`);
		}
		c.add(where, raw);
	});
	return finish('Nomenclature JSON', c, m);
}
