/**
 * The standard normal distribution: quantile and cumulative distribution function.
 *
 * Quantile: Wichura, M. J. (1988), "Algorithm AS 241: The percentage points of the normal distribution",
 * Applied Statistics 37(3): 477–484, routine PPND16 (about 1e-16 relative accuracy): a rational function of
 * (p − ½)² in the centre, and of √(−ln p) in two tail pieces. Written from the published algorithm.
 *
 * CDF: Φ(x) = ½·erfc(−x/√2), with erfc from two expansions that need no fitted constants, so that the tests
 * can check the quantile against an independent computation: the series
 * erf(t) = (2/√π)·e^(−t²)·Σ 2ⁿ t^(2n+1) / (1·3·…·(2n+1)) (all terms positive, no cancellation) below
 * t = 1.2, where erfc = 1 − erf is still ≥ 0.09 so the subtraction costs no precision, and the Laplace
 * continued fraction of erfc (modified Lentz, ≤ ~135 terms from t = 1.2) above, which keeps full relative
 * precision far in the tail (about 1e-15; e^(−t²) itself limits it to ~t²·1e-16 beyond).
 */

// AS 241, PPND16: |p − ½| ≤ 0.425, polynomials in r = 0.180625 − q².
const A = [
	3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
	45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727
];
const B = [
	1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867,
	39307.89580009271061, 28729.085735721942674, 5226.495278852854561
];
// Tail, r = √(−ln min(p, 1 − p)) ≤ 5: polynomials in r − 1.6.
const C = [
	1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
	1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4
];
const D = [
	1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
	0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9
];
// Far tail, r > 5 (p < about 1.4e-11): polynomials in r − 5.
const E = [
	6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
	0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7
];
const F = [
	1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4,
	1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15
];

/** c[0] + c[1]·x + … + c[7]·x⁷ (Horner). */
function poly(c: readonly number[], x: number): number {
	let s = c[7];
	for (let i = 6; i >= 0; i--) s = s * x + c[i];
	return s;
}

/**
 * The p-quantile of the standard normal distribution: the z with Φ(z) = p (Wichura's AS 241).
 * `normalQuantile(0.975)` = 1.959963984540054. p = 0 → −∞, p = 1 → +∞; p outside [0, 1] or NaN → NaN.
 */
export function normalQuantile(p: number): number {
	if (!(p >= 0 && p <= 1)) return NaN;
	if (p === 0) return -Infinity;
	if (p === 1) return Infinity;
	const q = p - 0.5;
	if (Math.abs(q) <= 0.425) {
		const r = 0.180625 - q * q;
		return (q * poly(A, r)) / poly(B, r);
	}
	let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
	let z: number;
	if (r <= 5) {
		r -= 1.6;
		z = poly(C, r) / poly(D, r);
	} else {
		r -= 5;
		z = poly(E, r) / poly(F, r);
	}
	return q < 0 ? -z : z;
}

const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π
const ONE_OVER_SQRT_PI = 0.5641895835477563; // 1/√π

/** erfc(t) for t ≥ 0. */
function erfcNonNegative(t: number): number {
	if (t < 1.2) {
		// erf(t) = (2/√π) e^(−t²) Σ_n 2ⁿ t^(2n+1) / (2n+1)!!  — every term positive.
		const t2 = t * t;
		let term = t;
		let sum = t;
		for (let n = 1; n < 200; n++) {
			term *= (2 * t2) / (2 * n + 1);
			sum += term;
			if (term < sum * 1e-17) break;
		}
		return 1 - TWO_OVER_SQRT_PI * Math.exp(-t2) * sum;
	}
	// erfc(t) = e^(−t²)/√π · 1/(t + (1/2)/(t + 1/(t + (3/2)/(t + 2/(t + …))))), modified Lentz.
	const tiny = 1e-300;
	let f = t;
	let c = t;
	let d = 0;
	for (let k = 1; k < 500; k++) {
		const a = k / 2;
		d = t + a * d;
		d = d === 0 ? tiny : 1 / d;
		c = t + a / c;
		if (c === 0) c = tiny;
		const delta = c * d;
		f *= delta;
		if (Math.abs(delta - 1) < 1e-16) break;
	}
	return (ONE_OVER_SQRT_PI * Math.exp(-t * t)) / f;
}

/** The complementary error function erfc(x) = 1 − erf(x). */
export function erfc(x: number): number {
	if (Number.isNaN(x)) return NaN;
	return x >= 0 ? erfcNonNegative(x) : 2 - erfcNonNegative(-x);
}

/** Φ(x), the cumulative distribution function of the standard normal distribution. */
export function normalCdf(x: number): number {
	if (Number.isNaN(x)) return NaN;
	// Φ(x) = ½ erfc(−x/√2); for x < 0 the argument is positive and erfc keeps its relative precision.
	return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * The two-sided critical value for a confidence level: `zForConfidence(0.95)` = 1.959963984540054.
 * @throws RangeError when the level is not strictly between 0 and 1 (a programming error, not user input)
 */
export function zForConfidence(level: number): number {
	if (!(level > 0 && level < 1)) throw new RangeError(`Confidence level must be in (0, 1), got ${level}.`);
	return normalQuantile(1 - (1 - level) / 2);
}
