import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import proj4 from 'proj4';
import type { BBox, CrsInfo, MultiPolygon } from '../../geo/types.ts';
import { InputError } from '../errors.ts';

/**
 * EPSG lookup backed by the `epsg-index` package (one JSON file per code, so a lookup reads a few KB
 * instead of parsing the 8 MB full index). Results are memoised: a process sees few distinct CRSs.
 */
const require = createRequire(import.meta.url);
const EPSG_DIR = join(dirname(require.resolve('epsg-index/package.json')), 's');

const cache = new Map<number, CrsInfo>();

/** WGS84 longitude/latitude, the CRS of everything we send to MapLibre as GeoJSON. */
export const WGS84: CrsInfo = {
	epsg: 4326,
	name: 'WGS 84',
	proj4: '+proj=longlat +datum=WGS84 +no_defs +type=crs',
	projected: false
};

/** Spherical (Web) Mercator, the CRS of XYZ map tiles. */
export const WEB_MERCATOR: CrsInfo = {
	epsg: 3857,
	name: 'WGS 84 / Pseudo-Mercator',
	proj4:
		'+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs +type=crs',
	projected: true
};
cache.set(4326, WGS84);
cache.set(3857, WEB_MERCATOR);

/**
 * Resolve an EPSG code to a CRS usable for reprojection.
 * @throws InputError `unknown_epsg` when the code is not a coordinate reference system we know.
 */
export function resolveEpsg(code: number): CrsInfo {
	const hit = cache.get(code);
	if (hit) return hit;
	if (!Number.isInteger(code) || code <= 0) {
		throw new InputError('unknown_epsg', { en: `"${code}" is not a valid EPSG code.`, fr: `« ${code} » n’est pas un code EPSG valide.` });
	}
	let entry: { name: string; kind: string; proj4: string | null; unit?: string | null };
	try {
		entry = JSON.parse(readFileSync(join(EPSG_DIR, `${code}.json`), 'utf8'));
	} catch {
		throw new InputError('unknown_epsg', {
			en: `Unknown EPSG code ${code}: it is not a coordinate reference system in the EPSG registry.`,
			fr: `Code EPSG ${code} inconnu : ce n’est pas un système de coordonnées du registre EPSG.`
		});
	}
	if (!entry.proj4 || !entry.kind?.startsWith('CRS-')) {
		throw new InputError('unknown_epsg', {
			en: `EPSG:${code} (${entry.name}) is not a coordinate reference system that can be used for reprojection.`,
			fr: `EPSG:${code} (${entry.name}) n’est pas un système de coordonnées utilisable pour convertir des coordonnées (reprojection).`
		});
	}
	checkUnit(code, entry);
	const info: CrsInfo = {
		epsg: code,
		name: entry.name,
		proj4: entry.proj4,
		projected: entry.kind === 'CRS-PROJCRS'
	};
	cache.set(code, info);
	return info;
}

/**
 * Metres per unit of a projected proj4 definition (+units, +to_meter): 1 for metres, 0.3048006… for
 * US survey feet.
 */
export function metresPerUnit(proj4def: string): number {
	try {
		return (proj4.Proj(proj4def) as { to_meter?: number }).to_meter ?? 1;
	} catch {
		return 1;
	}
}

/**
 * Refuse a CRS whose coordinates are not in metres (projected) or degrees (geographic): tiles are cut
 * and areas computed in the CRS's own unit, and the imagery and map code read geographic coordinates
 * as degrees. Reprojecting to a metric CRS is one export away in any GIS; silently getting square
 * feet (or grads read as degrees) is not acceptable.
 */
function checkUnit(code: number, entry: { name: string; kind: string; proj4: string | null; unit?: string | null }): void {
	const unit = entry.unit ?? '';
	const bad =
		entry.kind === 'CRS-PROJCRS'
			? Math.abs(metresPerUnit(entry.proj4 ?? '') - 1) > 1e-12
			: entry.kind.startsWith('CRS-GEOG') && unit !== '' && !unit.startsWith('degree');
	if (!bad) return;
	const what = entry.kind === 'CRS-PROJCRS' ? { en: 'metres', fr: 'mètres' } : { en: 'degrees', fr: 'degrés' };
	throw new InputError('crs_unit', {
		en: `EPSG:${code} (${entry.name}) gives coordinates in ${unit || 'a unit other than the metre'}, and Recette reads coordinates in ${what.en} only (tiles and areas are computed in the CRS's unit). Reproject the layer to a CRS in metres, such as Lambert-93 (EPSG:2154), and export it again.`,
		fr: `EPSG:${code} (${entry.name}) exprime les coordonnées en ${unit || 'une autre unité que le mètre'}, et Recette ne lit que des coordonnées en ${what.fr} (les tuiles et les surfaces sont calculées dans l’unité du système de coordonnées). Reprojetez la couche dans un système en mètres, comme le Lambert-93 (EPSG:2154), puis exportez-la à nouveau.`
	});
}

/** Parse "EPSG:2154", "epsg:2154" or "2154". */
export function parseEpsg(text: string): CrsInfo {
	const m = /^\s*(?:epsg:)?(\d+)\s*$/i.exec(text);
	if (!m) {
		throw new InputError('unknown_epsg', {
			en: `"${text}" is not an EPSG code (expected e.g. EPSG:2154).`,
			fr: `« ${text} » n’est pas un code EPSG (exemple attendu : EPSG:2154).`
		});
	}
	return resolveEpsg(Number(m[1]));
}

export type PointTransform = (x: number, y: number) => [number, number];

const converters = new Map<string, proj4.Converter>();
function converter(from: CrsInfo, to: CrsInfo): proj4.Converter {
	const key = `${from.epsg}>${to.epsg}`;
	let c = converters.get(key);
	if (!c) {
		c = proj4(from.proj4, to.proj4);
		converters.set(key, c);
	}
	return c;
}

/** A point transformer between two CRSs (identity when they are the same). */
export function transformer(from: CrsInfo, to: CrsInfo): PointTransform {
	if (from.epsg === to.epsg) return (x, y) => [x, y];
	const c = converter(from, to);
	return (x, y) => c.forward([x, y]) as [number, number];
}

/**
 * Reproject a flat coordinate array [x0, y0, x1, y1, …] into a new array.
 * Used for whole rings: one call per ring keeps the per-vertex cost to proj4's own.
 */
export function transformFlat(coords: Float64Array, from: CrsInfo, to: CrsInfo): Float64Array {
	if (from.epsg === to.epsg) return coords.slice();
	const c = converter(from, to);
	const out = new Float64Array(coords.length);
	const p = [0, 0];
	for (let i = 0; i < coords.length; i += 2) {
		p[0] = coords[i];
		p[1] = coords[i + 1];
		const q = c.forward(p);
		out[i] = q[0];
		out[i + 1] = q[1];
	}
	return out;
}

/** Reproject every ring of a multipolygon, and give the bounding box of the result. */
export function reprojectMultiPolygon(mp: MultiPolygon, from: CrsInfo, to: CrsInfo): { geometry: MultiPolygon; bbox: BBox } {
	let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
	const geometry = mp.map((poly) =>
		poly.map((ring) => {
			const r = transformFlat(ring, from, to);
			for (let i = 0; i < r.length; i += 2) {
				if (r[i] < minX) minX = r[i];
				if (r[i] > maxX) maxX = r[i];
				if (r[i + 1] < minY) minY = r[i + 1];
				if (r[i + 1] > maxY) maxY = r[i + 1];
			}
			return r;
		})
	);
	return { geometry, bbox: [minX, minY, maxX, maxY] };
}

/**
 * Transform a bounding box by sampling its edges (a projected box is not a box in another CRS:
 * its edges curve, so corners alone can miss the true extent).
 */
export function transformBBox(
	bbox: [number, number, number, number],
	from: CrsInfo,
	to: CrsInfo,
	steps = 16
): [number, number, number, number] {
	if (from.epsg === to.epsg) return [...bbox] as [number, number, number, number];
	const t = transformer(from, to);
	let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
	const [x0, y0, x1, y1] = bbox;
	for (let i = 0; i <= steps; i++) {
		const fx = x0 + ((x1 - x0) * i) / steps;
		const fy = y0 + ((y1 - y0) * i) / steps;
		for (const [x, y] of [[fx, y0], [fx, y1], [x0, fy], [x1, fy]]) {
			const [px, py] = t(x, y);
			if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
			if (px < minX) minX = px;
			if (py < minY) minY = py;
			if (px > maxX) maxX = px;
			if (py > maxY) maxY = py;
		}
	}
	return [minX, minY, maxX, maxY];
}
