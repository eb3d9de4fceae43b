/** Reproducible sampling (seeded cyrb128 → sfc32 streams). */
export { cyrb128, randomInt, seededRandom, sfc32 } from './random.ts';
export {
	allocateProportional,
	simpleRandomSample,
	stratifiedSample,
	stratumSeed,
	type StratifiedSample,
	type StratumAllocation
} from './sample.ts';
