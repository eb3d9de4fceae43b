import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { formatLngLat, formatProjected, toCampaignCrs } from './coordinates.ts';

/** EPSG:2154 as epsg-index gives it (what the campaign detail sends). */
const LAMBERT_93 = '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs +type=crs';
const UTM_14N = '+proj=utm +zone=14 +datum=NAD83 +units=m +no_defs +type=crs';
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('toCampaignCrs', () => {
	it('puts the origin of Lambert-93 (3° E, 46.5° N) at 700 000 / 6 600 000 m', () => {
		const [x, y] = toCampaignCrs(proj4, LAMBERT_93)!(3, 46.5)!;
		expect(x).toBeCloseTo(700_000, 3);
		expect(y).toBeCloseTo(6_600_000, 3);
	});
	it('puts the central meridian of UTM 14N (99° W) at 500 000 m E', () => {
		const [x, y] = toCampaignCrs(proj4, UTM_14N)!(-99, 47.8)!;
		expect(x).toBeCloseTo(500_000, 3);
		expect(y).toBeGreaterThan(5_290_000);
		expect(y).toBeLessThan(5_300_000);
	});
	it('has no converter without a usable definition', () => {
		expect(toCampaignCrs(proj4, null)).toBeNull();
		expect(toCampaignCrs(proj4, '')).toBeNull();
		expect(toCampaignCrs(proj4, '+proj=nonsense')).toBeNull();
	});
});

describe('formatting', () => {
	it('writes projected metres to the decimetre, in the UI language', () => {
		const fr = formatProjected(652123.44, 6862456.66, 'fr');
		expect(plain(fr.x)).toBe('X 652 123,4 m');
		expect(plain(fr.y)).toBe('Y 6 862 456,7 m');
		const en = formatProjected(700000, 6600000, 'en');
		expect(plain(en.x)).toBe('X 700,000.0 m');
		expect(plain(en.y)).toBe('Y 6,600,000.0 m');
	});
	it('writes degrees to 6 decimals with the hemisphere in the UI language', () => {
		const fr = formatLngLat(-99.1234567, 47.8, 'fr');
		expect(plain(fr.lat)).toBe('47,800000° N');
		expect(plain(fr.lng)).toBe('99,123457° O');
		const en = formatLngLat(-99.1234567, -12.5, 'en');
		expect(plain(en.lat)).toBe('12.500000° S');
		expect(plain(en.lng)).toBe('99.123457° W');
		expect(plain(formatLngLat(2.35, 48.85, 'en').lng)).toBe('2.350000° E');
	});
});
