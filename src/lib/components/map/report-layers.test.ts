import { expression as styleExpression } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { MAP_COLOURS } from '../../reports/report-text.ts';
import { reportFillColor, reportLegend } from './report-layers.ts';

/** Evaluates a fill-color expression for a tile's properties, as MapLibre would. */
function colourOf(by: 'verdict' | 'status', properties: Record<string, unknown>): string {
	const compiled = styleExpression.createExpression(reportFillColor(by), { type: 'color', 'property-type': 'data-driven', expression: { interpolated: false, parameters: ['zoom', 'feature'] } } as never);
	if (compiled.result !== 'success') throw new Error(JSON.stringify(compiled.value));
	return String(compiled.value.evaluate({ zoom: 10 }, { type: 'Polygon', properties } as never));
}

describe('report map colours', () => {
	it.each([
		{ props: { status: 'reviewed', verdict: 'rejected' }, want: MAP_COLOURS.verdict.rejected },
		{ props: { status: 'validated', verdict: 'accepted' }, want: MAP_COLOURS.verdict.accepted },
		{ props: { status: 'in_review', verdict: 'accepted_with_reservations' }, want: MAP_COLOURS.verdict.accepted_with_reservations },
		{ props: { status: 'not_started', verdict: null }, want: MAP_COLOURS.status.not_started },
		{ props: { status: 'in_review', verdict: null }, want: MAP_COLOURS.status.in_review },
		// Reviewed with only "cannot tell": grey, never the colour of a verdict.
		{ props: { status: 'reviewed', verdict: null }, want: MAP_COLOURS.noVerdict }
	])('by verdict: $props', ({ props, want }) => {
		expect(colourOf('verdict', props)).toBe(want);
	});

	it('by status ignores the verdict', () => {
		expect(colourOf('status', { status: 'validated', verdict: 'rejected' })).toBe(MAP_COLOURS.status.validated);
		expect(colourOf('status', { status: 'reviewed', verdict: 'accepted' })).toBe(MAP_COLOURS.status.reviewed);
	});

	it('has a legend entry for every colour the map can show', () => {
		expect(reportLegend('verdict').map((e) => e.colour).sort()).toEqual(
			[...Object.values(MAP_COLOURS.verdict), MAP_COLOURS.noVerdict, MAP_COLOURS.status.in_review, MAP_COLOURS.status.not_started].sort()
		);
		expect(reportLegend('status')).toHaveLength(4);
	});
});
