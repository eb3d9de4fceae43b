/**
 * Control points for thematic accuracy: the manager draws a seeded stratified random sample of points
 * (strata = mapped classes, or review tiles), with per-stratum sizes proposed from the good-practice
 * formula; reviewers label each point's reference class on the imagery without seeing the map (blind
 * mode); the reference is the labels' majority, the manager adjudicates ties and disagreements.
 *
 * The population is the land cover inside the review tiles (all tiles when the campaign reviews them
 * all): the estimates describe that area. Points are drawn in the campaign's projected CRS.
 */
import { allows, type Grant } from '../../access/permissions.ts';
import { drawPointsInPolygons, EmptyRegionError, pointInMultiPolygon, rectangle } from '../../control-points/sample-points.ts';
import { DECIDED, pointReference, type PointStatus } from '../../control-points/reference.ts';
import { decodeCompact } from '../../geo/compact.ts';
import type { MultiPolygon } from '../../geo/types.ts';
import { leafEntries, lookupClass, type Nomenclature } from '../../nomenclature/index.ts';
import { seededRandom } from '../../sampling/random.ts';
import { stratumSeed } from '../../sampling/sample.ts';
import { allocateWithMinimum, sampleSizeForOverallAccuracy } from '../../stats/sample-size.ts';
import { isStatsInputError } from '../../stats/errors.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import { reprojectMultiPolygon, resolveEpsg, transformer, WGS84 } from '../crs/crs.ts';
import type { Db } from '../db/db.ts';
import { InputError, NotFoundError } from '../errors.ts';
import { RectIndex } from '../../tiling/rect-index.ts';
import * as repo from './control-points.repo.ts';

export type StrataKind = 'classes' | 'tiles';

/** What the sizes are proposed from (query parameters of the proposal, body of the generation). */
export interface SizeParameters {
	strata: StrataKind;
	/** Target standard error of overall accuracy (0.01 = 1 point of percentage). */
	targetSe: number;
	/** Anticipated user's accuracy of every class, unless `anticipatedByClass` says otherwise. */
	anticipated: number;
	anticipatedByClass: Record<string, number>;
	/** Fewest points in a stratum that has area (Olofsson et al. 2014 suggest 50–100 for a rare class). */
	minimum: number;
	/** The manager's own sizes, per stratum (class code, or tile id), overriding the proposal. */
	sizes: Record<string, number>;
}

export const DEFAULTS = { targetSe: 0.01, anticipated: 0.85, minimum: { classes: 50, tiles: 2 } } as const;
/** Most points one campaign may draw: a day of labelling for a large team, and a bounded request. */
export const MAX_POINTS = 20_000;
const MAX_PER_STRATUM = 10_000;

export interface ProposedStratum {
	/** Class code, or tile id as text. */
	stratum: string;
	/** Class label, or tile name. */
	label: string;
	/** Area of the land cover in the stratum (m², campaign CRS). */
	area: number;
	weight: number;
	/** Anticipated user's accuracy (strata = classes). */
	anticipated: number | null;
	/** Share of the formula's n in proportion to area. */
	proportional: number;
	/** Proportional with the minimum (what is drawn unless overridden). */
	proposed: number;
	/** What will be drawn: the override, else the proposal. */
	size: number;
}

export interface Proposal {
	strata: StrataKind;
	targetSe: number;
	minimum: number;
	/** n from the formula (rounded up), and before rounding. */
	formula: { n: number; exact: number };
	total: number;
	items: ProposedStratum[];
}

interface Population {
	crsEpsg: number;
	landcoverEpsg: number;
	nomenclature: Nomenclature;
	tiles: ReturnType<typeof repo.reviewTiles>;
	/** Mapped area of each class in the review tiles. */
	classAreas: Map<string, number>;
	/** Land-cover area of each review tile. */
	tileAreas: Map<number, number>;
}

function population(db: Db, campaignId: number): Population {
	const c = repo.campaignRow(db, campaignId);
	if (!c) throw new NotFoundError({ en: `Campaign ${campaignId} does not exist.`, fr: `La campagne ${campaignId} n’existe pas.` });
	const tiles = repo.reviewTiles(db, campaignId);
	const classAreas = new Map<string, number>();
	const tileAreas = new Map<number, number>();
	for (const r of repo.reviewTileClassAreas(db, campaignId)) {
		classAreas.set(r.classCode, (classAreas.get(r.classCode) ?? 0) + r.area);
		tileAreas.set(r.tileId, (tileAreas.get(r.tileId) ?? 0) + r.area);
	}
	return { crsEpsg: c.crsEpsg, landcoverEpsg: c.landcoverEpsg, nomenclature: c.nomenclature as Nomenclature, tiles, classAreas, tileAreas };
}

/** Classes in nomenclature order, then codes the nomenclature does not know, by code. */
export function orderClasses(nomenclature: Nomenclature, codes: Iterable<string>): string[] {
	const set = new Set(codes);
	const known = nomenclature.entries.map((e) => e.code).filter((c) => set.has(c));
	const unknown = [...set].filter((c) => !known.includes(c)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
	return [...known, ...unknown];
}

/**
 * Classes a reviewer may choose for a point: the nomenclature's finest classes plus every class the
 * map uses (a delivery may map at a coarser level), in nomenclature order. The order says nothing of
 * the point: it is the same for every point.
 */
export function labelClasses(nomenclature: Nomenclature, mappedCodes: Iterable<string>) {
	const codes = orderClasses(nomenclature, [...leafEntries(nomenclature).map((e) => e.code), ...mappedCodes]);
	return codes.map((code) => {
		const e = lookupClass(nomenclature, code);
		return { code, label: e.label, labelEn: e.labelEn ?? e.label, color: e.color };
	});
}

const bad = (code: string, en: string, fr: string) => new InputError(code, { en, fr });

function checkParameters(p: SizeParameters): void {
	if (p.strata !== 'classes' && p.strata !== 'tiles') throw bad('invalid_strata', 'Strata are "classes" or "tiles".', 'Les strates sont « classes » ou « tiles ».');
	if (!(p.targetSe > 0 && p.targetSe <= 0.5)) {
		throw bad('invalid_target_se', 'The target standard error is a proportion above 0 and at most 0.5 (e.g. 0.01 for ±1 point).', 'L’erreur type visée est une proportion supérieure à 0 et d’au plus 0,5 (par exemple 0,01 pour ±1 point).');
	}
	for (const u of [p.anticipated, ...Object.values(p.anticipatedByClass)]) {
		if (!(u >= 0 && u <= 1)) throw bad('invalid_anticipated', 'An anticipated user’s accuracy is a proportion from 0 to 1 (e.g. 0.85).', 'Une précision utilisateur attendue est une proportion entre 0 et 1 (par exemple 0,85).');
	}
	if (!(Number.isInteger(p.minimum) && p.minimum >= 0 && p.minimum <= MAX_PER_STRATUM)) {
		throw bad('invalid_minimum', `The minimum per stratum is a whole number from 0 to ${MAX_PER_STRATUM}.`, `Le minimum par strate est un entier entre 0 et ${MAX_PER_STRATUM}.`);
	}
	for (const [k, n] of Object.entries(p.sizes)) {
		if (!(Number.isInteger(n) && n >= 0 && n <= MAX_PER_STRATUM)) {
			throw bad('invalid_size', `The size of stratum “${k}” is a whole number from 0 to ${MAX_PER_STRATUM}.`, `La taille de la strate « ${k} » est un entier entre 0 et ${MAX_PER_STRATUM}.`);
		}
	}
}

function proposalFrom(pop: Population, p: SizeParameters): Proposal {
	checkParameters(p);
	const classes = orderClasses(pop.nomenclature, [...pop.classAreas.keys()].filter((c) => (pop.classAreas.get(c) ?? 0) > 0));
	if (classes.length === 0) throw bad('no_landcover', 'The review tiles hold no land cover: there is nowhere to draw points.', 'Les tuiles à contrôler ne contiennent aucune occupation du sol : il n’y a nulle part où tirer des points.');
	for (const code of Object.keys(p.anticipatedByClass)) {
		if (!classes.includes(code)) throw bad('unknown_class', `Class “${code}” is not mapped in the review tiles.`, `La classe « ${code} » n’est pas cartographiée dans les tuiles à contrôler.`);
	}
	const weights = classes.map((c) => pop.classAreas.get(c)!);
	const anticipated = classes.map((c) => p.anticipatedByClass[c] ?? p.anticipated);
	let formula;
	try {
		formula = sampleSizeForOverallAccuracy({ weights, anticipatedUsers: anticipated, targetSe: p.targetSe });
	} catch (e) {
		if (isStatsInputError(e)) throw new InputError(e.code, e.messages);
		throw e;
	}
	const n = formula.n;
	const strata =
		p.strata === 'classes'
			? classes.map((c, i) => ({ stratum: c, label: lookupClass(pop.nomenclature, c).label, area: weights[i], anticipated: anticipated[i] }))
			: pop.tiles.filter((t) => (pop.tileAreas.get(t.id) ?? 0) > 0).map((t) => ({ stratum: String(t.id), label: t.name, area: pop.tileAreas.get(t.id)!, anticipated: null }));
	const keys = new Set(strata.map((s) => s.stratum));
	for (const k of Object.keys(p.sizes)) {
		if (!keys.has(k)) {
			throw bad(
				'unknown_stratum',
				`“${k}” is not a stratum of this design (${p.strata === 'classes' ? 'a class mapped in the review tiles' : 'the id of a review tile with land cover'}).`,
				`« ${k} » n’est pas une strate de ce plan (${p.strata === 'classes' ? 'une classe cartographiée dans les tuiles à contrôler' : 'l’identifiant d’une tuile à contrôler ayant de l’occupation du sol'}).`
			);
		}
	}
	const areas = strata.map((s) => s.area);
	const total = areas.reduce((s, a) => s + a, 0);
	const proportional = allocateWithMinimum(n, areas, 0);
	const proposed = allocateWithMinimum(n, areas, p.minimum);
	const items = strata.map((s, i) => ({
		...s,
		weight: s.area / total,
		proportional: proportional[i],
		proposed: proposed[i],
		size: p.sizes[s.stratum] ?? proposed[i]
	}));
	return { strata: p.strata, targetSe: p.targetSe, minimum: p.minimum, formula: { n: formula.n, exact: formula.exact }, total: items.reduce((s, x) => s + x.size, 0), items };
}

/** `GET …/control-points/proposal`: per-stratum sizes from the formula, the minimum and any override. */
export function proposeSizes(db: Db, campaignId: number, p: SizeParameters): Proposal {
	return proposalFrom(population(db, campaignId), p);
}

export interface GenerateRequest extends SizeParameters {
	seed: string;
	/** Drawing again deletes every label: say so explicitly. */
	replace: boolean;
}

/** The land-cover polygons touching review tiles, in the campaign's CRS, by fid. */
function loadPolygons(db: Db, campaignId: number, pop: Population) {
	const wanted = new Set<number>();
	for (const t of pop.tiles) {
		const ids = t.featureIds;
		if (!ids) continue;
		for (let i = 0; i + 4 <= ids.length; i += 4) wanted.add(ids.readInt32LE(i));
	}
	const from = resolveEpsg(pop.landcoverEpsg);
	const to = resolveEpsg(pop.crsEpsg);
	const out = new Map<number, { fid: number; classCode: string; geometry: MultiPolygon; bbox: [number, number, number, number] }>();
	for (const f of repo.landcover(db, campaignId)) {
		if (!wanted.has(f.id)) continue;
		const { geometry, bbox } = reprojectMultiPolygon(decodeCompact(f.geometry), from, to);
		out.set(f.id, { fid: f.fid, classCode: f.classCode, geometry, bbox });
	}
	return out;
}

/**
 * Draw the campaign's control points (replacing any earlier draw), in one transaction with its audit
 * event. Same seed, parameters and data ⇒ same points.
 */
export function generatePoints(db: Db, campaignId: number, request: GenerateRequest, actor: Actor | null): { points: number; strata: number } {
	const seed = request.seed.trim();
	if (!seed || seed.length > 100) throw bad('invalid_seed', 'The seed is 1 to 100 characters.', 'La graine fait de 1 à 100 caractères.');
	const pop = population(db, campaignId);
	const proposal = proposalFrom(pop, request);
	if (proposal.total > MAX_POINTS) {
		throw bad('too_many_points', `${proposal.total} points asked: at most ${MAX_POINTS} per campaign. Raise the target standard error or lower the sizes.`, `${proposal.total} points demandés : au plus ${MAX_POINTS} par campagne. Augmentez l’erreur type visée ou réduisez les tailles.`);
	}
	if (proposal.total === 0) throw bad('no_points', 'No point to draw: every stratum has size 0.', 'Aucun point à tirer : toutes les strates ont une taille nulle.');
	const thin = proposal.items.filter((s) => s.size < 2);
	if (thin.length > 0) {
		const list = thin.slice(0, 5).map((s) => `${s.label} (${s.size})`).join(', ');
		throw bad(
			'stratum_too_small',
			`Each stratum needs at least 2 points to estimate its variance; too few for ${list}${thin.length > 5 ? '…' : ''}.`,
			`Chaque strate doit avoir au moins 2 points pour estimer sa variance ; trop peu pour ${list}${thin.length > 5 ? '…' : ''}.`
		);
	}
	if (!request.replace && repo.labelCount(db, campaignId) > 0) {
		throw new InputError('labels_exist', {
			en: 'Reviewers have already labelled control points: drawing again deletes their labels. Send "replace": true to confirm.',
			fr: 'Des relecteurs ont déjà étiqueté des points de contrôle : un nouveau tirage supprime leurs étiquettes. Envoyez "replace": true pour confirmer.'
		}, 409);
	}

	const polygons = loadPolygons(db, campaignId, pop);
	const index = new RectIndex(pop.tiles);
	/** The first review tile (in review order) holding the point; tiles are half-open rectangles. */
	const homeTile = (x: number, y: number): number => {
		let best = -1;
		index.forEachOverlapping([x - 1e-6, y - 1e-6, x + 1e-6, y + 1e-6], (i) => {
			const t = pop.tiles[i];
			if (x >= t.xmin && x < t.xmax && y >= t.ymin && y < t.ymax && (best < 0 || i < best)) best = i;
		});
		return best;
	};
	const toWgs84 = transformer(resolveEpsg(pop.crsEpsg), WGS84);
	const drawn: Omit<repo.PointInsert, 'ordinal'>[] = [];
	const push = (stratum: string, x: number, y: number, mapClass: string, featureId: number | null, tileIndex: number) => {
		const [lon, lat] = toWgs84(x, y);
		drawn.push({ campaignId, stratum, x, y, lon, lat, mapClass, featureId, tileId: pop.tiles[tileIndex].id });
	};

	try {
		if (request.strata === 'classes') {
			const byClass = new Map<string, { fid: number; geometry: MultiPolygon }[]>();
			for (const p of [...polygons.values()].sort((a, b) => a.fid - b.fid)) {
				let list = byClass.get(p.classCode);
				if (!list) byClass.set(p.classCode, (list = []));
				list.push(p);
			}
			for (const s of proposal.items) {
				const list = byClass.get(s.stratum) ?? [];
				const pts = drawPointsInPolygons(
					list.map((p) => p.geometry),
					s.size,
					seededRandom(stratumSeed(seed, s.stratum)),
					{ accept: (x, y) => homeTile(x, y) >= 0 }
				);
				for (const p of pts) push(s.stratum, p.x, p.y, s.stratum, list[p.polygon].fid, homeTile(p.x, p.y));
			}
		} else {
			const position = new Map(pop.tiles.map((t, i) => [String(t.id), i]));
			for (const s of proposal.items) {
				const i = position.get(s.stratum)!;
				const t = pop.tiles[i];
				const touching: { fid: number; classCode: string; geometry: MultiPolygon; bbox: [number, number, number, number] }[] = [];
				const ids = t.featureIds;
				if (ids) for (let k = 0; k + 4 <= ids.length; k += 4) {
					const f = polygons.get(ids.readInt32LE(k));
					if (f) touching.push(f);
				}
				touching.sort((a, b) => a.fid - b.fid);
				let hit: (typeof touching)[number] | null = null;
				/** The first polygon (by fid) holding the point: its class is the map class there. */
				const covered = (x: number, y: number) => {
					hit = null;
					for (const f of touching) {
						if (x < f.bbox[0] || x > f.bbox[2] || y < f.bbox[1] || y > f.bbox[3]) continue;
						if (pointInMultiPolygon(f.geometry, x, y)) {
							hit = f;
							return true;
						}
					}
					return false;
				};
				const pts = drawPointsInPolygons([rectangle(t.xmin, t.ymin, t.xmax, t.ymax)], s.size, seededRandom(stratumSeed(seed, s.stratum)), { accept: covered });
				for (const p of pts) {
					covered(p.x, p.y);
					const f = hit as (typeof touching)[number] | null;
					push(s.stratum, p.x, p.y, f!.classCode, f!.fid, i);
				}
			}
		}
	} catch (e) {
		if (e instanceof EmptyRegionError) {
			throw bad('cannot_draw', `Points cannot be drawn: ${e.message}`, `Les points ne peuvent pas être tirés : ${e.message}`);
		}
		throw e;
	}

	// Labelling order: a seeded shuffle of all points, so that consecutive points do not share a
	// stratum (which would tell the map class in blind mode).
	const rng = seededRandom(stratumSeed(seed, '(labelling order)'));
	for (let i = drawn.length - 1; i > 0; i--) {
		const j = Math.floor(rng() * (i + 1));
		[drawn[i], drawn[j]] = [drawn[j], drawn[i]];
	}
	const parameters = {
		targetSe: request.targetSe,
		anticipated: request.anticipated,
		anticipatedByClass: request.anticipatedByClass,
		minimum: request.minimum,
		sizes: request.sizes,
		formula: proposal.formula,
		// The mapped area of each class in the review tiles: the areas the estimates set beside theirs.
		mappedAreas: Object.fromEntries([...pop.classAreas].filter(([, a]) => a > 0))
	};
	db.transaction(() => {
		repo.replaceDesign(
			db,
			campaignId,
			{ campaignId, strata: request.strata, seed, parameters, createdAt: new Date(), createdBy: actor?.id ?? null },
			proposal.items.map((s) => ({ campaignId, stratum: s.stratum, area: s.area, sampleSize: s.size })),
			drawn.map((p, i) => ({ ...p, ordinal: i + 1 }))
		);
		audit(db, actor, 'control_points.generate', { strata: request.strata, seed, points: drawn.length, strataCount: proposal.items.length, targetSe: request.targetSe }, campaignId);
	});
	return { points: drawn.length, strata: proposal.items.length };
}

export interface MyLabel {
	classCode: string | null;
	comment: string;
	at: number;
}

/** A point as a reviewer sees it while labelling: where it is, never what the map says there. */
export interface BlindPoint {
	id: number;
	ordinal: number;
	lon: number;
	lat: number;
	tileId: number;
	tileName: string;
	/** The caller may label it (their organisation's tile, not validated). */
	mayLabel: boolean;
	mine: MyLabel | null;
}

export interface PointLabel {
	userId: number;
	name: string | null;
	organisation: string | null;
	classCode: string | null;
	comment: string;
	at: number;
}

/** A point as a manager (or observer) sees it. */
export interface FullPoint extends BlindPoint {
	stratum: string;
	x: number;
	y: number;
	mapClass: string;
	featureId: number | null;
	labels: PointLabel[];
	adjudication: { classCode: string | null; comment: string; userId: number | null; at: number } | null;
	status: PointStatus;
	reference: string | null;
	toAdjudicate: boolean;
}

export interface PointList {
	blind: boolean;
	design: { strata: StrataKind; seed: string; parameters: Record<string, unknown>; createdAt: number } | null;
	/** The classes a label may name, in nomenclature order (the page's shortcuts follow it). */
	classes: { code: string; label: string; labelEn: string; color: string }[];
	counts: { points: number; mayLabel: number; labelledByMe: number; labelled: number; decided: number; toAdjudicate: number };
	points: (BlindPoint | FullPoint)[];
}

/**
 * `GET …/control-points`. Reviewers always get the blind view (no map class, no stratum, nobody else's
 * labels); managers and observers get everything unless they ask for the blind view (`blind`).
 */
export function listPoints(db: Db, campaignId: number, grant: Grant, userId: number, blind: boolean): PointList {
	const c = repo.campaignRow(db, campaignId);
	if (!c) throw new NotFoundError({ en: `Campaign ${campaignId} does not exist.`, fr: `La campagne ${campaignId} n’existe pas.` });
	const isBlind = blind || (!grant.isAdmin && grant.role === 'reviewer');
	const d = repo.design(db, campaignId);
	const rows = repo.points(db, campaignId);
	const labelRows = repo.labels(db, campaignId);
	const adjudications = new Map(repo.adjudications(db, campaignId).map((a) => [a.pointId, a]));
	const byPoint = new Map<number, repo.LabelRow[]>();
	for (const l of labelRows) {
		let list = byPoint.get(l.pointId);
		if (!list) byPoint.set(l.pointId, (list = []));
		list.push(l);
	}
	const tileIds = [...new Set(rows.map((r) => r.tileId))];
	const orgs = new Map<number, number[]>();
	for (const a of repo.assignments(db, campaignId, tileIds)) {
		let list = orgs.get(a.tileId);
		if (!list) orgs.set(a.tileId, (list = []));
		list.push(a.organisationId);
	}
	const mapped = new Set(rows.map((r) => r.mapClass));
	const counts = { points: rows.length, mayLabel: 0, labelledByMe: 0, labelled: 0, decided: 0, toAdjudicate: 0 };
	const points = rows.map((r) => {
		const labels = byPoint.get(r.id) ?? [];
		const own = labels.find((l) => l.userId === userId);
		const mayLabel = allows(grant, 'tile.review', { organisationIds: orgs.get(r.tileId) ?? [], validated: r.tileStatus === 'validated' });
		const adj = adjudications.get(r.id);
		const ref = pointReference(
			labels.map((l) => l.classCode),
			adj ? adj.classCode : undefined
		);
		if (mayLabel) counts.mayLabel++;
		if (own) counts.labelledByMe++;
		if (labels.length > 0) counts.labelled++;
		if (DECIDED.has(ref.status)) counts.decided++;
		if (ref.toAdjudicate) counts.toAdjudicate++;
		const blindPoint: BlindPoint = {
			id: r.id,
			ordinal: r.ordinal,
			lon: r.lon,
			lat: r.lat,
			tileId: r.tileId,
			tileName: r.tileName,
			mayLabel,
			mine: own ? { classCode: own.classCode, comment: own.comment, at: own.at.getTime() } : null
		};
		if (isBlind) return blindPoint;
		return {
			...blindPoint,
			stratum: r.stratum,
			x: r.x,
			y: r.y,
			mapClass: r.mapClass,
			featureId: r.featureId,
			labels: labels.map((l) => ({ userId: l.userId, name: l.userName, organisation: l.organisation, classCode: l.classCode, comment: l.comment, at: l.at.getTime() })),
			adjudication: adj ? { classCode: adj.classCode, comment: adj.comment, userId: adj.userId, at: adj.at.getTime() } : null,
			status: ref.status,
			reference: ref.reference,
			toAdjudicate: ref.toAdjudicate
		} satisfies FullPoint;
	});
	return {
		blind: isBlind,
		// The design's strata name classes: hidden in blind mode along with the rest of the map's words.
		design: d && !isBlind ? { strata: d.strata, seed: d.seed, parameters: d.parameters, createdAt: d.createdAt.getTime() } : null,
		classes: labelClasses(c.nomenclature as Nomenclature, mapped),
		counts,
		points
	};
}

/** The point, or a 404 (also for a point of another campaign). */
export function requirePoint(db: Db, campaignId: number, pointId: number) {
	const p = repo.point(db, campaignId, pointId);
	if (!p) throw new NotFoundError({ en: `Control point ${pointId} is not in this campaign.`, fr: `Le point de contrôle ${pointId} ne fait pas partie de cette campagne.` });
	return p;
}

const COMMENT_MAX = 4000;

function checkClass(db: Db, campaignId: number, classCode: string | null): void {
	if (classCode === null) return;
	const c = repo.campaignRow(db, campaignId)!;
	if (!labelClasses(c.nomenclature as Nomenclature, repo.mappedClasses(db, campaignId)).some((k) => k.code === classCode)) {
		throw bad('unknown_class', `“${classCode.slice(0, 80)}” is not a class of this campaign's nomenclature.`, `« ${classCode.slice(0, 80)} » n’est pas une classe de la nomenclature de cette campagne.`);
	}
}

function checkComment(comment: string): string {
	if (comment.length > COMMENT_MAX) throw bad('comment_too_long', `A comment is at most ${COMMENT_MAX} characters.`, `Un commentaire fait au plus ${COMMENT_MAX} caractères.`);
	return comment;
}

/** A reviewer's label (their own; giving it again changes it). The caller checked `tile.review` on the point's tile. */
export function labelPoint(db: Db, campaignId: number, pointId: number, userId: number, input: { classCode: string | null; comment: string }): MyLabel {
	requirePoint(db, campaignId, pointId);
	checkClass(db, campaignId, input.classCode);
	const at = new Date();
	repo.upsertLabel(db, { pointId, userId, campaignId, classCode: input.classCode, comment: checkComment(input.comment), at });
	return { classCode: input.classCode, comment: input.comment, at: at.getTime() };
}

/** Withdraw one's own label. */
export function withdrawLabel(db: Db, campaignId: number, pointId: number, userId: number): void {
	requirePoint(db, campaignId, pointId);
	repo.deleteLabel(db, pointId, userId);
}

/** The manager's reference class for a point (null: the point cannot be labelled and leaves the sample). */
export function adjudicate(db: Db, campaignId: number, pointId: number, input: { classCode: string | null; comment: string }, actor: Actor): void {
	const p = requirePoint(db, campaignId, pointId);
	checkClass(db, campaignId, input.classCode);
	db.transaction(() => {
		repo.upsertAdjudication(db, { pointId, campaignId, classCode: input.classCode, comment: checkComment(input.comment), userId: actor.id, at: new Date() });
		audit(db, actor, 'control_points.adjudicate', { pointId, ordinal: p.ordinal, classCode: input.classCode }, campaignId);
	});
}

/** Withdraw the manager's adjudication: the labels' majority is the reference again. */
export function withdrawAdjudication(db: Db, campaignId: number, pointId: number, actor: Actor): void {
	const p = requirePoint(db, campaignId, pointId);
	db.transaction(() => {
		if (repo.deleteAdjudication(db, pointId) > 0) audit(db, actor, 'control_points.adjudicate', { pointId, ordinal: p.ordinal, classCode: null, withdrawn: true }, campaignId);
	});
}

/** A number as a query parameter or a form writes it (decimal point or comma); NaN when it is not one. */
function queryNumber(value: string): number {
	const s = value.trim().replace(',', '.');
	return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s) ? Number(s) : NaN;
}

/**
 * Size parameters from the proposal's query: `strata=classes|tiles`, `targetSe=0.01`, `anticipated=0.85`,
 * `anticipated.<class code>=0.7` (one per class to differ), `minimum=50`, `size.<stratum>=120` (overrides).
 */
export function sizeParametersFromQuery(query: URLSearchParams): SizeParameters {
	const strata = (query.get('strata') ?? 'classes') as StrataKind;
	const num = (name: string, fallback: number) => {
		const v = query.get(name);
		if (v === null || v.trim() === '') return fallback;
		const n = queryNumber(v);
		if (Number.isNaN(n)) throw bad('invalid_number', `${name}: “${v.slice(0, 40)}” is not a number.`, `${name} : « ${v.slice(0, 40)} » n’est pas un nombre.`);
		return n;
	};
	const anticipatedByClass: Record<string, number> = {};
	const sizes: Record<string, number> = {};
	for (const [key, value] of query) {
		if (key.startsWith('anticipated.')) anticipatedByClass[key.slice('anticipated.'.length)] = num(key, NaN);
		else if (key.startsWith('size.')) sizes[key.slice('size.'.length)] = num(key, NaN);
	}
	return {
		strata,
		targetSe: num('targetSe', DEFAULTS.targetSe),
		anticipated: num('anticipated', DEFAULTS.anticipated),
		anticipatedByClass,
		minimum: num('minimum', strata === 'tiles' ? DEFAULTS.minimum.tiles : DEFAULTS.minimum.classes),
		sizes
	};
}
