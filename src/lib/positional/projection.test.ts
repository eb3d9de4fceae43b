import { describe, expect, it } from 'vitest';
import { resolveEpsg, transformer, WGS84 } from '../server/crs/crs.ts';
import { projection } from './projection.ts';

describe('projection (the browser side of the campaign CRS)', () => {
	it.each([2154, 26914, 3948])('agrees with the server transforms for EPSG:%i, to a tenth of a millimetre', (epsg) => {
		const crs = resolveEpsg(epsg);
		const p = projection(crs.proj4);
		const toWgs = transformer(crs, WGS84);
		const samples: Record<number, [number, number]> = { 2154: [652001.234567, 6862002.345678], 26914: [631234.5, 4512345.25], 3948: [1651234.5, 8181234.75] };
		const [x, y] = samples[epsg];
		const [lng, lat] = toWgs(x, y);
		expect(p.toLngLat(x, y)[0]).toBeCloseTo(lng, 11);
		expect(p.toLngLat(x, y)[1]).toBeCloseTo(lat, 11);
		const back = p.fromLngLat(lng, lat);
		expect(Math.abs(back.x - x)).toBeLessThan(1e-4);
		expect(Math.abs(back.y - y)).toBeLessThan(1e-4);
	});
});
