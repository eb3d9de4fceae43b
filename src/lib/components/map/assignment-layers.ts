/**
 * Layers of the campaign map's "assignment" view: tiles filled with their organisation's colour and
 * the manager's selection outlined. Both read feature-state (set per tile by CampaignMap), so the
 * tile GeoJSON is not re-sent when an assignment or the selection changes.
 */
import type { LayerSpecification } from 'maplibre-gl';
import { featureStateSwitch, IDS } from './utils.ts';

export const ASSIGN_IDS = {
	fill: 'tiles-assigned-fill',
	selected: 'tiles-selected-line'
} as const;

/** Colour of the selection outline: a yellow that reads on imagery and on every organisation colour. */
export const SELECTION_COLOR = '#ffca00';

export function assignmentLayers(): LayerSpecification[] {
	return [
		{
			id: ASSIGN_IDS.fill,
			type: 'fill',
			source: IDS.tiles,
			layout: { visibility: 'none' },
			paint: {
				// No organisation: transparent (a hatch would need a sprite; the style is offline).
				'fill-color': ['coalesce', ['feature-state', 'orgColor'], 'rgba(0,0,0,0)'],
				'fill-opacity': featureStateSwitch('hover', 0.7, 0.45)
			}
		},
		{
			id: ASSIGN_IDS.selected,
			type: 'line',
			source: IDS.tiles,
			paint: {
				'line-color': SELECTION_COLOR,
				'line-width': 4,
				'line-opacity': featureStateSwitch('selected', 1, 0)
			}
		}
	];
}
