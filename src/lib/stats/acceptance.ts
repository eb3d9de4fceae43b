/**
 * Acceptance sampling by attributes, single sampling plan (n, c): inspect n items drawn at random from the
 * delivery; accept it when at most c of them are defective (ISO 2859-1 / MIL-STD-105 "acceptance number").
 * The probability of accepting a delivery whose true defect rate is p (the operating characteristic) is the
 * binomial P(X ≤ c), X ~ B(n, p): the lot is taken as large against the sample (sampling with replacement).
 */
import { StatsInputError } from './errors.ts';

export interface SingleSamplingPlan {
	/** n: items to inspect. */
	sampleSize: number;
	/** c: the largest number of defective items that still accepts the delivery. */
	acceptanceNumber: number;
}

const err = (code: string, en: string, fr: string) => new StatsInputError(code, { en, fr });

function checkPlan(plan: SingleSamplingPlan): void {
	const { sampleSize: n, acceptanceNumber: c } = plan;
	if (!(Number.isInteger(n) && n > 0 && Number.isInteger(c) && c >= 0 && c <= n)) {
		throw err(
			'bad_plan',
			`A sampling plan needs whole numbers with n > 0 and 0 ≤ c ≤ n, got n = ${n}, c = ${c}.`,
			`Un plan d’échantillonnage demande des entiers avec n > 0 et 0 ≤ c ≤ n ; reçu n = ${n}, c = ${c}.`
		);
	}
}

/**
 * P(X ≤ c) for X ~ Binomial(n, p). Terms are built by the ratio C(n,k)/C(n,k−1) = (n−k+1)/k in log space,
 * so that (1 − p)ⁿ may underflow without losing the sum (relative error about 1e-12 for n ≤ 10⁴).
 */
export function binomialCdf(c: number, n: number, p: number): number {
	if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`n must be a whole number ≥ 0, got ${n}.`);
	if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}.`);
	if (c < 0) return 0;
	if (c >= n) return 1;
	if (p === 0) return 1;
	if (p === 1) return 0;
	const logOdds = Math.log(p) - Math.log1p(-p);
	let logTerm = n * Math.log1p(-p); // k = 0
	let sum = Math.exp(logTerm);
	for (let k = 1; k <= Math.floor(c); k++) {
		logTerm += Math.log((n - k + 1) / k) + logOdds;
		sum += Math.exp(logTerm);
	}
	return Math.min(1, sum);
}

/** Probability that the plan accepts a delivery whose true defect rate is `defectRate` (one OC-curve point). */
export function probabilityOfAcceptance(plan: SingleSamplingPlan, defectRate: number): number {
	checkPlan(plan);
	if (!(defectRate >= 0 && defectRate <= 1)) {
		throw err('bad_rate', `A defect rate must be between 0 and 1, got ${defectRate}.`, `Un taux de défauts doit être entre 0 et 1 ; reçu ${defectRate}.`);
	}
	return binomialCdf(plan.acceptanceNumber, plan.sampleSize, defectRate);
}

export interface SamplingDecision {
	/**
	 * `rejected` as soon as more than c defective items are found (even before the sample is complete),
	 * `accepted` when all n items are inspected with at most c defective, `pending` otherwise.
	 */
	decision: 'accepted' | 'rejected' | 'pending';
	defectives: number;
	inspected: number;
	plan: SingleSamplingPlan;
}

/**
 * The plan's verdict on what has been inspected so far: defectives ≤ c over the full sample accepts.
 * @throws StatsInputError when the plan is impossible, or the counts are not whole numbers with
 *   defectives ≤ inspected ≤ n
 */
export function samplingDecision(plan: SingleSamplingPlan, defectives: number, inspected: number = plan.sampleSize): SamplingDecision {
	checkPlan(plan);
	if (!(Number.isInteger(defectives) && Number.isInteger(inspected) && defectives >= 0 && defectives <= inspected && inspected <= plan.sampleSize)) {
		throw err(
			'bad_count',
			`Need whole numbers with 0 ≤ defectives (${defectives}) ≤ inspected (${inspected}) ≤ n (${plan.sampleSize}).`,
			`Il faut des entiers avec 0 ≤ défectueux (${defectives}) ≤ inspectés (${inspected}) ≤ n (${plan.sampleSize}).`
		);
	}
	const decision = defectives > plan.acceptanceNumber ? 'rejected' : inspected === plan.sampleSize ? 'accepted' : 'pending';
	return { decision, defectives, inspected, plan };
}
