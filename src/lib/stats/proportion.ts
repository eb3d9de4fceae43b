/**
 * Confidence interval for a proportion (rejected-tile rate, a class's error rate from the feature walk).
 *
 * Wilson's score interval (Wilson 1927), with or without continuity correction, in the closed forms of
 * Newcombe, R. G. (1998), "Two-sided confidence intervals for the single proportion: comparison of seven
 * methods", Statistics in Medicine 17: 857–872 (methods 3 and 4). Unlike estimate ± 1.96·SE it stays inside
 * [0, 1] and keeps a sensible width at 0 or n successes — the cases a rejection rate often hits.
 */
import { StatsInputError, type UndefinedReason } from './errors.ts';
import { zForConfidence } from './normal.ts';

export interface ProportionInterval {
	/** successes / trials */
	estimate: number | null;
	lower: number | null;
	upper: number | null;
	reason?: UndefinedReason;
}

export interface WilsonOptions {
	/** Confidence level (default 0.95, z = 1.959964 as in Newcombe's tables). */
	confidence?: number;
	/** Continuity correction (Newcombe's method 4): a slightly wider, more conservative interval. */
	continuityCorrection?: boolean;
}

/**
 * Wilson score interval for successes/trials. 0 trials → nulls with reason `no_data`.
 * @throws StatsInputError when the counts are not whole numbers with 0 ≤ successes ≤ trials
 */
export function wilsonInterval(successes: number, trials: number, options: WilsonOptions = {}): ProportionInterval {
	if (!(Number.isInteger(successes) && Number.isInteger(trials) && successes >= 0 && successes <= trials)) {
		throw new StatsInputError('bad_count', {
			en: `A proportion needs whole numbers with 0 ≤ successes ≤ trials, got ${successes}/${trials}.`,
			fr: `Une proportion demande des entiers avec 0 ≤ succès ≤ essais ; reçu ${successes}/${trials}.`
		});
	}
	if (trials === 0) return { estimate: null, lower: null, upper: null, reason: 'no_data' };
	const n = trials;
	const p = successes / n;
	const q = 1 - p;
	const z = zForConfidence(options.confidence ?? 0.95);
	const z2 = z * z;
	const denom = 2 * (n + z2);
	let lower: number;
	let upper: number;
	if (!options.continuityCorrection) {
		const centre = 2 * n * p + z2;
		const half = z * Math.sqrt(z2 + 4 * n * p * q);
		lower = (centre - half) / denom;
		upper = (centre + half) / denom;
	} else {
		// Newcombe (1998) method 4; the bounds are 0 at r = 0 and 1 at r = n by definition.
		lower = successes === 0 ? 0 : (2 * n * p + z2 - 1 - z * Math.sqrt(z2 - 2 - 1 / n + 4 * p * (n * q + 1))) / denom;
		upper = successes === n ? 1 : (2 * n * p + z2 + 1 + z * Math.sqrt(z2 + 2 - 1 / n + 4 * p * (n * q - 1))) / denom;
	}
	return { estimate: p, lower: Math.max(0, lower), upper: Math.min(1, upper) };
}
