/**
 * Locale-aware number, area and date formatting (Intl only). Pure: the locale is a parameter, the
 * reactive wrappers live in `index.svelte.ts`.
 */
import type { Locale } from './locale.ts';

const SQUARE_METRES_PER_HECTARE = 10_000;
// A no-break space keeps the unit glued to its number when a table cell wraps.
const NBSP = '\u00a0';

/** BCP 47 tags used for Intl: French conventions of France, English without region bias. */
const INTL_TAG: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

/** Formats a plain number ("1 234,5" in French, "1,234.5" in English). */
export function formatNumber(value: number, locale: Locale, maximumFractionDigits = 1): string {
	return new Intl.NumberFormat(INTL_TAG[locale], { maximumFractionDigits }).format(value);
}

/**
 * Formats a surface given in square metres: "1 234,5 m²" below one hectare, "12,35 ha" from one
 * hectare up (reviewers think in hectares for large classes, in m² for small patches).
 */
export function formatArea(squareMetres: number, locale: Locale): string {
	if (!Number.isFinite(squareMetres)) return '–';
	if (Math.abs(squareMetres) >= SQUARE_METRES_PER_HECTARE) {
		return `${formatNumber(squareMetres / SQUARE_METRES_PER_HECTARE, locale, 2)}${NBSP}ha`;
	}
	return `${formatNumber(squareMetres, locale, 1)}${NBSP}m²`;
}

/** Formats a ratio (0..1) as a percentage with at most one decimal: "12,5 %" / "12.5%". */
export function formatPercent(ratio: number, locale: Locale): string {
	if (!Number.isFinite(ratio)) return '–';
	return new Intl.NumberFormat(INTL_TAG[locale], {
		style: 'percent',
		maximumFractionDigits: 1
	}).format(ratio);
}

/** Formats a length in metres ("1 000 m"), used for the grid size. */
export function formatLength(metres: number, locale: Locale): string {
	return `${formatNumber(metres, locale, 2)}${NBSP}m`;
}

/**
 * Formats a date as day, month and year ("25 nov. 2025" / "25 Nov 2025"). Accepts an ISO string, a
 * millisecond epoch or a Date; returns '' for unparsable input rather than "Invalid Date".
 */
export function formatDate(value: string | number | Date | null | undefined, locale: Locale): string {
	if (value === null || value === undefined || value === '') return '';
	const date = value instanceof Date ? value : new Date(value);
	if (Number.isNaN(date.getTime())) return '';
	return new Intl.DateTimeFormat(INTL_TAG[locale], { dateStyle: 'medium' }).format(date);
}

/** Formats a byte count with binary-free SI units ("12,3 Mo" / "12.3 MB"). */
export function formatBytes(bytes: number, locale: Locale): string {
	const units = locale === 'fr' ? ['o', 'ko', 'Mo', 'Go', 'To'] : ['B', 'kB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (Math.abs(value) >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit++;
	}
	return `${formatNumber(value, locale, unit === 0 ? 0 : 1)}${NBSP}${units[unit]}`;
}
