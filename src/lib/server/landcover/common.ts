/** Helpers shared by the land-cover readers. */
import type { BBox, MultiPolygon } from '../../geo/types.ts';
import { InputError, type Locale, type Localized } from '../errors.ts';
import type { LandcoverReadStats } from './types.ts';

export function emptyStats(): LandcoverReadStats {
	return { polygons: 0, skippedByType: {}, skippedEmpty: 0 };
}

export function resetStats(s: LandcoverReadStats): void {
	s.polygons = 0;
	s.skippedByType = {};
	s.skippedEmpty = 0;
}

export function countSkippedType(s: LandcoverReadStats, type: string): void {
	s.skippedByType[type] = (s.skippedByType[type] ?? 0) + 1;
}

/** The class code as stored on features: String(value), '' for null/undefined. */
export function classCodeOf(v: unknown): string {
	return v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v);
}

/** A text in both languages; a plain string (a file name…) is the same in both. */
export function bilingual(text: string | Localized): Localized {
	return typeof text === 'string' ? { en: text, fr: text } : text;
}

/**
 * `e` again, its message prefixed with `prefix` (the file name, usually): "zones.zip: …" in English,
 * "zones.zip : …" in French. Code and status are kept.
 */
export function prefixed(prefix: string, e: InputError): InputError {
	return new InputError(e.code, { en: `${prefix}: ${e.messages.en}`, fr: `${prefix} : ${e.messages.fr}` }, e.status);
}

/** Throw `missing_class_field` unless `classField` is one of `fields`. */
export function checkField(name: string, fields: string[], field: string | undefined, code = 'missing_class_field'): void {
	if (field === undefined || fields.includes(field)) return;
	const ci = fields.find((f) => f.toLowerCase() === field.toLowerCase());
	const hint = ci ? ` (did you mean "${ci}"? names are case-sensitive)` : '';
	const hintFr = ci ? ` (vouliez-vous dire « ${ci} » ? les noms distinguent majuscules et minuscules)` : '';
	const list = fields.length ? fields.map((f) => `"${f}"`).join(', ') : 'none';
	const listFr = fields.length ? fields.map((f) => `« ${f} »`).join(', ') : 'aucun';
	throw new InputError(code, {
		en: `${name} has no attribute "${field}"${hint}; available attributes: ${list}.`,
		fr: `${name} n’a pas de champ « ${field} »${hintFr} ; champs disponibles : ${listFr}.`
	});
}

/**
 * Throw `empty_dataset` after an iteration that yielded nothing although features were read:
 * every geometry was null, empty or not a polygon.
 */
export function checkNotAllSkipped(name: string | Localized, s: LandcoverReadStats): void {
	if (s.polygons > 0) return;
	const types = Object.entries(s.skippedByType).map(([t, n]) => `${n} ${t}`);
	const typesFr = [...types];
	if (s.skippedEmpty) {
		types.push(`${s.skippedEmpty} empty or null`);
		typesFr.push(`${s.skippedEmpty} ${s.skippedEmpty > 1 ? 'vides ou absentes' : 'vide ou absente'}`);
	}
	if (!types.length) return;
	const n = bilingual(name);
	throw new InputError('empty_dataset', {
		en: `${n.en} contains no polygon: its geometries are ${types.join(', ')}. Land cover must be made of polygons or multipolygons.`,
		fr: `${n.fr} ne contient aucun polygone (géométries trouvées : ${typesFr.join(', ')}). L’occupation du sol doit être composée de polygones ou de multipolygones.`
	});
}

/** [minX, minY, maxX, maxY] of a multipolygon (exterior rings suffice). */
export function multiPolygonBBox(mp: MultiPolygon): BBox {
	let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
	for (const poly of mp) {
		const ring = poly[0];
		if (!ring) continue;
		for (let i = 0; i < ring.length; i += 2) {
			const x = ring[i], y = ring[i + 1];
			if (x < minX) minX = x;
			if (x > maxX) maxX = x;
			if (y < minY) minY = y;
			if (y > maxY) maxY = y;
		}
	}
	return [minX, minY, maxX, maxY];
}

/** Distinct non-null values as sorted strings (numeric-aware), at most `n`. */
export function distinctStrings(values: Iterable<unknown>, n: number): string[] {
	const seen = new Set<string>();
	for (const v of values) {
		if (v === null || v === undefined) continue;
		seen.add(String(v));
		if (seen.size >= n) break;
	}
	return [...seen].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** "12 345 678" — thin grouping for byte counts in messages. */
export function fmtInt(n: number): string {
	return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** "1.5 MiB" in English; "1,5 Mo" in French (the units French users know, decimal comma). */
export function fmtBytes(n: number, locale: Locale = 'en'): string {
	const fr = locale === 'fr';
	const num = (x: number) => (fr ? x.toFixed(1).replace('.', ',') : x.toFixed(1));
	if (n >= 2 ** 30) return `${num(n / 2 ** 30)} ${fr ? 'Go' : 'GiB'}`;
	if (n >= 2 ** 20) return `${num(n / 2 ** 20)} ${fr ? 'Mo' : 'MiB'}`;
	if (n >= 2 ** 10) return `${num(n / 2 ** 10)} ${fr ? 'Ko' : 'KiB'}`;
	return `${n} ${fr ? (n > 1 ? 'octets' : 'octet') : 'bytes'}`;
}
