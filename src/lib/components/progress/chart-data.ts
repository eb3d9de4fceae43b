/**
 * The progress dashboard's chart data, pure: what chart.js draws is computed here (and tested), the
 * Svelte components only hand it over. Dates are the burn-up's UTC days (YYYY-MM-DD).
 */
import type { BurnUp } from '../../reports/progress.ts';

const DAY = 86_400_000;
/** Longest projection drawn past today: a completion further away is told in words only. */
export const MAX_PROJECTION_DAYS = 366;

export interface BurnUpSeries {
	labels: string[];
	finished: (number | null)[];
	started: (number | null)[];
	scope: number[];
	/** Only two points: today's finished count and the total on the estimated completion day. */
	projection: (number | null)[];
}

/** Days from `from` to `to` inclusive (YYYY-MM-DD). */
export function dayRange(from: string, to: string): string[] {
	const out: string[] = [];
	for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end; t += DAY) out.push(new Date(t).toISOString().slice(0, 10));
	return out;
}

/**
 * The burn-up's series on one day axis: the days so far, extended to the estimated completion (when
 * within MAX_PROJECTION_DAYS) so the projection line reaches the scope line on that day.
 */
export function burnUpSeries(b: BurnUp): BurnUpSeries {
	if (b.days.length === 0) return { labels: [], finished: [], started: [], scope: [], projection: [] };
	const today = b.days[b.days.length - 1].date;
	const end = b.estimatedCompletion;
	const projected = end !== null && (Date.parse(end) - Date.parse(today)) / DAY <= MAX_PROJECTION_DAYS;
	const labels = projected ? dayRange(b.days[0].date, end) : b.days.map((d) => d.date);
	const future = labels.length - b.days.length;
	const pad = <T>(values: T[]): (T | null)[] => [...values, ...new Array<null>(future).fill(null)];
	const projection: (number | null)[] = new Array(labels.length).fill(null);
	if (projected) {
		projection[b.days.length - 1] = b.finished;
		projection[labels.length - 1] = b.total;
	}
	return {
		labels,
		finished: pad(b.days.map((d) => d.finished)),
		started: pad(b.days.map((d) => d.started)),
		scope: labels.map(() => b.total),
		projection
	};
}
