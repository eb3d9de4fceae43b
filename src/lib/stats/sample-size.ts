/**
 * How many control points to draw, and how to share them among strata.
 *
 * Sample size for a target standard error of overall accuracy under stratified random sampling:
 * Cochran, W. G. (1977), Sampling Techniques, 3rd ed., eq. 5.25, n = (Σ W_i S_i)² / (V + (1/N) Σ W_i S_i²),
 * with V the target variance and N the number of sampling units; Olofsson et al. (2014, eq. 13) drop the
 * second term (N large, or a point sample in continuous space) and take S_i = √(U_i(1 − U_i)) from the
 * anticipated user's accuracy U_i of each map class (the strata). Their example (section 5.1.1, Table 5):
 * W = 0.020/0.015/0.320/0.645, U = 0.70/0.60/0.90/0.95, S(Ô) = 0.01 ⇒ n = 641.
 *
 * Allocation: proportional to area, equal, or "a minimum per class, the rest proportional" (Olofsson et al.
 * 2014, section 5.1.1, for rare classes whose proportional share is too small to estimate their user's
 * accuracy). Every allocation is rounded by largest remainder so that the sizes add up exactly.
 */
import { StatsInputError } from './errors.ts';

export interface SampleSizeInput {
	/** Mapped area (or share) of each stratum; normalised here. */
	weights: ArrayLike<number>;
	/** Anticipated user's accuracy of each stratum's map class, in [0, 1]. */
	anticipatedUsers: ArrayLike<number>;
	/** Target standard error of the overall accuracy, e.g. 0.01. */
	targetSe: number;
	/** Number of sampling units in the population (pixels); omit for a point sample (infinite population). */
	populationSize?: number;
}

export interface SampleSize {
	/** Points to draw: `exact` rounded up. */
	n: number;
	/** The formula's value before rounding. */
	exact: number;
}

const err = (code: string, en: string, fr: string) => new StatsInputError(code, { en, fr });

function normalisedWeights(weights: ArrayLike<number>): Float64Array {
	let total = 0;
	for (let i = 0; i < weights.length; i++) {
		const w = weights[i];
		if (!(Number.isFinite(w) && w >= 0)) {
			throw err('bad_weight', `Stratum weights must be numbers ≥ 0, got ${w}.`, `Les poids des strates doivent être des nombres ≥ 0 ; reçu ${w}.`);
		}
		total += w;
	}
	if (!(total > 0)) throw err('no_mapped_area', 'The strata have no area.', 'Les strates n’ont aucune surface.');
	const out = new Float64Array(weights.length);
	for (let i = 0; i < weights.length; i++) out[i] = weights[i] / total;
	return out;
}

/**
 * Sample size for a target standard error of overall accuracy (Olofsson et al. 2014 eq. 13; with
 * `populationSize`, Cochran 1977 eq. 5.25).
 * @throws StatsInputError on a target SE ≤ 0, an accuracy outside [0, 1], or weights that do not match
 */
export function sampleSizeForOverallAccuracy(input: SampleSizeInput): SampleSize {
	const { anticipatedUsers: U, targetSe } = input;
	if (!(Number.isFinite(targetSe) && targetSe > 0)) {
		throw err('bad_target_se', `The target standard error must be a number > 0, got ${targetSe}.`, `L’erreur type visée doit être un nombre > 0 ; reçu ${targetSe}.`);
	}
	if (U.length !== input.weights.length) {
		throw err('weights_mismatch', `${U.length} anticipated accuracies for ${input.weights.length} strata.`, `${U.length} précisions attendues pour ${input.weights.length} strates.`);
	}
	const W = normalisedWeights(input.weights);
	let sumWS = 0;
	let sumWS2 = 0;
	for (let i = 0; i < W.length; i++) {
		const u = U[i];
		if (!(u >= 0 && u <= 1)) {
			throw err('bad_accuracy', `An anticipated user's accuracy must be between 0 and 1, got ${u}.`, `Une précision utilisateur attendue doit être entre 0 et 1 ; reçu ${u}.`);
		}
		const s2 = u * (1 - u);
		sumWS += W[i] * Math.sqrt(s2);
		sumWS2 += W[i] * s2;
	}
	const N = input.populationSize;
	if (N !== undefined && !(N > 0)) {
		throw err('bad_population', `The population size must be > 0, got ${N}.`, `La taille de la population doit être > 0 ; reçu ${N}.`);
	}
	const denominator = targetSe * targetSe + (N === undefined ? 0 : sumWS2 / N);
	const exact = (sumWS * sumWS) / denominator;
	// 1e-9 absorbs float noise so that an exact integer is not pushed to the next one.
	return { n: Math.max(0, Math.ceil(exact - 1e-9)), exact };
}

/**
 * Rounds non-negative quotas to integers that add up to `n` = Σ quotas (an integer): floors, then one more to
 * the largest remainders (ties: the first in order).
 */
function roundLargestRemainder(quotas: ArrayLike<number>, n: number): number[] {
	const out = Array.from(quotas, (q) => Math.floor(q + 1e-9));
	let left = n - out.reduce((s, v) => s + v, 0);
	if (left <= 0) return out;
	const order = Array.from(quotas, (q, i) => i)
		.filter((i) => quotas[i] > 0)
		.sort((a, b) => quotas[b] - out[b] - (quotas[a] - out[a]) || a - b);
	for (let t = 0; left > 0 && t < order.length; t++, left--) out[order[t]]++;
	return out;
}

function checkN(n: number): void {
	if (!(Number.isInteger(n) && n >= 0)) {
		throw err('bad_sample_size', `The sample size must be a whole number ≥ 0, got ${n}.`, `La taille d’échantillon doit être un entier ≥ 0 ; reçu ${n}.`);
	}
}

/** n points shared in proportion to the strata weights (areas), rounded so that they add up to n. */
export function allocateProportional(n: number, weights: ArrayLike<number>): number[] {
	checkN(n);
	const W = normalisedWeights(weights);
	return roundLargestRemainder(
		Array.from(W, (w) => n * w),
		n
	);
}

/** n points shared equally among k strata (the first strata get the remainder). */
export function allocateEqual(n: number, k: number): number[] {
	checkN(n);
	if (!(Number.isInteger(k) && k > 0)) throw new RangeError(`Number of strata must be a whole number > 0, got ${k}.`);
	return roundLargestRemainder(new Array(k).fill(n / k), n);
}

/**
 * n points shared in proportion to area, except that every stratum with area gets at least `minimum`
 * (e.g. 50 or 100 for a rare class, Olofsson et al. 2014 §5.1.1): strata whose proportional share falls below
 * the minimum get the minimum, and what is left is shared in proportion to the others' areas (repeated until
 * no share falls below). A stratum without area gets nothing. When n cannot give every stratum its minimum,
 * the minimum wins and the total exceeds n.
 */
export function allocateWithMinimum(n: number, weights: ArrayLike<number>, minimum: number): number[] {
	checkN(n);
	checkN(minimum);
	const W = normalisedWeights(weights);
	const k = W.length;
	const fixed = new Uint8Array(k);
	let withArea = 0;
	for (let i = 0; i < k; i++) if (W[i] > 0) withArea++;
	if (withArea * minimum >= n) return Array.from(W, (w) => (w > 0 ? minimum : 0));
	for (;;) {
		let nFixed = 0;
		let freeWeight = 0;
		for (let i = 0; i < k; i++) {
			if (fixed[i]) nFixed++;
			else freeWeight += W[i];
		}
		const remaining = n - nFixed * minimum;
		let changed = false;
		for (let i = 0; i < k; i++) {
			if (!fixed[i] && W[i] > 0 && (remaining * W[i]) / freeWeight < minimum) {
				fixed[i] = 1;
				changed = true;
			}
		}
		if (!changed) {
			const quotas = Array.from(W, (w, i) => (fixed[i] ? 0 : (remaining * w) / freeWeight));
			const free = roundLargestRemainder(quotas, remaining);
			return free.map((v, i) => (fixed[i] ? minimum : v));
		}
	}
}
