import { writeCsv, type CsvValue } from '../../csv/write.ts';
import type { Db } from '../db/db.ts';
import { tileRows } from './campaigns.service.ts';

/** Square metres with centimetre-square precision: enough for any report, stable in text exports. */
const m2 = (v: number) => Math.round(v * 100) / 100;

/**
 * Tiles as CSV: id, name, feature_count, status, in_sample, dominant_class, then area_<class> in m².
 * Comma-separated, LF line ends (the format `recette tiles --format csv` has always printed); tile
 * names and class codes come from delivered files, so they go through the CSV writer's formula escape.
 */
export function tilesCsv(db: Db, campaignId: number, includeAll = false): string {
	const { tiles, areas, classCodes } = tileRows(db, campaignId, includeAll);
	const header = ['id', 'name', 'feature_count', 'status', 'in_sample', 'dominant_class', 'xmin', 'ymin', 'xmax', 'ymax', ...classCodes.map((c) => `area_${c}`)];
	const rows: CsvValue[][] = [header];
	for (const t of tiles) {
		const a = areas.get(t.id) ?? {};
		rows.push([t.id, t.name, t.featureCount, t.status, t.inSample ? 1 : 0, t.dominantClass ?? '', t.xmin, t.ymin, t.xmax, t.ymax, ...classCodes.map((c) => m2(a[c] ?? 0))]);
	}
	return writeCsv(rows);
}

/** Tiles as a GeoJSON FeatureCollection (WGS84) with flat properties, area_<class> in m². */
export function tilesGeoJson(db: Db, campaignId: number, includeAll = false) {
	const { tiles, areas, classCodes, crsEpsg } = tileRows(db, campaignId, includeAll);
	return {
		type: 'FeatureCollection',
		features: tiles.map((t) => {
			const a = areas.get(t.id) ?? {};
			return {
				type: 'Feature',
				id: t.id,
				geometry: t.geometry,
				properties: {
					id: t.id,
					name: t.name,
					feature_count: t.featureCount,
					status: t.status,
					in_sample: t.inSample,
					dominant_class: t.dominantClass,
					crs: `EPSG:${crsEpsg}`,
					xmin: t.xmin,
					ymin: t.ymin,
					xmax: t.xmax,
					ymax: t.ymax,
					...Object.fromEntries(classCodes.map((c) => [`area_${c}`, m2(a[c] ?? 0)]))
				}
			};
		})
	};
}
