/**
 * Published worked examples the estimators are tested against (test data only; nothing in the app imports
 * this file). Each number says where it is printed.
 */

/**
 * Olofsson, P. et al. (2014), Remote Sensing of Environment 148: 42–57, section 5 ("example"): a change map
 * with four classes, 30 m pixels (0.09 ha).
 */
export const OLOFSSON_2014 = {
	classes: ['deforestation', 'forest gain', 'stable forest', 'stable non-forest'],
	/** Table 8: sample counts n_ij, rows = map class (= stratum), columns = reference class. */
	counts: [
		[66, 0, 5, 4],
		[0, 55, 8, 12],
		[1, 0, 153, 11],
		[2, 1, 9, 313]
	],
	/** Table 8: mapped area in pixels (A_m,i). */
	mappedPixels: [200_000, 150_000, 3_200_000, 6_450_000],
	hectaresPerPixel: 0.09,
	/** Table 9: estimated area proportions p̂_ij, printed to 4 decimals. */
	proportions: [
		[0.0176, 0, 0.0013, 0.0011],
		[0, 0.011, 0.0016, 0.0024],
		[0.0019, 0, 0.2967, 0.0213],
		[0.004, 0.002, 0.0179, 0.6212]
	],
	/** Section 5.2.1: user's accuracy ± 95 % half-width, printed to 2 decimals. */
	users: [
		[0.88, 0.07],
		[0.73, 0.1],
		[0.93, 0.04],
		[0.96, 0.02]
	],
	/**
	 * Section 5.2.1: producer's accuracy ± 95 % half-width, printed to 2 decimals. Two printed half-widths
	 * disagree with the paper's own eq. 7 (forest gain ±0.23 where eq. 7 gives ±0.254; stable non-forest
	 * ±0.01 where it gives ±0.018); `producersPrintedButWrong` keeps them for the record.
	 */
	producers: [
		[0.75, 0.21],
		[0.85, 0.25],
		[0.93, 0.03],
		[0.96, 0.02]
	],
	producersPrintedButWrong: { 'forest gain': 0.23, 'stable non-forest': 0.01 },
	/** Section 5.2.1: overall accuracy ± 95 % half-width, printed to 2 decimals. */
	overall: [0.95, 0.02],
	/** Section 5.2.2: error-adjusted area ± 95 % half-width, hectares. */
	areasHa: [
		[21_158, 6_158],
		[11_686, 3_756],
		[285_770, 15_510],
		[581_386, 16_282]
	],
	/** Section 5.2.2: S(p̂_·1) = 0.0035 for deforestation. */
	seAreaProportionDeforestation: 0.0035,
	/** Section 5.1.1 and Table 5: sample size planning. */
	planning: {
		weights: [0.02, 0.015, 0.32, 0.645],
		anticipatedUsers: [0.7, 0.6, 0.9, 0.95],
		targetSeOverall: 0.01,
		n: 641,
		/** Table 5, column "Prop": proportional allocation of 641. */
		proportional: [13, 10, 205, 413]
	}
} as const;

/**
 * Stehman, S. V. (2014), International Journal of Remote Sensing 35(13): 4923–4939, numerical example
 * (pp. 4932–4936): 4 strata (N_h = 40 000, 30 000, 20 000, 10 000 pixels), 10 sample pixels each, map and reference
 * classes A–D. Table 2 lists the sample: [stratum, map class, reference class].
 */
export const STEHMAN_2014 = {
	strataSizes: { '1': 40_000, '2': 30_000, '3': 20_000, '4': 10_000 },
	sample: [
		['1', 'A', 'A'], ['1', 'A', 'A'], ['1', 'A', 'A'], ['1', 'A', 'A'], ['1', 'A', 'A'],
		['1', 'A', 'C'], ['1', 'A', 'B'], ['1', 'B', 'A'], ['1', 'B', 'B'], ['1', 'B', 'C'],
		['2', 'A', 'A'], ['2', 'B', 'B'], ['2', 'B', 'B'], ['2', 'B', 'B'], ['2', 'B', 'B'],
		['2', 'B', 'B'], ['2', 'B', 'A'], ['2', 'B', 'A'], ['2', 'B', 'B'], ['2', 'B', 'B'],
		['3', 'B', 'C'], ['3', 'B', 'C'], ['3', 'C', 'C'], ['3', 'C', 'C'], ['3', 'C', 'C'],
		['3', 'C', 'D'], ['3', 'C', 'D'], ['3', 'C', 'B'], ['3', 'B', 'B'], ['3', 'B', 'A'],
		['4', 'D', 'D'], ['4', 'D', 'D'], ['4', 'D', 'D'], ['4', 'D', 'D'], ['4', 'D', 'D'],
		['4', 'D', 'D'], ['4', 'D', 'D'], ['4', 'D', 'C'], ['4', 'D', 'C'], ['4', 'D', 'B']
	] as [string, string, string][],
	/** Printed estimates (pp. 4932–4936), 2 or 3 decimals as printed. */
	areaProportionA: 0.35,
	seAreaProportionA: 0.082,
	areaProportionC: 0.2,
	seAreaProportionC: 0.064,
	overall: 0.63,
	seOverall: 0.085,
	userB: 0.574,
	seUserB: 0.125,
	producerB: 0.794,
	/**
	 * Printed SE of producer's accuracy of B: 0.114. Eq. 28 with the sample variance of stratum 4's
	 * x_u (reference = B: one unit in ten, s²_x4 = 0.1) gives 0.1165; 0.114 is what it gives with s²_x4
	 * taken as 0, a slip in the paper's arithmetic (also noted by the accuracyAssessmentTools reproduction).
	 */
	seProducerBPrinted: 0.114,
	/** p̂_23: share of area mapped B whose reference is C. */
	cellBC: 0.08
} as const;
