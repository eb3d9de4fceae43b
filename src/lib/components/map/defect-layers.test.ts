import { describe, expect, it } from 'vitest';
import { atLeast, CLICKABLE_DEFECT_LAYERS, DEFECT_IDS, defectLayers, geometriesBBox, SEVERITY_COLORS, severityColorExpression } from './defect-layers.ts';

describe('defect layers', () => {
	it('draws each geometry type once: polygons filled and outlined, lines, points as circles', () => {
		const layers = defectLayers();
		expect(layers.map((l) => [l.id, l.type])).toEqual([
			[DEFECT_IDS.fill, 'fill'],
			[DEFECT_IDS.line, 'line'],
			[DEFECT_IDS.point, 'circle'],
			[DEFECT_IDS.selected, 'line']
		]);
		for (const l of layers) expect((l as { source: string }).source).toBe(DEFECT_IDS.source);
		expect((layers[0] as { filter: unknown }).filter).toEqual(['==', ['geometry-type'], 'Polygon']);
		expect((layers[2] as { filter: unknown }).filter).toEqual(['==', ['geometry-type'], 'Point']);
		expect(CLICKABLE_DEFECT_LAYERS).toEqual([DEFECT_IDS.point, DEFECT_IDS.line, DEFECT_IDS.fill]);
	});

	it('colours by severity, grey for anything else', () => {
		expect(severityColorExpression()).toEqual(['match', ['get', 'severity'], 'minor', SEVERITY_COLORS.minor, 'major', SEVERITY_COLORS.major, 'blocking', SEVERITY_COLORS.blocking, '#888888']);
		expect(new Set(Object.values(SEVERITY_COLORS)).size).toBe(3);
	});
});

describe('geometriesBBox', () => {
	it('spans points, lines and polygons, negative coordinates included', () => {
		expect(
			geometriesBBox([
				{ type: 'Point', coordinates: [-1.5, 47] },
				{ type: 'LineString', coordinates: [[-2, 46.5], [-1, 46.8]] },
				{ type: 'Polygon', coordinates: [[[-1.2, 47.1], [-1.1, 47.1], [-1.1, 47.2], [-1.2, 47.1]]] }
			])
		).toEqual([-2, 46.5, -1, 47.2]);
	});
	it('is null without positions, and skips what is not a position', () => {
		expect(geometriesBBox([])).toBeNull();
		expect(geometriesBBox([null, { type: 'Point', coordinates: [Number.NaN, 1] }])).toBeNull();
		expect(geometriesBBox([{ type: 'Point', coordinates: [3, 4] }])).toEqual([3, 4, 3, 4]);
	});
});

describe('atLeast', () => {
	it('grows a point or a thin box around its centre, leaves a large one as it is', () => {
		expect(atLeast([2, 47, 2, 47], 0.01)).toEqual([1.995, 46.995, 2.005, 47.005]);
		expect(atLeast([0, 0, 1, 0.004], 0.01)).toEqual([0, -0.003, 1, 0.007]);
		expect(atLeast([0, 0, 1, 1], 0.01)).toEqual([0, 0, 1, 1]);
	});
});
