/**
 * The positional acceptance criteria a contract names — « precision class ≤ N cm » (decree of
 * 16 September 2003) and « RMSE radial ≤ x » — evaluated on a campaign's checkpoint residuals. Pure:
 * the server gathers the evidence (kept measures, what is still open), this module decides and says why,
 * in both languages.
 *
 * Three answers, never a guess:
 * - `cannot_tell` while the evidence is incomplete: fewer than 2 checkpoints with a kept measure (one
 *   point has no spread; the CLI contract refuses it too), measures still awaiting the manager's
 *   decision, or surveyed checkpoints nobody has pointed yet. Deciding on part of the points would let
 *   the order of the work decide the acceptance;
 * - `met` / `not_met` otherwise, with the figures the decision rests on.
 * A criterion met on fewer points than NSSDA asks for (20) carries a `caveat`, not another answer: the
 * contract, not this module, says how many points it takes.
 */
import { decreeTest, NSSDA_MIN_CHECKPOINTS, offsetStats, type Offset } from './positional.ts';

/** A text in both UI languages. */
export interface Localized {
	en: string;
	fr: string;
}

export type PositionalCriterion =
	/** The decree's class test for a class of `classCm` centimetres (planimetry), with safety coefficient C (default 2). */
	| { kind: 'precision_class'; classCm: number; safety?: number }
	/** RMSE_r = √(RMSE_x² + RMSE_y²) at most `maxMetres`. */
	| { kind: 'rmse_radial'; maxMetres: number };

export interface PositionalEvidence {
	/** One residual per checkpoint with at least one kept measure (map position = mean of its kept measures). */
	residuals: readonly Offset[];
	/** Measures still awaiting the manager's keep / reject. */
	pendingMeasures: number;
	/** Surveyed checkpoints without any measure yet. */
	unpointedCheckpoints: number;
	/** Ground pixel size of the orthophoto, metres: the decree's class cannot be better (article 8.2). */
	pixelSize?: number | null;
}

export type CriterionStatus = 'met' | 'not_met' | 'cannot_tell';

export interface CriterionResult {
	status: CriterionStatus;
	/** The figure compared (RMSE_r, or the mean deviation of the decree's test), metres; null when not computed. */
	value: number | null;
	why: Localized;
	/** A limit of the evidence worth saying even when the answer is met / not met. */
	caveat: Localized | null;
}

const cm = (metres: number, locale: 'en' | 'fr') =>
	`${new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 2 }).format(metres * 100)} cm`;

/** Why the evidence cannot decide yet, or null when it can. */
function incomplete(e: PositionalEvidence): Localized | null {
	const parts: Localized[] = [];
	const n = e.residuals.length;
	if (n < 2) {
		parts.push({
			en: `${n} checkpoint${n === 1 ? ' has' : 's have'} a kept measure; at least 2 are needed`,
			fr: `${n} point${n > 1 ? 's' : ''} de contrôle ${n > 1 ? 'ont' : 'a'} une mesure retenue ; il en faut au moins 2`
		});
	}
	if (e.pendingMeasures > 0) {
		const p = e.pendingMeasures;
		parts.push({
			en: `${p} measure${p === 1 ? ' awaits' : 's await'} the manager's decision`,
			fr: `${p} mesure${p > 1 ? 's attendent' : ' attend'} la décision du gestionnaire`
		});
	}
	if (e.unpointedCheckpoints > 0) {
		const u = e.unpointedCheckpoints;
		parts.push({
			en: `${u} checkpoint${u === 1 ? ' has' : 's have'} not been pointed yet`,
			fr: `${u} point${u > 1 ? 's' : ''} de contrôle ${u > 1 ? 'n’ont' : 'n’a'} pas encore été pointé${u > 1 ? 's' : ''}`
		});
	}
	if (!parts.length) return null;
	return { en: `Cannot tell yet: ${parts.map((p) => p.en).join('; ')}.`, fr: `Impossible de conclure pour l’instant : ${parts.map((p) => p.fr).join(' ; ')}.` };
}

function caveatOf(n: number): Localized | null {
	if (n >= NSSDA_MIN_CHECKPOINTS) return null;
	return {
		en: `Decided on ${n} checkpoints, fewer than the ${NSSDA_MIN_CHECKPOINTS} NSSDA asks for.`,
		fr: `Décidé sur ${n} points de contrôle, moins que les ${NSSDA_MIN_CHECKPOINTS} demandés par la NSSDA.`
	};
}

/**
 * Evaluate one criterion on the evidence.
 * @throws RangeError for a criterion that cannot be evaluated at all (a class or a limit ≤ 0, C < 2).
 */
export function evaluatePositionalCriterion(criterion: PositionalCriterion, evidence: PositionalEvidence): CriterionResult {
	if (criterion.kind === 'precision_class' && !(criterion.classCm > 0)) throw new RangeError(`A precision class must be a positive number of centimetres, got ${criterion.classCm}.`);
	if (criterion.kind === 'rmse_radial' && !(criterion.maxMetres > 0)) throw new RangeError(`An RMSE limit must be a positive number of metres, got ${criterion.maxMetres}.`);
	const open = incomplete(evidence);
	if (open) return { status: 'cannot_tell', value: null, why: open, caveat: null };
	const n = evidence.residuals.length;
	const caveat = caveatOf(n);
	if (criterion.kind === 'rmse_radial') {
		const { rmseR } = offsetStats(evidence.residuals);
		const met = rmseR <= criterion.maxMetres;
		const [op, opFr] = met ? ['≤', '≤'] : ['>', '>'];
		return {
			status: met ? 'met' : 'not_met',
			value: rmseR,
			why: {
				en: `Radial RMSE ${cm(rmseR, 'en')} ${op} ${cm(criterion.maxMetres, 'en')} on ${n} checkpoints.`,
				fr: `EMQ radiale ${cm(rmseR, 'fr')} ${opFr} ${cm(criterion.maxMetres, 'fr')} sur ${n} points de contrôle.`
			},
			caveat
		};
	}
	const classCm = criterion.classCm;
	const test = decreeTest(
		evidence.residuals.map((r) => r.distance),
		classCm,
		{ safety: criterion.safety ?? 2 }
	);
	const pixel = evidence.pixelSize ?? null;
	const classLabel = { en: `${classCm} cm class`, fr: `classe ${classCm} cm` };
	if (pixel !== null && classCm / 100 < pixel - 1e-9) {
		return {
			status: 'not_met',
			value: test.meanDeviation,
			why: {
				en: `The ${classLabel.en} is finer than the orthophoto's ${cm(pixel, 'en')} pixel: the decree (article 8.2) says a class cannot be better than the pixel size.`,
				fr: `La ${classLabel.fr} est plus fine que le pixel de ${cm(pixel, 'fr')} de l’orthophotographie : l’arrêté (article 8.2) dit que la classe ne peut être meilleure que la taille du pixel.`
			},
			caveat
		};
	}
	const conditions = {
		en: [
			`mean deviation ${cm(test.meanDeviation, 'en')} ${test.meanOk ? '<' : '≥'} ${cm(test.meanMax, 'en')}`,
			`${test.beyondT1} deviation${test.beyondT1 === 1 ? '' : 's'} above T1 = ${cm(test.t1, 'en')} (${test.allowedBeyondT1} allowed)`,
			`${test.beyondT2} above T2 = ${cm(test.t2, 'en')} (none allowed)`
		],
		fr: [
			`écart moyen ${cm(test.meanDeviation, 'fr')} ${test.meanOk ? '<' : '≥'} ${cm(test.meanMax, 'fr')}`,
			`${test.beyondT1} écart${test.beyondT1 > 1 ? 's' : ''} au-delà de T1 = ${cm(test.t1, 'fr')} (${test.allowedBeyondT1} admis)`,
			`${test.beyondT2} au-delà de T2 = ${cm(test.t2, 'fr')} (aucun admis)`
		]
	};
	return {
		status: test.pass ? 'met' : 'not_met',
		value: test.meanDeviation,
		why: {
			en: `Decree of 16 September 2003, ${classLabel.en}, ${n} checkpoints: ${test.pass ? 'passed' : 'failed'} (${conditions.en.join('; ')}).`,
			fr: `Arrêté du 16 septembre 2003, ${classLabel.fr}, ${n} points de contrôle : ${test.pass ? 'satisfaite' : 'non satisfaite'} (${conditions.fr.join(' ; ')}).`
		},
		caveat
	};
}
