import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The EPSG registry's name and OGC WKT 1 definition of a coordinate reference system, as files
 * written for GIS desktops need them (a GeoPackage's gpkg_spatial_ref_sys, a shapefile's .prj).
 * Read from `epsg-index`, one small JSON file per code (as crs.ts does for proj4 strings).
 */
const require = createRequire(import.meta.url);
const EPSG_DIR = join(dirname(require.resolve('epsg-index/package.json')), 's');

const cache = new Map<number, { name: string; wkt: string } | null>();

/**
 * Name and WKT 1 of EPSG:`code`, or null when the code is not a CRS the registry defines in WKT.
 * @example epsgDefinition(2154)?.name // "RGF93 v1 / Lambert-93"
 */
export function epsgDefinition(code: number): { name: string; wkt: string } | null {
	if (!Number.isSafeInteger(code) || code <= 0) return null;
	let hit = cache.get(code);
	if (hit !== undefined) return hit;
	try {
		const entry = JSON.parse(readFileSync(join(EPSG_DIR, `${code}.json`), 'utf8')) as { name?: string; kind?: string; wkt?: string | null };
		hit = entry.kind?.startsWith('CRS-') && entry.wkt && entry.name ? { name: entry.name, wkt: entry.wkt } : null;
	} catch {
		hit = null;
	}
	cache.set(code, hit);
	return hit;
}
