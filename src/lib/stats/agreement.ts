/**
 * Agreement between reviewers on nominal categories (tile verdicts, point labels).
 *
 * - Two reviewers: Cohen's kappa, κ = (p_o − p_e)/(1 − p_e) (Cohen 1960), with the large-sample variance of
 *   Fleiss, Cohen & Everitt (1969), "Large sample standard errors of kappa and weighted kappa", Psychological
 *   Bulletin 72: 323–327 — the one used for the interval — and their variance under κ = 0 for the z test.
 * - Several reviewers, any of them on any item: Fleiss' kappa (Fleiss 1971, "Measuring nominal scale
 *   agreement among many raters", Psychological Bulletin 76: 378–382). When items have different numbers of
 *   ratings (reviewers skip tiles), the generalisation of Gwet (2014, Handbook of Inter-Rater Reliability,
 *   4th ed.) is used: observed agreement averaged over items rated at least twice, category shares p_k the
 *   mean over rated items of each item's share r_ik/r_i; with the same number of ratings everywhere it is
 *   exactly Fleiss (1971). Its standard error is Gwet's linearisation (Gwet 2008, British Journal of
 *   Mathematical and Statistical Psychology 61: 29–48), valid whatever the number of ratings per item; the
 *   SE under κ = 0 (Fleiss, Nee & Landis 1979, Psychological Bulletin 86: 974–977) and the per-category
 *   kappas' null SEs assume a constant number of ratings and are null otherwise.
 * - Per-category kappa: the kappa of the two-category table "this category / any other" (Fleiss 1971, eq. for
 *   κ_j); overall κ is their average weighted by p_j·q_j when ratings per item are constant.
 */
import { StatsInputError } from './errors.ts';
import { Z95, estimateOf, missing, type Estimate } from './estimate.ts';

export interface KappaResult extends Estimate {
	/** Proportion of agreement observed (p_o, or P̄ for several reviewers). */
	observedAgreement: number | null;
	/** Proportion of agreement expected by chance (p_e, or P̄_e). */
	chanceAgreement: number | null;
	/** Standard error under the hypothesis κ = 0 (for the z test), when defined. */
	seNull: number | null;
	/** κ / seNull: the z statistic of the test of κ = 0. */
	zStatistic: number | null;
	/** Items the kappa rests on (pairs for two reviewers; items with ≥ 1 rating for several). */
	items: number;
}

const err = (code: string, en: string, fr: string) => new StatsInputError(code, { en, fr });

function checkCount(v: number, where: string): void {
	if (!(Number.isInteger(v) && v >= 0)) {
		throw err('bad_count', `${where} must be a whole number ≥ 0, got ${v}.`, `${where} : un entier ≥ 0 est attendu ; reçu ${v}.`);
	}
}

/**
 * Cohen's kappa from the square table of two reviewers' ratings: table[i][j] = items the first reviewer put
 * in category i and the second in category j. Undefined figures are `null` with a reason (no item; every
 * rating in a single category).
 * @throws StatsInputError when the table is not square or holds something else than counts
 */
export function cohenKappa(table: ArrayLike<ArrayLike<number>>, options: { z?: number } = {}): KappaResult {
	const z = options.z ?? Z95;
	const k = table.length;
	let n = 0;
	for (let i = 0; i < k; i++) {
		if (table[i].length !== k) {
			throw err('matrix_not_square', `The agreement table must be square: row ${i + 1} has ${table[i].length} cells for ${k} rows.`, `Le tableau d’accord doit être carré : la ligne ${i + 1} a ${table[i].length} cases pour ${k} lignes.`);
		}
		for (let j = 0; j < k; j++) {
			checkCount(table[i][j], `Cell (${i + 1}, ${j + 1})`);
			n += table[i][j];
		}
	}
	const none = (reason: 'no_data' | 'chance_agreement_is_one', po: number | null = null, pe: number | null = null): KappaResult => ({
		...missing(reason),
		observedAgreement: po,
		chanceAgreement: pe,
		seNull: null,
		zStatistic: null,
		items: n
	});
	if (n === 0) return none('no_data');
	const row = new Float64Array(k);
	const col = new Float64Array(k);
	let po = 0;
	for (let i = 0; i < k; i++) {
		for (let j = 0; j < k; j++) {
			const p = table[i][j] / n;
			row[i] += p;
			col[j] += p;
		}
		po += table[i][i] / n;
	}
	let pe = 0;
	for (let i = 0; i < k; i++) pe += row[i] * col[i];
	if (pe >= 1 - 1e-15) return none('chance_agreement_is_one', po, pe);
	const kappa = (po - pe) / (1 - pe);

	// Fleiss, Cohen & Everitt (1969): var(κ̂) = (A + B − C) / (n (1 − p_e)²).
	let A = 0;
	let B = 0;
	let nullSum = 0;
	for (let i = 0; i < k; i++) {
		const t = 1 - (row[i] + col[i]) * (1 - kappa);
		A += (table[i][i] / n) * t * t;
		for (let j = 0; j < k; j++) {
			if (j === i) continue;
			const s = col[i] + row[j];
			B += (table[i][j] / n) * s * s;
		}
		nullSum += row[i] * col[i] * (row[i] + col[i]);
	}
	B *= (1 - kappa) * (1 - kappa);
	const C = (kappa - pe * (1 - kappa)) ** 2;
	const scale = n * (1 - pe) * (1 - pe);
	const variance = (A + B - C) / scale;
	const varianceNull = (pe + pe * pe - nullSum) / scale;
	const seNull = Math.sqrt(Math.max(0, varianceNull));
	return {
		...estimateOf(kappa, variance, z),
		observedAgreement: po,
		chanceAgreement: pe,
		seNull,
		zStatistic: seNull > 0 ? kappa / seNull : null,
		items: n
	};
}

/**
 * Cohen's kappa from two reviewers' labels of the same items (category indices 0…categories−1; a negative
 * index or NaN means "not rated", and the item is left out).
 */
export function cohenKappaFromLabels(first: ArrayLike<number>, second: ArrayLike<number>, categories: number, options: { z?: number } = {}): KappaResult {
	if (first.length !== second.length) {
		throw err('labels_mismatch', `${first.length} labels for one reviewer, ${second.length} for the other.`, `${first.length} avis pour un relecteur, ${second.length} pour l’autre.`);
	}
	const flat = new Float64Array(categories * categories);
	for (let u = 0; u < first.length; u++) {
		const a = first[u];
		const b = second[u];
		if (!(a >= 0 && b >= 0)) continue;
		if (!(a < categories && b < categories && Number.isInteger(a) && Number.isInteger(b))) {
			throw err('unknown_category', `Item ${u + 1} has an unknown category.`, `L’élément ${u + 1} a une catégorie inconnue.`);
		}
		flat[a * categories + b]++;
	}
	const table: Float64Array[] = [];
	for (let i = 0; i < categories; i++) table.push(flat.subarray(i * categories, (i + 1) * categories));
	return cohenKappa(table, options);
}

export interface CategoryKappa {
	/** Kappa of "this category / any other"; null when nobody or everybody used the category. */
	kappa: number | null;
	/** SE under κ_j = 0 (Fleiss 1971): √(2/(n·m·(m − 1))), constant number m of ratings only. */
	seNull: number | null;
	/** The category's share of the ratings (p_j). */
	share: number;
	reason?: 'chance_agreement_is_one' | 'fewer_than_two_ratings';
}

export interface FleissKappaResult extends KappaResult {
	/** The number of ratings per item when it is the same for every rated item, else null. */
	ratingsPerItem: number | null;
	/** Items rated at least twice (the ones that carry agreement). */
	itemsRatedTwice: number;
	/** Per-category kappa, in the order of the columns. */
	categories: CategoryKappa[];
}

/**
 * Fleiss' kappa for any number of reviewers: counts[i][j] = number of reviewers who put item i in category j.
 * Items may have different numbers of ratings (see the module comment); items with a single rating count
 * in the category shares only, items with none are ignored. Undefined figures are `null` with a reason
 * (no item rated twice — e.g. a single reviewer —, every rating in one category).
 * @throws StatsInputError when rows differ in length or hold something else than counts
 */
export function fleissKappa(counts: ArrayLike<ArrayLike<number>>, options: { z?: number } = {}): FleissKappaResult {
	const z = options.z ?? Z95;
	const items = counts.length;
	const K = items > 0 ? counts[0].length : 0;
	// Pass 1: per item r_i; category shares π_k = mean_i x_ik/r_i over rated items; observed agreement.
	const r = new Float64Array(items);
	const pi = new Float64Array(K);
	const disagree = new Float64Array(K); // Σ_i x_ik (r_i − x_ik) / (r_i (r_i − 1)), items rated twice
	let n = 0;
	let n2 = 0;
	let paSum = 0;
	let constantR = -1;
	for (let i = 0; i < items; i++) {
		const row = counts[i];
		if (row.length !== K) {
			throw err('ragged_counts', `Item ${i + 1} has ${row.length} categories, the first item ${K}.`, `L’élément ${i + 1} a ${row.length} catégories, le premier ${K}.`);
		}
		let ri = 0;
		for (let k = 0; k < K; k++) {
			checkCount(row[k], `Item ${i + 1}, category ${k + 1}`);
			ri += row[k];
		}
		r[i] = ri;
		if (ri === 0) continue;
		n++;
		constantR = constantR === -1 ? ri : constantR === ri ? ri : -2;
		for (let k = 0; k < K; k++) pi[k] += row[k] / ri;
		if (ri >= 2) {
			n2++;
			const pairs = ri * (ri - 1);
			let same = 0;
			for (let k = 0; k < K; k++) {
				const x = row[k];
				same += x * (x - 1);
				disagree[k] += (x * (ri - x)) / pairs;
			}
			paSum += same / pairs;
		}
	}
	for (let k = 0; k < K; k++) pi[k] = n > 0 ? pi[k] / n : 0;
	const m = constantR > 0 ? constantR : null;

	const categories: CategoryKappa[] = [];
	for (let k = 0; k < K; k++) {
		const pq = pi[k] * (1 - pi[k]);
		if (n2 === 0) categories.push({ kappa: null, seNull: null, share: pi[k], reason: 'fewer_than_two_ratings' });
		else if (!(pq > 1e-15)) categories.push({ kappa: null, seNull: null, share: pi[k], reason: 'chance_agreement_is_one' });
		else {
			// 1 − P̄_(k) = (2/n2) Σ x(r − x)/(r(r − 1)); 1 − P̄e_(k) = 2 p q.
			categories.push({
				kappa: 1 - disagree[k] / n2 / pq,
				seNull: m !== null && m >= 2 ? Math.sqrt(2 / (n * m * (m - 1))) : null,
				share: pi[k]
			});
		}
	}

	const base = { ratingsPerItem: m, itemsRatedTwice: n2, categories, items: n };
	if (n2 === 0) {
		return { ...missing('fewer_than_two_ratings'), observedAgreement: null, chanceAgreement: null, seNull: null, zStatistic: null, ...base };
	}
	let pe = 0;
	let sumPQ = 0;
	let sumPQQP = 0;
	for (let k = 0; k < K; k++) {
		pe += pi[k] * pi[k];
		const pq = pi[k] * (1 - pi[k]);
		sumPQ += pq;
		sumPQQP += pq * (1 - 2 * pi[k]);
	}
	const pa = paSum / n2;
	if (pe >= 1 - 1e-15) {
		return { ...missing('chance_agreement_is_one'), observedAgreement: pa, chanceAgreement: pe, seNull: null, zStatistic: null, ...base };
	}
	const kappa = (pa - pe) / (1 - pe);

	// Pass 2, Gwet (2008): κ*_i = (n/n2)(pa_i − pe·[r_i ≥ 2])/(1 − pe) − 2(1 − κ)(pe_i − pe)/(1 − pe),
	// pe_i = Σ_k x_ik π_k / r_i;  var(κ̂) = Σ_i (κ*_i − κ)² / (n (n − 1)).
	let variance: number | null = null;
	if (n > 1) {
		let ss = 0;
		for (let i = 0; i < items; i++) {
			const ri = r[i];
			if (ri === 0) continue;
			const row = counts[i];
			let same = 0;
			let pei = 0;
			for (let k = 0; k < K; k++) {
				same += row[k] * (row[k] - 1);
				pei += row[k] * pi[k];
			}
			pei /= ri;
			const kappaI = ri >= 2 ? ((n / n2) * (same / (ri * (ri - 1)) - pe)) / (1 - pe) : 0;
			const d = kappaI - (2 * (1 - kappa) * (pei - pe)) / (1 - pe) - kappa;
			ss += d * d;
		}
		variance = ss / (n * (n - 1));
	}

	// Fleiss, Nee & Landis (1979), constant m ratings per item: var₀ = 2[(Σpq)² − Σpq(q − p)] / (n m (m − 1) (Σpq)²).
	let seNull: number | null = null;
	if (m !== null && m >= 2 && sumPQ > 0) {
		const v0 = (2 * (sumPQ * sumPQ - sumPQQP)) / (n * m * (m - 1) * sumPQ * sumPQ);
		seNull = Math.sqrt(Math.max(0, v0));
	}
	return {
		...estimateOf(kappa, variance, z, 'single_item'),
		observedAgreement: pa,
		chanceAgreement: pe,
		seNull,
		zStatistic: seNull !== null && seNull > 0 ? kappa / seNull : null,
		...base
	};
}

/**
 * The counts table of {@link fleissKappa} from raw ratings: ratings[i] lists the category indices given to
 * item i (one per reviewer; negative or NaN = not rated).
 */
export function ratingCounts(ratings: ArrayLike<ArrayLike<number>>, categories: number): Float64Array[] {
	const out: Float64Array[] = [];
	for (let i = 0; i < ratings.length; i++) {
		const row = new Float64Array(categories);
		const given = ratings[i];
		for (let t = 0; t < given.length; t++) {
			const c = given[t];
			if (!(c >= 0)) continue;
			if (!(c < categories && Number.isInteger(c))) {
				throw err('unknown_category', `Item ${i + 1} has an unknown category.`, `L’élément ${i + 1} a une catégorie inconnue.`);
			}
			row[c]++;
		}
		out.push(row);
	}
	return out;
}
