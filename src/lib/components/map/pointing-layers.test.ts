import { describe, expect, it } from 'vitest';
import { marksCollection, markLayers, MARK_COLORS, residualLayers, residualScale, POINTING_IDS, RESIDUAL_IDS } from './pointing-layers.ts';

describe('pointing marks', () => {
	it('turns marks into point features carrying their kind', () => {
		const fc = marksCollection([{ kind: 'mark', lng: 2.35, lat: 48.85 }, { kind: 'reference', lng: 2.36, lat: 48.86 }]);
		expect(fc.features.map((f) => [f.geometry.coordinates, f.properties.kind])).toEqual([
			[[2.35, 48.85], 'mark'],
			[[2.36, 48.86], 'reference']
		]);
	});

	it('draws an open ring (the pointed detail stays visible) and a centre dot, coloured by kind', () => {
		const layers = markLayers();
		expect(layers.map((l) => l.id)).toEqual([POINTING_IDS.layers.casing, POINTING_IDS.layers.ring, POINTING_IDS.layers.dot]);
		const ring = layers[1] as { paint: Record<string, unknown> };
		expect(ring.paint['circle-color']).toBe('rgba(0,0,0,0)');
		const match = ring.paint['circle-stroke-color'] as unknown[];
		expect(match.slice(0, 2)).toEqual(['match', ['get', 'kind']]);
		expect(match[match.indexOf('reference') + 1]).toBe(MARK_COLORS.reference);
	});
});

describe('residual arrows', () => {
	it('draws arrows and references from one source, by kind', () => {
		const layers = residualLayers();
		expect(new Set(layers.map((l) => (l as { source: string }).source))).toEqual(new Set([RESIDUAL_IDS.source]));
		expect(layers.map((l) => (l as { filter: unknown }).filter)).toEqual([
			['==', ['get', 'kind'], 'arrow'],
			['==', ['get', 'kind'], 'arrow'],
			['==', ['get', 'kind'], 'reference']
		]);
	});

	it('picks a round residual length drawn about 80 px long at the current zoom', () => {
		// ×500 at 2 m/px: 80 px is 160 m drawn, a 0.32 m residual; in ratio 0.5 m (×1.56) is nearer than 0.2 m (÷1.6).
		expect(residualScale(500, 2)).toEqual({ residual: 0.5, pixels: 125 });
		// ×1000 at 0.5 m/px: 80 px is 40 m drawn, a 0.04 m residual → 0.05 m, 100 px.
		const s = residualScale(1000, 0.5);
		expect(s.residual).toBeCloseTo(0.05, 12);
		expect(s.pixels).toBeCloseTo(100, 9);
	});
});
