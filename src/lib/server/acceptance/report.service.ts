/**
 * `GET /api/campaigns/:id/report.json`: every figure of the acceptance report, the decision with its
 * criteria, the method and the sample design (README, "report.json", is the contract).
 *
 * Read from the review projections (defects, verdicts, walk answers) and the control point tables —
 * never from the tile documents. Figures only: no comment, no reviewer's name or e-mail (reviewers are
 * R1, R2… with their organisation), so contractors may read it (`reports.read`).
 * Statistics come from the pure module src/lib/stats (Olofsson et al. 2014 when the control points
 * are stratified by map class, Stehman 2014 otherwise; Cohen, Fleiss, Wilson).
 */
import type { AcceptanceCriteria } from '../../acceptance/criteria.ts';
import { decide, type Decision } from '../../acceptance/decision.ts';
import { consensusOfCounts, TILE_VERDICTS, verdictIndex, type TileVerdict } from '../../acceptance/verdicts.ts';
import { majority, pointReference, type PointStatus } from '../../control-points/reference.ts';
import { lookupClass, type Nomenclature } from '../../nomenclature/index.ts';
import type { Severity } from '../../review/catalogue.ts';
import { accuracyFromErrorMatrix, countErrorMatrix } from '../../stats/olofsson.ts';
import { accuracyFromStratifiedColumns } from '../../stats/stehman.ts';
import { cohenKappa, fleissKappa, type KappaResult } from '../../stats/agreement.ts';
import { wilsonInterval, type ProportionInterval } from '../../stats/proportion.ts';
import { Z95, type Estimate } from '../../stats/estimate.ts';
import type { Localized } from '../../stats/errors.ts';
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
}

const km2 = (m2: number) => m2 / 1e6;

function kappaFigure(k: KappaResult): KappaFigure {
	const out: KappaFigure = { estimate: k.estimate, se: k.se, ci95: k.ci95, observedAgreement: k.observedAgreement, chanceAgreement: k.chanceAgreement, items: k.items };
	if (k.reason) out.reason = k.reason;
	return out;
}

interface Rating {
	item: number;
	user: number;
	/** Category index; −1: abstained ("cannot tell"). */
	category: number;
}

/**
 * Fleiss' kappa over items, Cohen's kappa per pair of reviewers, and the items whose ratings split,
 * from one list of ratings (abstentions are not ratings).
 */
function agreementOf(ratings: readonly Rating[], categories: string[], reviewerKey: (userId: number) => string): { figures: AgreementFigures; splitItems: number[] } {
	const K = categories.length;
	const byItem = new Map<number, Rating[]>();
	for (const r of ratings) {
		if (r.category < 0) continue;
		let list = byItem.get(r.item);
		if (!list) byItem.set(r.item, (list = []));
		list.push(r);
	}
	const counts: Float64Array[] = [];
	const pairs = new Map<string, { a: number; b: number; table: Float64Array }>();
	const splitItems: number[] = [];
	for (const [item, list] of byItem) {
		const row = new Float64Array(K);
		let first = -1;
		let split = false;
		for (const r of list) {
			row[r.category]++;
			if (first < 0) first = r.category;
			else if (r.category !== first) split = true;
		}
		counts.push(row);
		if (split) splitItems.push(item);
		if (list.length < 2) continue;
		for (let i = 0; i < list.length; i++) {
			for (let j = i + 1; j < list.length; j++) {
				// Orient every pair (lower account id first) so its table adds up over items.
				const [p, q] = list[i].user < list[j].user ? [list[i], list[j]] : [list[j], list[i]];
				const key = `${p.user}:${q.user}`;
				let pair = pairs.get(key);
				if (!pair) pairs.set(key, (pair = { a: p.user, b: q.user, table: new Float64Array(K * K) }));
				pair.table[p.category * K + q.category]++;
			}
		}
	}
	const fleiss = fleissKappa(counts);
	const pairList = [...pairs.values()].map((p) => {
		const rows: Float64Array[] = [];
		for (let i = 0; i < K; i++) rows.push(p.table.subarray(i * K, (i + 1) * K));
		return { a: reviewerKey(p.a), b: reviewerKey(p.b), ...kappaFigure(cohenKappa(rows)) };
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

/** Classes in nomenclature order, then unknown codes by code. */
function orderClasses(nomenclature: Nomenclature, codes: Iterable<string>): string[] {
	const set = new Set(codes);
	const known = nomenclature.entries.map((e) => e.code).filter((c) => set.has(c));
	const rest = [...set].filter((c) => !known.includes(c)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
	return [...known, ...rest];
}

const STATUS_NAMES: PointStatus[] = ['unlabelled', 'unanimous', 'majority', 'tie', 'cannot_tell', 'adjudicated', 'excluded'];

/** Every figure of the acceptance report (see the module comment and README). */
export function buildReport(db: Db, campaignId: number, now: Date = new Date()): Report {
	const head = repo.campaignHead(db, campaignId);
	if (!head) throw new NotFoundError({ en: `Campaign ${campaignId} does not exist.`, fr: `La campagne ${campaignId} n’existe pas.` });
	const nomenclature = JSON.parse(head.nomenclature) as Nomenclature;

	// ── Reviewers: keys R1, R2… and organisations ────────────────────────────────────────────────
	const memberOrg = new Map<number, { id: number | null; name: string | null }>();
	for (const [userId, , orgId, orgName] of repo.members(db, campaignId)) memberOrg.set(userId, { id: orgId, name: orgName });
	const verdictRows = repo.reviewTileVerdicts(db, campaignId);
	const labelRows = repo.labels(db, campaignId);
	const reviewerIds = [...new Set([...verdictRows.map((r) => r[1]), ...labelRows.map((r) => r[1])])].sort((a, b) => a - b);
	const reviewerKeys = new Map(reviewerIds.map((id, i) => [id, `R${i + 1}`]));
	const reviewerKey = (id: number) => reviewerKeys.get(id) ?? '?';

	// ── Tiles ────────────────────────────────────────────────────────────────────────────────────
	const status: Record<string, number> = { not_started: 0, in_review: 0, reviewed: 0, validated: 0 };
	let total = 0;
	let review = 0;
	let reviewArea = 0;
	let finished = 0;
	let examinedTiles = 0;
	let examinedArea = 0;
	for (const [inSample, s, count, area] of repo.tileStatusAreas(db, campaignId)) {
		total += count;
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

	// ── Verdicts: consensus per review tile ──────────────────────────────────────────────────────
	const verdictCounts = new Map<number, Int32Array>();
	const verdictRatings: Rating[] = [];
	for (const [tileId, userId, verdict] of verdictRows) {
		let c = verdictCounts.get(tileId);
		if (!c) verdictCounts.set(tileId, (c = new Int32Array(3)));
		const i = verdictIndex(verdict);
		if (i >= 0) c[i]++;
		verdictRatings.push({ item: tileId, user: userId, category: i });
	}
	const consensus = new Map<number, TileVerdict>();
	const consensusCounts: Record<TileVerdict, number> = { accepted: 0, accepted_with_reservations: 0, rejected: 0 };
	let split = 0;
	for (const [tileId, c] of verdictCounts) {
		const v = consensusOfCounts(c[0], c[1], c[2]);
		if (v.verdict) {
			consensus.set(tileId, v.verdict);
			consensusCounts[v.verdict]++;
		}
		if (v.split) split++;
	}
	const withVerdict = consensus.size;

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

	// Per tile, then per tile organisation (a tile given to two organisations counts for both).
	const tileOrgs = new Map<number, number[]>();
	for (const [tileId, orgId] of repo.assignmentPairs(db, campaignId)) {
		let list = tileOrgs.get(tileId);
		if (!list) tileOrgs.set(tileId, (list = []));
		list.push(orgId);
	}
	const orgStats = new Map<number, { name: string; tiles: number; examined: number; examinedArea: number; counts: SeverityCounts; withVerdict: number; rejected: number }>();
	for (const [orgId, name, tiles, examined, area] of repo.organisationTiles(db, campaignId)) {
		orgStats.set(orgId, { name, tiles, examined, examinedArea: area, counts: noSeverities(), withVerdict: 0, rejected: 0 });
	}
	let maxPerTile = 0;
	let tilesWithDefects = 0;
	for (const [tileId, minor, major, blocking] of repo.defectsPerTile(db, campaignId)) {
		const n = minor + major + blocking;
		if (n > maxPerTile) maxPerTile = n;
		if (n > 0) tilesWithDefects++;
		for (const orgId of tileOrgs.get(tileId) ?? []) {
			const s = orgStats.get(orgId);
			if (!s) continue;
			s.counts.minor += minor;
			s.counts.major += major;
			s.counts.blocking += blocking;
		}
	}
	for (const [tileId, v] of consensus) {
		for (const orgId of tileOrgs.get(tileId) ?? []) {
			const s = orgStats.get(orgId);
			if (!s) continue;
			s.withVerdict++;
			if (v === 'rejected') s.rejected++;
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
			const named = labels.filter((l) => l !== null);
			if (majority(named).distinct > 1) splitList.push({ index, status: ref.status });
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
		const { figures: agreementFigures } = agreementOf(
			labelRows.map(([pointId, userId, classCode]) => ({ item: pointId, user: userId, category: classCode === null ? -1 : labelIndex.get(classCode)! })),
			labelClasses,
			reviewerKey
		);
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
	const { figures: verdictAgreement, splitItems: splitTiles } = agreementOf(verdictRatings, [...TILE_VERDICTS], reviewerKey);
	const shownSplitTiles = splitTiles.sort((a, b) => a - b).slice(0, LIST_LIMIT);

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
		const tiles = planIds.map((id) => ({ tileId: id, tileName: names.get(id) ?? String(id), verdict: consensus.get(id) ?? null }));
		const inspected = tiles.filter((t) => t.verdict !== null).length;
		const defectives = tiles.filter((t) => t.verdict === 'rejected').length;
		planEvidence = { inspected, defectives };
		samplingPlan = { ...criteria.samplingPlan, inspected, defectives, tiles };
	}
	const decision = decide(criteria, {
		accuracy: accuracyEvidence,
		blocking,
		review: { tiles: review, finished },
		verdicts: { withVerdict, rejected: consensusCounts.rejected },
		plan: planEvidence
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
			byTileOrganisation: [...orgStats.values()]
				.map((s) => {
					const t = s.counts.minor + s.counts.major + s.counts.blocking;
					return {
						organisation: s.name,
						tiles: s.tiles,
						examinedTiles: s.examined,
						total: t,
						bySeverity: s.counts,
						perKm2: s.examinedArea > 0 ? t / km2(s.examinedArea) : null,
						withVerdict: s.withVerdict,
						rejected: s.rejected,
						rejectedRate: wilsonInterval(s.rejected, s.withVerdict)
					};
				})
				.sort((a, b) => (a.organisation < b.organisation ? -1 : 1))
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
					const c = verdictCounts.get(tileId)!;
					return { tileId, tileName: names.get(tileId) ?? String(tileId), verdicts: { accepted: c[0], accepted_with_reservations: c[1], rejected: c[2] } };
				}),
				tilesTotal: splitTiles.length,
				points: splitPoints.map(({ tileId, ...p }) => ({ ...p, tileName: names.get(tileId) ?? String(tileId) })),
				pointsTotal: splitPointsTotal
			}
		},
		samplingPlan
	};
}

