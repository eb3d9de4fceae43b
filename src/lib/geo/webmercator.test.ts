import { describe, it, expect } from 'vitest';
import {
	ORIGIN_SHIFT,
	lonLatToMercator,
	mercatorToLonLat,
	tileBounds,
	tileBoundsLonLat,
	lonLatToTile,
	mercatorToTile,
	tileRangeForBBox,
	tileCount,
	metersPerPixel,
	parentTile
} from './webmercator.ts';

describe('webmercator', () => {
	it('tile 0/0/0 spans the whole Web Mercator square', () => {
		expect(ORIGIN_SHIFT).toBeCloseTo(20037508.342789244, 6);
		const b = tileBounds(0, 0, 0);
		expect(b[0]).toBeCloseTo(-20037508.342789244, 6);
		expect(b[1]).toBeCloseTo(-20037508.342789244, 6);
		expect(b[2]).toBeCloseTo(20037508.342789244, 6);
		expect(b[3]).toBeCloseTo(20037508.342789244, 6);
	});

	it('matches the OSM slippy-map formulas (Paris, z=10 → 518/352)', () => {
		expect(lonLatToTile(2.35, 48.85, 10)).toEqual({ x: 518, y: 352 });
		// OSM wiki: n = 2^z, x = floor((lon+180)/360 n), y = floor((1 - asinh(tan(lat))/π)/2 n)
		const n = 2 ** 10;
		const lat = (48.85 * Math.PI) / 180;
		expect(Math.floor(((1 - Math.asinh(Math.tan(lat)) / Math.PI) / 2) * n)).toBe(352);
		// Tile 1/0/0 is the north-west quarter
		expect(tileBounds(1, 0, 0)).toEqual([-ORIGIN_SHIFT, 0, 0, ORIGIN_SHIFT]);
	});

	it('the tile bounds contain the point that selected the tile', () => {
		for (const [lon, lat, z] of [
			[2.35, 48.85, 10],
			[-99.1, 47.05, 15],
			[0.5853, 43.6, 17],
			[151.2, -33.87, 12]
		]) {
			const { x, y } = lonLatToTile(lon, lat, z);
			const [w, s, e, nn] = tileBoundsLonLat(z, x, y);
			expect(lon).toBeGreaterThanOrEqual(w);
			expect(lon).toBeLessThan(e);
			expect(lat).toBeGreaterThanOrEqual(s);
			expect(lat).toBeLessThan(nn);
		}
	});

	it('round-trips lon/lat ↔ metres and knows the published constants', () => {
		const [x, y] = lonLatToMercator(2.35, 48.85);
		expect(x).toBeCloseTo(261600.5, 0); // 2.35° × 111319.49 m
		const [lon, lat] = mercatorToLonLat(x, y);
		expect(lon).toBeCloseTo(2.35, 10);
		expect(lat).toBeCloseTo(48.85, 10);
		expect(lonLatToMercator(0, 85.0511287798066)[1]).toBeCloseTo(ORIGIN_SHIFT, 3);
		expect(metersPerPixel(0)).toBeCloseTo(156543.03392804097, 6);
		expect(metersPerPixel(17)).toBeCloseTo(1.194328566955879, 9);
		expect(metersPerPixel(0, 512)).toBeCloseTo(78271.51696402048, 6);
		expect(metersPerPixel(0, 256, 60)).toBeCloseTo(156543.03392804097 / 2, 6);
	});

	it('computes tile ranges covering a WGS84 bbox', () => {
		const r = tileRangeForBBox([2.2, 48.8, 2.5, 48.9], 10);
		expect(r).toEqual({ z: 10, minX: 518, minY: 352, maxX: 519, maxY: 352 });
		expect(tileCount(r)).toBe(2);
		const world = tileRangeForBBox([-180, -85.06, 180, 85.06], 2);
		expect(world).toEqual({ z: 2, minX: 0, minY: 0, maxX: 3, maxY: 3 });
		// an edge exactly on a tile boundary does not add the next tile
		const b = tileBoundsLonLat(12, 2000, 1400);
		expect(tileCount(tileRangeForBBox(b, 12))).toBe(1);
		expect(mercatorToTile(-ORIGIN_SHIFT - 5, ORIGIN_SHIFT + 5, 3)).toEqual({ x: 0, y: 0 });
		expect(parentTile(10, 518, 352)).toEqual({ z: 9, x: 259, y: 176 });
	});
});
