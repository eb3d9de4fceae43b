/**
 * The acceptance report's map: every review tile with its status and the consensus of its verdicts
 * (src/lib/acceptance/verdicts.ts, the rule report.json counts with). Figures only, like report.json:
 * no comment, no reviewer, so a contractor may read it (`reports.read`).
 *
 * The page draws the WGS84 outlines with MapLibre (`report-tiles.geojson`); the PDF draws the native
 * rectangles (campaign CRS, metres), so its map is a true-to-scale plan of the delivery.
 */
import { consensusOfCounts, type TileVerdict } from '../../acceptance/verdicts.ts';
import type { Db } from '../db/db.ts';
import { statement } from '../db/statements.ts';

export type TileStatus = 'not_started' | 'in_review' | 'reviewed' | 'validated';

export interface ReportTile {
	id: number;
	name: string;
	status: TileStatus;
	/** Consensus verdict; null while no reviewer gave one other than "cannot tell". */
	verdict: TileVerdict | null;
	/** Native extent in the campaign CRS. */
	xmin: number;
	ymin: number;
	xmax: number;
	ymax: number;
}

/** Review tiles with status and consensus verdict (native rectangles). */
export function reportTiles(db: Db, campaignId: number): ReportTile[] {
	const rows = statement(
		db,
		`SELECT t.id, t.name, t.status, t.xmin, t.ymin, t.xmax, t.ymax,
		        total(v.verdict = 'accepted'), total(v.verdict = 'accepted_with_reservations'), total(v.verdict = 'rejected')
		 FROM tiles t LEFT JOIN verdicts v ON v.tile_id = t.id
		 WHERE t.campaign_id = ? AND t.in_sample = 1 GROUP BY t.id ORDER BY t.ordinal`
	)
		.raw()
		.all(campaignId) as [number, string, TileStatus, number, number, number, number, number, number, number][];
	return rows.map(([id, name, status, xmin, ymin, xmax, ymax, a, r, x]) => ({ id, name, status, verdict: consensusOfCounts(a, r, x).verdict, xmin, ymin, xmax, ymax }));
}

/** The review tiles as a WGS84 FeatureCollection (outline as imported), with `name`, `status`, `verdict`. */
export function reportTilesGeoJson(db: Db, campaignId: number) {
	const geometries = new Map(
		statement(db, 'SELECT id, geometry FROM tiles WHERE campaign_id = ? AND in_sample = 1').raw().all(campaignId) as [number, string][]
	);
	return {
		type: 'FeatureCollection' as const,
		features: reportTiles(db, campaignId).map((t) => ({
			type: 'Feature' as const,
			id: t.id,
			geometry: JSON.parse(geometries.get(t.id)!),
			properties: { name: t.name, status: t.status, verdict: t.verdict }
		}))
	};
}
