/**
 * How the acceptance report words and colours its figures, shared by the page (browser) and the PDF
 * (server): one source, so the printed page and the PDF say the same thing. Pure: the locale and the
 * dictionary lookup are parameters.
 */
import { formatNumber } from '../i18n/format.ts';
import type { Locale } from '../i18n/locale.ts';

/** A figure of report.json with its standard error and the half-width of its 95 % interval. */
export interface EstimateLike {
	estimate: number | null;
	se: number | null;
	ci95: number | null;
}

/** A proportion in [0, 1] as a percentage with `digits` decimals: "91,2 %" / "91.2 %". */
export function pct(p: number | null | undefined, locale: Locale, digits = 1): string {
	if (p === null || p === undefined || !Number.isFinite(p)) return '–';
	const s = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(p * 100);
	// A no-break space keeps the sign with its number, in both languages (the report's own convention).
	return `${s}\u00a0%`;
}

/** A kappa (or any coefficient in [−1, 1]) with 3 decimals. */
export function coefficient(k: number | null | undefined, locale: Locale): string {
	if (k === null || k === undefined || !Number.isFinite(k)) return '–';
	return new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(k);
}

/** km² with 2 decimals below 100, whole above. */
export function km2(m2: number, locale: Locale): string {
	const v = m2 / 1e6;
	return `${formatNumber(v, locale, Math.abs(v) < 100 ? 2 : 0)}\u00a0km²`;
}

/** Whether report.json's estimate can be shown (its figures are null when it cannot be estimated). */
export function estimable(e: EstimateLike | null | undefined): e is { estimate: number; se: number; ci95: number } {
	return !!e && e.estimate !== null && e.se !== null && e.ci95 !== null;
}

/** Criteria whose threshold and value are counts, not proportions. */
const COUNT_CRITERIA = new Set(['sampling_plan', 'no_blocking_defect_left']);

/**
 * A criterion's threshold or value as the report prints it: a percentage, a count, a precision class
 * in whole centimetres (`precision_class`) or a length given in metres (`rmse_radial`).
 */
export function criterionFigure(id: string, v: number | null, locale: Locale): string {
	if (v === null || !Number.isFinite(v)) return '–';
	if (id === 'precision_class') return `${formatNumber(v, locale, 0)}\u00a0cm`;
	if (id === 'rmse_radial') return lengthCm(v, locale);
	return COUNT_CRITERIA.has(id) ? formatNumber(v, locale, 0) : pct(v, locale);
}

/**
 * A length in metres printed in centimetres to the millimetre ("4,1 cm"): positional residuals of 5 to
 * 20 cm orthophotos are a few centimetres, and the contracts state them in centimetres.
 */
export function lengthCm(metres: number | null | undefined, locale: Locale): string {
	if (metres === null || metres === undefined || !Number.isFinite(metres)) return '–';
	const cm = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(metres * 100);
	return `${cm}\u00a0cm`;
}

/** A row of report.json's positional summary (`positional.summary`). */
export interface PositionalRowLike {
	value: number | string | boolean | null;
	unit: 'm' | 'cm' | '';
}

/**
 * A value of the positional summary as the report prints it: lengths (metres) in centimetres, classes
 * in centimetres, counts and class names as they are; `yesNo` words a pass / fail.
 */
export function positionalFigure(row: PositionalRowLike, locale: Locale, yesNo: (pass: boolean) => string): string {
	const v = row.value;
	if (v === null) return '–';
	if (typeof v === 'boolean') return yesNo(v);
	if (typeof v === 'string') return v;
	if (row.unit === 'm') return lengthCm(v, locale);
	if (row.unit === 'cm') return `${formatNumber(v, locale, 0)}\u00a0cm`;
	return formatNumber(v, locale, 0);
}

/** Colours of the report's map (page and PDF): verdicts first, then review status for tiles without one. */
export const MAP_COLOURS = {
	verdict: { accepted: '#2e7d32', accepted_with_reservations: '#f9a825', rejected: '#c62828' },
	status: { not_started: '#e0e0e0', in_review: '#64b5f6', reviewed: '#7e57c2', validated: '#1b5e20' },
	/** Tiles reviewed without a verdict other than "cannot tell". */
	noVerdict: '#9e9e9e'
} as const;

/** Outcome colours of the decision banner. */
export const OUTCOME_COLOURS = { accepted: '#2e7d32', accepted_with_reservations: '#b26a00', rejected: '#c62828', pending: '#546e7a' } as const;

/**
 * A round length for a scale bar: the largest 1, 2 or 5 × 10ⁿ not above `max` (same unit).
 * @returns 0 when `max` is not positive
 */
export function roundScaleLength(max: number): number {
	if (!(max > 0) || !Number.isFinite(max)) return 0;
	const p = 10 ** Math.floor(Math.log10(max));
	for (const m of [5, 2, 1]) if (m * p <= max) return m * p;
	return p;
}
