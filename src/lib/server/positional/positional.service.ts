/**
 * The campaign's positional accuracy figures, from the manager's kept measures — the document of
 * `GET /api/campaigns/:id/positional.json` — and what the acceptance report, its criteria and the
 * contractor's export take from them (issue 15 calls these; see README « Positional accuracy »).
 *
 * Rules (the same everywhere):
 * - a checkpoint counts when it is surveyed and at least one of its measures is kept and pointed; its
 *   map position is the mean of its kept pointed measures (several reviewers' clicks average out their
 *   own pointing error); its residual is map − reference;
 * - the contract's figures (n, mean_dx … asprs_class) are `positionalJson` of those checkpoints, the
 *   very function of `recette positional`, so a CSV of the same points gives the same numbers; they are
 *   null while fewer than 2 checkpoints count (the CLI refuses such a file);
 * - per tile: the checkpoints in the tile (a point on a shared edge counts for both); per organisation:
 *   the checkpoints on the tiles assigned to it (its territory);
 * - outliers: the decree's thresholds for the class under test (the contract's when given, else the
 *   smallest class satisfied): above T2 never tolerated, between T1 and T2 tolerated up to N' points
 *   (see positional.ts).
 */
import type { Feature, FeatureCollection, MultiLineString, Point } from 'geojson';
import type { Grant } from '../../access/permissions.ts';
import { residualArrow, residualExaggeration } from '../../positional/pointing.ts';
import { positionalJson, um, type PositionalJson } from '../../stats/positional-csv.ts';
import { evaluatePositionalCriterion, type CriterionResult, type PositionalCriterion, type PositionalEvidence } from '../../stats/positional-criteria.ts';
import { checkpointSpread, spreadAdvice, type CheckpointSpread, type Localized } from '../../stats/positional-spread.ts';
import { residual, summarize, type Checkpoint, type OutlierLevel } from '../../stats/positional.ts';
import { resolveEpsg, transformer, WGS84 } from '../crs/crs.ts';
import type { Db } from '../db/db.ts';
import { NotFoundError } from '../errors.ts';
import type { GpkgFeatureIn, GpkgLayer } from '../landcover/gpkg-write.ts';
import { byCode, referenceVisible, type CampaignFrame } from './checkpoints.service.ts';
import * as repo from './checkpoints.repo.ts';

/** The contract's figures, null while fewer than 2 checkpoints count. */
export type Figures = { n: number } & { [K in Exclude<keyof PositionalJson, 'n'>]: PositionalJson[K] | null };

const NO_FIGURES: Omit<Figures, 'n'> = { mean_dx: null, mean_dy: null, rmse_x: null, rmse_y: null, rmse_r: null, max_r: null, nssda95: null, class_cm: null, asprs_class: null };

/** `positionalJson` when there are at least 2 points, else n with null figures. */
export function figuresOf(points: readonly Checkpoint[]): Figures {
	return points.length < 2 ? { n: points.length, ...NO_FIGURES } : positionalJson(points);
}

/** One checkpoint as the figures see it. */
interface Counted {
	row: repo.CheckpointRow;
	tiles: { id: number; name: string }[];
	organisations: { id: number; name: string }[];
	measures: repo.MeasureWithPeople[];
	/** Mean of the kept pointed measures, when there is one. */
	map: { x: number; y: number } | null;
	keptPointed: number;
}

/** Everything the figures are computed from, read once. */
interface Evidence {
	/** The campaign's frame without its tiles: the figures need the extent only. */
	frame: Omit<CampaignFrame, 'tiles'>;
	counted: Counted[];
	seams: repo.SeamWithPeople[];
}

function gather(db: Db, campaignId: number): Evidence {
	const frame = figuresFrame(db, campaignId);
	const tilesOf = new Map<number, { id: number; name: string }[]>();
	for (const p of repo.checkpointTilePairs(db, campaignId)) {
		let l = tilesOf.get(p.checkpointId);
		if (!l) tilesOf.set(p.checkpointId, (l = []));
		l.push({ id: p.tileId, name: p.name });
	}
	const orgsOfTile = new Map<number, { id: number; name: string }[]>();
	for (const a of repo.tileOrganisations(db, campaignId)) {
		let l = orgsOfTile.get(a.tileId);
		if (!l) orgsOfTile.set(a.tileId, (l = []));
		l.push({ id: a.organisationId, name: a.name });
	}
	const measuresOf = new Map<number, repo.MeasureWithPeople[]>();
	for (const m of repo.listMeasures(db, campaignId)) {
		let l = measuresOf.get(m.checkpointId);
		if (!l) measuresOf.set(m.checkpointId, (l = []));
		l.push(m);
	}
	const counted = repo
		.listCheckpoints(db, campaignId)
		.sort(byCode)
		.map((row): Counted => {
			const tiles = tilesOf.get(row.id) ?? [];
			const orgs = new Map<number, { id: number; name: string }>();
			for (const t of tiles) for (const o of orgsOfTile.get(t.id) ?? []) orgs.set(o.id, o);
			const measures = measuresOf.get(row.id) ?? [];
			const kept = measures.filter((m) => m.decision === 'kept' && m.status === 'pointed' && m.x !== null && m.y !== null);
			const map = kept.length ? { x: kept.reduce((s, m) => s + m.x!, 0) / kept.length, y: kept.reduce((s, m) => s + m.y!, 0) / kept.length } : null;
			return { row, tiles, organisations: [...orgs.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr')), measures, map, keptPointed: kept.length };
		});
	return { frame, counted, seams: repo.listSeams(db, campaignId) };
}

/** campaignFrame without reading every tile (report.json meets 40 000 of them). */
function figuresFrame(db: Db, campaignId: number): Omit<CampaignFrame, 'tiles'> {
	const epsg = repo.campaignEpsg(db, campaignId);
	if (epsg === undefined) throw new NotFoundError({ en: `Campaign ${campaignId} does not exist.`, fr: `La campagne ${campaignId} n’existe pas.` });
	return { campaignId, crs: resolveEpsg(epsg), pixelSize: repo.currentPixelSize(db, campaignId), extent: repo.tilesExtent(db, campaignId) ?? [0, 0, 0, 0] };
}

/** The checkpoints that count, as the estimators take them (id = the checkpoint's identifier). */
function countedPoints(e: Evidence): Checkpoint[] {
	return e.counted.filter((c) => c.row.surveyed && c.map).map((c) => ({ id: c.row.code, xRef: c.row.x, yRef: c.row.y, xMap: c.map!.x, yMap: c.map!.y }));
}

export interface PositionalOptions {
	/** The class the contract names, whole cm: the decree test and the outliers are reported against it. */
	classCm?: number | null;
}

export interface CheckpointFigures {
	id: number;
	code: string;
	tiles: string[];
	organisations: string[];
	kept_measures: number;
	/** Coordinates (campaign CRS) and residual; null while the viewer points this checkpoint blind. */
	x_ref: number | null;
	y_ref: number | null;
	x_map: number | null;
	y_map: number | null;
	dx: number | null;
	dy: number | null;
	distance: number | null;
	azimuth_deg: number | null;
	outlier: OutlierLevel | null;
	hidden: boolean;
}

export interface PositionalDocument extends Figures {
	campaign_id: number;
	crs: { epsg: number; name: string };
	/** Ground pixel of the orthophoto, metres (null when unknown). */
	pixel_size: number | null;
	/** The class that may be stated for this orthophoto: class_cm, but never finer than the pixel (decree, article 8.2). */
	class_cm_stated: number | null;
	nssda95_method: 'circular' | 'approximate' | 'elliptical' | null;
	/** Mean of the distances (the decree's E_moy), metres. */
	mean_r: number | null;
	decree: {
		safety: number;
		tested_class_cm: number;
		mean_deviation: number;
		mean_max: number;
		t1: number;
		t2: number;
		beyond_t1: number;
		allowed_beyond_t1: number;
		beyond_t2: number;
		pass: boolean;
	} | null;
	outliers: { code: string; distance: number; level: OutlierLevel }[];
	checkpoints: CheckpointFigures[];
	by_tile: ({ tile_id: number; tile: string } & Figures)[];
	by_organisation: ({ organisation_id: number; organisation: string } & Figures)[];
	progress: {
		/** Surveyed checkpoints (the ones pointed and counted). */
		surveyed: number;
		/** Points reviewers proposed that still await surveyed coordinates. */
		proposed: number;
		/** Surveyed checkpoints nobody has measured yet. */
		unpointed: number;
		/** Surveyed checkpoints whose kept measures all say « not visible ». */
		not_visible: number;
		measures: number;
		pending: number;
		kept: number;
		rejected: number;
	};
	spread: {
		n: number;
		quadrants: { north_west: number; north_east: number; south_west: number; south_east: number };
		smallest_quadrant_share: number;
		quadrant_rule_met: boolean;
		diagonal: number;
		spacing_threshold: number;
		smallest_spacing: number | null;
		crowded_points: number;
		spacing_rule_met: boolean;
		enough_for_nssda: boolean;
		enough_for_asprs: boolean;
	};
	/** The standards' advice on how many points and how spread, in both languages. */
	advice: Localized[];
	/** Seam offsets, summarised like residuals (from the first click to the second). */
	seams: Figures;
}

function spreadJson(s: CheckpointSpread): PositionalDocument['spread'] {
	return {
		n: s.n,
		quadrants: { north_west: s.quadrants.northWest, north_east: s.quadrants.northEast, south_west: s.quadrants.southWest, south_east: s.quadrants.southEast },
		smallest_quadrant_share: um(s.smallestQuadrantShare),
		quadrant_rule_met: s.quadrantRuleMet,
		diagonal: um(s.diagonal),
		spacing_threshold: um(s.spacingThreshold),
		smallest_spacing: s.smallestSpacing === null ? null : um(s.smallestSpacing),
		crowded_points: s.crowdedPoints,
		spacing_rule_met: s.spacingRuleMet,
		enough_for_nssda: s.enoughForNssda,
		enough_for_asprs: s.enoughForAsprs
	};
}

/** Whether a viewer points this checkpoint blind (and must not see where it is, nor its residual). */
function blindFor(grant: Grant | null, userId: number | null, c: Counted): boolean {
	if (!grant) return false;
	return !referenceVisible(grant, c.measures.some((m) => m.userId === userId));
}

/**
 * `GET /api/campaigns/:id/positional.json`. `viewer` null: everything (the report, the CLI, exports);
 * otherwise the checkpoints the viewer points blind have their coordinates and residual withheld.
 */
export function positionalDocument(db: Db, campaignId: number, options: PositionalOptions = {}, viewer: { userId: number; grant: Grant } | null = null): PositionalDocument {
	const e = gather(db, campaignId);
	return documentOf(e, options, viewer);
}

function documentOf(e: Evidence, options: PositionalOptions, viewer: { userId: number; grant: Grant } | null): PositionalDocument {
	const points = countedPoints(e);
	const figures = figuresOf(points);
	const offsets = points.map(residual);
	const summary = offsets.length >= 2 ? summarize(offsets, { contractClassCm: options.classCm ?? undefined }) : null;
	const outlierOf = new Map((summary?.decree.outliers ?? []).map((o) => [o.id, o]));
	const residualOf = new Map(offsets.map((o) => [o.id, o]));
	const pixel = e.frame.pixelSize;
	const pixelCm = pixel ? Math.ceil(pixel * 100 - 1e-9) : null;
	const groups = (key: (c: Counted) => { id: number; name: string }[]) => {
		const by = new Map<number, { name: string; points: Checkpoint[] }>();
		for (const c of e.counted) {
			if (!c.row.surveyed || !c.map) continue;
			for (const g of key(c)) {
				let entry = by.get(g.id);
				if (!entry) by.set(g.id, (entry = { name: g.name, points: [] }));
				entry.points.push({ id: c.row.code, xRef: c.row.x, yRef: c.row.y, xMap: c.map.x, yMap: c.map.y });
			}
		}
		return [...by.entries()].map(([id, g]) => ({ id, name: g.name, figures: figuresOf(g.points) }));
	};
	const surveyed = e.counted.filter((c) => c.row.surveyed);
	const measures = surveyed.flatMap((c) => c.measures);
	const seamPoints: Checkpoint[] = e.seams.map((s) => ({ id: String(s.id), xRef: s.ax, yRef: s.ay, xMap: s.bx, yMap: s.by }));
	const spread = checkpointSpread(points.map((p) => ({ x: p.xRef, y: p.yRef })), e.frame.extent);
	return {
		campaign_id: e.frame.campaignId,
		crs: { epsg: e.frame.crs.epsg, name: e.frame.crs.name },
		pixel_size: pixel,
		...figures,
		class_cm_stated: figures.class_cm === null ? null : Math.max(figures.class_cm, pixelCm ?? 0),
		nssda95_method: summary?.nssda95.method ?? null,
		mean_r: summary ? um(summary.meanR) : null,
		decree: summary
			? {
					safety: 2,
					tested_class_cm: summary.decree.test.classCm,
					mean_deviation: um(summary.decree.test.meanDeviation),
					mean_max: um(summary.decree.test.meanMax),
					t1: um(summary.decree.test.t1),
					t2: um(summary.decree.test.t2),
					beyond_t1: summary.decree.test.beyondT1,
					allowed_beyond_t1: summary.decree.test.allowedBeyondT1,
					beyond_t2: summary.decree.test.beyondT2,
					pass: summary.decree.test.pass
				}
			: null,
		outliers: (summary?.decree.outliers ?? [])
			.filter((o) => {
				const c = e.counted.find((k) => k.row.code === o.id)!;
				return !blindFor(viewer?.grant ?? null, viewer?.userId ?? null, c);
			})
			.map((o) => ({ code: o.id, distance: um(o.distance), level: o.level })),
		checkpoints: surveyed.map((c): CheckpointFigures => {
			const hidden = blindFor(viewer?.grant ?? null, viewer?.userId ?? null, c);
			const r = residualOf.get(c.row.code);
			const show = !hidden && r !== undefined;
			return {
				id: c.row.id,
				code: c.row.code,
				tiles: c.tiles.map((t) => t.name),
				organisations: c.organisations.map((o) => o.name),
				kept_measures: c.keptPointed,
				x_ref: hidden ? null : c.row.x,
				y_ref: hidden ? null : c.row.y,
				x_map: show ? c.map!.x : null,
				y_map: show ? c.map!.y : null,
				dx: show ? um(r.dx) : null,
				dy: show ? um(r.dy) : null,
				distance: show ? um(r.distance) : null,
				azimuth_deg: show && r.azimuthDeg !== null ? Math.round(r.azimuthDeg * 100) / 100 : null,
				outlier: show ? (outlierOf.get(c.row.code)?.level ?? null) : null,
				hidden
			};
		}),
		by_tile: groups((c) => c.tiles).map((g) => ({ tile_id: g.id, tile: g.name, ...g.figures })),
		by_organisation: groups((c) => c.organisations)
			.sort((a, b) => a.name.localeCompare(b.name, 'fr'))
			.map((g) => ({ organisation_id: g.id, organisation: g.name, ...g.figures })),
		progress: {
			surveyed: surveyed.length,
			proposed: e.counted.length - surveyed.length,
			unpointed: surveyed.filter((c) => c.measures.length === 0).length,
			not_visible: surveyed.filter((c) => c.keptPointed === 0 && c.measures.some((m) => m.decision === 'kept' && m.status === 'not_visible')).length,
			measures: measures.length,
			pending: measures.filter((m) => m.decision === 'pending').length,
			kept: measures.filter((m) => m.decision === 'kept').length,
			rejected: measures.filter((m) => m.decision === 'rejected').length
		},
		spread: spreadJson(spread),
		advice: spreadAdvice(spread),
		seams: figuresOf(seamPoints)
	};
}

// ─── Residual vectors (overview map, report map) ─────────────────────────────────────────────────

export interface ResidualVectors extends FeatureCollection<MultiLineString | Point> {
	/** Factor the residuals are drawn multiplied by. */
	exaggeration: number;
}

/**
 * `GET /api/campaigns/:id/residuals.geojson`: per counted checkpoint, its reference (a Point) and an
 * arrow from it to reference + k × residual (a MultiLineString: shaft and head), in WGS84, with
 * `k` = `exaggeration` chosen so the largest residual spans about a twentieth of the campaign. Checkpoints
 * the viewer points blind are left out.
 */
export function residualVectors(db: Db, campaignId: number, viewer: { userId: number; grant: Grant } | null = null): ResidualVectors {
	return vectorsOf(gather(db, campaignId), viewer);
}

function vectorsOf(e: Evidence, viewer: { userId: number; grant: Grant } | null): ResidualVectors {
	const shown = e.counted.filter((c) => c.row.surveyed && c.map && !blindFor(viewer?.grant ?? null, viewer?.userId ?? null, c));
	const [x0, y0, x1, y1] = e.frame.extent;
	const maxR = Math.max(0, ...shown.map((c) => Math.hypot(c.map!.x - c.row.x, c.map!.y - c.row.y)));
	const k = residualExaggeration(maxR, Math.max(x1 - x0, y1 - y0));
	const toWgs = transformer(e.frame.crs, WGS84);
	const features: Feature<MultiLineString | Point>[] = [];
	for (const c of shown) {
		const r = residual({ id: c.row.code, xRef: c.row.x, yRef: c.row.y, xMap: c.map!.x, yMap: c.map!.y });
		const properties = { code: c.row.code, dx: um(r.dx), dy: um(r.dy), distance: um(r.distance), azimuth_deg: r.azimuthDeg };
		features.push({ type: 'Feature', id: c.row.id, geometry: { type: 'Point', coordinates: toWgs(c.row.x, c.row.y) }, properties: { ...properties, kind: 'reference' } });
		features.push({
			type: 'Feature',
			geometry: { type: 'MultiLineString', coordinates: residualArrow({ x: c.row.x, y: c.row.y }, r.dx, r.dy, k).map((line) => line.map((p) => toWgs(p.x, p.y))) },
			properties: { ...properties, kind: 'arrow' }
		});
	}
	return { type: 'FeatureCollection', exaggeration: k, features };
}

// ─── Criteria (issue 15) ──────────────────────────────────────────────────────────────────────────

/** What the criteria are decided on: the counted residuals and what is still open. */
export function positionalEvidence(db: Db, campaignId: number): PositionalEvidence {
	return evidenceOf(gather(db, campaignId));
}

function evidenceOf(e: Evidence): PositionalEvidence {
	const surveyed = e.counted.filter((c) => c.row.surveyed);
	return {
		residuals: countedPoints(e).map(residual),
		pendingMeasures: surveyed.flatMap((c) => c.measures).filter((m) => m.decision === 'pending').length,
		unpointedCheckpoints: surveyed.filter((c) => c.measures.length === 0).length,
		pixelSize: e.frame.pixelSize
	};
}

/**
 * Evaluate the acceptance criteria « precision class ≤ N cm » and « RMSE radial ≤ x » on the campaign:
 * one result per criterion, in order (met / not met / cannot tell, with why in fr/en).
 */
export function positionalCriteria(db: Db, campaignId: number, criteria: readonly PositionalCriterion[]): CriterionResult[] {
	const evidence = positionalEvidence(db, campaignId);
	return criteria.map((c) => evaluatePositionalCriterion(c, evidence));
}

// ─── Report section (issue 15) ────────────────────────────────────────────────────────────────────

export interface ReportRow {
	key: string;
	label: Localized;
	/** Metres for lengths (render in cm), plain numbers or text otherwise; null when not computed. */
	value: number | string | boolean | null;
	unit: 'm' | 'cm' | '';
}

export interface PositionalReportSection {
	title: Localized;
	/** The summary table: one row per figure. */
	summary: ReportRow[];
	/** Per checkpoint: identifier, tiles, kept measures, residual, outlier flag. */
	checkpoints: CheckpointFigures[];
	byTile: PositionalDocument['by_tile'];
	byOrganisation: PositionalDocument['by_organisation'];
	/** How the figures were obtained, paragraph by paragraph. */
	method: Localized[];
	/** Number and spread of points, with the standards' advice. */
	spread: PositionalDocument['spread'];
	advice: Localized[];
	progress: PositionalDocument['progress'];
	seams: Figures;
	/** The vector map's data: arrows and references in WGS84, with their exaggeration. */
	vectors: ResidualVectors;
	/** The whole figures document, for anything else the report wants. */
	figures: PositionalDocument;
}

const L = (en: string, fr: string): Localized => ({ en, fr });

/** The method, as the report states it (the rules of this module and of positional.ts, in words). */
export function positionalMethod(classCm: number | null, pixelSize: number | null): Localized[] {
	return [
		L(
			'Checkpoints are well-defined points whose position was surveyed in the field or taken from a more precise reference. Reviewers pointed each one on the orthophoto without seeing its reference position (blind), at full resolution; each click is kept in the campaign’s coordinate system at full precision, never rounded to a pixel, and may be moved by a tenth of a pixel with the keyboard. A point that cannot be identified is marked « not visible / ambiguous ».',
			'Les points de contrôle sont des points bien identifiés dont la position a été levée sur le terrain ou tirée d’une référence plus précise. Les relecteurs les ont pointés un à un sur l’orthophotographie sans voir leur position de référence (à l’aveugle), à pleine résolution ; chaque clic est conservé dans le système de coordonnées de la campagne en pleine précision, jamais arrondi au pixel, et peut être ajusté au dixième de pixel au clavier. Un point qui ne peut être identifié est marqué « non visible / ambigu ».'
		),
		L(
			'The manager kept or rejected each measure. A checkpoint’s position in the orthophoto is the mean of its kept measures; its residual is that position minus the reference (dx east, dy north, in metres), its direction the bearing of that vector from grid north.',
			'Le gestionnaire a retenu ou écarté chaque mesure. La position d’un point dans l’orthophotographie est la moyenne de ses mesures retenues ; son écart est cette position moins la référence (dx vers l’est, dy vers le nord, en mètres), sa direction le gisement de ce vecteur depuis le nord du quadrillage.'
		),
		L(
			'Figures: mean error per axis (bias); RMSE per axis about zero and radial RMSE_r = √(RMSE_x² + RMSE_y²); maximum distance; NSSDA horizontal accuracy at 95 % (FGDC-STD-007.3-1998: 1.7308 × RMSE_r when RMSE_x = RMSE_y, 2.4477 × ½ (RMSE_x + RMSE_y) when their ratio is at least 0.6, the 95 % radius of the elliptical error below); ASPRS Edition 2 (2023) horizontal class, RMSE_H rounded up to the millimetre.',
			'Indicateurs : erreur moyenne par axe (biais) ; EMQ par axe autour de zéro et EMQ radiale EMQ_r = √(EMQ_x² + EMQ_y²) ; écart maximal ; précision horizontale NSSDA à 95 % (FGDC-STD-007.3-1998 : 1,7308 × EMQ_r quand EMQ_x = EMQ_y, 2,4477 × ½ (EMQ_x + EMQ_y) quand leur rapport est d’au moins 0,6, le rayon à 95 % de l’erreur elliptique en deçà) ; classe horizontale ASPRS édition 2 (2023), EMQ_H arrondie au millimètre supérieur.'
		),
		L(
			`Class of precision of the decree of 16 September 2003 (planimetry, k = 2.42, safety coefficient C = 2): a class P is satisfied when the mean deviation is below P (1 + 1/(2C²)), at most N' deviations exceed T1 = k P (1 + 1/(2C²)) and none exceeds T2 = 1.5 T1; the class stated is the smallest whole number of centimetres satisfied${pixelSize ? `, never finer than the orthophoto’s pixel (${Math.round(pixelSize * 1000) / 10} cm, article 8.2)` : ''}.${classCm ? ` The contract’s class, ${classCm} cm, is the one tested.` : ''}`,
			`Classe de précision de l’arrêté du 16 septembre 2003 (planimétrie, k = 2,42, coefficient de sécurité C = 2) : une classe P est satisfaite quand l’écart moyen est inférieur à P (1 + 1/(2C²)), qu’au plus N' écarts dépassent T1 = k P (1 + 1/(2C²)) et qu’aucun ne dépasse T2 = 1,5 T1 ; la classe indiquée est le plus petit nombre entier de centimètres satisfait${pixelSize ? `, jamais plus fine que le pixel de l’orthophotographie (${String(Math.round(pixelSize * 1000) / 10).replace('.', ',')} cm, article 8.2)` : ''}.${classCm ? ` La classe du marché, ${classCm} cm, est celle testée.` : ''}`
		),
		L(
			'Outliers are the decree’s: a residual above T2 is never tolerated; one between T1 and T2 is tolerated up to N\' points and is flagged for review. The figures are given per tile and per organisation (the checkpoints on the tiles assigned to it) as well as for the whole campaign.',
			'Les valeurs aberrantes sont celles de l’arrêté : un écart au-delà de T2 n’est jamais admis ; un écart entre T1 et T2 est admis jusqu’à N\' points et signalé pour vérification. Les indicateurs sont donnés par tuile et par organisation (les points des tuiles qui lui sont attribuées) comme pour toute la campagne.'
		),
		L(
			'Seam offsets: reviewers clicked the same feature on both sides of a tile or mosaic seam; the vector between the two clicks is summarised like the residuals (decree, article 8.5).',
			'Raccords : les relecteurs ont cliqué le même objet de part et d’autre d’un raccord de dalles ou de mosaïque ; le vecteur entre les deux clics est résumé comme les écarts (arrêté, article 8.5).'
		)
	];
}

/**
 * What the acceptance report's positional accuracy section shows: the summary table, per-checkpoint
 * residuals, breakdowns, the method, the number and spread of points with the standards' advice, and the
 * vector map's data. `classCm`: the contract's class, when the criteria name one. `viewer`: as for
 * positional.json — a reviewer does not get the positions of the checkpoints they point blind (null:
 * everything, for the PDF and the CLI).
 */
export function positionalReportSection(db: Db, campaignId: number, options: PositionalOptions = {}, viewer: { userId: number; grant: Grant } | null = null): PositionalReportSection {
	return sectionOf(gather(db, campaignId), options, viewer);
}

/**
 * The report's section and the criteria's evidence from one reading of the campaign (report.json
 * wants both; the campaign's tiles are read once).
 */
export function positionalForReport(db: Db, campaignId: number, options: PositionalOptions = {}, viewer: { userId: number; grant: Grant } | null = null): { section: PositionalReportSection; evidence: PositionalEvidence } {
	const e = gather(db, campaignId);
	return { section: sectionOf(e, options, viewer), evidence: evidenceOf(e) };
}

function sectionOf(e: Evidence, options: PositionalOptions, viewer: { userId: number; grant: Grant } | null): PositionalReportSection {
	const doc = documentOf(e, options, viewer);
	const row = (key: string, en: string, fr: string, value: ReportRow['value'], unit: ReportRow['unit'] = 'm'): ReportRow => ({ key, label: L(en, fr), value, unit });
	const summary: ReportRow[] = [
		row('n', 'Checkpoints counted', 'Points de contrôle retenus', doc.n, ''),
		row('mean_dx', 'Mean error east (bias x)', 'Erreur moyenne est (biais x)', doc.mean_dx),
		row('mean_dy', 'Mean error north (bias y)', 'Erreur moyenne nord (biais y)', doc.mean_dy),
		row('rmse_x', 'RMSE x', 'EMQ x', doc.rmse_x),
		row('rmse_y', 'RMSE y', 'EMQ y', doc.rmse_y),
		row('rmse_r', 'Radial RMSE', 'EMQ radiale', doc.rmse_r),
		row('max_r', 'Largest residual', 'Écart maximal', doc.max_r),
		row('nssda95', 'NSSDA horizontal accuracy at 95 %', 'Précision horizontale NSSDA à 95 %', doc.nssda95),
		row('class_cm_stated', 'Class of the decree of 16 September 2003', 'Classe de l’arrêté du 16 septembre 2003', doc.class_cm_stated, 'cm'),
		row('asprs_class', 'ASPRS Edition 2 horizontal class', 'Classe horizontale ASPRS édition 2', doc.asprs_class, '')
	];
	if (doc.decree && options.classCm) {
		summary.push(row('decree_pass', `Contract class (${options.classCm} cm) satisfied`, `Classe du marché (${options.classCm} cm) satisfaite`, doc.decree.pass, ''));
	}
	return {
		title: L('Positional accuracy of the orthophoto', 'Précision de position de l’orthophotographie'),
		summary,
		checkpoints: doc.checkpoints,
		byTile: doc.by_tile,
		byOrganisation: doc.by_organisation,
		method: positionalMethod(options.classCm ?? null, e.frame.pixelSize),
		spread: doc.spread,
		advice: doc.advice,
		progress: doc.progress,
		seams: doc.seams,
		vectors: vectorsOf(e, viewer),
		figures: doc
	};
}

// ─── Contractor's GeoPackage (issue 15) ───────────────────────────────────────────────────────────

export interface CheckpointsLayerOptions extends PositionalOptions {
	/**
	 * `released`: the contractor's file (and anyone's `released=1`): figures only, like report.json —
	 * no description nor photo-sketch link, free text that a reviewer may have written when proposing the
	 * point. `reviews` (default): those who read reviews, with both columns.
	 */
	audience?: 'released' | 'reviews';
	/** Only the checkpoints in one of these tiles (the export's tile filter); empty or absent: all. */
	tileIds?: readonly number[];
}

/** Whether the campaign has a surveyed checkpoint: the export's `checkpoints` layer is written then only. */
export function hasSurveyedCheckpoints(db: Db, campaignId: number): boolean {
	return repo.hasSurveyedCheckpoint(db, campaignId);
}

/**
 * The `checkpoints` layer of the defect report's GeoPackage: every surveyed checkpoint as a point in the
 * campaign's CRS (the reference), with its residual when it counts (the campaign's figures: residuals
 * and outlier flags do not change with the tile filter). Give it to `writeGeoPackage`
 * (landcover/gpkg-write.ts) as one of `layers`. `viewer`: as for positional.json — the checkpoints a
 * reviewer points blind are left out (their position is the reference); null: everything.
 */
export function checkpointsLayer(db: Db, campaignId: number, options: CheckpointsLayerOptions = {}, viewer: { userId: number; grant: Grant } | null = null): GpkgLayer {
	const e = gather(db, campaignId);
	const doc = documentOf(e, options, viewer);
	const byId = new Map(e.counted.map((c) => [c.row.id, c]));
	const withText = options.audience !== 'released';
	const tileIds = options.tileIds?.length ? new Set(options.tileIds) : null;
	const features: GpkgFeatureIn[] = doc.checkpoints
		.filter((c) => !c.hidden && (!tileIds || byId.get(c.id)!.tiles.some((t) => tileIds.has(t.id))))
		.map((c) => {
			const row = byId.get(c.id)!.row;
			return {
				geometry: { type: 'Point', coordinates: [row.x, row.y] },
				properties: {
					code: c.code,
					...(withText ? { description: row.description, sketch: row.sketch } : {}),
					source: row.source,
					z_ref: row.z,
					tiles: c.tiles.join(', '),
					kept_measures: c.kept_measures,
					x_map: c.x_map,
					y_map: c.y_map,
					dx: c.dx,
					dy: c.dy,
					distance: c.distance,
					azimuth_deg: c.azimuth_deg,
					outlier: c.outlier
				}
			};
		});
	return {
		table: 'checkpoints',
		srsId: e.frame.crs.epsg,
		geometryType: 'POINT',
		description: 'Checkpoints (reference positions) with their residuals: map − reference, metres',
		fields: [
			{ name: 'code', type: 'TEXT' },
			...(withText ? ([{ name: 'description', type: 'TEXT' }, { name: 'sketch', type: 'TEXT' }] as const) : []),
			{ name: 'source', type: 'TEXT' },
			{ name: 'z_ref', type: 'REAL' },
			{ name: 'tiles', type: 'TEXT' },
			{ name: 'kept_measures', type: 'INTEGER' },
			{ name: 'x_map', type: 'REAL' },
			{ name: 'y_map', type: 'REAL' },
			{ name: 'dx', type: 'REAL' },
			{ name: 'dy', type: 'REAL' },
			{ name: 'distance', type: 'REAL' },
			{ name: 'azimuth_deg', type: 'REAL' },
			{ name: 'outlier', type: 'TEXT' }
		],
		features
	};
}
