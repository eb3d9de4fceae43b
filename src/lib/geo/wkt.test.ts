import { describe, expect, it } from 'vitest';
import { toWkt } from './wkt.ts';

describe('toWkt', () => {
	it('writes points, lines, polygons with holes and multipolygons', () => {
		expect(toWkt({ type: 'Point', coordinates: [650100.5, 6862200.25] })).toBe('POINT (650100.5 6862200.25)');
		expect(toWkt({ type: 'LineString', coordinates: [[0, 0], [-1.5, 2]] })).toBe('LINESTRING (0 0, -1.5 2)');
		const outer = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]];
		const hole = [[2, 2], [3, 2], [3, 3], [2, 2]];
		expect(toWkt({ type: 'Polygon', coordinates: [outer, hole] })).toBe('POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 3 2, 3 3, 2 2))');
		expect(toWkt({ type: 'MultiPolygon', coordinates: [[outer], [hole]] })).toBe('MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0)), ((2 2, 3 2, 3 3, 2 2)))');
	});

	it('rounds to the digits asked, without trailing zeros or negative zero', () => {
		expect(toWkt({ type: 'Point', coordinates: [650100.123456, -0.0001] }, 3)).toBe('POINT (650100.123 0)');
		expect(toWkt({ type: 'Point', coordinates: [1.10000000001, 2] }, 3)).toBe('POINT (1.1 2)');
	});

	it('refuses what is not a geometry rather than writing nonsense', () => {
		expect(() => toWkt({ type: 'Point', coordinates: [Number.NaN, 1] })).toThrow(/finite/);
		expect(() => toWkt({ type: 'LineString', coordinates: [] })).toThrow(/empty/);
		expect(() => toWkt({ type: 'Polygon', coordinates: [] })).toThrow(/rings/);
		expect(() => toWkt({ type: 'MultiPolygon', coordinates: [] })).toThrow(/parts/);
	});
});
