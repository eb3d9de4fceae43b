/**
 * Accuracy and area from an error matrix of sample counts, when the sample was stratified by map class
 * (or was a simple random or systematic sample, post-stratified by map class).
 *
 * Olofsson, P., Foody, G. M., Herold, M., Stehman, S. V., Woodcock, C. E., Wulder, M. A. (2014). Good
 * practices for estimating area and assessing accuracy of land change. Remote Sensing of Environment 148:
 * 42–57 (the stratified estimators of its analysis section, applied in its section 5 example):
 * - W_i = mapped share of class i; p̂_ij = W_i·n_ij/n_i·; area share of class k p̂_·k = Σ_i p̂_ik;
 * - overall accuracy Ô = Σ_j p̂_jj, V̂(Ô) = Σ_i W_i² Û_i(1 − Û_i)/(n_i· − 1);
 * - user's accuracy Û_i = p̂_ii/p̂_i·, V̂(Û_i) = Û_i(1 − Û_i)/(n_i· − 1);
 * - producer's accuracy P̂_j = p̂_jj/p̂_·j, V̂(P̂_j) by the paper’s eq. 7;
 * - S(p̂_·k) = √(Σ_i W_i² (n_ik/n_i·)(1 − n_ik/n_i·)/(n_i· − 1)); area Â_k = A·p̂_·k and S(Â_k) = A·S(p̂_·k), in
 *   the unit of the mapped areas;
 * - 95 % interval: estimate ± 1.96·SE.
 * No finite population correction, as in the paper (the sample is a negligible share of the pixels, and a
 * point sample in continuous space has none). These formulas are the special case of Stehman (2014) with
 * strata = map classes; stehman.test.ts checks both agree.
 */
import { StatsInputError } from './errors.ts';
import { Z95, byName, estimateOf, missing, type AccuracyFigures, type Estimate } from './estimate.ts';

export interface ErrorMatrixInput {
	/** Class names, in the order of the rows (map classes, which are the strata) and of the columns (reference). */
	classes: readonly string[];
	/** counts[i][j] = number of sample points mapped as classes[i] whose reference class is classes[j]. */
	counts: ArrayLike<ArrayLike<number>>;
	/** Mapped area of each class (any unit: ha, m², pixels); estimated areas come back in the same unit. */
	mappedAreas: ArrayLike<number>;
	/** Critical value for `ci95` (default 1.96, as in the paper). */
	z?: number;
}

/** The figures of {@link AccuracyFigures}, plus what the stratification by map class tells directly. */
export interface AccuracyAssessment extends AccuracyFigures {
	mappedAreas: Record<string, number>;
	/** Sample points per map class (n_i·). */
	sampleSizes: Record<string, number>;
}

const err = (code: string, en: string, fr: string) => new StatsInputError(code, { en, fr });

/** Checks the class list: non-empty, no duplicates. */
export function checkClassNames(classes: readonly string[]): void {
	if (classes.length === 0) throw err('no_classes', 'No class given.', 'Aucune classe fournie.');
	const seen = new Set<string>();
	for (const c of classes) {
		if (seen.has(c)) throw err('duplicate_class', `Class “${c}” is listed twice.`, `La classe « ${c} » figure deux fois.`);
		seen.add(c);
	}
}

/**
 * Accuracy and area estimates from an error matrix of sample counts stratified by map class
 * (Olofsson et al. 2014). Never throws on a design that is valid but thin: figures that cannot be estimated
 * are `null` with a reason (no point in a class with area, one point in a stratum, a class absent from the
 * reference).
 * @throws StatsInputError when the matrix is not square, a count is not a non-negative integer, an area is
 *   negative or not a number, or the total mapped area is 0
 */
export function accuracyFromErrorMatrix(input: ErrorMatrixInput): AccuracyAssessment {
	const { classes } = input;
	const z = input.z ?? Z95;
	checkClassNames(classes);
	const k = classes.length;
	if (input.counts.length !== k) {
		throw err(
			'matrix_not_square',
			`The error matrix has ${input.counts.length} rows for ${k} classes: it must be square.`,
			`La matrice de confusion a ${input.counts.length} lignes pour ${k} classes : elle doit être carrée.`
		);
	}
	const n = new Float64Array(k * k);
	const rowN = new Float64Array(k);
	const colN = new Float64Array(k);
	for (let i = 0; i < k; i++) {
		const row = input.counts[i];
		if (row.length !== k) {
			throw err(
				'matrix_not_square',
				`Row “${classes[i]}” of the error matrix has ${row.length} columns for ${k} classes: it must be square.`,
				`La ligne « ${classes[i]} » de la matrice de confusion a ${row.length} colonnes pour ${k} classes : elle doit être carrée.`
			);
		}
		for (let j = 0; j < k; j++) {
			const c = row[j];
			if (!(Number.isInteger(c) && c >= 0)) {
				throw err(
					'bad_count',
					`Count (${classes[i]}, ${classes[j]}) must be a whole number ≥ 0, got ${c}.`,
					`L’effectif (${classes[i]}, ${classes[j]}) doit être un entier ≥ 0 ; reçu ${c}.`
				);
			}
			n[i * k + j] = c;
			rowN[i] += c;
			colN[j] += c;
		}
	}
	if (input.mappedAreas.length !== k) {
		throw err(
			'areas_mismatch',
			`${input.mappedAreas.length} mapped areas for ${k} classes.`,
			`${input.mappedAreas.length} surfaces cartographiées pour ${k} classes.`
		);
	}
	let total = 0;
	for (let i = 0; i < k; i++) {
		const a = input.mappedAreas[i];
		if (!(Number.isFinite(a) && a >= 0)) {
			throw err(
				'bad_area',
				`The mapped area of “${classes[i]}” must be a number ≥ 0, got ${a}.`,
				`La surface cartographiée de « ${classes[i]} » doit être un nombre ≥ 0 ; reçu ${a}.`
			);
		}
		total += a;
	}
	if (!(total > 0)) throw err('no_mapped_area', 'The total mapped area is 0.', 'La surface cartographiée totale est nulle.');

	const W = new Float64Array(k);
	for (let i = 0; i < k; i++) W[i] = input.mappedAreas[i] / total;

	// Strata that make population-level figures impossible (no point) or their variances (one point).
	// A stratum of zero area weighs nothing, whatever its sample.
	let emptyStratum = false;
	let onePointStratum = false;
	for (let i = 0; i < k; i++) {
		if (W[i] === 0) continue;
		if (rowN[i] === 0) emptyStratum = true;
		else if (rowN[i] === 1) onePointStratum = true;
	}

	// p̂_ij and p̂_·j.
	const p = new Float64Array(k * k);
	const colP = new Float64Array(k);
	for (let i = 0; i < k; i++) {
		if (rowN[i] === 0) continue;
		for (let j = 0; j < k; j++) {
			const v = (W[i] * n[i * k + j]) / rowN[i];
			p[i * k + j] = v;
			colP[j] += v;
		}
	}
	/** W_i² (n_ik/n_i)(1 − n_ik/n_i)/(n_i − 1): stratum i's share of the variance of an indicator mean. */
	const term = (i: number, kk: number): number => {
		if (W[i] === 0) return 0;
		const f = n[i * k + kk] / rowN[i];
		return (W[i] * W[i] * f * (1 - f)) / (rowN[i] - 1);
	};
	const varOrNull = (v: number) => (onePointStratum ? null : v);

	// Overall accuracy.
	let overall: Estimate;
	if (emptyStratum) overall = missing('empty_stratum');
	else {
		let o = 0;
		let v = 0;
		for (let i = 0; i < k; i++) {
			o += p[i * k + i];
			if (W[i] > 0) v += term(i, i); // U_i(1 − U_i)/(n_i − 1) with U_i = n_ii/n_i
		}
		overall = estimateOf(o, varOrNull(v), z);
	}

	// User's accuracy: within one stratum, so only that stratum's sample matters.
	const users: Estimate[] = [];
	for (let i = 0; i < k; i++) {
		if (rowN[i] === 0) users.push(missing('class_never_mapped'));
		else {
			const u = n[i * k + i] / rowN[i];
			users.push(estimateOf(u, rowN[i] > 1 ? (u * (1 - u)) / (rowN[i] - 1) : null, z));
		}
	}

	// Producer's accuracy (eq. 7 written with W_i instead of N_i·, which divides out).
	const producers: Estimate[] = [];
	for (let j = 0; j < k; j++) {
		if (emptyStratum) producers.push(missing('empty_stratum'));
		else if (colP[j] === 0) producers.push(missing('class_never_in_reference'));
		else {
			const P = p[j * k + j] / colP[j];
			let v = 0;
			if (W[j] > 0) v += (1 - P) * (1 - P) * term(j, j);
			let others = 0;
			for (let i = 0; i < k; i++) if (i !== j) others += term(i, j);
			v = (v + P * P * others) / (colP[j] * colP[j]);
			producers.push(estimateOf(P, varOrNull(v), z));
		}
	}

	// Area of each reference class.
	const areaProportions: Estimate[] = [];
	const areas: Estimate[] = [];
	for (let j = 0; j < k; j++) {
		if (emptyStratum) {
			areaProportions.push(missing('empty_stratum'));
			areas.push(missing('empty_stratum'));
			continue;
		}
		let v = 0;
		for (let i = 0; i < k; i++) v += term(i, j);
		areaProportions.push(estimateOf(colP[j], varOrNull(v), z));
		areas.push(estimateOf(colP[j] * total, varOrNull(v * total * total), z));
	}

	const proportions: (number[] | null)[] = [];
	for (let i = 0; i < k; i++) {
		proportions.push(rowN[i] === 0 && W[i] > 0 ? null : Array.from(p.subarray(i * k, (i + 1) * k)));
	}

	return {
		classes: [...classes],
		totalArea: total,
		overall,
		users: byName(classes, users),
		producers: byName(classes, producers),
		areaProportions: byName(classes, areaProportions),
		areas: byName(classes, areas),
		mappedAreas: byName(classes, Array.from(input.mappedAreas)),
		sampleSizes: byName(classes, Array.from(rowN)),
		proportions
	};
}

/**
 * The error matrix of sample counts from paired labels: counts[i][j] = points whose map label is classes[i]
 * and reference label classes[j]. Labels are indices into `classes` (typed arrays welcome: one pass, no
 * allocation per point).
 * @throws StatsInputError when the two label lists differ in length or a label is not a class index
 */
export function countErrorMatrix(classCount: number, map: ArrayLike<number>, reference: ArrayLike<number>): number[][] {
	if (map.length !== reference.length) {
		throw err(
			'labels_mismatch',
			`${map.length} map labels for ${reference.length} reference labels.`,
			`${map.length} classes cartographiées pour ${reference.length} classes de référence.`
		);
	}
	const k = classCount;
	const flat = new Float64Array(k * k);
	for (let u = 0; u < map.length; u++) {
		const i = map[u];
		const j = reference[u];
		if (!(i >= 0 && i < k && j >= 0 && j < k && Number.isInteger(i) && Number.isInteger(j))) {
			throw err('unknown_class', `Point ${u} has an unknown class.`, `Le point ${u} a une classe inconnue.`);
		}
		flat[i * k + j]++;
	}
	const out: number[][] = [];
	for (let i = 0; i < k; i++) out.push(Array.from(flat.subarray(i * k, (i + 1) * k)));
	return out;
}
