import { describe, it, expect } from 'vitest';
import { cohenKappa, cohenKappaFromLabels, fleissKappa, ratingCounts } from './agreement.ts';
import { StatsInputError } from './errors.ts';

describe('cohenKappa', () => {
	it('Wikipedia "Cohen\'s kappa" worked example: 50 grant proposals, yes/yes 20, yes/no 5, no/yes 10, no/no 15 ⇒ κ = 0.4', () => {
		const r = cohenKappa([
			[20, 5],
			[10, 15]
		]);
		expect(r.observedAgreement).toBeCloseTo(0.7, 15);
		expect(r.chanceAgreement).toBeCloseTo(0.5, 15);
		expect(r.estimate).toBeCloseTo(0.4, 15);
		expect(r.items).toBe(50);
	});

	it('SAS PROC FREQ example (the table statsmodels tests against): κ 0.4842, ASE 0.1380, CI 0.2137–0.7547, ASE₀ 0.1484, Z 3.2626', () => {
		// SAS's ASE is the Fleiss, Cohen & Everitt (1969) large-sample SE; its CI is κ ± 1.96·ASE.
		const r = cohenKappa([
			[0, 4, 1],
			[0, 8, 0],
			[0, 1, 5]
		]);
		expect(r.estimate).toBeCloseTo(0.4842, 4);
		expect(r.se).toBeCloseTo(0.138, 4);
		expect(r.estimate! - r.ci95!).toBeCloseTo(0.2137, 4);
		expect(r.estimate! + r.ci95!).toBeCloseTo(0.7547, 4);
		expect(r.seNull).toBeCloseTo(0.1484, 4);
		expect(r.zStatistic).toBeCloseTo(3.2626, 4);
	});

	it('perfect agreement: κ = 1 with SE 0', () => {
		const r = cohenKappa([
			[3, 0],
			[0, 7]
		]);
		expect(r.estimate).toBe(1);
		expect(r.se).toBe(0);
	});

	it('from labels: skips items one reviewer did not rate', () => {
		const a = [0, 0, 0, 0, 1, 1, -1, 1];
		const b = [0, 0, 1, 0, 1, 1, 0, NaN];
		const r = cohenKappaFromLabels(a, b, 2);
		expect(r.items).toBe(6);
		expect(r.estimate).toBeCloseTo(
			cohenKappa([
				[3, 1],
				[0, 2]
			]).estimate!,
			15
		);
	});

	it('undefined, not thrown: no item, or a single category used by both (chance agreement 1)', () => {
		expect(cohenKappa([[0, 0], [0, 0]]).reason).toBe('no_data');
		const one = cohenKappa([[9, 0], [0, 0]]);
		expect(one.estimate).toBeNull();
		expect(one.reason).toBe('chance_agreement_is_one');
		expect(one.observedAgreement).toBe(1);
		expect(cohenKappaFromLabels([], [], 3).reason).toBe('no_data');
	});

	it('refuses what is not a square table of counts', () => {
		expect(() => cohenKappa([[1, 2], [3]])).toThrow(StatsInputError);
		expect(() => cohenKappa([[1, -2], [3, 4]])).toThrow(StatsInputError);
		expect(() => cohenKappaFromLabels([0, 3], [0, 1], 2)).toThrow(StatsInputError);
		expect(() => cohenKappaFromLabels([0], [0, 1], 2)).toThrow(StatsInputError);
	});
});

// Fleiss (1971), Table 1: 30 patients, 6 psychiatrists each, 5 diagnoses (1 depression, 2 personality
// disorder, 3 schizophrenia, 4 neurosis, 5 other), as R's irr::diagnoses (one rating per column).
const DIAGNOSES = [
	[4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4],
	[1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5],
	[1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5],
	[3, 3, 3, 3, 3, 5], [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
	[5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4], [1, 4, 4, 4, 4, 5],
	[2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4], [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5]
];

// Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories; last column P_i.
const WIKIPEDIA = [
	[0, 0, 0, 0, 14, 1.0],
	[0, 2, 6, 4, 2, 0.253],
	[0, 0, 3, 5, 6, 0.308],
	[0, 3, 9, 2, 0, 0.44],
	[2, 2, 8, 1, 1, 0.33],
	[7, 7, 0, 0, 0, 0.462],
	[3, 2, 6, 3, 0, 0.242],
	[2, 5, 3, 2, 2, 0.176],
	[6, 5, 2, 1, 0, 0.286],
	[0, 2, 2, 3, 7, 0.286]
];

describe('fleissKappa', () => {
	it('Fleiss (1971) psychiatric diagnoses: κ = 0.430 (irr::kappam.fleiss: 0.4302445, z = 17.65183)', () => {
		const counts = ratingCounts(
			DIAGNOSES.map((row) => row.map((c) => c - 1)),
			5
		);
		expect(counts.reduce((s, row) => s.map((v, k) => v + row[k]), [0, 0, 0, 0, 0])).toEqual([26, 26, 30, 55, 43]);
		const r = fleissKappa(counts);
		expect(r.estimate).toBeCloseTo(0.430, 3);
		expect(r.estimate).toBeCloseTo(0.4302445, 7);
		expect(r.zStatistic).toBeCloseTo(17.65183, 4);
		expect(r.ratingsPerItem).toBe(6);
		expect(r.items).toBe(30);
	});

	it('per-category kappas: overall κ is their mean weighted by p_j q_j (Fleiss 1971), with null SE √(2/(n m (m−1)))', () => {
		const r = fleissKappa(ratingCounts(DIAGNOSES.map((row) => row.map((c) => c - 1)), 5));
		let num = 0;
		let den = 0;
		for (const c of r.categories) {
			num += c.share * (1 - c.share) * c.kappa!;
			den += c.share * (1 - c.share);
			expect(c.seNull).toBeCloseTo(Math.sqrt(2 / (30 * 6 * 5)), 15);
		}
		expect(num / den).toBeCloseTo(r.estimate!, 14);
		// Depression, Fleiss (1971): κ_j = 1 − Σ_i x_ij (m − x_ij) / (n m (m − 1) p_j q_j), p_j = 26/180.
		const dep = r.categories[0];
		expect(dep.share).toBeCloseTo(26 / 180, 15);
		const sumXRX = DIAGNOSES.reduce((s, row) => {
			const x = row.filter((c) => c === 1).length;
			return s + x * (6 - x);
		}, 0);
		expect(dep.kappa).toBeCloseTo(1 - sumXRX / (30 * 6 * 5 * (26 / 180) * (154 / 180)), 14);
	});

	it('Wikipedia worked example: P_i per subject, p_j, P̄ = 0.378, P̄_e = 0.213, κ = 0.210', () => {
		const counts = WIKIPEDIA.map((row) => row.slice(0, 5));
		const r = fleissKappa(counts);
		expect(r.observedAgreement).toBeCloseTo(0.378, 3);
		expect(r.chanceAgreement).toBeCloseTo(0.213, 3);
		expect(r.estimate).toBeCloseTo(0.21, 3);
		expect(r.categories.map((c) => Math.round(c.share * 1000) / 1000)).toEqual([0.143, 0.2, 0.279, 0.15, 0.229]);
		// each subject's P_i, through a single-subject table: P̄ of one item is its P_i.
		for (const row of WIKIPEDIA) expect(fleissKappa([row.slice(0, 5)]).observedAgreement).toBeCloseTo(row[5], 3);
	});

	it('varying numbers of ratings: Gwet (2014) 4 raters × 12 units with gaps (irrCAC cac.raw4raters): κ 0.761, p_a 0.818, p_e 0.239', () => {
		// Units' ratings (categories 1–5; missing ratings left out). Unit 12 has a single rating.
		const units = [
			[1, 1, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
			[4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [5, 5, 5], [1, 1], [3]
		];
		const r = fleissKappa(ratingCounts(units.map((u) => u.map((c) => c - 1)), 5));
		expect(r.observedAgreement).toBeCloseTo(0.818, 3);
		expect(r.chanceAgreement).toBeCloseTo(0.239, 3);
		expect(r.estimate).toBeCloseTo(0.761, 3);
		expect(r.items).toBe(12);
		expect(r.itemsRatedTwice).toBe(11);
		expect(r.ratingsPerItem).toBeNull();
		expect(r.seNull).toBeNull();
		// irrCAC's 95 % interval uses Student's t with n − 1 = 11 df: lower bound 0.424 ⇒ Gwet's SE.
		const t11 = 2.200985160082949;
		expect(Math.round((r.estimate! - t11 * r.se!) * 1000) / 1000).toBe(0.424);
	});

	it('with a constant number of ratings, the generalisation is Fleiss (1971) exactly (pooled shares)', () => {
		const counts = WIKIPEDIA.map((row) => row.slice(0, 5));
		const r = fleissKappa(counts);
		const N = 10;
		const n = 14;
		const p = [0, 1, 2, 3, 4].map((j) => counts.reduce((s, row) => s + row[j], 0) / (N * n));
		const Pbar = counts.reduce((s, row) => s + (row.reduce((t, x) => t + x * x, 0) - n) / (n * (n - 1)), 0) / N;
		const Pe = p.reduce((s, v) => s + v * v, 0);
		expect(r.estimate).toBeCloseTo((Pbar - Pe) / (1 - Pe), 15);
	});

	it('a single reviewer: kappa undefined (every item has one rating), with a reason', () => {
		const r = fleissKappa(ratingCounts([[0], [1], [1], [2]], 3));
		expect(r.estimate).toBeNull();
		expect(r.reason).toBe('fewer_than_two_ratings');
		expect(r.categories.every((c) => c.reason === 'fewer_than_two_ratings')).toBe(true);
		expect(fleissKappa([]).reason).toBe('fewer_than_two_ratings');
	});

	it('everyone always picks the same category: chance agreement 1, kappa undefined', () => {
		const r = fleissKappa([[3, 0], [3, 0]]);
		expect(r.reason).toBe('chance_agreement_is_one');
		expect(r.observedAgreement).toBe(1);
		expect(r.categories[1].reason).toBe('chance_agreement_is_one');
	});

	it('a single item: kappa exists, its standard error does not', () => {
		const r = fleissKappa([[2, 1, 0]]);
		expect(r.estimate).not.toBeNull();
		expect(r.se).toBeNull();
		expect(r.reason).toBe('single_item');
	});

	it('refuses rows of different lengths and non-counts', () => {
		expect(() => fleissKappa([[1, 2], [1]])).toThrow(StatsInputError);
		expect(() => fleissKappa([[1, 2.5]])).toThrow(StatsInputError);
		expect(() => ratingCounts([[0, 7]], 3)).toThrow(StatsInputError);
	});
});
