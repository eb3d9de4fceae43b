/**
 * The contractor's defect report, as files: GeoPackage (opens in QGIS as it is), GeoJSON, CSV.
 * One content, three encodings (`defectReport` gathers it; the writers only encode):
 *
 * - **defects**: one row per defect. Who gets which:
 *   - the contractor — and anyone asking with `released` — gets the defects *as released* to them,
 *     every round, with their answers; never reviewers' work in progress;
 *   - managers, reviewers and observers (who read reviews) get the reviewers' current defects (each
 *     tile's current round, released or not) with the answer when one was released: the working view.
 * - **corrections**: class corrections with their land-cover polygon (`from` → `to`). Reviewers'
 *   work: the contractor gets those of tiles a manager validated (a closed review) only.
 * - **tiles**: the review tiles with their consensus verdict (contractor: validated tiles only) and
 *   the number of exported defects by severity.
 * - **checkpoints** (GeoPackage only, when the campaign has surveyed checkpoints): each at its reference
 *   with its residual from the manager's kept measures — the figures of positional.json. The contractor
 *   gets figures only (no description nor photo-sketch link, as report.json); a reviewer does not get
 *   the checkpoints they still point blind.
 *
 * Filters (severity, category, tile, organisation of the author) choose the defects; tile and
 * organisation also choose the corrections (they have no severity or category); tile chooses tiles
 * and checkpoints.
 *
 * Geometries are in the **campaign's CRS** in the GeoPackage (and the CSV's WKT column), in WGS84
 * longitude/latitude in the GeoJSON (RFC 7946 knows no other CRS).
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { decodeCompact } from '../../geo/compact.ts';
import type { CrsInfo } from '../../geo/types.ts';
import { toWkt, type WktGeometry } from '../../geo/wkt.ts';
import { lookupClass, type Nomenclature } from '../../nomenclature/index.ts';
import type { Severity } from '../../review/catalogue.ts';
import { consensusVerdict, type Conclusion } from '../../review/consensus.ts';
import { matchesDefectFilter, type DefectFilter } from '../../review/defect-filter.ts';
import type { DefectGeometry, Verdict } from '../../review/document.ts';
import { writeCsv, type CsvValue } from '../../csv/write.ts';
import { requireCampaign } from '../campaigns/campaigns.service.ts';
import { reprojectMultiPolygon, resolveEpsg, transformer, WGS84 } from '../crs/crs.ts';
import type { Grant } from '../../access/permissions.ts';
import { campaignCriteria } from '../acceptance/criteria.service.ts';
import type { Db } from '../db/db.ts';
import { InputError, type Locale } from '../errors.ts';
import { writeGeoPackage, type GpkgField, type GpkgLayer } from '../landcover/gpkg-write.ts';
import { checkpointsLayer, hasSurveyedCheckpoints } from '../positional/positional.service.ts';
import { campaignCategories } from '../review/catalogue.service.ts';
import * as repo from './defects-export.repo.ts';

export const EXPORT_FORMATS = ['gpkg', 'geojson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `released`: what the contractor was sent; `reviews`: the reviewers' current defects. */
export type ExportAudience = 'released' | 'reviews';

export interface ExportDefect {
	defectId: string;
	/** Number of the released defect (null: never released). */
	releasedId: number | null;
	tileId: number;
	tileName: string;
	round: number;
	category: string;
	categoryLabel: string;
	severity: Severity;
	comment: string;
	author: string;
	organisation: string | null;
	organisationId: number | null;
	createdAt: string;
	updatedAt: string | null;
	releasedAt: string | null;
	answer: 'accepted' | 'disputed' | 'fixed' | null;
	answerComment: string | null;
	disputeOutcome: 'agreed' | 'maintained' | null;
	/** WGS84, as in the tile document. */
	geometry: DefectGeometry;
}

export interface ExportCorrection {
	tileName: string;
	round: number;
	featureId: number;
	from: string;
	fromLabel: string;
	to: string;
	toLabel: string;
	comment: string;
	author: string;
	organisation: string | null;
	at: string;
	/** The land-cover polygon in the campaign's CRS (flat rings); null when the feature is gone. */
	geometry: ReturnType<typeof decodeCompact> | null;
}

export interface ExportTile {
	tileId: number;
	tileName: string;
	status: string;
	round: number;
	verdict: Conclusion | null;
	defects: Record<Severity, number>;
	xmin: number;
	ymin: number;
	xmax: number;
	ymax: number;
}

export interface DefectReport {
	campaign: { id: number; name: string; crs: CrsInfo };
	audience: ExportAudience;
	defects: ExportDefect[];
	corrections: ExportCorrection[];
	tiles: ExportTile[];
	/** The GeoPackage's `checkpoints` layer; null when the campaign has no surveyed checkpoint. */
	checkpoints: GpkgLayer | null;
}

/** Who asks for the export, for the rules that depend on the person (blind pointing); null: the operator. */
export interface ExportViewer {
	userId: number;
	grant: Grant;
}

/** Gather the report's content (see the module comment for who gets what). */
export function defectReport(
	db: Db,
	campaignId: number,
	options: { audience: ExportAudience; filter?: DefectFilter; locale?: Locale; viewer?: ExportViewer | null }
): DefectReport {
	const c = requireCampaign(db, campaignId);
	const crs = resolveEpsg(c.crsEpsg);
	const filter = options.filter ?? {};
	const locale = options.locale ?? 'fr';
	const labels = new Map(campaignCategories(db, campaignId).map((cat) => [cat.code, cat.label[locale]]));
	const defects: ExportDefect[] = [];
	for (const d of repo.exportDefectRows(db, campaignId, options.audience)) {
		if (!matchesDefectFilter(filter, d)) continue;
		defects.push({
			defectId: d.defectId,
			releasedId: d.releasedId,
			tileId: d.tileId,
			tileName: d.tileName,
			round: d.round,
			category: d.category,
			categoryLabel: labels.get(d.category) ?? d.category,
			severity: d.severity,
			comment: d.comment,
			author: d.author,
			organisation: d.organisation,
			organisationId: d.organisationId,
			createdAt: d.createdAt,
			updatedAt: d.updatedAt,
			releasedAt: d.releasedAt === null ? null : new Date(d.releasedAt).toISOString(),
			answer: d.answer,
			answerComment: d.answer ? (d.answerComment ?? '') : null,
			disputeOutcome: d.outcome,
			geometry: JSON.parse(d.geometry)
		});
	}

	// Corrections: tile and organisation filters apply (they have no severity or category).
	const nomenclature = c.nomenclature ?? null;
	const classLabel = (code: string) => {
		if (!nomenclature) return code;
		const e = lookupClass(nomenclature, code);
		return locale === 'en' ? (e.labelEn ?? e.label) : e.label;
	};
	const cutCorrections = repo
		.liveCorrections(db, campaignId)
		.filter((x) => options.audience === 'reviews' || x.tileStatus === 'validated')
		.filter((x) => !filter.tileIds?.length || filter.tileIds.includes(x.tileId))
		.filter((x) => !filter.organisationIds?.length || (x.organisationId !== null && filter.organisationIds.includes(x.organisationId)));
	const polygons = repo.landcoverByFid(db, campaignId, cutCorrections.map((x) => x.featureId));
	const landcoverCrs = resolveEpsg(c.landcoverEpsg);
	const corrections: ExportCorrection[] = cutCorrections.map((x) => {
		const blob = polygons.get(x.featureId);
		return {
			tileName: x.tileName,
			round: x.round,
			featureId: x.featureId,
			from: x.fromClass,
			fromLabel: classLabel(x.fromClass),
			to: x.toClass,
			toLabel: classLabel(x.toClass),
			comment: x.comment,
			author: x.author,
			organisation: x.organisation,
			at: x.at,
			geometry: blob ? reprojectMultiPolygon(decodeCompact(blob), landcoverCrs, crs).geometry : null
		};
	});

	// Tiles: counts of the exported defects; verdicts of the current round.
	const counts = new Map<number, Record<Severity, number>>();
	for (const d of defects) {
		let t = counts.get(d.tileId);
		if (!t) counts.set(d.tileId, (t = { minor: 0, major: 0, blocking: 0 }));
		t[d.severity]++;
	}
	const verdictsByTile = new Map<number, Verdict[]>();
	for (const v of repo.liveVerdicts(db, campaignId)) {
		const list = verdictsByTile.get(v.tileId) ?? [];
		list.push(v.verdict);
		verdictsByTile.set(v.tileId, list);
	}
	const tiles: ExportTile[] = repo
		.reviewTiles(db, campaignId)
		.filter((t) => !filter.tileIds?.length || filter.tileIds.includes(t.id))
		.map((t) => ({
			tileId: t.id,
			tileName: t.name,
			status: t.status,
			round: t.round,
			// The contractor sees a verdict once the manager closed the tile's review.
			verdict: options.audience === 'reviews' || t.status === 'validated' ? consensusVerdict(verdictsByTile.get(t.id) ?? []) : null,
			defects: counts.get(t.id) ?? { minor: 0, major: 0, blocking: 0 },
			xmin: t.xmin,
			ymin: t.ymin,
			xmax: t.xmax,
			ymax: t.ymax
		}));
	// Checkpoints: the outliers are flagged against the contract's class, as in report.json.
	const checkpoints = hasSurveyedCheckpoints(db, campaignId)
		? checkpointsLayer(
				db,
				campaignId,
				{ classCm: campaignCriteria(db, campaignId).criteria.precisionClassCm ?? null, audience: options.audience, tileIds: filter.tileIds },
				options.viewer ?? null
			)
		: null;
	return { campaign: { id: c.id, name: c.name, crs }, audience: options.audience, defects, corrections, tiles, checkpoints };
}

// ─── Encodings ───────────────────────────────────────────────────────────────────────────────────

/** The defects layer's attribute columns, in order (the contract's fields first). */
export const DEFECT_FIELDS: GpkgField[] = [
	{ name: 'defect_id', type: 'TEXT' },
	{ name: 'tile_name', type: 'TEXT' },
	{ name: 'category', type: 'TEXT' },
	{ name: 'category_label', type: 'TEXT' },
	{ name: 'severity', type: 'TEXT' },
	{ name: 'comment', type: 'TEXT' },
	{ name: 'author', type: 'TEXT' },
	{ name: 'organisation', type: 'TEXT' },
	{ name: 'created_at', type: 'DATETIME' },
	{ name: 'answer', type: 'TEXT' },
	{ name: 'answer_comment', type: 'TEXT' },
	{ name: 'dispute_outcome', type: 'TEXT' },
	{ name: 'released_id', type: 'INTEGER' },
	{ name: 'released_at', type: 'DATETIME' },
	{ name: 'round', type: 'INTEGER' },
	{ name: 'updated_at', type: 'DATETIME' }
];

const CORRECTION_FIELDS: GpkgField[] = [
	{ name: 'tile_name', type: 'TEXT' },
	{ name: 'feature_id', type: 'INTEGER' },
	{ name: 'from', type: 'TEXT' },
	{ name: 'from_label', type: 'TEXT' },
	{ name: 'to', type: 'TEXT' },
	{ name: 'to_label', type: 'TEXT' },
	{ name: 'comment', type: 'TEXT' },
	{ name: 'author', type: 'TEXT' },
	{ name: 'organisation', type: 'TEXT' },
	{ name: 'created_at', type: 'DATETIME' },
	{ name: 'round', type: 'INTEGER' }
];

const TILE_FIELDS: GpkgField[] = [
	{ name: 'tile_name', type: 'TEXT' },
	{ name: 'verdict', type: 'TEXT' },
	{ name: 'status', type: 'TEXT' },
	{ name: 'round', type: 'INTEGER' },
	{ name: 'defects_blocking', type: 'INTEGER' },
	{ name: 'defects_major', type: 'INTEGER' },
	{ name: 'defects_minor', type: 'INTEGER' },
	{ name: 'defects_total', type: 'INTEGER' }
];

/** Attribute values of a defect, by the layer's field names. */
function defectProperties(d: ExportDefect): Record<string, string | number | null> {
	return {
		defect_id: d.defectId,
		tile_name: d.tileName,
		category: d.category,
		category_label: d.categoryLabel,
		severity: d.severity,
		comment: d.comment,
		author: d.author,
		organisation: d.organisation,
		created_at: d.createdAt,
		answer: d.answer,
		answer_comment: d.answerComment,
		dispute_outcome: d.disputeOutcome,
		released_id: d.releasedId,
		released_at: d.releasedAt,
		round: d.round,
		updated_at: d.updatedAt
	};
}

/** A WGS84 defect geometry in another CRS (a new object; the document's is left as it is). */
function reproject(g: DefectGeometry, to: CrsInfo): DefectGeometry {
	const t = transformer(WGS84, to);
	const p = (c: [number, number]) => t(c[0], c[1]);
	switch (g.type) {
		case 'Point':
			return { type: 'Point', coordinates: p(g.coordinates) };
		case 'LineString':
			return { type: 'LineString', coordinates: g.coordinates.map(p) };
		case 'Polygon':
			return { type: 'Polygon', coordinates: g.coordinates.map((ring) => ring.map(p)) };
	}
}

const tilePolygon = (t: ExportTile) => ({
	type: 'Polygon' as const,
	coordinates: [[[t.xmin, t.ymin], [t.xmax, t.ymin], [t.xmax, t.ymax], [t.xmin, t.ymax], [t.xmin, t.ymin]]]
});

/**
 * Write the report as a GeoPackage with three layers in the campaign's CRS: `defects` (one layer of
 * declared type GEOMETRY holding points, lines and polygons — QGIS offers it as one sub-layer per
 * geometry type present), `corrections` (MULTIPOLYGON) and `tiles` (POLYGON), and a fourth,
 * `checkpoints` (POINT), when the report has one. `path` is replaced whole, never left half-written.
 * Returns the rows per layer.
 */
export function writeDefectReportGpkg(report: DefectReport, path: string): Record<string, number> {
	const srsId = report.campaign.crs.epsg;
	const crs = report.campaign.crs;
	return writeGeoPackage(path, {
		layers: [
			{
				table: 'defects',
				geometryType: 'GEOMETRY',
				srsId,
				fields: DEFECT_FIELDS,
				description: `Defects of ${report.campaign.name} (${report.audience === 'released' ? 'as released to the contractor' : 'current review'})`,
				features: (function* () {
					for (const d of report.defects) yield { geometry: reproject(d.geometry, crs), properties: defectProperties(d) };
				})()
			},
			{
				table: 'corrections',
				geometryType: 'MULTIPOLYGON',
				srsId,
				fields: CORRECTION_FIELDS,
				description: 'Land-cover class corrections (from → to)',
				features: report.corrections.map((x) => ({
					geometry: x.geometry,
					properties: {
						tile_name: x.tileName,
						feature_id: x.featureId,
						from: x.from,
						from_label: x.fromLabel,
						to: x.to,
						to_label: x.toLabel,
						comment: x.comment,
						author: x.author,
						organisation: x.organisation,
						created_at: x.at,
						round: x.round
					}
				}))
			},
			{
				table: 'tiles',
				geometryType: 'POLYGON',
				srsId,
				fields: TILE_FIELDS,
				description: 'Review tiles: consensus verdict and defects by severity',
				features: report.tiles.map((t) => ({
					geometry: tilePolygon(t),
					properties: {
						tile_name: t.tileName,
						verdict: t.verdict,
						status: t.status,
						round: t.round,
						defects_blocking: t.defects.blocking,
						defects_major: t.defects.major,
						defects_minor: t.defects.minor,
						defects_total: t.defects.blocking + t.defects.major + t.defects.minor
					}
				}))
			},
			...(report.checkpoints ? [report.checkpoints] : [])
		]
	});
}

/** The defects as a GeoJSON FeatureCollection in WGS84 longitude/latitude (RFC 7946: no `crs` member). */
export function defectReportGeoJson(report: DefectReport) {
	return {
		type: 'FeatureCollection' as const,
		name: 'defects',
		features: report.defects.map((d) => ({ type: 'Feature' as const, id: d.releasedId ?? `${d.tileId}/${d.defectId}`, geometry: d.geometry, properties: defectProperties(d) }))
	};
}

/**
 * The defects as CSV for French Excel: `;`-separated, UTF-8 with a byte-order mark, CRLF; the
 * defects layer's columns, then `geometry_wkt` in the campaign's CRS (to the millimetre) and `crs`.
 * Text that a spreadsheet would run as a formula is made text (src/lib/csv/write.ts).
 */
export function defectReportCsv(report: DefectReport): string {
	const crs = report.campaign.crs;
	const header = [...DEFECT_FIELDS.map((f) => f.name), 'geometry_wkt', 'crs'];
	const code = `EPSG:${crs.epsg}`;
	function* rows(): Generator<CsvValue[]> {
		yield header;
		for (const d of report.defects) {
			const p = defectProperties(d);
			yield [...DEFECT_FIELDS.map((f) => p[f.name]), toWkt(reproject(d.geometry, crs) as WktGeometry, crs.projected ? 3 : 9), code];
		}
	}
	return writeCsv(rows(), { separator: ';', bom: true, eol: '\r\n' });
}

/** File name of an export: `defects-<campaign id>.<ext>`. */
export const exportFileName = (campaignId: number, format: ExportFormat) => `defects-${campaignId}.${format}`;

export const EXPORT_TYPES: Record<ExportFormat, string> = {
	gpkg: 'application/geopackage+sqlite3',
	geojson: 'application/geo+json',
	csv: 'text/csv; charset=utf-8'
};

/** Rows written per layer; `checkpoints` null when no such layer was written. */
export interface ExportCounts {
	defects: number;
	corrections: number;
	tiles: number;
	checkpoints: number | null;
}

/**
 * Write the report in `format` to `path` (replaced whole: a new file is renamed over it once
 * complete). Returns what was written.
 */
export function writeDefectReport(report: DefectReport, format: ExportFormat, path: string): ExportCounts {
	if (format === 'gpkg') {
		const n = writeDefectReportGpkg(report, path);
		return { defects: n.defects, corrections: n.corrections, tiles: n.tiles, checkpoints: report.checkpoints ? n.checkpoints : null };
	}
	const text = format === 'csv' ? defectReportCsv(report) : JSON.stringify(defectReportGeoJson(report)) + '\n';
	const tmp = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
	try {
		writeFileSync(tmp, text);
		renameSync(tmp, path);
	} catch (e) {
		rmSync(tmp, { force: true });
		throw e;
	}
	// GeoJSON and CSV hold the defects layer only.
	return { defects: report.defects.length, corrections: 0, tiles: 0, checkpoints: null };
}

/** Tile ids of tile names (the command line names tiles as people do). @throws InputError naming unknown ones */
export function tileIdsByName(db: Db, campaignId: number, names: readonly string[]): number[] {
	const get = db.$client.prepare('SELECT id FROM tiles WHERE campaign_id = ? AND name = ?').pluck();
	const ids: number[] = [];
	const unknown: string[] = [];
	for (const n of names) {
		const id = get.get(campaignId, n) as number | undefined;
		if (id === undefined) unknown.push(n);
		else ids.push(id);
	}
	if (unknown.length) {
		const list = unknown.slice(0, 10).map((n) => n.slice(0, 80)).join(', ');
		throw new InputError('unknown_tiles', { en: `No tile of this campaign is named ${list}.`, fr: `Aucune tuile de cette campagne ne s’appelle ${list}.` });
	}
	return ids;
}

export interface ExportJob {
	/** Database file (the worker thread opens its own connection). */
	dbPath: string;
	campaignId: number;
	format: ExportFormat;
	audience: ExportAudience;
	filter: DefectFilter;
	locale: Locale;
	/** Who asks (cloned to the worker thread: plain data). */
	viewer: ExportViewer | null;
	/** File to write. */
	out: string;
}

/**
 * Gather and write an export with a connection of its own: what the HTTP endpoint runs in a worker
 * thread (src/lib/server/uploads/off-thread.ts), since 200 000 defects take seconds of CPU that the
 * server's event loop (map tiles, live review) must not wait for.
 */
export async function exportDefectsToFile(job: ExportJob): Promise<ExportCounts> {
	const { createDb } = await import('../db/db.ts');
	const db = createDb(job.dbPath, { migrateNow: false });
	try {
		return writeDefectReport(defectReport(db, job.campaignId, { audience: job.audience, filter: job.filter, locale: job.locale, viewer: job.viewer }), job.format, job.out);
	} finally {
		db.$client.close();
	}
}
