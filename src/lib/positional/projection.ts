/**
 * Between the map (WGS84 longitude/latitude, what MapLibre gives and takes) and the campaign's
 * projected CRS (where checkpoints, clicks and nudges live), in the browser. Isomorphic: proj4 only,
 * with the CRS's proj4 definition as the server resolves it from the EPSG registry, so the page and the
 * server transform alike.
 */
import proj4 from 'proj4';

export interface Projection {
	/** Campaign CRS (metres) → [longitude, latitude]. */
	toLngLat(x: number, y: number): [number, number];
	/** [longitude, latitude] → campaign CRS (metres), full precision. */
	fromLngLat(lng: number, lat: number): { x: number; y: number };
}

const WGS84 = '+proj=longlat +datum=WGS84 +no_defs +type=crs';

/** A projection for a CRS given by its proj4 definition. */
export function projection(proj4Definition: string): Projection {
	const c = proj4(proj4Definition, WGS84);
	return {
		toLngLat: (x, y) => c.forward([x, y]) as [number, number],
		fromLngLat: (lng, lat) => {
			const [x, y] = c.inverse([lng, lat]);
			return { x, y };
		}
	};
}
