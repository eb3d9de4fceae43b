/**
 * Pure statistics for acceptance decisions (no I/O): normal quantiles, stratified estimation of accuracy and
 * area (Olofsson et al. 2014; Stehman 2014), sample size and allocation, reviewer agreement, proportion
 * intervals and single sampling plans. Each module's comment cites the formulas it implements.
 */
export { StatsInputError, isStatsInputError, UNDEFINED_REASONS, type Localized, type UndefinedReason } from './errors.ts';
export { Z95, type AccuracyFigures, type Estimate } from './estimate.ts';
export { erfc, normalCdf, normalQuantile, zForConfidence } from './normal.ts';
export { accuracyFromErrorMatrix, countErrorMatrix, type AccuracyAssessment, type ErrorMatrixInput } from './olofsson.ts';
export {
	accuracyFromStratifiedColumns,
	accuracyFromStratifiedSample,
	type SamplePoint,
	type StratifiedAssessment,
	type StratifiedSample,
	type StratifiedSampleColumns,
	type Stratum
} from './stehman.ts';
export {
	allocateEqual,
	allocateProportional,
	allocateWithMinimum,
	sampleSizeForOverallAccuracy,
	type SampleSize,
	type SampleSizeInput
} from './sample-size.ts';
export {
	cohenKappa,
	cohenKappaFromLabels,
	fleissKappa,
	ratingCounts,
	type CategoryKappa,
	type FleissKappaResult,
	type KappaResult
} from './agreement.ts';
export { wilsonInterval, type ProportionInterval, type WilsonOptions } from './proportion.ts';
export {
	binomialCdf,
	probabilityOfAcceptance,
	samplingDecision,
	type SamplingDecision,
	type SingleSamplingPlan
} from './acceptance.ts';
export { accuracyFromCsv, type AccuracyJson, type CliFigure } from './accuracy-csv.ts';
