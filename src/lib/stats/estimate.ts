/**
 * The shape every estimator returns for one figure: the estimate, its standard error and the half-width
 * of its confidence interval (estimate ± ci95), or `null`s with the reason they are missing.
 */
import type { UndefinedReason } from './errors.ts';

/**
 * One estimated figure. `ci95` is the half-width z·se (z = 1.96 unless the caller chose another), so the
 * interval is [estimate − ci95, estimate + ci95]. When the estimate exists but its variance does not (one
 * point in a stratum), `estimate` is a number and `se`/`ci95` are `null`; `reason` then says why.
 * A standard error of exactly 0 is a real estimate (every sampled point in every stratum agreed), not a
 * missing one.
 */
export interface Estimate {
	estimate: number | null;
	se: number | null;
	ci95: number | null;
	/** Present when `estimate` or `se` is null. */
	reason?: UndefinedReason;
}

/** The critical value the papers use for a 95 % interval (Olofsson et al. 2014, Stehman 2014: 1.96). */
export const Z95 = 1.96;

/** An estimate from a value and its variance; a null or negative-rounding variance is handled here. */
export function estimateOf(value: number | null, variance: number | null, z: number, reason?: UndefinedReason): Estimate {
	if (value === null || !Number.isFinite(value)) {
		return { estimate: null, se: null, ci95: null, reason: reason ?? 'no_data' };
	}
	if (variance === null || !Number.isFinite(variance)) {
		return { estimate: value, se: null, ci95: null, reason: reason ?? 'one_point_in_stratum' };
	}
	// Sums of non-negative terms minus a covariance term can round to −1e-20: that is 0.
	const se = Math.sqrt(Math.max(0, variance));
	return { estimate: value, se, ci95: z * se };
}

/** A figure with no estimate at all. */
export function missing(reason: UndefinedReason): Estimate {
	return { estimate: null, se: null, ci95: null, reason };
}

/** An own-property record keyed by class name (safe for any name, `__proto__` included). */
export function byName<T>(names: readonly string[], values: readonly T[]): Record<string, T> {
	return Object.fromEntries(names.map((n, i) => [n, values[i]]));
}

/**
 * What Olofsson et al. (2014) recommend reporting, per class and overall: the error matrix in estimated area
 * proportions, overall, user's and producer's accuracies, and the area of each class, each with its standard
 * error and 95 % half-width.
 */
export interface AccuracyFigures {
	classes: string[];
	/** Total area (Σ mapped areas, or Σ stratum sizes), in the input's unit. */
	totalArea: number;
	overall: Estimate;
	/** User's accuracy of each map class (1 − commission error). */
	users: Record<string, Estimate>;
	/** Producer's accuracy of each reference class (1 − omission error). */
	producers: Record<string, Estimate>;
	/** Estimated share of the total area truly in each class (p̂_·k). */
	areaProportions: Record<string, Estimate>;
	/** Estimated area truly in each class, in the input's unit (to set beside the mapped area). */
	areas: Record<string, Estimate>;
	/**
	 * The error matrix in estimated area proportions p̂_ij (rows: map class, columns: reference class); a row is
	 * `null` when it cannot be estimated (a stratum with area and no sample point).
	 */
	proportions: (number[] | null)[];
}
