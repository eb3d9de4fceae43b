/**
 * A campaign's acceptance criteria: what the contract says the delivery must reach. Every criterion is
 * optional (null or false: not part of the contract); each one set is required (see decision.ts).
 * Proportions are in [0, 1] (0.9 = 90 %).
 */

export interface SamplingPlanCriterion {
	/** n: tiles inspected, drawn at random among the review tiles with `seed`. */
	sampleSize: number;
	/** c: the most rejected tiles among them that still accept the delivery. */
	acceptanceNumber: number;
	seed: string;
}

export interface AcceptanceCriteria {
	/** Overall accuracy (estimate from the control points) at least this. */
	overallAccuracy: number | null;
	/** The lower bound of the overall accuracy's 95 % confidence interval at least this. */
	overallLowerBound: number | null;
	/** The user's accuracy of every mapped class at least this. */
	eachClassUsers: number | null;
	/** The user's accuracy of each of these classes at least `min`. */
	listedClassesUsers: { classes: string[]; min: number } | null;
	/** No blocking defect left (see decision.ts for "left"). */
	noBlockingDefectLeft: boolean;
	/** Share of rejected review tiles at most this. */
	rejectedTilesMax: number | null;
	/** Single sampling plan on tiles (the lot: review tiles; defective: rejected). */
	samplingPlan: SamplingPlanCriterion | null;
	/**
	 * Positional accuracy of the orthophoto: the checkpoints satisfy the precision class of this many
	 * (whole) centimetres of the decree of 16 September 2003, or a finer one (planimetry, C = 2).
	 */
	precisionClassCm: number | null;
	/** Positional accuracy: radial RMSE of the checkpoints at most this, metres. */
	rmseRadialMax: number | null;
}

/**
 * What regional land-cover contracts ask (overall accuracy ≥ 90 %, each class ≥ 85 %), offered as the
 * default until the manager sets the campaign's own.
 */
export const SUGGESTED_CRITERIA: Readonly<AcceptanceCriteria> = Object.freeze({
	overallAccuracy: 0.9,
	overallLowerBound: null,
	eachClassUsers: 0.85,
	listedClassesUsers: null,
	noBlockingDefectLeft: false,
	rejectedTilesMax: null,
	samplingPlan: null,
	precisionClassCm: null,
	rmseRadialMax: null
});

/** The identifiers of the criteria, in the order reports show them. */
export const CRITERION_IDS = [
	'overall_accuracy',
	'overall_lower_bound',
	'each_class_users',
	'listed_classes_users',
	'no_blocking_defect_left',
	'rejected_tiles',
	'sampling_plan',
	'precision_class',
	'rmse_radial'
] as const;
export type CriterionId = (typeof CRITERION_IDS)[number];
