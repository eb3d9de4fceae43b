import { describe, it, expect } from 'vitest';
import { accuracyFromStratifiedColumns, accuracyFromStratifiedSample, type StratifiedSample } from './stehman.ts';
import { accuracyFromErrorMatrix } from './olofsson.ts';
import { StatsInputError } from './errors.ts';
import { OLOFSSON_2014, STEHMAN_2014 as EX } from './examples.fixture.ts';

const near = (got: number | null | undefined, want: number, tol: number) => {
	expect(got).not.toBeNull();
	expect(got).toBeDefined();
	expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(tol);
};
const paperSample = (fpc: boolean): StratifiedSample => ({
	strata: Object.entries(EX.strataSizes).map(([name, size]) => ({ name, size })),
	points: EX.sample.map(([stratum, map, reference]) => ({ stratum, map, reference })),
	classes: ['A', 'B', 'C', 'D'],
	fpc
});

describe('accuracyFromStratifiedSample: Stehman (2014) numerical example (Table 2 sample)', () => {
	// The paper applies the finite population correction (eqs. 25 and 28): N_h counts pixels.
	const r = accuracyFromStratifiedSample(paperSample(true));

	it('estimates the area shares of A and C with their SEs, as printed (p. 4932, p. 4935)', () => {
		near(r.areaProportions.A.estimate, EX.areaProportionA, 5e-4);
		near(r.areaProportions.A.se, EX.seAreaProportionA, 5e-4);
		near(r.areaProportions.C.estimate, EX.areaProportionC, 5e-4);
		near(r.areaProportions.C.se, EX.seAreaProportionC, 5e-4);
	});

	it('estimates overall accuracy 0.63, SE 0.085 (p. 4932, p. 4936)', () => {
		near(r.overall.estimate, EX.overall, 5e-4);
		near(r.overall.se, EX.seOverall, 5e-4);
	});

	it('estimates user’s accuracy of B 0.574, SE 0.125 (p. 4934, p. 4936)', () => {
		near(r.users.B.estimate, EX.userB, 5e-4);
		near(r.users.B.se, EX.seUserB, 5e-4);
	});

	it('estimates producer’s accuracy of B 0.794 (p. 4934); its SE by eq. 28 is 0.117, not the printed 0.114', () => {
		near(r.producers.B.estimate, EX.producerB, 5e-4);
		// Eq. 28 with stratum 4's s²_x = 0.1 (one B in ten in the reference) gives 0.1165; the paper's 0.114
		// is eq. 28 with that variance taken as 0 — see examples.fixture.ts.
		near(r.producers.B.se, 0.1165, 5e-5);
		expect(Math.abs(r.producers.B.se! - EX.seProducerBPrinted)).toBeGreaterThan(0.002);
	});

	it('estimates cell (B, C) of the error matrix: 0.08 (p. 4935)', () => {
		near(r.proportions[1]![2], EX.cellBC, 5e-4);
	});

	it('gives areas in the unit of the stratum sizes (pixels here), and a matrix that sums to 1', () => {
		near(r.areas.A.estimate, 0.35 * 100_000, 1e-6);
		near(r.areas.A.se, r.areaProportions.A.se! * 100_000, 1e-6);
		expect(r.totalArea).toBe(100_000);
		const sum = r.proportions.flat().reduce((s: number, v) => s + (v as number), 0);
		expect(sum).toBeCloseTo(1, 14);
		// Column sums of the matrix are the reference-class shares.
		for (let j = 0; j < 4; j++) {
			const col = r.proportions.reduce((s, row) => s + row![j], 0);
			expect(col).toBeCloseTo(r.areaProportions[r.classes[j]].estimate!, 14);
		}
		expect(r.strata.map((s) => s.sampleSize)).toEqual([10, 10, 10, 10]);
	});

	it('is barely moved by the finite population correction on this example (same 3 decimals)', () => {
		const nofpc = accuracyFromStratifiedSample(paperSample(false));
		near(nofpc.overall.se, EX.seOverall, 5e-4);
		near(nofpc.users.B.se, EX.seUserB, 5e-4);
		expect(nofpc.overall.se!).toBeGreaterThan(r.overall.se!);
		expect(nofpc.overall.estimate).toBe(r.overall.estimate);
	});

	it('gives the same figures from the columnar form', () => {
		const classes = ['A', 'B', 'C', 'D'];
		const cols = accuracyFromStratifiedColumns({
			strata: paperSample(true).strata,
			classes,
			stratum: Int32Array.from(EX.sample, (s) => Number(s[0]) - 1),
			map: Int32Array.from(EX.sample, (s) => classes.indexOf(s[1])),
			reference: Int32Array.from(EX.sample, (s) => classes.indexOf(s[2])),
			fpc: true
		});
		expect(cols).toEqual(r);
	});
});

describe('Olofsson et al. (2014) is Stehman (2014) with strata = map classes', () => {
	it('gives identical figures on the Olofsson example (no finite population correction)', () => {
		const { classes, counts, mappedPixels } = OLOFSSON_2014;
		const points = [];
		for (let i = 0; i < 4; i++)
			for (let j = 0; j < 4; j++)
				for (let t = 0; t < counts[i][j]; t++) points.push({ stratum: classes[i], map: classes[i], reference: classes[j] });
		const st = accuracyFromStratifiedSample({
			strata: classes.map((name, i) => ({ name, size: mappedPixels[i] })),
			points,
			classes
		});
		const ol = accuracyFromErrorMatrix({ classes, counts, mappedAreas: mappedPixels });
		const close = (a: { estimate: number | null; se: number | null }, b: { estimate: number | null; se: number | null }) => {
			expect(a.estimate!).toBeCloseTo(b.estimate!, 12);
			expect(a.se!).toBeCloseTo(b.se!, 12);
		};
		close(st.overall, ol.overall);
		for (const c of classes) {
			close(st.users[c], ol.users[c]);
			// eq. 7 of Olofsson and eq. 28 of Stehman are the same estimator here.
			close(st.producers[c], ol.producers[c]);
			close(st.areaProportions[c], ol.areaProportions[c]);
			expect(st.areas[c].estimate! / ol.areas[c].estimate!).toBeCloseTo(1, 12);
			expect(st.mapProportions[c].estimate!).toBeCloseTo(ol.mappedAreas[c] / ol.totalArea, 12);
			expect(st.mapProportions[c].se).toBeCloseTo(0, 15);
		}
		for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(st.proportions[i]![j]).toBeCloseTo(ol.proportions[i]![j], 14);
	});
});

describe('accuracyFromStratifiedSample: thin designs give nulls with reasons', () => {
	const strata = [
		{ name: 's1', size: 100 },
		{ name: 's2', size: 50 }
	];
	const pts = (list: [string, string, string][]) => list.map(([stratum, map, reference]) => ({ stratum, map, reference }));

	it('a stratum with one point: estimates stand, standard errors are null', () => {
		const r = accuracyFromStratifiedSample({
			strata,
			points: pts([['s1', 'a', 'a'], ['s1', 'a', 'b'], ['s1', 'b', 'b'], ['s2', 'b', 'b']])
		});
		expect(r.overall.estimate).toBeCloseTo((100 * (2 / 3) + 50) / 150, 14);
		expect(r.overall.se).toBeNull();
		expect(r.overall.reason).toBe('one_point_in_stratum');
		expect(r.users.a.se).toBeNull();
	});

	it('…unless that stratum is a census (fpc and n_h = N_h): it adds no variance', () => {
		const r = accuracyFromStratifiedSample({
			strata: [{ name: 's1', size: 100 }, { name: 'tiny', size: 1 }],
			points: pts([['s1', 'a', 'a'], ['s1', 'a', 'b'], ['s1', 'b', 'b'], ['tiny', 'b', 'b']]),
			fpc: true
		});
		expect(r.overall.se).toBeGreaterThan(0);
	});

	it('an empty stratum with a size: nothing population-wide is estimable', () => {
		const r = accuracyFromStratifiedSample({ strata, points: pts([['s1', 'a', 'a'], ['s1', 'b', 'b']]) });
		expect(r.overall.reason).toBe('empty_stratum');
		expect(r.users.a.reason).toBe('empty_stratum');
		expect(r.areas.a.reason).toBe('empty_stratum');
		expect(r.proportions).toEqual([null, null]);
	});

	it('a class mapped but never in the reference: producer’s accuracy undefined; never mapped: user’s undefined', () => {
		const r = accuracyFromStratifiedSample({
			strata,
			points: pts([['s1', 'a', 'a'], ['s1', 'b', 'a'], ['s2', 'a', 'c'], ['s2', 'a', 'a']]),
			classes: ['a', 'b', 'c']
		});
		expect(r.producers.b.reason).toBe('class_never_in_reference');
		expect(r.users.c.reason).toBe('class_never_mapped');
		expect(r.areas.b).toEqual({ estimate: 0, se: 0, ci95: 0 });
		expect(r.users.a.estimate).not.toBeNull();
	});

	it('an empty sample over strata that have sizes: every figure is null, nothing throws', () => {
		const r = accuracyFromStratifiedSample({ strata, points: [], classes: ['a'] });
		expect(r.overall.reason).toBe('empty_stratum');
	});
});

describe('accuracyFromStratifiedSample: input that is not a design is refused', () => {
	const strata = [{ name: 's1', size: 10 }];
	const codeOf = (f: () => unknown) => {
		try {
			f();
		} catch (e) {
			expect(e).toBeInstanceOf(StatsInputError);
			return (e as StatsInputError).code;
		}
		return 'no error';
	};
	it.each<[string, StratifiedSample, string]>([
		['an unknown stratum', { strata, points: [{ stratum: 'x', map: 'a', reference: 'a' }] }, 'unknown_stratum'],
		['an unknown class', { strata, points: [{ stratum: 's1', map: 'a', reference: 'z' }], classes: ['a'] }, 'unknown_class'],
		['a stratum listed twice', { strata: [...strata, ...strata], points: [] }, 'duplicate_stratum'],
		['a negative size', { strata: [{ name: 's1', size: -1 }], points: [], classes: ['a'] }, 'bad_stratum_size'],
		['points in a stratum of size 0', { strata: [{ name: 's1', size: 0 }, { name: 's2', size: 3 }], points: [{ stratum: 's1', map: 'a', reference: 'a' }] }, 'stratum_size_zero'],
		['more points than units (with fpc)', { strata: [{ name: 's1', size: 1 }], points: [{ stratum: 's1', map: 'a', reference: 'a' }, { stratum: 's1', map: 'a', reference: 'a' }], fpc: true }, 'sample_larger_than_stratum'],
		['no size at all', { strata: [{ name: 's1', size: 0 }], points: [], classes: ['a'] }, 'no_mapped_area']
	])('%s', (_l, input, code) => {
		expect(codeOf(() => accuracyFromStratifiedSample(input))).toBe(code);
	});
	it('refuses out-of-range indices in the columnar form', () => {
		const base = { strata, classes: ['a'], stratum: [0], map: [0], reference: [0] };
		expect(codeOf(() => accuracyFromStratifiedColumns({ ...base, stratum: [1] }))).toBe('unknown_stratum');
		expect(codeOf(() => accuracyFromStratifiedColumns({ ...base, map: [-1] }))).toBe('unknown_class');
		expect(codeOf(() => accuracyFromStratifiedColumns({ ...base, map: [0, 0] }))).toBe('labels_mismatch');
	});
});
