import { describe, expect, it } from 'vitest';
import type { Estimate } from '../stats/estimate.ts';
import { residual, type Offset } from '../stats/positional.ts';
import { SUGGESTED_CRITERIA, type AcceptanceCriteria } from './criteria.ts';
import { decide, percent, type CriterionStatus, type DecisionEvidence, type Outcome } from './decision.ts';

const est = (estimate: number | null, se: number | null = 0.01): Estimate =>
	estimate === null ? { estimate: null, se: null, ci95: null, reason: 'class_never_mapped' } : { estimate, se, ci95: se === null ? null : 1.96 * se };

const off = (id: string, dx: number, dy: number): Offset => residual({ id, xRef: 0, yRef: 0, xMap: dx, yMap: dy });
// The hand set of stats/positional-criteria.test.ts: smallest class of the decree 5 cm, RMSE_r = √0.00355 = 5.96 cm.
const HAND = [off('A', 0.03, 0.04), off('B', -0.06, 0.08), off('C', 0, -0.02), off('D', 0.03, -0.02)];
const positional = (over: Partial<NonNullable<DecisionEvidence['positional']>> = {}): DecisionEvidence['positional'] => ({ residuals: HAND, pendingMeasures: 0, unpointedCheckpoints: 0, pixelSize: null, ...over });

/**
 * Evidence of a finished campaign: 100 labelled points, overall 92 %, classes A 90 % and B 86 %, no
 * defect; 4 checkpoints pointed and decided (class 5 cm, RMSE_r 5.96 cm).
 */
function evidence(over: Partial<DecisionEvidence> = {}): DecisionEvidence {
	return {
		accuracy: { points: 100, withoutReference: 0, overall: est(0.92, 0.02), users: { A: est(0.9), B: est(0.86) }, mappedClasses: ['A', 'B'] },
		blocking: { total: 0, left: 0, answeredNotFixed: 0 },
		review: { tiles: 50, finished: 50 },
		verdicts: { withVerdict: 50, rejected: 2 },
		plan: { inspected: 20, defectives: 1 },
		positional: positional(),
		...over
	};
}
const none: AcceptanceCriteria = {
	overallAccuracy: null,
	overallLowerBound: null,
	eachClassUsers: null,
	listedClassesUsers: null,
	noBlockingDefectLeft: false,
	rejectedTilesMax: null,
	samplingPlan: null,
	precisionClassCm: null,
	rmseRadialMax: null
};
const only = (c: Partial<AcceptanceCriteria>): AcceptanceCriteria => ({ ...none, ...c });
const acc = (over: Partial<NonNullable<DecisionEvidence['accuracy']>>) => ({ ...evidence().accuracy!, ...over });

describe('each criterion: met / not met / cannot tell', () => {
	it.each<[string, AcceptanceCriteria, Partial<DecisionEvidence>, CriterionStatus, number | null]>([
		['overall 92 % ≥ 90 %', only({ overallAccuracy: 0.9 }), {}, 'met', 0.92],
		['overall 92 % < 95 %', only({ overallAccuracy: 0.95 }), {}, 'not_met', 0.92],
		['overall exactly at the threshold (0.9 from float arithmetic)', only({ overallAccuracy: 0.9 }), { accuracy: acc({ overall: est(0.1 * 9 - 1e-15) }) }, 'met', 0.1 * 9 - 1e-15],
		['overall: no control points', only({ overallAccuracy: 0.9 }), { accuracy: null }, 'cannot_tell', null],
		['overall: 3 points still without reference', only({ overallAccuracy: 0.9 }), { accuracy: acc({ withoutReference: 3 }) }, 'cannot_tell', 0.92],
		['overall: not estimable', only({ overallAccuracy: 0.9 }), { accuracy: acc({ overall: est(null) }) }, 'cannot_tell', null],
		['lower bound 92 − 3.92 = 88.08 % ≥ 88 %', only({ overallLowerBound: 0.88 }), {}, 'met', 0.92 - 0.0392],
		['lower bound 88.08 % < 90 %', only({ overallLowerBound: 0.9 }), {}, 'not_met', 0.92 - 0.0392],
		['lower bound: no SE (one point in a stratum)', only({ overallLowerBound: 0.9 }), { accuracy: acc({ overall: est(0.92, null) }) }, 'cannot_tell', null],
		['each class ≥ 85 % (lowest 86 %)', only({ eachClassUsers: 0.85 }), {}, 'met', 0.86],
		['each class ≥ 88 %: B is below', only({ eachClassUsers: 0.88 }), {}, 'not_met', 0.86],
		['each class: a class without user’s accuracy', only({ eachClassUsers: 0.85 }), { accuracy: acc({ mappedClasses: ['A', 'B', 'C'] }) }, 'cannot_tell', 0.86],
		['each class: below wins over unknown', only({ eachClassUsers: 0.88 }), { accuracy: acc({ mappedClasses: ['A', 'B', 'C'] }) }, 'not_met', 0.86],
		['listed classes: only A ≥ 88 %', only({ listedClassesUsers: { classes: ['A'], min: 0.88 } }), {}, 'met', 0.9],
		['listed classes: A and B ≥ 88 %', only({ listedClassesUsers: { classes: ['A', 'B'], min: 0.88 } }), {}, 'not_met', 0.86],
		['no blocking defect, review finished', only({ noBlockingDefectLeft: true }), {}, 'met', 0],
		['2 blocking defects left', only({ noBlockingDefectLeft: true }), { blocking: { total: 2, left: 2, answeredNotFixed: 0 } }, 'not_met', 2],
		['no blocking defect yet, review unfinished', only({ noBlockingDefectLeft: true }), { review: { tiles: 50, finished: 40 } }, 'cannot_tell', 0],
		['all blocking defects fixed', only({ noBlockingDefectLeft: true }), { blocking: { total: 3, left: 0, answeredNotFixed: 0 } }, 'met', 0],
		['rejected tiles 4 % ≤ 5 %', only({ rejectedTilesMax: 0.05 }), {}, 'met', 0.04],
		['rejected tiles 4 % > 3 %', only({ rejectedTilesMax: 0.03 }), {}, 'not_met', 0.04],
		['rejected tiles: unfinished, not yet over', only({ rejectedTilesMax: 0.05 }), { review: { tiles: 50, finished: 30 }, verdicts: { withVerdict: 30, rejected: 2 } }, 'cannot_tell', 2 / 30],
		['rejected tiles: unfinished but already 3 of 50 > 5 %', only({ rejectedTilesMax: 0.05 }), { review: { tiles: 50, finished: 30 }, verdicts: { withVerdict: 30, rejected: 3 } }, 'not_met', 0.1],
		['sampling plan n = 20, c = 1: 1 defective in 20', only({ samplingPlan: { sampleSize: 20, acceptanceNumber: 1, seed: 's' } }), {}, 'met', 1],
		['sampling plan n = 20, c = 0: 1 defective', only({ samplingPlan: { sampleSize: 20, acceptanceNumber: 0, seed: 's' } }), {}, 'not_met', 1],
		['sampling plan: 12 of 20 inspected, none rejected', only({ samplingPlan: { sampleSize: 20, acceptanceNumber: 1, seed: 's' } }), { plan: { inspected: 12, defectives: 0 } }, 'cannot_tell', 0],
		['sampling plan: 2 rejected before the end, c = 1', only({ samplingPlan: { sampleSize: 20, acceptanceNumber: 1, seed: 's' } }), { plan: { inspected: 5, defectives: 2 } }, 'not_met', 2],
		['precision class ≤ 5 cm: the set’s smallest class is 5 cm', only({ precisionClassCm: 5 }), {}, 'met', 5],
		['precision class ≤ 4 cm: the set only reaches 5 cm', only({ precisionClassCm: 4 }), {}, 'not_met', 5],
		['precision class ≤ 10 cm on a 20 cm orthophoto (decree, article 8.2)', only({ precisionClassCm: 10 }), { positional: positional({ pixelSize: 0.2 }) }, 'not_met', 20],
		['precision class ≤ 20 cm on a 20 cm orthophoto', only({ precisionClassCm: 20 }), { positional: positional({ pixelSize: 0.2 }) }, 'met', 20],
		['precision class: no checkpoints imported', only({ precisionClassCm: 5 }), { positional: null }, 'cannot_tell', null],
		['precision class: 2 measures await the manager (provisional class given)', only({ precisionClassCm: 5 }), { positional: positional({ pendingMeasures: 2 }) }, 'cannot_tell', 5],
		['precision class: a checkpoint nobody pointed', only({ precisionClassCm: 50 }), { positional: positional({ unpointedCheckpoints: 1 }) }, 'cannot_tell', 5],
		['RMSE radial 5.96 cm ≤ 6 cm', only({ rmseRadialMax: 0.06 }), {}, 'met', Math.sqrt(0.00355)],
		['RMSE radial 5.96 cm > 5 cm', only({ rmseRadialMax: 0.05 }), {}, 'not_met', Math.sqrt(0.00355)],
		['RMSE radial: one checkpoint counted', only({ rmseRadialMax: 0.06 }), { positional: positional({ residuals: HAND.slice(0, 1) }) }, 'cannot_tell', null],
		['RMSE radial: no checkpoints imported', only({ rmseRadialMax: 0.06 }), { positional: null }, 'cannot_tell', null]
	])('%s', (_, criteria, over, status, value) => {
		const [r] = decide(criteria, evidence(over)).criteria;
		expect(r.status).toBe(status);
		if (value === null) expect(r.value).toBeNull();
		else expect(r.value).toBeCloseTo(value, 12);
		expect(r.why.en.length).toBeGreaterThan(10);
		expect(r.why.fr.length).toBeGreaterThan(10);
	});
});

describe('decision rule', () => {
	it.each<[string, AcceptanceCriteria, Partial<DecisionEvidence>, Outcome]>([
		['no criterion set → pending', none, {}, 'pending'],
		['suggested default, all met → accepted', { ...SUGGESTED_CRITERIA }, {}, 'accepted'],
		['one criterion not met → rejected', { ...SUGGESTED_CRITERIA, eachClassUsers: 0.88 }, {}, 'rejected'],
		['not met beats cannot tell → rejected', { ...SUGGESTED_CRITERIA, eachClassUsers: 0.88, noBlockingDefectLeft: true }, { review: { tiles: 50, finished: 10 } }, 'rejected'],
		['nothing labelled yet → pending', { ...SUGGESTED_CRITERIA }, { accuracy: null }, 'pending'],
		['met + cannot tell → with reservations', { ...SUGGESTED_CRITERIA, noBlockingDefectLeft: true }, { review: { tiles: 50, finished: 49 } }, 'accepted_with_reservations'],
		['all met, but blocking defects answered without a fix → with reservations', { ...SUGGESTED_CRITERIA }, { blocking: { total: 1, left: 0, answeredNotFixed: 1 } }, 'accepted_with_reservations'],
		['a blocking defect left, when it is a criterion → rejected', { ...SUGGESTED_CRITERIA, noBlockingDefectLeft: true }, { blocking: { total: 1, left: 1, answeredNotFixed: 0 } }, 'rejected'],
		['accuracy and positional criteria all met → accepted', { ...SUGGESTED_CRITERIA, precisionClassCm: 5, rmseRadialMax: 0.06 }, {}, 'accepted'],
		['RMSE radial not met → rejected', { ...SUGGESTED_CRITERIA, rmseRadialMax: 0.05 }, {}, 'rejected'],
		['precision class not met, whatever else → rejected', { ...SUGGESTED_CRITERIA, precisionClassCm: 4 }, { positional: positional({ unpointedCheckpoints: 0 }) }, 'rejected'],
		['positional cannot tell, the rest met → with reservations', { ...SUGGESTED_CRITERIA, precisionClassCm: 5 }, { positional: positional({ pendingMeasures: 1 }) }, 'accepted_with_reservations'],
		['only positional criteria, none told yet → pending', only({ precisionClassCm: 5, rmseRadialMax: 0.06 }), { positional: null }, 'pending']
	])('%s', (_, criteria, over, outcome) => {
		const d = decide(criteria, evidence(over));
		expect(d.outcome).toBe(outcome);
		expect(d.why.en).not.toBe('');
		expect(d.why.fr).not.toBe('');
	});

	it('lists the reservation in both languages', () => {
		const d = decide({ ...SUGGESTED_CRITERIA }, evidence({ blocking: { total: 2, left: 0, answeredNotFixed: 2 } }));
		expect(d.reservations).toEqual([{ en: '2 blocking defects answered by the contractor without a fix.', fr: '2 défauts bloquants ayant reçu une réponse du prestataire sans correction.' }]);
	});

	it('gives per-class results and words a failure with the classes below', () => {
		const [r] = decide(only({ eachClassUsers: 0.88 }), evidence()).criteria;
		expect(r.classes).toEqual([
			{ code: 'A', status: 'met', value: 0.9 },
			{ code: 'B', status: 'not_met', value: 0.86 }
		]);
		expect(r.why).toEqual({ en: 'User’s accuracy below 88 % for B 86 %.'.replace('’', "'"), fr: 'Précision utilisateur inférieure à 88 % pour B 86 %.' });
	});

	it('tells the positional criteria last, in the order of CRITERION_IDS, saying why and how sure', () => {
		const d = decide({ ...SUGGESTED_CRITERIA, precisionClassCm: 5, rmseRadialMax: 0.06 }, evidence());
		expect(d.criteria.map((c) => c.id)).toEqual(['overall_accuracy', 'each_class_users', 'precision_class', 'rmse_radial']);
		const [, , precision, rmse] = d.criteria;
		expect(precision).toMatchObject({ threshold: 5, value: 5 });
		expect(precision.why.en).toMatch(/^Decree of 16 September 2003, 5 cm class, 4 checkpoints: passed/);
		expect(precision.why.fr).toMatch(/^Arrêté du 16 septembre 2003, classe 5 cm, 4 points de contrôle : satisfaite/);
		expect(rmse).toMatchObject({ threshold: 0.06, why: { en: 'Radial RMSE 5.96 cm ≤ 6 cm on 4 checkpoints.', fr: 'EMQ radiale 5,96 cm ≤ 6 cm sur 4 points de contrôle.' } });
		// Fewer than the 20 points NSSDA asks for: still decided, with the caveat said.
		expect(rmse.caveat).toEqual({ en: 'Decided on 4 checkpoints, fewer than the 20 NSSDA asks for.', fr: 'Décidé sur 4 points de contrôle, moins que les 20 demandés par la NSSDA.' });
		const open = decide(only({ rmseRadialMax: 0.06 }), evidence({ positional: null })).criteria[0];
		expect(open.why).toEqual({ en: 'No checkpoints have been imported.', fr: 'Aucun point de contrôle n’a été importé.' });
	});

	it('formats percentages in each language', () => {
		expect(percent(0.9123, 'en')).toBe('91.2 %');
		expect(percent(0.9123, 'fr')).toBe('91,2 %');
		expect(percent(0.9, 'fr')).toBe('90 %');
	});
});
