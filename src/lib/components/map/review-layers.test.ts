import { describe, expect, it } from 'vitest';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { claimClicks, defectFeatures, DRAFT_COLOR, DRAFT_ID, remoteSelections, reviewLayers, reviewOwnsClick, REVIEW_IDS, SEVERITY_COLORS } from './review-layers.ts';
import { IDS } from './utils.ts';

const point = { type: 'Point' as const, coordinates: [1, 2] as [number, number] };
const line = { type: 'LineString' as const, coordinates: [[0, 0], [1, 1]] as [number, number][] };

describe('defectFeatures', () => {
	it('colours defects by severity and marks ours and the others’ selections', () => {
		const fc = defectFeatures(
			[
				{ id: 'a', geometry: point, severity: 'minor' },
				{ id: 'b', geometry: line, severity: 'blocking' }
			],
			{ selectedId: 'b', remote: new Map([['a', '#1b998b']]) }
		);
		expect(fc.features.map((f) => [f.id, f.properties])).toEqual([
			['a', { id: 'a', color: SEVERITY_COLORS.minor, selected: false, remoteColor: '#1b998b' }],
			['b', { id: 'b', color: SEVERITY_COLORS.blocking, selected: true, remoteColor: null }]
		]);
	});

	it('leaves out the defect being edited, adds the draft', () => {
		const fc = defectFeatures([{ id: 'a', geometry: point, severity: 'major' }], { hiddenId: 'a', draft: line });
		expect(fc.features).toEqual([
			{ type: 'Feature', id: DRAFT_ID, geometry: line, properties: { id: DRAFT_ID, color: DRAFT_COLOR, selected: true, remoteColor: null } }
		]);
	});

	it('is empty without defects', () => {
		expect(defectFeatures([])).toEqual({ type: 'FeatureCollection', features: [] });
	});
});

describe('remoteSelections', () => {
	it('gives each selected defect the colour of the first person on it', () => {
		expect(
			remoteSelections([
				{ selection: 'a', color: '#111111' },
				{ selection: null, color: '#222222' },
				{ selection: 'a', color: '#333333' },
				{ selection: 'b', color: '#444444' }
			])
		).toEqual(
			new Map([
				['a', '#111111'],
				['b', '#444444']
			])
		);
	});
});

describe('reviewLayers', () => {
	it('draws halos under the defects and points on top; the correction outline reads the land cover', () => {
		const layers = reviewLayers();
		const ids = layers.map((l) => l.id);
		expect(ids.indexOf(REVIEW_IDS.layers.remoteLine)).toBeLessThan(ids.indexOf(REVIEW_IDS.layers.line));
		expect(ids.indexOf(REVIEW_IDS.layers.selectedPoint)).toBeLessThan(ids.indexOf(REVIEW_IDS.layers.point));
		expect(ids.at(-1)).toBe(REVIEW_IDS.layers.point);
		const corrected = layers.find((l) => l.id === REVIEW_IDS.layers.landcoverCorrected);
		expect(corrected && 'source' in corrected && corrected.source).toBe(IDS.landcover);
		// No symbol layers: the offline style has no glyphs.
		expect(layers.every((l) => l.type !== 'symbol')).toBe(true);
	});
});

describe('click ownership', () => {
	it('asks the registered review layer of that map, and only while registered', () => {
		const map = {} as MapLibreMap;
		const other = {} as MapLibreMap;
		expect(reviewOwnsClick(map, { x: 1, y: 1 })).toBe(false);
		const release = claimClicks(map, (p) => p.x > 10);
		expect(reviewOwnsClick(map, { x: 11, y: 0 })).toBe(true);
		expect(reviewOwnsClick(map, { x: 5, y: 0 })).toBe(false);
		expect(reviewOwnsClick(other, { x: 11, y: 0 })).toBe(false);
		release();
		expect(reviewOwnsClick(map, { x: 11, y: 0 })).toBe(false);
	});
});
