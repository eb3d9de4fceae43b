import { describe, expect, it } from 'vitest';
import { residual, type Offset } from './positional.ts';
import { evaluatePositionalCriterion, type PositionalEvidence } from './positional-criteria.ts';

const off = (id: string, dx: number, dy: number): Offset => residual({ id, xRef: 0, yRef: 0, xMap: dx, yMap: dy });

// The hand set of positional.test.ts: distances 5, 10, 2 and √13 = 3.606 cm; E_moy = 5.151 cm;
// RMSE_r = √0.00355 = 5.958 cm. Decree, C = 2: class 5 cm allows E_moy < 5.625 cm and T1 = 13.61 cm
// (N = 4 < 5: nothing above T1); class 4 cm allows E_moy < 4.5 cm only.
const HAND = [off('A', 0.03, 0.04), off('B', -0.06, 0.08), off('C', 0, -0.02), off('D', 0.03, -0.02)];
const settled = (residuals: Offset[], extra: Partial<PositionalEvidence> = {}): PositionalEvidence => ({ residuals, pendingMeasures: 0, unpointedCheckpoints: 0, ...extra });

describe('precision class ≤ N cm (decree of 16 September 2003)', () => {
	it('is met by the smallest class the set satisfies, not by the one below, and says why', () => {
		const met = evaluatePositionalCriterion({ kind: 'precision_class', classCm: 5 }, settled(HAND));
		expect(met.status).toBe('met');
		expect(met.value).toBeCloseTo((0.05 + 0.1 + 0.02 + Math.sqrt(0.0013)) / 4, 12);
		expect(met.why.en).toBe('Decree of 16 September 2003, 5 cm class, 4 checkpoints: passed (mean deviation 5.15 cm < 5.63 cm; 0 deviations above T1 = 13.61 cm (0 allowed); 0 above T2 = 20.42 cm (none allowed)).');
		expect(met.why.fr).toContain('classe 5 cm, 4 points de contrôle : satisfaite (écart moyen 5,15 cm < 5,63 cm');
		expect(met.caveat?.en).toBe('Decided on 4 checkpoints, fewer than the 20 NSSDA asks for.');
		const notMet = evaluatePositionalCriterion({ kind: 'precision_class', classCm: 4 }, settled(HAND));
		expect(notMet.status).toBe('not_met');
		expect(notMet.why.en).toContain('failed (mean deviation 5.15 cm ≥ 4.5 cm');
	});

	it('uses the safety coefficient C of the contract (C = 10 tightens the mean to P × 1.005)', () => {
		// class 5 with C = 10: E_moy must stay below 5.025 cm; the hand set's 5.15 cm fails.
		expect(evaluatePositionalCriterion({ kind: 'precision_class', classCm: 5, safety: 10 }, settled(HAND)).status).toBe('not_met');
	});

	it('is not met when the class asked is finer than the pixel (article 8.2)', () => {
		const r = evaluatePositionalCriterion({ kind: 'precision_class', classCm: 5 }, settled(HAND, { pixelSize: 0.2 }));
		expect(r.status).toBe('not_met');
		expect(r.why.en).toMatch(/finer than the orthophoto's 20 cm pixel/);
		expect(evaluatePositionalCriterion({ kind: 'precision_class', classCm: 20 }, settled(HAND, { pixelSize: 0.2 })).status).toBe('met');
	});
});

describe('RMSE radial ≤ x', () => {
	it('compares √(RMSE_x² + RMSE_y²) with the limit', () => {
		const met = evaluatePositionalCriterion({ kind: 'rmse_radial', maxMetres: 0.06 }, settled(HAND));
		expect(met.status).toBe('met');
		expect(met.value).toBeCloseTo(Math.sqrt(0.00355), 12);
		expect(met.why.en).toBe('Radial RMSE 5.96 cm ≤ 6 cm on 4 checkpoints.');
		expect(evaluatePositionalCriterion({ kind: 'rmse_radial', maxMetres: 0.05 }, settled(HAND)).status).toBe('not_met');
	});

	it('carries no caveat from 20 checkpoints on', () => {
		const twenty = Array.from({ length: 20 }, (_, i) => off(`P${i}`, 0.01, 0));
		expect(evaluatePositionalCriterion({ kind: 'rmse_radial', maxMetres: 0.02 }, settled(twenty)).caveat).toBeNull();
	});
});

describe('cannot tell', () => {
	it('with fewer than 2 kept checkpoints, pending decisions or checkpoints nobody pointed, saying which', () => {
		const one = evaluatePositionalCriterion({ kind: 'rmse_radial', maxMetres: 1 }, settled([HAND[0]]));
		expect(one).toMatchObject({ status: 'cannot_tell', value: null });
		expect(one.why.en).toBe('Cannot tell yet: 1 checkpoint has a kept measure; at least 2 are needed.');
		const open = evaluatePositionalCriterion({ kind: 'precision_class', classCm: 50 }, settled(HAND, { pendingMeasures: 3, unpointedCheckpoints: 1 }));
		expect(open.status).toBe('cannot_tell');
		expect(open.why.en).toBe("Cannot tell yet: 3 measures await the manager's decision; 1 checkpoint has not been pointed yet.");
		expect(open.why.fr).toBe('Impossible de conclure pour l’instant : 3 mesures attendent la décision du gestionnaire ; 1 point de contrôle n’a pas encore été pointé.');
	});

	it('refuses criteria that mean nothing', () => {
		expect(() => evaluatePositionalCriterion({ kind: 'precision_class', classCm: 0 }, settled(HAND))).toThrow(RangeError);
		expect(() => evaluatePositionalCriterion({ kind: 'rmse_radial', maxMetres: -1 }, settled(HAND))).toThrow(RangeError);
	});
});
