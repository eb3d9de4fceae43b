/**
 * `GET /api/campaigns/:id/report.json`: every figure of the acceptance report, the decision with its
 * criteria, the method and the sample design (README, "report.json", is the contract).
 *
 * Read from the review projections (defects, verdicts, walk answers) and the control point tables —
 * never from the tile documents. Figures only: no comment, no reviewer's name or e-mail (reviewers are
 * R1, R2… with their organisation), so contractors may read it (`reports.read`).
 * Statistics come from the pure module src/lib/stats (Olofsson et al. 2014 when the control points
 * are stratified by map class, Stehman 2014 otherwise; Cohen, Fleiss, Wilson).
 * The positional accuracy section and the evidence of the positional criteria come from
 * positional/positional.service.ts (the figures of positional.json, for the same viewer).
 */
import type { Grant } from '../../access/permissions.ts';
import type { AcceptanceCriteria } from '../../acceptance/criteria.ts';
import { decide, type Decision } from '../../acceptance/decision.ts';
import { consensusOfCounts, TILE_VERDICTS, type TileVerdict } from '../../acceptance/verdicts.ts';
import { majority, pointReference, type PointStatus } from '../../control-points/reference.ts';
import { lookupClass, type Nomenclature } from '../../nomenclature/index.ts';
import type { Severity } from '../../review/catalogue.ts';
import { accuracyFromErrorMatrix, countErrorMatrix } from '../../stats/olofsson.ts';
import { accuracyFromStratifiedColumns } from '../../stats/stehman.ts';
import { cohenKappa, fleissKappa, type KappaResult } from '../../stats/agreement.ts';
import { wilsonInterval, type ProportionInterval } from '../../stats/proportion.ts';
import { Z95, type Estimate } from '../../stats/estimate.ts';
import type { Localized } from '../../stats/errors.ts';
import type { PositionalEvidence } from '../../stats/positional-criteria.ts';
import { positionalForReport, type PositionalReportSection } from '../positional/positional.service.ts';
import { campaignCategories } from '../review/catalogue.service.ts';
import type { Db } from '../db/db.ts';
import { NotFoundError } from '../errors.ts';
import { campaignCriteria } from './criteria.service.ts';
import { openBlockingDefects } from './open-defects.ts';
import * as repo from './report.repo.ts';

export const REPORT_FORMAT = 'recette-report/1';
/** Longest lists of hot spots and reviewer pairs in the report (their totals are always given). */
export const LIST_LIMIT = 200;

type SeverityCounts = Record<Severity, number>;
const noSeverities = (): SeverityCounts => ({ minor: 0, major: 0, blocking: 0 });

export interface ReviewerRef {
	/** R1, R2… in the order of account ids (stable, and says nothing of who they are). */
	key: string;
	organisation: string | null;
}

export interface KappaFigure extends Estimate {
	observedAgreement: number | null;
	chanceAgreement: number | null;
	items: number;
}

export interface AgreementFigures {
	/** Categories of the ratings (verdicts, or class codes); "cannot tell" is no category (an abstention). */
	categories: string[];
	/** Items rated at least once, and at least twice (only those carry agreement). */
	items: number;
	itemsRatedTwice: number;
	fleiss: KappaFigure & { perCategory: { category: string; kappa: number | null; share: number }[] };
	/** Cohen's kappa of each pair of reviewers on the items both rated, most shared items first. */
	pairs: ({ a: string; b: string } & KappaFigure)[];
	pairsTotal: number;
}

export interface Report {
	format: typeof REPORT_FORMAT;
	generatedAt: string;
	campaign: {
		id: number;
		name: string;
		contractor: string;
		crs: { epsg: number };
		classes: { code: string; label: string; labelEn: string; color: string }[];
	};
	decision: Decision & { criteriaSet: AcceptanceCriteria; criteriaAreDefault: boolean };
	method: {
		confidence: 0.95;
		z: number;
		accuracyEstimator: 'olofsson2014' | 'stehman2014' | null;
		reference: Localized;
		tileVerdict: Localized;
		intervals: Localized;
	};
	tiles: {
		total: number;
		review: number;
		reviewAreaKm2: number;
		status: Record<string, number>;
		/** Review tiles whose review is finished (reviewed or validated). */
		finished: number;
		withVerdict: number;
		consensus: Record<TileVerdict, number>;
		/** Review tiles whose reviewers disagree. */
		split: number;
		rejectedRate: ProportionInterval;
	};
	defects: {
		total: number;
		bySeverity: SeverityCounts;
		byCategory: { code: string; label: { fr: string; en: string }; target: string | null; total: number; bySeverity: SeverityCounts }[];
		/** Tiles whose review has started (any change in their document), and their area. */
		examinedTiles: number;
		examinedAreaKm2: number;
		perTile: { mean: number | null; max: number; tilesWithDefects: number };
		perKm2: number | null;
		blocking: { total: number; left: number; answeredNotFixed: number };
		byReviewerOrganisation: { organisation: string | null; total: number; bySeverity: SeverityCounts }[];
		byTileOrganisation: {
			organisation: string;
			tiles: number;
			examinedTiles: number;
			total: number;
			bySeverity: SeverityCounts;
			perKm2: number | null;
			withVerdict: number;
			rejected: number;
			rejectedRate: ProportionInterval;
		}[];
	};
	controlPoints: null | {
		design: {
			strata: 'classes' | 'tiles';
			seed: string;
			createdAt: string;
			targetSe: number | null;
			anticipated: number | null;
			anticipatedByClass: Record<string, number>;
			minimum: number | null;
			formula: { n: number; exact: number } | null;
		};
		strata: { stratum: string; label: string; area: number; planned: number; withReference: number }[];
		points: { total: number; labelled: number; withReference: number; excluded: number; withoutReference: number; toAdjudicate: number; byStatus: Record<PointStatus, number> };
	};
	accuracy: null | {
		classes: string[];
		/** Sample counts: rows map class, columns reference class. */
		counts: number[][];
		/** Estimated area proportions p̂_ij (null row: not estimable yet). */
		proportions: (number[] | null)[];
		overall: Estimate;
		users: Record<string, Estimate>;
		producers: Record<string, Estimate>;
		areaUnit: 'm2';
		areas: Record<string, { mapped: number } & Estimate>;
		totalArea: number;
	};
	walk: null | {
		classes: {
			code: string;
			sampled: number;
			answered: number;
			/** Polygons with a majority answer. */
			decided: number;
			errors: number;
			otherClass: number;
			geometryError: number;
			errorRate: ProportionInterval;
		}[];
		/** Decided polygons, mapped class × the class reviewers answered (geometry errors apart). */
		confusion: { classes: string[]; counts: number[][] };
		undecided: number;
	};
	agreement: {
		reviewers: ReviewerRef[];
		verdicts: AgreementFigures;
		labels: AgreementFigures | null;
		hotspots: {
			tiles: { tileId: number; tileName: string; verdicts: Record<TileVerdict, number> }[];
			tilesTotal: number;
			points: { pointId: number; ordinal: number; tileName: string; labels: Record<string, number>; status: PointStatus }[];
			pointsTotal: number;
		};
	};
	samplingPlan: null | {
		sampleSize: number;
		acceptanceNumber: number;
		seed: string;
		inspected: number;
		defectives: number;
		tiles: { tileId: number; tileName: string; verdict: TileVerdict | null }[];
	};
	/**
	 * Positional accuracy of the orthophoto (README, « Positional accuracy »); null when the campaign has
	 * no checkpoint. The decree's class under test is the contract's (`precisionClassCm`) when set.
	 */
	positional: PositionalReportSection | null;
}

const km2 = (m2: number) => m2 / 1e6;

function kappaFigure(k: KappaResult): KappaFigure {
	const out: KappaFigure = { estimate: k.estimate, se: k.se, ci95: k.ci95, observedAgreement: k.observedAgreement, chanceAgreement: k.chanceAgreement, items: k.items };
	if (k.reason) out.reason = k.reason;
	return out;
}

/**
 * Ratings as parallel arrays (one entry per rating): the item (a dense index), the reviewer (account
 * id), the category (−1: abstained, "cannot tell"). Typed arrays: the report meets 40 000 tiles.
 */
interface Ratings {
	item: Int32Array;
	user: Int32Array;
	category: Int32Array;
	/** Items are 0 … items − 1. */
	items: number;
}

/**
 * Fleiss' kappa over items, Cohen's kappa per pair of reviewers, and the items whose ratings split,
 * from one set of ratings (abstentions are not ratings). Ratings are grouped by item with a counting
 * sort (no object per rating), each pair's table keyed by a number.
 */
function agreementOf(r: Ratings, categories: string[], reviewerKey: (userId: number) => string): { figures: AgreementFigures; splitItems: number[] } {
	const K = categories.length;
	const n = r.item.length;
	const start = new Int32Array(r.items + 1);
	for (let k = 0; k < n; k++) if (r.category[k] >= 0) start[r.item[k] + 1]++;
	let rated = 0;
	for (let i = 0; i < r.items; i++) {
		if (start[i + 1] > 0) rated++;
		start[i + 1] += start[i];
	}
	const order = new Int32Array(start[r.items]);
	const next = start.slice(0, r.items);
	for (let k = 0; k < n; k++) if (r.category[k] >= 0) order[next[r.item[k]]++] = k;

	const flat = new Float64Array(rated * K);
	const rows: Float64Array[] = [];
	const pairs = new Map<number, { a: number; b: number; table: Float64Array }>();
	const splitItems: number[] = [];
	for (let i = 0; i < r.items; i++) {
		const s = start[i];
		const e = start[i + 1];
		if (s === e) continue;
		const o = rows.length * K;
		rows.push(flat.subarray(o, o + K));
		const first = r.category[order[s]];
		let split = false;
		for (let t = s; t < e; t++) {
			const c = r.category[order[t]];
			flat[o + c]++;
			if (c !== first) split = true;
		}
		if (split) splitItems.push(i);
		for (let t = s; t < e; t++) {
			for (let u = t + 1; u < e; u++) {
				// Orient every pair (lower account id first) so that its table adds up over items.
				let p = order[t];
				let q = order[u];
				if (r.user[p] > r.user[q]) [p, q] = [q, p];
				const key = r.user[p] * 2_097_152 + r.user[q];
				let pair = pairs.get(key);
				if (!pair) pairs.set(key, (pair = { a: r.user[p], b: r.user[q], table: new Float64Array(K * K) }));
				pair.table[r.category[p] * K + r.category[q]]++;
			}
		}
	}
	const fleiss = fleissKappa(rows);
	const pairList = [...pairs.values()].map((p) => {
		const table: Float64Array[] = [];
		for (let i = 0; i < K; i++) table.push(p.table.subarray(i * K, (i + 1) * K));
		return { a: reviewerKey(p.a), b: reviewerKey(p.b), ...kappaFigure(cohenKappa(table)) };
	});
	pairList.sort((x, y) => y.items - x.items || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : 1));
	return {
		figures: {
			categories,
			items: fleiss.items,
			itemsRatedTwice: fleiss.itemsRatedTwice,
			fleiss: { ...kappaFigure(fleiss), perCategory: fleiss.categories.map((c, i) => ({ category: categories[i], kappa: c.kappa, share: c.share })) },
			pairs: pairList.slice(0, LIST_LIMIT),
			pairsTotal: pairList.length
		},
		splitItems
	};
}

/**
 * Dense positions ("slots") of a campaign's tiles, for typed arrays indexed by tile: an import writes a
 * campaign's tiles in one transaction, so their ids are consecutive and a slot is id − smallest id;
 * otherwise (ids scattered among other campaigns'), a map.
 */
class TileSlots {
	readonly size: number;
	private readonly first: number;
	private readonly byId: Map<number, number> | null;
	private readonly ids: number[] | null;
	constructor(minId: number, maxId: number, count: number, allIds: () => number[]) {
		if (count === 0) {
			this.size = 0;
			this.first = 0;
			this.byId = null;
			this.ids = null;
		} else if (maxId - minId + 1 <= 2 * count + 1024) {
			this.size = maxId - minId + 1;
			this.first = minId;
			this.byId = null;
			this.ids = null;
		} else {
			this.ids = allIds();
			this.byId = new Map(this.ids.map((id, i) => [id, i]));
			this.size = this.ids.length;
			this.first = 0;
		}
	}
	/** The slot of a tile id of the campaign (−1 for any other id). */
	slot(id: number): number {
		if (this.byId) return this.byId.get(id) ?? -1;
		const s = id - this.first;
		return s >= 0 && s < this.size ? s : -1;
	}
	id(slot: number): number {
		return this.ids ? this.ids[slot] : slot + this.first;
	}
}

/** Classes in nomenclature order, then unknown codes by code. */
function orderClasses(nomenclature: Nomenclature, codes: Iterable<string>): string[] {
	const set = new Set(codes);
	const known = nomenclature.entries.map((e) => e.code).filter((c) => set.has(c));
	const rest = [...set].filter((c) => !known.includes(c)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
	return [...known, ...rest];
}

const STATUS_NAMES: PointStatus[] = ['unlabelled', 'unanimous', 'majority', 'tie', 'cannot_tell', 'adjudicated', 'excluded'];

/**
 * Every figure of the acceptance report (see the module comment and README). `viewer`: who reads it —
 * only the positional section depends on it (a reviewer does not get the positions of the checkpoints
 * they still point blind); null gives everything (PDF, CLI).
 */
export function buildReport(db: Db, campaignId: number, now: Date = new Date(), viewer: { userId: number; grant: Grant } | null = null): Report {
	const head = repo.campaignHead(db, campaignId);
	if (!head) throw new NotFoundError({ en: `Campaign ${campaignId} does not exist.`, fr: `La campagne ${campaignId} n’existe pas.` });
	const nomenclature = JSON.parse(head.nomenclature) as Nomenclature;

	// ── Tiles: counts by status, and the slots of the typed arrays below ─────────────────────────
	const status: Record<string, number> = { not_started: 0, in_review: 0, reviewed: 0, validated: 0 };
	let total = 0;
	let review = 0;
	let reviewArea = 0;
	let finished = 0;
	let examinedTiles = 0;
	let examinedArea = 0;
	let minId = Infinity;
	let maxId = -Infinity;
	for (const [inSample, s, count, area, lo, hi] of repo.tileStatusAreas(db, campaignId)) {
		total += count;
		minId = Math.min(minId, lo);
		maxId = Math.max(maxId, hi);
		if (s !== 'not_started') {
			examinedTiles += count;
			examinedArea += area;
		}
		if (!inSample) continue;
		review += count;
		reviewArea += area;
		status[s] = (status[s] ?? 0) + count;
		if (s === 'reviewed' || s === 'validated') finished += count;
	}
	const slots = new TileSlots(minId, maxId, total, () => repo.tileIds(db, campaignId));
	// Verdicts count on review tiles only (a reviewer may open a tile outside the sample).
	const outOfSample = new Uint8Array(slots.size);
	if (total > review) for (const id of repo.tilesOutOfSample(db, campaignId)) outOfSample[slots.slot(id)] = 1;

	// ── Reviewers: keys R1, R2… and organisations ────────────────────────────────────────────────
	const memberOrg = new Map<number, { id: number | null; name: string | null }>();
	for (const [userId, , orgId, orgName] of repo.members(db, campaignId)) memberOrg.set(userId, { id: orgId, name: orgName });
	const verdictRows = repo.verdicts(db, campaignId);
	const labelRows = repo.labels(db, campaignId);
	const reviewerSet = new Set<number>();
	for (const r of verdictRows) reviewerSet.add(r[1]);
	for (const r of labelRows) reviewerSet.add(r[1]);
	const reviewerIds = [...reviewerSet].sort((a, b) => a - b);
	const reviewerKeys = new Map(reviewerIds.map((id, i) => [id, `R${i + 1}`]));
	const reviewerKey = (id: number) => reviewerKeys.get(id) ?? '?';

	// ── Verdicts: consensus per review tile ──────────────────────────────────────────────────────
	const verdictCounts = new Int32Array(slots.size * 3);
	const verdictRatings: Ratings = { item: new Int32Array(verdictRows.length), user: new Int32Array(verdictRows.length), category: new Int32Array(verdictRows.length), items: slots.size };
	let kept = 0;
	for (const [tileId, userId, verdict] of verdictRows) {
		const t = slots.slot(tileId);
		if (t < 0 || outOfSample[t]) continue;
		if (verdict >= 0) verdictCounts[t * 3 + verdict]++;
		verdictRatings.item[kept] = t;
		verdictRatings.user[kept] = userId;
		verdictRatings.category[kept++] = verdict;
	}
	verdictRatings.item = verdictRatings.item.subarray(0, kept);
	verdictRatings.user = verdictRatings.user.subarray(0, kept);
	verdictRatings.category = verdictRatings.category.subarray(0, kept);
	/** Consensus verdict of each tile slot (index in TILE_VERDICTS; −1: none). */
	const consensus = new Int8Array(slots.size).fill(-1);
	const consensusCounts: Record<TileVerdict, number> = { accepted: 0, accepted_with_reservations: 0, rejected: 0 };
	let split = 0;
	let withVerdict = 0;
	for (let t = 0; t < slots.size; t++) {
		const a = verdictCounts[t * 3];
		const r = verdictCounts[t * 3 + 1];
		const j = verdictCounts[t * 3 + 2];
		if (a + r + j === 0) continue;
		const v = consensusOfCounts(a, r, j);
		consensus[t] = TILE_VERDICTS.indexOf(v.verdict!);
		consensusCounts[v.verdict!]++;
		withVerdict++;
		if (v.split) split++;
	}

	// ── Defects ─────────────────────────────────────────────────────────────────────────────────
	const categories = campaignCategories(db, campaignId);
	const bySeverity = noSeverities();
	const byCategory = new Map<string, SeverityCounts>();
	const byAuthorOrg = new Map<string, { organisation: string | null; counts: SeverityCounts }>();
	let defectTotal = 0;
	for (const [authorId, category, severity, count] of repo.defectCounts(db, campaignId)) {
		const sev = severity as Severity;
		defectTotal += count;
		bySeverity[sev] += count;
		let c = byCategory.get(category);
		if (!c) byCategory.set(category, (c = noSeverities()));
		c[sev] += count;
		const org = memberOrg.get(authorId)?.name ?? null;
		const key = org ?? '';
		let a = byAuthorOrg.get(key);
		if (!a) byAuthorOrg.set(key, (a = { organisation: org, counts: noSeverities() }));
		a.counts[sev] += count;
	}
	const categoryOrder = new Map(categories.map((c, i) => [c.code, i]));
	const byCategoryList = [...byCategory.entries()]
		.sort(([a], [b]) => (categoryOrder.get(a) ?? Infinity) - (categoryOrder.get(b) ?? Infinity) || (a < b ? -1 : 1))
		.map(([code, counts]) => {
			const c = categories.find((k) => k.code === code);
			return { code, label: c ? c.label : { fr: code, en: code }, target: c?.target ?? null, total: counts.minor + counts.major + counts.blocking, bySeverity: counts };
		});

	// Per tile organisation (a tile given to two organisations counts for both): defects summed in
	// SQL; verdicts through the organisations of each tile slot, in compressed rows (start / list).
	const orgRows = repo.organisationTiles(db, campaignId);
	const orgIndex = new Map(orgRows.map(([orgId], i) => [orgId, i]));
	const orgSeverity = new Float64Array(orgRows.length * 3);
	let maxPerTile = 0;
	let tilesWithDefects = 0;
	for (const [orgId, a, b, c] of repo.defectsByTileOrganisation(db, campaignId)) {
		if (orgId === null) {
			tilesWithDefects = a;
			maxPerTile = b;
			continue;
		}
		const o = orgIndex.get(orgId);
		if (o === undefined) continue;
		orgSeverity[o * 3] = a;
		orgSeverity[o * 3 + 1] = b;
		orgSeverity[o * 3 + 2] = c;
	}
	const pairsOfTiles = repo.assignmentPairs(db, campaignId);
	const orgStart = new Int32Array(slots.size + 1);
	for (const [tileId] of pairsOfTiles) orgStart[slots.slot(tileId) + 1]++;
	for (let t = 0; t < slots.size; t++) orgStart[t + 1] += orgStart[t];
	const orgList = new Int32Array(pairsOfTiles.length);
	const fill = orgStart.slice(0, slots.size);
	for (const [tileId, orgId] of pairsOfTiles) orgList[fill[slots.slot(tileId)]++] = orgIndex.get(orgId) ?? -1;
	const orgVerdicts = new Int32Array(orgRows.length * 2); // with a verdict, rejected
	for (let t = 0; t < slots.size; t++) {
		if (consensus[t] < 0) continue;
		for (let k = orgStart[t]; k < orgStart[t + 1]; k++) {
			const o = orgList[k];
			if (o < 0) continue;
			orgVerdicts[o * 2]++;
			if (consensus[t] === 2) orgVerdicts[o * 2 + 1]++;
		}
	}
	const blocking = openBlockingDefects(db, campaignId, bySeverity.blocking);

	// ── Control points ──────────────────────────────────────────────────────────────────────────
	const design = repo.design(db, campaignId);
	let controlPoints: Report['controlPoints'] = null;
	let accuracy: Report['accuracy'] = null;
	let labelAgreement: AgreementFigures | null = null;
	let splitPoints: (Omit<Report['agreement']['hotspots']['points'][number], 'tileName'> & { tileId: number })[] = [];
	let splitPointsTotal = 0;
	let accuracyEvidence: Parameters<typeof decide>[1]['accuracy'] = null;
	let estimator: Report['method']['accuracyEstimator'] = null;
	if (design) {
		const parameters = JSON.parse(design.parameters) as {
			targetSe?: number;
			anticipated?: number;
			anticipatedByClass?: Record<string, number>;
			minimum?: number;
			formula?: { n: number; exact: number };
			mappedAreas?: Record<string, number>;
		};
		const strata = repo.strata(db, campaignId);
		const points = repo.points(db, campaignId);
		const adjudications = new Map(repo.adjudications(db, campaignId));
		const labelsByPoint = new Map<number, (string | null)[]>();
		for (const [pointId, , classCode] of labelRows) {
			let list = labelsByPoint.get(pointId);
			if (!list) labelsByPoint.set(pointId, (list = []));
			list.push(classCode);
		}
		const byStatus = Object.fromEntries(STATUS_NAMES.map((s) => [s, 0])) as Record<PointStatus, number>;
		const references: (string | null)[] = [];
		let toAdjudicate = 0;
		let labelled = 0;
		const splitList: { index: number; status: PointStatus }[] = [];
		points.forEach(([id], index) => {
			const labels = labelsByPoint.get(id) ?? [];
			if (labels.length > 0) labelled++;
			const ref = pointReference(labels, adjudications.has(id) ? adjudications.get(id)! : undefined);
			byStatus[ref.status]++;
			if (ref.toAdjudicate) toAdjudicate++;
			references.push(ref.reference);
			// Reviewers disagree when two labels name different classes ("cannot tell" abstains).
			if (labels.length > 1) {
				let first: string | null = null;
				for (const l of labels) {
					if (l === null) continue;
					if (first === null) first = l;
					else if (l !== first) {
						splitList.push({ index, status: ref.status });
						break;
					}
				}
			}
		});
		const withReference = references.filter((r) => r !== null).length;
		const excluded = byStatus.excluded;
		const withoutReference = points.length - withReference - excluded;

		const stratumIndex = new Map(strata.map(([s], h) => [s, h]));
		const referencedPerStratum = new Int32Array(strata.length);
		points.forEach(([, , stratum], u) => {
			if (references[u] !== null) referencedPerStratum[stratumIndex.get(stratum)!]++;
		});
		const tileNames = design.strata === 'tiles' ? repo.tileNames(db, campaignId, strata.map(([s]) => Number(s))) : new Map<number, string>();
		controlPoints = {
			design: {
				strata: design.strata,
				seed: design.seed,
				createdAt: new Date(design.created_at).toISOString(),
				targetSe: parameters.targetSe ?? null,
				anticipated: parameters.anticipated ?? null,
				anticipatedByClass: parameters.anticipatedByClass ?? {},
				minimum: parameters.minimum ?? null,
				formula: parameters.formula ?? null
			},
			strata: strata.map(([stratum, area, planned], h) => ({
				stratum,
				label: design.strata === 'classes' ? lookupClass(nomenclature, stratum).label : (tileNames.get(Number(stratum)) ?? stratum),
				area,
				planned,
				withReference: referencedPerStratum[h]
			})),
			points: { total: points.length, labelled, withReference, excluded, withoutReference, toAdjudicate, byStatus }
		};

		// Estimates from the points with a reference class (a point without one is left out: it has not
		// been observed yet, or cannot be).
		const mappedAreas: Record<string, number> =
			design.strata === 'classes' ? Object.fromEntries(strata.map(([s, area]) => [s, area])) : (parameters.mappedAreas ?? {});
		const classes = orderClasses(nomenclature, [...Object.keys(mappedAreas), ...points.map((p) => p[3]), ...references.filter((r): r is string => r !== null)]);
		const classIndex = new Map(classes.map((c, i) => [c, i]));
		const kept = points.map((_, u) => u).filter((u) => references[u] !== null);
		const mapIdx = Int32Array.from(kept, (u) => classIndex.get(points[u][3])!);
		const refIdx = Int32Array.from(kept, (u) => classIndex.get(references[u]!)!);
		const counts = countErrorMatrix(classes.length, mapIdx, refIdx);
		let figures;
		if (design.strata === 'classes') {
			estimator = 'olofsson2014';
			figures = accuracyFromErrorMatrix({ classes, counts, mappedAreas: classes.map((c) => mappedAreas[c] ?? 0) });
		} else {
			estimator = 'stehman2014';
			figures = accuracyFromStratifiedColumns({
				strata: strata.map(([name, area]) => ({ name, size: area })),
				classes,
				stratum: Int32Array.from(kept, (u) => stratumIndex.get(points[u][2])!),
				map: mapIdx,
				reference: refIdx
			});
		}
		accuracy = {
			classes,
			counts,
			proportions: figures.proportions,
			overall: figures.overall,
			users: figures.users,
			producers: figures.producers,
			areaUnit: 'm2',
			areas: Object.fromEntries(classes.map((c) => [c, { mapped: mappedAreas[c] ?? 0, ...figures.areas[c] }])),
			totalArea: figures.totalArea
		};
		accuracyEvidence = {
			points: points.length - excluded,
			withoutReference,
			overall: figures.overall,
			users: figures.users,
			mappedClasses: classes.filter((c) => (mappedAreas[c] ?? 0) > 0)
		};

		// Agreement between the reviewers' labels (classes named by any label).
		const labelClasses = orderClasses(nomenclature, labelRows.filter((r) => r[2] !== null).map((r) => r[2]!));
		const labelIndex = new Map(labelClasses.map((c, i) => [c, i]));
		const pointIndex = new Map(points.map(([id], u) => [id, u]));
		const ratings: Ratings = { item: new Int32Array(labelRows.length), user: new Int32Array(labelRows.length), category: new Int32Array(labelRows.length), items: points.length };
		labelRows.forEach(([pointId, userId, classCode], k) => {
			ratings.item[k] = pointIndex.get(pointId)!;
			ratings.user[k] = userId;
			ratings.category[k] = classCode === null ? -1 : labelIndex.get(classCode)!;
		});
		const { figures: agreementFigures } = agreementOf(ratings, labelClasses, reviewerKey);
		labelAgreement = agreementFigures;
		splitPointsTotal = splitList.length;
		splitPoints = splitList.slice(0, LIST_LIMIT).map(({ index, status: s }) => {
			const [id, ordinal, , , tileId] = points[index];
			const counts: Record<string, number> = {};
			for (const l of labelsByPoint.get(id) ?? []) counts[l ?? 'cannot_tell'] = (counts[l ?? 'cannot_tell'] ?? 0) + 1;
			return { pointId: id, ordinal, tileId, labels: counts, status: s };
		});
	}

	// ── Agreement on verdicts, hot spots ────────────────────────────────────────────────────────
	const { figures: verdictAgreement, splitItems: splitSlots } = agreementOf(verdictRatings, [...TILE_VERDICTS], reviewerKey);
	const shownSplitTiles = splitSlots.slice(0, LIST_LIMIT).map((t) => slots.id(t));

	// ── Feature walk ────────────────────────────────────────────────────────────────────────────
	let walk: Report['walk'] = null;
	const samples = repo.walkSamples(db, campaignId);
	if (samples.length > 0) {
		// Answers per polygon (its home tile and feature id); "cannot tell" answers count as answered, not as votes.
		const answers = new Map<string, string[]>();
		const answeredAny = new Set<string>();
		for (const [featureId, tileId, answer, toClass] of repo.walkAnswers(db, campaignId)) {
			const key = `${tileId}:${featureId}`;
			answeredAny.add(key);
			if (answer === 'cannot_tell') continue;
			let list = answers.get(key);
			if (!list) answers.set(key, (list = []));
			list.push(answer === 'other_class' ? `other:${toClass ?? ''}` : answer);
		}
		const perClass = new Map<string, { sampled: number; answered: number; decided: number; otherClass: number; geometryError: number }>();
		const confusionPairs: [string, string][] = [];
		let undecided = 0;
		for (const [featureId, classCode, tileId] of samples) {
			let c = perClass.get(classCode);
			if (!c) perClass.set(classCode, (c = { sampled: 0, answered: 0, decided: 0, otherClass: 0, geometryError: 0 }));
			c.sampled++;
			const key = `${tileId}:${featureId}`;
			if (answeredAny.has(key)) c.answered++;
			const list = answers.get(key);
			if (!list) continue;
			const m = majority(list);
			if (m.winner === null) {
				undecided++;
				continue;
			}
			c.decided++;
			if (m.winner === 'geometry_error') c.geometryError++;
			else if (m.winner === 'correct') confusionPairs.push([classCode, classCode]);
			else {
				c.otherClass++;
				confusionPairs.push([classCode, m.winner.slice('other:'.length)]);
			}
		}
		const walkClasses = orderClasses(nomenclature, [...perClass.keys(), ...confusionPairs.map((p) => p[1])]);
		const idx = new Map(walkClasses.map((c, i) => [c, i]));
		const confusion = countErrorMatrix(
			walkClasses.length,
			confusionPairs.map((p) => idx.get(p[0])!),
			confusionPairs.map((p) => idx.get(p[1])!)
		);
		walk = {
			classes: orderClasses(nomenclature, perClass.keys()).map((code) => {
				const c = perClass.get(code)!;
				const errors = c.otherClass + c.geometryError;
				return { code, ...c, errors, errorRate: wilsonInterval(errors, c.decided) };
			}),
			confusion: { classes: walkClasses, counts: confusion },
			undecided
		};
	}

	// ── Criteria, sampling plan, decision ───────────────────────────────────────────────────────
	const { criteria, isDefault } = campaignCriteria(db, campaignId);
	let samplingPlan: Report['samplingPlan'] = null;
	let planEvidence: { inspected: number; defectives: number } | null = null;
	const tileNameIds = new Set<number>(shownSplitTiles);
	const planIds = criteria.samplingPlan ? repo.planTiles(db, campaignId) : [];
	for (const id of planIds) tileNameIds.add(id);
	for (const p of splitPoints) tileNameIds.add(p.tileId);
	const names = repo.tileNames(db, campaignId, [...tileNameIds]);
	if (criteria.samplingPlan) {
		const verdictAt = (id: number) => {
			const t = slots.slot(id);
			return t >= 0 && consensus[t] >= 0 ? TILE_VERDICTS[consensus[t]] : null;
		};
		const tiles = planIds.map((id) => ({ tileId: id, tileName: names.get(id) ?? String(id), verdict: verdictAt(id) }));
		const inspected = tiles.filter((t) => t.verdict !== null).length;
		const defectives = tiles.filter((t) => t.verdict === 'rejected').length;
		planEvidence = { inspected, defectives };
		samplingPlan = { ...criteria.samplingPlan, inspected, defectives, tiles };
	}
	// ── Positional accuracy (checkpoints) ───────────────────────────────────────────────────────
	// One indexed probe first: most campaigns (and the 40 000-tile bench) have no checkpoint, and the
	// section reads every tile's rectangle.
	let positional: Report['positional'] = null;
	let positionalEvidence: PositionalEvidence | null = null;
	if (repo.hasCheckpoints(db, campaignId)) {
		({ section: positional, evidence: positionalEvidence } = positionalForReport(db, campaignId, { classCm: criteria.precisionClassCm ?? null }, viewer));
	}
	const decision = decide(criteria, {
		accuracy: accuracyEvidence,
		blocking,
		review: { tiles: review, finished },
		verdicts: { withVerdict, rejected: consensusCounts.rejected },
		plan: planEvidence,
		positional: positionalEvidence
	});

	const mappedCodes = accuracy?.classes ?? [];
	return {
		format: REPORT_FORMAT,
		generatedAt: now.toISOString(),
		campaign: {
			id: head.id,
			name: head.name,
			contractor: head.contractor,
			crs: { epsg: head.crs_epsg },
			classes: orderClasses(nomenclature, [...mappedCodes, ...(walk?.confusion.classes ?? [])]).map((code) => {
				const e = lookupClass(nomenclature, code);
				return { code, label: e.label, labelEn: e.labelEn ?? e.label, color: e.color };
			})
		},
		decision: { ...decision, criteriaSet: criteria, criteriaAreDefault: isDefault },
		method: {
			confidence: 0.95,
			z: Z95,
			accuracyEstimator: estimator,
			reference: {
				en: 'Reference class of a control point: the majority of its reviewers’ labels ("cannot tell" abstains); ties and points nobody could label are decided by the manager, who may also exclude a point. Points without a reference are left out of the estimates.',
				fr: 'Classe de référence d’un point de contrôle : la majorité des étiquettes de ses relecteurs (« impossible à dire » s’abstient) ; les égalités et les points que personne n’a pu étiqueter sont tranchés par le gestionnaire, qui peut aussi exclure un point. Les points sans référence sont laissés hors des estimations.'
			},
			tileVerdict: {
				en: 'Verdict of a tile: the majority of its reviewers’ verdicts ("cannot tell" abstains); on a tie, the most severe of the tied verdicts.',
				fr: 'Verdict d’une tuile : la majorité des verdicts de ses relecteurs (« impossible à dire » s’abstient) ; en cas d’égalité, le plus sévère des verdicts à égalité.'
			},
			intervals: {
				en: 'Accuracies and areas: estimate ± 1.96 SE (stratified estimators, no finite population correction). Rates: Wilson score interval at 95 %. Agreement: Cohen’s kappa (pairs) and Fleiss’ kappa (all reviewers).',
				fr: 'Précisions et surfaces : estimation ± 1,96 erreur type (estimateurs stratifiés, sans correction de population finie). Taux : intervalle de score de Wilson à 95 %. Accord : kappa de Cohen (paires) et kappa de Fleiss (tous les relecteurs).'
			}
		},
		tiles: {
			total,
			review,
			reviewAreaKm2: km2(reviewArea),
			status,
			finished,
			withVerdict,
			consensus: consensusCounts,
			split,
			rejectedRate: wilsonInterval(consensusCounts.rejected, withVerdict)
		},
		defects: {
			total: defectTotal,
			bySeverity,
			byCategory: byCategoryList,
			examinedTiles,
			examinedAreaKm2: km2(examinedArea),
			perTile: { mean: examinedTiles > 0 ? defectTotal / examinedTiles : null, max: maxPerTile, tilesWithDefects },
			perKm2: examinedArea > 0 ? defectTotal / km2(examinedArea) : null,
			blocking,
			byReviewerOrganisation: [...byAuthorOrg.values()]
				.map((a) => ({ organisation: a.organisation, total: a.counts.minor + a.counts.major + a.counts.blocking, bySeverity: a.counts }))
				.sort((a, b) => b.total - a.total),
			byTileOrganisation: orgRows
				.map(([, name, tiles, examined, area], o) => {
					const counts = { minor: orgSeverity[o * 3], major: orgSeverity[o * 3 + 1], blocking: orgSeverity[o * 3 + 2] };
					const t = counts.minor + counts.major + counts.blocking;
					return {
						organisation: name,
						tiles,
						examinedTiles: examined,
						total: t,
						bySeverity: counts,
						perKm2: area > 0 ? t / km2(area) : null,
						withVerdict: orgVerdicts[o * 2],
						rejected: orgVerdicts[o * 2 + 1],
						rejectedRate: wilsonInterval(orgVerdicts[o * 2 + 1], orgVerdicts[o * 2])
					};
				})
		},
		controlPoints,
		accuracy,
		walk,
		agreement: {
			reviewers: reviewerIds.map((id) => ({ key: reviewerKey(id), organisation: memberOrg.get(id)?.name ?? null })),
			verdicts: verdictAgreement,
			labels: labelAgreement,
			hotspots: {
				tiles: shownSplitTiles.map((tileId) => {
					const t = slots.slot(tileId) * 3;
					return { tileId, tileName: names.get(tileId) ?? String(tileId), verdicts: { accepted: verdictCounts[t], accepted_with_reservations: verdictCounts[t + 1], rejected: verdictCounts[t + 2] } };
				}),
				tilesTotal: splitSlots.length,
				points: splitPoints.map(({ tileId, ...p }) => ({ ...p, tileName: names.get(tileId) ?? String(tileId) })),
				pointsTotal: splitPointsTotal
			}
		},
		samplingPlan,
		positional
	};
}

