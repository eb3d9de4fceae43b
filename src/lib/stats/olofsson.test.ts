import { describe, it, expect } from 'vitest';
import { accuracyFromErrorMatrix, countErrorMatrix } from './olofsson.ts';
import { StatsInputError } from './errors.ts';
import { OLOFSSON_2014 as EX } from './examples.fixture.ts';

const hectares = EX.mappedPixels.map((px) => px * EX.hectaresPerPixel);
const paper = () => accuracyFromErrorMatrix({ classes: EX.classes, counts: EX.counts, mappedAreas: hectares });
const near = (got: number | null, want: number, tol: number) => {
	expect(got).not.toBeNull();
	expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(tol);
};

describe('accuracyFromErrorMatrix: Olofsson et al. (2014) section 5 worked example', () => {
	const r = paper();

	it('reproduces Table 9 (estimated area proportions) to the 4 printed decimals', () => {
		for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) near(r.proportions[i]![j], EX.proportions[i][j], 5e-5);
	});

	it('reproduces the user’s accuracies of section 5.2.1 (± 95 % half-width) to the 2 printed decimals', () => {
		EX.classes.forEach((c, i) => {
			near(r.users[c].estimate, EX.users[i][0], 0.005);
			near(r.users[c].ci95, EX.users[i][1], 0.005);
		});
	});

	it('reproduces the producer’s accuracies of section 5.2.1 to the 2 printed decimals', () => {
		EX.classes.forEach((c, i) => {
			near(r.producers[c].estimate, EX.producers[i][0], 0.005);
			// Two printed half-widths (0.23, 0.01) contradict the paper's eq. 7; EX.producers holds eq. 7's.
			near(r.producers[c].ci95, EX.producers[i][1], 0.005);
		});
		expect(Math.abs(r.producers['forest gain'].ci95! - EX.producersPrintedButWrong['forest gain'])).toBeGreaterThan(0.02);
	});

	it('reproduces the overall accuracy of section 5.2.1: 0.95 ± 0.02 (0.947 ± 0.018 unrounded)', () => {
		near(r.overall.estimate, EX.overall[0], 0.005);
		near(r.overall.ci95, EX.overall[1], 0.005);
		// Three decimals, as independent reproductions (mapac, mapaccuracy) give them.
		near(r.overall.estimate, 0.947, 0.0005);
		near(r.overall.ci95, 0.018, 0.0005);
	});

	it('reproduces the error-adjusted areas of section 5.2.2 to the hectare (21 158 ± 6 158 ha …)', () => {
		EX.classes.forEach((c, i) => {
			expect(Math.round(r.areas[c].estimate!)).toBe(EX.areasHa[i][0]);
			expect(Math.round(r.areas[c].ci95!)).toBe(EX.areasHa[i][1]);
		});
		near(r.areaProportions.deforestation.se, EX.seAreaProportionDeforestation, 5e-5);
		expect(r.totalArea).toBeCloseTo(900_000, 6);
	});

	it('pins the unrounded figures to 3 decimals (eqs. 2–10, 1.96, no finite population correction)', () => {
		const got = EX.classes.map((c) => [r.users[c].estimate, r.users[c].se, r.producers[c].estimate, r.producers[c].se]);
		const want = [
			[0.88, 0.0378, 0.7487, 0.1088],
			[0.7333, 0.0514, 0.8472, 0.1298],
			[0.9273, 0.0203, 0.9345, 0.0175],
			[0.9631, 0.0105, 0.9616, 0.0094]
		];
		got.forEach((row, i) => row.forEach((v, j) => near(v, want[i][j], 5e-5)));
	});

	it('gives areas in the input unit: pixels in, pixels out', () => {
		const px = accuracyFromErrorMatrix({ classes: EX.classes, counts: EX.counts, mappedAreas: EX.mappedPixels });
		expect(Math.round(px.areas.deforestation.estimate!)).toBe(235_086);
		// S(Â_1) = 0.0035 × 10 000 000 px; the paper prints 34 097 px but its own ±68 418 px implies 34 907.
		expect(Math.round(px.areas.deforestation.se!)).toBe(34_907);
		expect(Math.round(px.areas.deforestation.ci95!)).toBe(68_418);
		for (const c of EX.classes) expect(px.users[c]).toEqual(r.users[c]);
	});

	it('uses the stratum weights: the same counts with equal mapped areas give other figures', () => {
		const flat = accuracyFromErrorMatrix({ classes: EX.classes, counts: EX.counts, mappedAreas: [1, 1, 1, 1] });
		expect(Math.abs(flat.producers.deforestation.estimate! - 0.75)).toBeGreaterThan(0.05);
		expect(Math.abs(flat.areaProportions.deforestation.estimate! - 0.0235)).toBeGreaterThan(0.1);
	});

	it('takes another critical value when asked (z = 1.96 by default, as in the paper)', () => {
		const z = 2.5758293035489;
		const r99 = accuracyFromErrorMatrix({ classes: EX.classes, counts: EX.counts, mappedAreas: hectares, z });
		expect(r99.overall.ci95).toBeCloseTo(r.overall.se! * z, 14);
		expect(r.overall.ci95).toBeCloseTo(r.overall.se! * 1.96, 14);
	});
});

describe('accuracyFromErrorMatrix: thin or degenerate designs give nulls with reasons, never a throw', () => {
	const classes = ['a', 'b', 'c'];

	it('a class with a single sample point: its user’s accuracy has no SE, nor do the population figures', () => {
		const r = accuracyFromErrorMatrix({ classes, counts: [[8, 2, 0], [0, 1, 0], [1, 0, 9]], mappedAreas: [10, 5, 20] });
		expect(r.users.b).toEqual({ estimate: 1, se: null, ci95: null, reason: 'one_point_in_stratum' });
		expect(r.users.a.se).toBeGreaterThan(0);
		expect(r.overall.estimate).toBeGreaterThan(0);
		expect(r.overall.se).toBeNull();
		expect(r.overall.reason).toBe('one_point_in_stratum');
		expect(r.areas.a.estimate).toBeGreaterThan(0);
		expect(r.areas.a.se).toBeNull();
		expect(r.producers.c.se).toBeNull();
	});

	it('an empty stratum with mapped area: no population figure can be estimated', () => {
		const r = accuracyFromErrorMatrix({ classes, counts: [[8, 2, 0], [0, 0, 0], [1, 0, 9]], mappedAreas: [10, 5, 20] });
		expect(r.overall).toEqual({ estimate: null, se: null, ci95: null, reason: 'empty_stratum' });
		expect(r.areas.a.reason).toBe('empty_stratum');
		expect(r.producers.a.reason).toBe('empty_stratum');
		expect(r.users.b.reason).toBe('class_never_mapped');
		expect(r.users.a.estimate).toBeCloseTo(0.8, 15);
		expect(r.proportions[1]).toBeNull();
	});

	it('a class mapped but never seen in the reference: producer’s accuracy undefined, area 0 ± 0', () => {
		const r = accuracyFromErrorMatrix({ classes, counts: [[8, 0, 2], [3, 0, 7], [1, 0, 9]], mappedAreas: [10, 5, 20] });
		expect(r.producers.b).toEqual({ estimate: null, se: null, ci95: null, reason: 'class_never_in_reference' });
		expect(r.users.b).toEqual({ estimate: 0, se: 0, ci95: 0 });
		expect(r.areas.b).toEqual({ estimate: 0, se: 0, ci95: 0 });
		expect(r.producers.a.estimate).toBeGreaterThan(0);
	});

	it('a class seen only in the reference (no mapped area, no stratum sample) is estimated from the others', () => {
		const r = accuracyFromErrorMatrix({ classes, counts: [[8, 2, 0], [0, 0, 0], [1, 1, 8]], mappedAreas: [10, 0, 20] });
		expect(r.overall.estimate).not.toBeNull();
		expect(r.users.b.reason).toBe('class_never_mapped');
		expect(r.producers.b.estimate).toBe(0);
		// true share of b = 10/30·2/10 + 20/30·1/10
		expect(r.areaProportions.b.estimate).toBeCloseTo(2 / 30 + 2 / 30, 15);
	});

	it('zero variance (perfect agreement) is a real estimate: SE 0, areas equal to the mapped areas', () => {
		const r = accuracyFromErrorMatrix({ classes, counts: [[5, 0, 0], [0, 7, 0], [0, 0, 9]], mappedAreas: [10, 5, 20] });
		expect(r.overall).toEqual({ estimate: 1, se: 0, ci95: 0 });
		expect(r.areas.b.estimate).toBeCloseTo(5, 12);
		expect(r.areas.b.se).toBe(0);
		for (const c of classes) expect(r.producers[c]).toEqual({ estimate: 1, se: 0, ci95: 0 });
	});

	it('never lets a class name reach the prototype', () => {
		const r = accuracyFromErrorMatrix({ classes: ['__proto__', 'x'], counts: [[3, 1], [1, 3]], mappedAreas: [1, 1] });
		expect(Object.keys(r.users)).toEqual(['__proto__', 'x']);
		expect(r.users['__proto__'].estimate).toBe(0.75);
		expect(JSON.parse(JSON.stringify(r)).users['__proto__'].estimate).toBe(0.75);
	});
});

describe('accuracyFromErrorMatrix: input that is not a design is refused with a bilingual error', () => {
	const base = { classes: ['a', 'b'], counts: [[3, 1], [1, 3]], mappedAreas: [1, 1] };
	const code = (f: () => unknown) => {
		try {
			f();
		} catch (e) {
			expect(e).toBeInstanceOf(StatsInputError);
			const s = e as StatsInputError;
			expect(s.messages.fr.length).toBeGreaterThan(0);
			expect(s.localized('en')).toBe(s.message);
			return s.code;
		}
		throw new Error('did not throw');
	};
	it.each<[string, Partial<typeof base> & Record<string, unknown>, string]>([
		['a missing row', { counts: [[3, 1]] }, 'matrix_not_square'],
		['a short row', { counts: [[3, 1], [1]] }, 'matrix_not_square'],
		['a negative count', { counts: [[3, -1], [1, 3]] }, 'bad_count'],
		['a fractional count', { counts: [[3, 0.5], [1, 3]] }, 'bad_count'],
		['a NaN count', { counts: [[3, NaN], [1, 3]] }, 'bad_count'],
		['too few areas', { mappedAreas: [1] }, 'areas_mismatch'],
		['a negative area', { mappedAreas: [1, -2] }, 'bad_area'],
		['an infinite area', { mappedAreas: [1, Infinity] }, 'bad_area'],
		['no area at all', { mappedAreas: [0, 0] }, 'no_mapped_area'],
		['a duplicate class', { classes: ['a', 'a'] }, 'duplicate_class'],
		['no class', { classes: [], counts: [], mappedAreas: [] }, 'no_classes']
	])('%s', (_label, patch, expected) => {
		expect(code(() => accuracyFromErrorMatrix({ ...base, ...patch } as typeof base))).toBe(expected);
	});
});

describe('countErrorMatrix', () => {
	it('counts (map, reference) pairs from class indices', () => {
		expect(countErrorMatrix(3, Int32Array.from([0, 0, 1, 2, 2]), Int32Array.from([0, 1, 1, 2, 0]))).toEqual([
			[1, 1, 0],
			[0, 1, 0],
			[1, 0, 1]
		]);
	});
	it('refuses labels that are not class indices, or lists of different lengths', () => {
		expect(() => countErrorMatrix(2, [0, 2], [0, 1])).toThrow(StatsInputError);
		expect(() => countErrorMatrix(2, [0, 0.5], [0, 1])).toThrow(StatsInputError);
		expect(() => countErrorMatrix(2, [0], [0, 1])).toThrow(StatsInputError);
	});
});
