/**
 * The contractor page's view of the API (types only: the server modules never reach the browser).
 */
export type {
	Answer,
	AnswerView,
	LiveState,
	Outcome,
	ReleasedDefectCollection,
	ReleasedDefectFeature,
	ReleasedDefectProperties,
	ReleaseOverview
} from '$lib/server/contractor/releases.service.ts';
export type { TileRoundView, RoundSummary } from '$lib/server/rounds/rounds.service.ts';
