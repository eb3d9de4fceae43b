/**
 * Paint of the acceptance report's map: tiles coloured by their consensus verdict, or by their review
 * status. The colours are the PDF's (src/lib/reports/report-text.ts), so the page and the paper agree.
 */
import type { ExpressionSpecification } from 'maplibre-gl';
import { MAP_COLOURS } from '../../reports/report-text.ts';

export type ReportColourBy = 'verdict' | 'status';

/**
 * `fill-color` of a tile. By verdict: its verdict's colour; without one, the status colour while it is
 * not started or in review, grey once reviewed without a verdict (only "cannot tell"), as in the PDF.
 */
export function reportFillColor(by: ReportColourBy): ExpressionSpecification {
	const status: ExpressionSpecification = [
		'match',
		['get', 'status'],
		'not_started',
		MAP_COLOURS.status.not_started,
		'in_review',
		MAP_COLOURS.status.in_review,
		'reviewed',
		MAP_COLOURS.status.reviewed,
		'validated',
		MAP_COLOURS.status.validated,
		MAP_COLOURS.status.not_started
	];
	if (by === 'status') return status;
	return [
		'match',
		['coalesce', ['get', 'verdict'], 'none'],
		'accepted',
		MAP_COLOURS.verdict.accepted,
		'accepted_with_reservations',
		MAP_COLOURS.verdict.accepted_with_reservations,
		'rejected',
		MAP_COLOURS.verdict.rejected,
		['match', ['get', 'status'], ['not_started', 'in_review'], status, MAP_COLOURS.noVerdict]
	];
}

/** Legend entries (colour, what it means as a message key suffix) for a colouring. */
export function reportLegend(by: ReportColourBy): { colour: string; key: string }[] {
	if (by === 'status') return (['not_started', 'in_review', 'reviewed', 'validated'] as const).map((s) => ({ colour: MAP_COLOURS.status[s], key: `tileStatus.${s}` }));
	return [
		{ colour: MAP_COLOURS.verdict.accepted, key: 'review.verdict.accepted' },
		{ colour: MAP_COLOURS.verdict.accepted_with_reservations, key: 'review.verdict.accepted_with_reservations' },
		{ colour: MAP_COLOURS.verdict.rejected, key: 'review.verdict.rejected' },
		{ colour: MAP_COLOURS.noVerdict, key: 'report.noVerdict' },
		{ colour: MAP_COLOURS.status.in_review, key: 'tileStatus.in_review' },
		{ colour: MAP_COLOURS.status.not_started, key: 'tileStatus.not_started' }
	];
}
