/**
 * The automatic acceptance decision: each criterion of the campaign is met, not met, or cannot be told
 * yet (not enough data), with the reason in words; the decision follows from them.
 *
 * Decision rule (README, "Acceptance decision"):
 * 1. no criterion set → `pending`;
 * 2. any criterion not met → `rejected`;
 * 3. otherwise, no criterion met yet (all "cannot tell") → `pending`;
 * 4. otherwise, some criterion "cannot tell", or a reservation (a blocking defect the contractor answered
 *    without fixing it) → `accepted_with_reservations`;
 * 5. otherwise → `accepted`.
 *
 * Criteria on accuracy use the estimates from the control points and are told only once every point
 * has a reference class (labelled and, where reviewers tie, adjudicated), so a provisional figure never
 * decides. Thresholds compare the point estimate (what contracts write), except `overall_lower_bound`,
 * which compares the lower end of the 95 % confidence interval.
 * Positional criteria (precision class, radial RMSE) are told by stats/positional-criteria.ts on the
 * checkpoints' residuals, in the same spirit: only once every surveyed checkpoint is pointed and every
 * measure decided (at least 2 counted).
 * Pure: the server gathers the evidence, this module applies the rules (table-tested).
 */
import type { Localized } from '../stats/errors.ts';
import type { Estimate } from '../stats/estimate.ts';
import { decreeSmallestClassCm, offsetStats } from '../stats/positional.ts';
import { evaluatePositionalCriterion, type PositionalCriterion, type PositionalEvidence } from '../stats/positional-criteria.ts';
import type { AcceptanceCriteria, CriterionId } from './criteria.ts';

export type CriterionStatus = 'met' | 'not_met' | 'cannot_tell';
export type Outcome = 'accepted' | 'accepted_with_reservations' | 'rejected' | 'pending';

export interface AccuracyEvidence {
	/** Control points drawn. */
	points: number;
	/** Points still without a reference class (unlabelled, tied, only "cannot tell"). */
	withoutReference: number;
	overall: Estimate;
	/** User's accuracy per map class. */
	users: Record<string, Estimate>;
	/** Classes with mapped area: those "each class" is about. */
	mappedClasses: readonly string[];
}

export interface DecisionEvidence {
	/** null: no control points drawn. */
	accuracy: AccuracyEvidence | null;
	/** Blocking defects: all of them, those left (not fixed), those answered without a fix. */
	blocking: { total: number; left: number; answeredNotFixed: number };
	/** Review tiles, and those whose review is finished (reviewed or validated). */
	review: { tiles: number; finished: number };
	/** Review tiles with a verdict (consensus other than "cannot tell"), and rejected ones among them. */
	verdicts: { withVerdict: number; rejected: number };
	/** The sampling plan's inspected tiles so far (those of its draw with a verdict) and rejected ones. */
	plan: { inspected: number; defectives: number } | null;
	/** The checkpoints' residuals and what is still open; null: the campaign has no checkpoints. */
	positional: PositionalEvidence | null;
}

export interface CriterionResult {
	id: CriterionId;
	status: CriterionStatus;
	/** The threshold set (a proportion, or c for the sampling plan). */
	threshold: number | null;
	/** The figure compared (a proportion, a count), when there is one. */
	value: number | null;
	why: Localized;
	/** Per-class results of the class criteria. */
	classes?: { code: string; status: CriterionStatus; value: number | null }[];
	/** Positional criteria: a limit of the evidence worth saying even when told (fewer points than NSSDA asks). */
	caveat?: Localized | null;
}

export interface Decision {
	outcome: Outcome;
	criteria: CriterionResult[];
	reservations: Localized[];
	why: Localized;
}

/** 0.9123 → "91.2 %" / "91,2 %". */
export function percent(p: number, locale: 'en' | 'fr'): string {
	const v = Math.round(p * 1000) / 10;
	const s = Number.isInteger(v) ? String(v) : v.toFixed(1);
	return `${locale === 'fr' ? s.replace('.', ',') : s} %`;
}
const both = (f: (l: 'en' | 'fr') => string): Localized => ({ en: f('en'), fr: f('fr') });

function accuracyNotReady(a: AccuracyEvidence | null): Localized | null {
	if (!a || a.points === 0) return { en: 'No control points have been drawn.', fr: 'Aucun point de contrôle n’a été tiré.' };
	if (a.withoutReference > 0) {
		return {
			en: `${a.withoutReference} of ${a.points} control points have no reference class yet (to label, or to adjudicate).`,
			fr: `${a.withoutReference} des ${a.points} points de contrôle n’ont pas encore de classe de référence (à étiqueter, ou à arbitrer).`
		};
	}
	return null;
}

function compare(value: number, threshold: number): CriterionStatus {
	// A hair of tolerance so that 0.9 computed as 0.8999999999 still meets 90 %.
	return value >= threshold - 1e-12 ? 'met' : 'not_met';
}

function overallAccuracy(threshold: number, a: AccuracyEvidence | null): CriterionResult {
	const id = 'overall_accuracy';
	const notReady = accuracyNotReady(a);
	if (notReady) return { id, status: 'cannot_tell', threshold, value: a?.overall.estimate ?? null, why: notReady };
	const e = a!.overall.estimate;
	if (e === null) return { id, status: 'cannot_tell', threshold, value: null, why: { en: 'Overall accuracy cannot be estimated from the sample.', fr: 'La précision globale ne peut pas être estimée à partir de l’échantillon.' } };
	const status = compare(e, threshold);
	return {
		id,
		status,
		threshold,
		value: e,
		why: both((l) =>
			l === 'en'
				? `Overall accuracy ${percent(e, l)} ${status === 'met' ? '≥' : '<'} ${percent(threshold, l)}.`
				: `Précision globale ${percent(e, l)} ${status === 'met' ? '≥' : '<'} ${percent(threshold, l)}.`
		)
	};
}

function overallLowerBound(threshold: number, a: AccuracyEvidence | null): CriterionResult {
	const id = 'overall_lower_bound';
	const notReady = accuracyNotReady(a);
	const o = a?.overall;
	const bound = o && o.estimate !== null && o.ci95 !== null ? o.estimate - o.ci95 : null;
	if (notReady) return { id, status: 'cannot_tell', threshold, value: bound, why: notReady };
	if (bound === null) {
		return {
			id,
			status: 'cannot_tell',
			threshold,
			value: null,
			why: { en: 'The confidence interval of overall accuracy cannot be estimated (a stratum has fewer than 2 points).', fr: 'L’intervalle de confiance de la précision globale ne peut pas être estimé (une strate a moins de 2 points).' }
		};
	}
	const status = compare(bound, threshold);
	return {
		id,
		status,
		threshold,
		value: bound,
		why: both((l) =>
			l === 'en'
				? `Lower 95 % bound of overall accuracy ${percent(bound, l)} ${status === 'met' ? '≥' : '<'} ${percent(threshold, l)}.`
				: `Borne basse à 95 % de la précision globale ${percent(bound, l)} ${status === 'met' ? '≥' : '<'} ${percent(threshold, l)}.`
		)
	};
}

function classUsers(id: 'each_class_users' | 'listed_classes_users', threshold: number, classes: readonly string[], a: AccuracyEvidence | null): CriterionResult {
	const notReady = accuracyNotReady(a);
	if (notReady) return { id, status: 'cannot_tell', threshold, value: null, why: notReady };
	const results = classes.map((code) => {
		const e = a!.users[code]?.estimate ?? null;
		return { code, value: e, status: (e === null ? 'cannot_tell' : compare(e, threshold)) as CriterionStatus };
	});
	const below = results.filter((r) => r.status === 'not_met');
	const unknown = results.filter((r) => r.status === 'cannot_tell');
	const lowest = results.reduce<number | null>((m, r) => (r.value === null ? m : m === null ? r.value : Math.min(m, r.value)), null);
	const list = (rs: typeof results, l: 'en' | 'fr') => rs.map((r) => (r.value === null ? r.code : `${r.code} ${percent(r.value, l)}`)).join(', ');
	if (classes.length === 0) {
		return { id, status: 'cannot_tell', threshold, value: null, classes: [], why: { en: 'No class to check.', fr: 'Aucune classe à vérifier.' } };
	}
	if (below.length > 0) {
		return {
			id,
			status: 'not_met',
			threshold,
			value: lowest,
			classes: results,
			why: both((l) => (l === 'en' ? `User's accuracy below ${percent(threshold, l)} for ${list(below, l)}.` : `Précision utilisateur inférieure à ${percent(threshold, l)} pour ${list(below, l)}.`))
		};
	}
	if (unknown.length > 0) {
		return {
			id,
			status: 'cannot_tell',
			threshold,
			value: lowest,
			classes: results,
			why: both((l) =>
				l === 'en'
					? `User's accuracy cannot be estimated for ${list(unknown, l)} (no control point mapped as the class).`
					: `La précision utilisateur ne peut pas être estimée pour ${list(unknown, l)} (aucun point de contrôle cartographié dans la classe).`
			)
		};
	}
	return {
		id,
		status: 'met',
		threshold,
		value: lowest,
		classes: results,
		why: both((l) =>
			l === 'en'
				? `User's accuracy ≥ ${percent(threshold, l)} for every class checked (lowest ${percent(lowest!, l)}).`
				: `Précision utilisateur ≥ ${percent(threshold, l)} pour chaque classe vérifiée (la plus basse : ${percent(lowest!, l)}).`
		)
	};
}

/**
 * "No blocking defect left": a blocking defect is left until the contractor answers it "fixed" (the
 * contractor loop feeds `left`). Met only once the review of every review tile is finished: an
 * unfinished review may still find one.
 */
function noBlockingLeft(e: DecisionEvidence): CriterionResult {
	const id = 'no_blocking_defect_left';
	const { left } = e.blocking;
	if (left > 0) {
		return {
			id,
			status: 'not_met',
			threshold: 0,
			value: left,
			why: both((l) => (l === 'en' ? `${left} blocking defect${left > 1 ? 's' : ''} not fixed.` : `${left} défaut${left > 1 ? 's' : ''} bloquant${left > 1 ? 's' : ''} non corrigé${left > 1 ? 's' : ''}.`))
		};
	}
	const unfinished = e.review.tiles - e.review.finished;
	if (unfinished > 0) {
		return {
			id,
			status: 'cannot_tell',
			threshold: 0,
			value: 0,
			why: { en: `No blocking defect so far, but ${unfinished} review tiles are not reviewed yet.`, fr: `Aucun défaut bloquant à ce stade, mais ${unfinished} tuiles à contrôler ne sont pas encore relues.` }
		};
	}
	return { id, status: 'met', threshold: 0, value: 0, why: { en: 'No blocking defect left.', fr: 'Aucun défaut bloquant restant.' } };
}

/**
 * Rejected tiles ≤ y: told on the finished review (rate over the tiles with a verdict); before that, not
 * met as soon as the rejected tiles alone exceed y of the review tiles (whatever the others get).
 */
function rejectedTiles(threshold: number, e: DecisionEvidence): CriterionResult {
	const id = 'rejected_tiles';
	const { withVerdict, rejected } = e.verdicts;
	const rate = withVerdict > 0 ? rejected / withVerdict : null;
	const finished = e.review.finished >= e.review.tiles;
	const over = (l: 'en' | 'fr', r: number) =>
		l === 'en' ? `Rejected tiles ${percent(r, l)} > ${percent(threshold, l)} (${rejected} of ${withVerdict}).` : `Tuiles rejetées ${percent(r, l)} > ${percent(threshold, l)} (${rejected} sur ${withVerdict}).`;
	if (e.review.tiles > 0 && rejected > threshold * e.review.tiles + 1e-9) {
		return { id, status: 'not_met', threshold, value: rate, why: both((l) => over(l, rate!)) };
	}
	if (!finished || rate === null) {
		return {
			id,
			status: 'cannot_tell',
			threshold,
			value: rate,
			why: {
				en: `The review is not finished (${e.review.finished} of ${e.review.tiles} tiles): ${rejected} rejected so far.`,
				fr: `La relecture n’est pas terminée (${e.review.finished} tuiles sur ${e.review.tiles}) : ${rejected} rejetée(s) à ce stade.`
			}
		};
	}
	if (rate > threshold + 1e-12) return { id, status: 'not_met', threshold, value: rate, why: both((l) => over(l, rate)) };
	return {
		id,
		status: 'met',
		threshold,
		value: rate,
		why: both((l) =>
			l === 'en' ? `Rejected tiles ${percent(rate, l)} ≤ ${percent(threshold, l)} (${rejected} of ${withVerdict}).` : `Tuiles rejetées ${percent(rate, l)} ≤ ${percent(threshold, l)} (${rejected} sur ${withVerdict}).`
		)
	};
}

/** Single sampling plan: more than c rejected among the inspected rejects at once; all n inspected with ≤ c accepts. */
function samplingPlan(plan: NonNullable<AcceptanceCriteria['samplingPlan']>, e: DecisionEvidence): CriterionResult {
	const id = 'sampling_plan';
	const { sampleSize: n, acceptanceNumber: c } = plan;
	const inspected = e.plan?.inspected ?? 0;
	const d = e.plan?.defectives ?? 0;
	if (d > c) {
		return {
			id,
			status: 'not_met',
			threshold: c,
			value: d,
			why: both((l) => (l === 'en' ? `${d} rejected tiles among the plan's ${n} > c = ${c}.` : `${d} tuiles rejetées parmi les ${n} du plan > c = ${c}.`))
		};
	}
	if (inspected < n) {
		return {
			id,
			status: 'cannot_tell',
			threshold: c,
			value: d,
			why: both((l) =>
				l === 'en'
					? `${inspected} of the plan's ${n} tiles have a verdict so far (${d} rejected, c = ${c}).`
					: `${inspected} des ${n} tuiles du plan ont un verdict à ce stade (${d} rejetée(s), c = ${c}).`
			)
		};
	}
	return {
		id,
		status: 'met',
		threshold: c,
		value: d,
		why: both((l) => (l === 'en' ? `${d} rejected tiles among the plan's ${n} ≤ c = ${c}.` : `${d} tuiles rejetées parmi les ${n} du plan ≤ c = ${c}.`))
	};
}

const NO_CHECKPOINTS: Localized = { en: 'No checkpoints have been imported.', fr: 'Aucun point de contrôle n’a été importé.' };

/**
 * « Precision class ≤ N cm » and « RMSE radial ≤ x m »: status and words from the positional rule; the
 * value is the figure that reads against the threshold — the smallest class of the decree the set
 * satisfies (cm, never finer than the pixel), or RMSE_r (m) — given, provisional, as soon as 2
 * checkpoints count, as the accuracy criteria give their provisional estimate.
 */
function positionalCriterion(id: 'precision_class' | 'rmse_radial', threshold: number, e: PositionalEvidence | null): CriterionResult {
	if (!e) return { id, status: 'cannot_tell', threshold, value: null, why: NO_CHECKPOINTS, caveat: null };
	const criterion: PositionalCriterion = id === 'precision_class' ? { kind: 'precision_class', classCm: threshold } : { kind: 'rmse_radial', maxMetres: threshold };
	const r = evaluatePositionalCriterion(criterion, e);
	let value: number | null = null;
	if (e.residuals.length >= 2) {
		value =
			id === 'precision_class'
				? decreeSmallestClassCm(
						e.residuals.map((o) => o.distance),
						e.pixelSize ? { pixelSize: e.pixelSize } : {}
					)
				: offsetStats(e.residuals).rmseR;
	}
	return { id, status: r.status, threshold, value, why: r.why, caveat: r.caveat };
}

/** Each criterion set, evaluated, in the order of CRITERION_IDS. */
export function evaluateCriteria(criteria: AcceptanceCriteria, e: DecisionEvidence): CriterionResult[] {
	const out: CriterionResult[] = [];
	if (criteria.overallAccuracy !== null) out.push(overallAccuracy(criteria.overallAccuracy, e.accuracy));
	if (criteria.overallLowerBound !== null) out.push(overallLowerBound(criteria.overallLowerBound, e.accuracy));
	if (criteria.eachClassUsers !== null) out.push(classUsers('each_class_users', criteria.eachClassUsers, e.accuracy?.mappedClasses ?? [], e.accuracy));
	if (criteria.listedClassesUsers !== null) out.push(classUsers('listed_classes_users', criteria.listedClassesUsers.min, criteria.listedClassesUsers.classes, e.accuracy));
	if (criteria.noBlockingDefectLeft) out.push(noBlockingLeft(e));
	if (criteria.rejectedTilesMax !== null) out.push(rejectedTiles(criteria.rejectedTilesMax, e));
	if (criteria.samplingPlan !== null) out.push(samplingPlan(criteria.samplingPlan, e));
	// `?? null`: criteria stored before these existed lack them.
	if ((criteria.precisionClassCm ?? null) !== null) out.push(positionalCriterion('precision_class', criteria.precisionClassCm!, e.positional));
	if ((criteria.rmseRadialMax ?? null) !== null) out.push(positionalCriterion('rmse_radial', criteria.rmseRadialMax!, e.positional));
	return out;
}

/** The decision from the campaign's criteria and the evidence (rule in the module comment). */
export function decide(criteria: AcceptanceCriteria, e: DecisionEvidence): Decision {
	const results = evaluateCriteria(criteria, e);
	const reservations: Localized[] = [];
	const a = e.blocking.answeredNotFixed;
	if (a > 0) {
		reservations.push(
			both((l) =>
				l === 'en'
					? `${a} blocking defect${a > 1 ? 's' : ''} answered by the contractor without a fix.`
					: `${a} défaut${a > 1 ? 's' : ''} bloquant${a > 1 ? 's' : ''} ayant reçu une réponse du prestataire sans correction.`
			)
		);
	}
	const count = (s: CriterionStatus) => results.filter((r) => r.status === s).length;
	const notMet = count('not_met');
	const met = count('met');
	const unknown = count('cannot_tell');
	let outcome: Outcome;
	let why: Localized;
	if (results.length === 0) {
		outcome = 'pending';
		why = { en: 'No acceptance criterion is set.', fr: 'Aucun critère de recette n’est défini.' };
	} else if (notMet > 0) {
		outcome = 'rejected';
		why = both((l) => (l === 'en' ? `${notMet} of ${results.length} criteria not met.` : `${notMet} critère(s) sur ${results.length} non atteint(s).`));
	} else if (met === 0) {
		outcome = 'pending';
		why = { en: 'Not enough data yet to tell any criterion.', fr: 'Pas encore assez de données pour statuer sur un critère.' };
	} else if (unknown > 0 || reservations.length > 0) {
		outcome = 'accepted_with_reservations';
		why = both((l) =>
			l === 'en'
				? `Every criterion told is met (${met} of ${results.length})${unknown > 0 ? `; ${unknown} cannot be told yet` : ''}${reservations.length > 0 ? '; with reservations' : ''}.`
				: `Tous les critères évalués sont atteints (${met} sur ${results.length})${unknown > 0 ? ` ; ${unknown} ne peuvent pas encore être évalués` : ''}${reservations.length > 0 ? ' ; avec réserves' : ''}.`
		);
	} else {
		outcome = 'accepted';
		why = both((l) => (l === 'en' ? `All ${met} criteria are met.` : `Les ${met} critères sont tous atteints.`));
	}
	return { outcome, criteria: results, reservations, why };
}
