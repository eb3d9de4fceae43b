import { describe, expect, it } from 'vitest';
import { centreOf, metresPerPixelAtScale, scaleAtZoom, screenSize, WALK_SCALE, zoomForScale } from './walk-view.ts';

describe('zoomForScale (MapLibre, 512-pixel zoom levels, 96 dpi)', () => {
	it('1:2 500 is 0.661 m per CSS pixel', () => {
		expect(metresPerPixelAtScale(WALK_SCALE)).toBeCloseTo(0.661458, 6);
	});

	it.each([
		[0, 16.8525],
		[47, 16.3003],
		[51, 16.1843],
		[-21, 16.7535], // La Réunion: the southern hemisphere is the same as the northern
		[60, 15.8525]
	])('1:2 500 at latitude %d° → zoom %d', (latitude, zoom) => {
		expect(zoomForScale(WALK_SCALE, latitude)).toBeCloseTo(zoom, 3);
	});

	it('halving the scale denominator is one zoom level; cos(60°) = ½ is one level less than the equator', () => {
		expect(zoomForScale(1250, 47) - zoomForScale(2500, 47)).toBeCloseTo(1, 10);
		expect(zoomForScale(2500, 0) - zoomForScale(2500, 60)).toBeCloseTo(1, 10);
	});

	it('is not the 256-pixel (OSM/Leaflet) formula, which would show 1:1 250 in MapLibre', () => {
		const leaflet = Math.log2((156543.03392 * Math.cos((47 * Math.PI) / 180)) / metresPerPixelAtScale(2500));
		expect(scaleAtZoom(leaflet, 47)).toBeCloseTo(1250, 0);
		expect(scaleAtZoom(zoomForScale(2500, 47), 47)).toBeCloseTo(2500, 6);
	});

	it('a screen of another resolution needs another zoom for the same printed scale', () => {
		expect(zoomForScale(2500, 47, 192) - zoomForScale(2500, 47, 96)).toBeCloseTo(1, 10);
	});
});

describe('centreOf', () => {
	it('centres a polygon on the middle of its bounding box', () => {
		expect(
			centreOf({
				type: 'Polygon',
				coordinates: [
					[
						[-99.2, 47.0],
						[-99.1, 47.0],
						[-99.1, 47.2],
						[-99.2, 47.0]
					]
				]
			})
		).toEqual([-99.15000000000001, 47.1]);
	});

	it('covers every part of a multipolygon', () => {
		const c = centreOf({
			type: 'MultiPolygon',
			coordinates: [
				[
					[
						[0, 0],
						[1, 0],
						[1, 1],
						[0, 0]
					]
				],
				[
					[
						[3, 2],
						[4, 2],
						[4, 3],
						[3, 2]
					]
				]
			]
		});
		expect(c).toEqual([2, 1.5]);
	});

	it('has no centre without coordinates', () => {
		expect(centreOf(null)).toBeNull();
		expect(centreOf({ type: 'Polygon', coordinates: [] })).toBeNull();
	});
});

describe('screenSize', () => {
	// A 5 m pixel of the Dakota demo (47° N): about 7.6 CSS pixels at 1:2 500 (0.661 m per pixel).
	const lat = 47;
	const dLng = 5 / (111_320 * Math.cos((lat * Math.PI) / 180));
	const dLat = 5 / 111_320;
	const square = (n: number) => ({
		type: 'Polygon' as const,
		coordinates: [
			[
				[-99, lat],
				[-99 + n * dLng, lat],
				[-99 + n * dLng, lat + n * dLat],
				[-99, lat]
			]
		]
	});

	it('measures a polygon as the map draws it at 1:2 500', () => {
		const z = zoomForScale(WALK_SCALE, lat);
		expect(screenSize(square(1), z)).toBeCloseTo(5 / metresPerPixelAtScale(WALK_SCALE), 0);
		expect(screenSize(square(20), z)).toBeCloseTo(100 / metresPerPixelAtScale(WALK_SCALE), -1);
	});

	it('doubles with each zoom level; nothing to measure is 0', () => {
		expect(screenSize(square(3), 17) / screenSize(square(3), 16)).toBeCloseTo(2, 10);
		expect(screenSize(null, 16)).toBe(0);
	});
});
