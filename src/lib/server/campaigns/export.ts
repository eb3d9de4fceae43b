import type { Db } from '../db/db.ts';
import { tileRows } from './campaigns.service.ts';

/** Square metres with centimetre-square precision: enough for any report, stable in text exports. */
const m2 = (v: number) => Math.round(v * 100) / 100;

function csvCell(v: unknown): string {
	const s = v === null || v === undefined ? '' : String(v);
	return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Tiles as CSV: id, name, feature_count, status, in_sample, dominant_class, then area_<class> in m². */
export function tilesCsv(db: Db, campaignId: number, includeAll = false): string {
	const { tiles, areas, classCodes } = tileRows(db, campaignId, includeAll);
	const header = ['id', 'name', 'feature_count', 'status', 'in_sample', 'dominant_class', 'xmin', 'ymin', 'xmax', 'ymax', ...classCodes.map((c) => `area_${c}`)];
	const lines = [header.map(csvCell).join(',')];
	for (const t of tiles) {
		const a = areas.get(t.id) ?? {};
		lines.push(
			[t.id, t.name, t.feature_count, t.status, t.in_sample ? 1 : 0, t.dominant_class ?? '', t.xmin, t.ymin, t.xmax, t.ymax, ...classCodes.map((c) => m2(a[c] ?? 0))]
				.map(csvCell)
				.join(',')
		);
	}
	return lines.join('\n') + '\n';
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
				geometry: JSON.parse(t.geometry),
				properties: {
					id: t.id,
					name: t.name,
					feature_count: t.feature_count,
					status: t.status,
					in_sample: !!t.in_sample,
					dominant_class: t.dominant_class,
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
