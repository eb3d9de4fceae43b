/**
 * The tile map's coordinates readout: where the pointer is, in the campaign's projected CRS (what a
 * GIS officer compares with QGIS: Lambert-93 metres) and in WGS84 degrees. Pure: the proj4 module
 * and the CRS definition are parameters (the campaign detail gives the definition; proj4 is loaded
 * in the browser with the map).
 */
import type { Locale } from '../../i18n/locale.ts';

/** What this module needs of proj4 (its default export). */
export type Proj4 = (from: string, to: string, point: [number, number]) => number[];

const WGS84 = '+proj=longlat +datum=WGS84 +no_defs';

/**
 * A converter from WGS84 longitude/latitude to the campaign CRS, or null when the definition cannot
 * be used (missing, or proj4 refuses it). A point the projection cannot take gives null.
 */
export function toCampaignCrs(proj4: Proj4, definition: string | null | undefined): ((lng: number, lat: number) => [number, number] | null) | null {
	if (!definition) return null;
	try {
		proj4(WGS84, definition, [0, 45]);
	} catch {
		return null;
	}
	return (lng, lat) => {
		try {
			const [x, y] = proj4(WGS84, definition, [lng, lat]);
			return Number.isFinite(x) && Number.isFinite(y) ? [x, y] : null;
		} catch {
			return null;
		}
	};
}

const TAG: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

/** A fixed number of decimals, so that the readout does not jitter as the pointer moves. */
function fixed(value: number, digits: number, locale: Locale): string {
	return new Intl.NumberFormat(TAG[locale], { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** Projected coordinates, metres to the decimetre: `X 652 123,4 m`, `Y 6 862 456,7 m`. */
export function formatProjected(x: number, y: number, locale: Locale): { x: string; y: string } {
	return { x: `X ${fixed(x, 1, locale)}\u00a0m`, y: `Y ${fixed(y, 1, locale)}\u00a0m` };
}

/**
 * WGS84 latitude and longitude in decimal degrees to 6 decimals (about 0.1 m), with the hemisphere
 * letter of the UI's language: `48,853012° N`, `99,123457° O` (ouest) / `99.123457° W`.
 */
export function formatLngLat(lng: number, lat: number, locale: Locale): { lat: string; lng: string } {
	const west = locale === 'fr' ? 'O' : 'W';
	return {
		lat: `${fixed(Math.abs(lat), 6, locale)}°\u00a0${lat < 0 ? 'S' : 'N'}`,
		lng: `${fixed(Math.abs(lng), 6, locale)}°\u00a0${lng < 0 ? west : 'E'}`
	};
}
