/**
 * The contractor loop. The manager **releases** defects to the contractor (all, or a filtered part):
 * each is copied as it is at that moment into released_defects, so a reviewer's later edit never
 * changes what the contractor was sent — the manager sees which released defects changed since, and
 * releases again to send the new version. The contractor sees the released copies only (never the
 * reviewers' work in progress, never another campaign's) and **answers** each: accepted, disputed
 * (with a comment) or fixed in a new delivery. The manager closes a dispute: agreed (the defect is
 * dropped) or maintained. Every release, answer and decision is in the campaign's audit trail.
 */
import type { Severity } from '../../review/catalogue.ts';
import { isEmptyFilter, matchesDefectFilter, readDefectFilter, type DefectFilter } from '../../review/defect-filter.ts';
import { LIMITS } from '../../review/document.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import { requireCampaign } from '../campaigns/campaigns.service.ts';
import type { Db } from '../db/db.ts';
import { InputError, NotFoundError, type Localized } from '../errors.ts';
import { campaignCategories } from '../review/catalogue.service.ts';
import { tilesAnsweredFixed } from '../rounds/rounds.repo.ts';
import * as repo from './releases.repo.ts';

export const ANSWERS = ['accepted', 'disputed', 'fixed'] as const;
export type Answer = (typeof ANSWERS)[number];
export const OUTCOMES = ['agreed', 'maintained'] as const;
export type Outcome = (typeof OUTCOMES)[number];

const PARAM_NAMES: Record<string, Localized> = {
	severity: { en: 'severity', fr: 'gravité' },
	tile: { en: 'tile', fr: 'tuile' },
	organisation: { en: 'organisation', fr: 'organisation' }
};

/**
 * A filter from a query string (`?severity=major,blocking&category=…&tile=<id>&organisation=<id>`),
 * checked against the campaign: known severities and catalogue categories, the campaign's tiles,
 * existing organisations.
 * @throws InputError naming the first value that is not one
 */
export function filterFromQuery(db: Db, campaignId: number, params: URLSearchParams): DefectFilter {
	const { filter, problems } = readDefectFilter(params);
	if (problems.length) {
		const p = problems[0];
		const name = PARAM_NAMES[p.param] ?? { en: p.param, fr: p.param };
		const value = p.value.slice(0, 80);
		throw new InputError('invalid_filter', {
			en: `"${value}" is not a valid ${name.en}${p.param === 'severity' ? ' (minor, major or blocking)' : ' id'}.`,
			fr: `« ${value} » n’est pas ${p.param === 'severity' ? 'une gravité valide (minor, major ou blocking)' : `un identifiant de ${name.fr} valide`}.`
		});
	}
	checkFilter(db, campaignId, filter);
	return filter;
}

/** Check a filter's values against the campaign. @throws InputError naming an unknown category, tile or organisation */
export function checkFilter(db: Db, campaignId: number, filter: DefectFilter): void {
	if (filter.category?.length) {
		const known = new Set(campaignCategories(db, campaignId).map((c) => c.code));
		const bad = filter.category.find((c) => !known.has(c));
		if (bad !== undefined) {
			const v = bad.slice(0, 80);
			throw new InputError('unknown_category', { en: `"${v}" is not a defect category of this campaign.`, fr: `« ${v} » n’est pas une catégorie de défaut de cette campagne.` });
		}
	}
	if (filter.tileIds?.length) {
		const known = repo.campaignTileIds(db, campaignId, filter.tileIds);
		const bad = filter.tileIds.filter((id) => !known.has(id));
		if (bad.length) {
			const list = bad.slice(0, 10).join(', ');
			throw new InputError('unknown_tiles', { en: `These tiles are not in this campaign: ${list}.`, fr: `Ces tuiles ne font pas partie de cette campagne : ${list}.` });
		}
	}
	if (filter.organisationIds?.length) {
		const known = repo.existingOrganisations(db, filter.organisationIds);
		const bad = filter.organisationIds.filter((id) => !known.has(id));
		if (bad.length) {
			const list = bad.slice(0, 10).join(', ');
			throw new InputError('unknown_organisation', { en: `No organisation has the id ${list}.`, fr: `Aucune organisation n’a l’identifiant ${list}.` });
		}
	}
}

const keyOf = (tileId: number, round: number, defectId: string) => `${tileId}:${round}:${defectId}`;

/** Has the defect's content changed from what was released? (Names of people aside: they are not the defect.) */
function sameContent(live: repo.LiveDefect, released: repo.ReleasedRow): boolean {
	return live.geometry === released.geometry && live.category === released.category && live.severity === released.severity && live.comment === released.comment;
}

export interface ReleaseResult {
	releaseId: number;
	/** Released for the first time. */
	added: number;
	/** Released before, sent again because reviewers changed it since. */
	updated: number;
	/** Released before and unchanged since: nothing new for the contractor. */
	unchanged: number;
}

/**
 * Release the campaign's current defects matching `filter` (empty: all) to the contractor, as they
 * are now. One transaction with its audit event.
 * @throws InputError when the filter names unknown values, or matches no defect (nothing is recorded)
 */
export function releaseDefects(db: Db, campaignId: number, filter: DefectFilter, actor: Actor): ReleaseResult {
	requireCampaign(db, campaignId);
	checkFilter(db, campaignId, filter);
	return db.$client.transaction(() => {
		const live = repo.liveDefects(db, campaignId).filter((d) => matchesDefectFilter(filter, d));
		if (!live.length) {
			throw new InputError(
				'nothing_to_release',
				isEmptyFilter(filter)
					? { en: 'This campaign has no defect to release yet.', fr: 'Cette campagne n’a encore aucun défaut à transmettre.' }
					: { en: 'No defect matches these filters: nothing was released.', fr: 'Aucun défaut ne correspond à ces filtres : rien n’a été transmis.' },
				422
			);
		}
		const released = new Map(repo.releasedRows(db, campaignId).map((r) => [keyOf(r.tileId, r.round, r.defectId), r]));
		const now = new Date();
		const toAdd: repo.LiveDefect[] = [];
		const toUpdate: [repo.LiveDefect, repo.ReleasedRow][] = [];
		for (const d of live) {
			const before = released.get(keyOf(d.tileId, d.round, d.defectId));
			if (!before) toAdd.push(d);
			else if (!sameContent(d, before)) toUpdate.push([d, before]);
		}
		const unchanged = live.length - toAdd.length - toUpdate.length;
		const releaseId = repo.insertRelease(db, {
			campaignId,
			releasedAt: now,
			releasedBy: actor.id,
			filter: { ...filter },
			added: toAdd.length,
			updated: toUpdate.length,
			unchanged
		});
		const content = (d: repo.LiveDefect) => ({
			geometry: d.geometry,
			category: d.category,
			severity: d.severity,
			comment: d.comment,
			authorId: d.authorId,
			authorName: d.authorName,
			organisationId: d.organisationId,
			organisation: d.organisation,
			createdAt: d.createdAt,
			updatedAt: d.updatedAt,
			releaseId,
			releasedAt: now
		});
		for (const d of toAdd) repo.insertReleased(db, { campaignId, tileId: d.tileId, round: d.round, defectId: d.defectId, firstReleasedAt: now, ...content(d) });
		for (const [d, before] of toUpdate) repo.updateReleased(db, before.id, content(d));
		audit(db, actor, 'defects.release', { releaseId, added: toAdd.length, updated: toUpdate.length, unchanged, filter }, campaignId);
		return { releaseId, added: toAdd.length, updated: toUpdate.length, unchanged };
	})();
}

export interface ReleaseEntry {
	id: number;
	releasedAt: string;
	releasedBy: string | null;
	filter: DefectFilter;
	added: number;
	updated: number;
	unchanged: number;
}

export interface ReleaseOverview {
	releases: ReleaseEntry[];
	/**
	 * What a new release of everything would send (only for those who read reviews): current defects
	 * never released, and released ones reviewers changed since.
	 */
	pending: { unreleased: number; changed: number } | null;
	/**
	 * Tiles a new round opened "on the tiles answered fixed" would take in (the whole campaign's,
	 * whatever a page lists): a released defect answered "fixed", still in the round it was released in.
	 */
	fixedTiles: number;
}

/** `GET /api/campaigns/:id/releases`. */
export function releaseOverview(db: Db, campaignId: number, { withReviews }: { withReviews: boolean }): ReleaseOverview {
	requireCampaign(db, campaignId);
	const releases = repo.listReleases(db, campaignId).map((r) => ({ ...r, releasedAt: r.releasedAt.toISOString(), filter: r.filter as DefectFilter }));
	const fixedTiles = tilesAnsweredFixed(db, campaignId).length;
	if (!withReviews) return { releases, pending: null, fixedTiles };
	const released = new Map(repo.releasedRows(db, campaignId).map((r) => [keyOf(r.tileId, r.round, r.defectId), r]));
	let unreleased = 0;
	let changed = 0;
	for (const d of repo.liveDefects(db, campaignId)) {
		const r = released.get(keyOf(d.tileId, d.round, d.defectId));
		if (!r) unreleased++;
		else if (!sameContent(d, r)) changed++;
	}
	return { releases, pending: { unreleased, changed }, fixedTiles };
}

/** The released defect compared with what reviewers have now (for managers, reviewers, observers). */
export type LiveState = 'same' | 'changed' | 'deleted' | 'later_round';

export interface AnswerView {
	answer: Answer;
	comment: string;
	by: string | null;
	at: string;
	/** The manager's decision on a dispute (null while open, or for other answers). */
	outcome: Outcome | null;
	outcomeComment: string | null;
	closedBy: string | null;
	closedAt: string | null;
}

export interface ReleasedDefectProperties {
	/** Number of the released defect (what the contractor quotes). */
	id: number;
	/** Id of the defect in its tile's document. */
	defectId: string;
	tileId: number;
	tileName: string;
	round: number;
	category: string;
	categoryLabel: Localized;
	severity: Severity;
	comment: string;
	author: { id: number; name: string; organisation: string | null };
	organisationId: number | null;
	createdAt: string;
	updatedAt: string | null;
	firstReleasedAt: string;
	releasedAt: string;
	answer: AnswerView | null;
	live?: LiveState;
}

export interface ReleasedDefectFeature {
	type: 'Feature';
	id: number;
	geometry: unknown;
	properties: ReleasedDefectProperties;
}

export interface ReleasedDefectCollection {
	type: 'FeatureCollection';
	features: ReleasedDefectFeature[];
	/** Values present among the released defects (before filtering), for the filter controls. */
	facets: {
		categories: { code: string; label: Localized; count: number }[];
		tiles: { id: number; name: string; count: number }[];
		organisations: { id: number; name: string; count: number }[];
		severities: Record<Severity, number>;
	};
	/** Answers among the features returned. */
	counts: { total: number; unanswered: number; accepted: number; disputed: number; fixed: number; openDisputes: number };
}

/** Released defects with their answers: the contractor's list, and everyone else's view of it. */
export function releasedDefects(db: Db, campaignId: number, filter: DefectFilter, { withReviews }: { withReviews: boolean }): ReleasedDefectCollection {
	requireCampaign(db, campaignId);
	const labels = new Map(campaignCategories(db, campaignId).map((c) => [c.code, c.label]));
	const rows = repo.releasedWithAnswers(db, campaignId);
	const live = withReviews ? new Map(repo.liveDefects(db, campaignId).map((d) => [`${d.tileId}:${d.defectId}`, d])) : null;
	const rounds = withReviews ? currentRounds(db, campaignId) : null;
	const facets: ReleasedDefectCollection['facets'] = { categories: [], tiles: [], organisations: [], severities: { minor: 0, major: 0, blocking: 0 } };
	const cats = new Map<string, number>();
	const tiles = new Map<number, { name: string; count: number }>();
	const orgs = new Map<number, { name: string; count: number }>();
	const counts = { total: 0, unanswered: 0, accepted: 0, disputed: 0, fixed: 0, openDisputes: 0 };
	const features: ReleasedDefectFeature[] = [];
	for (const row of rows) {
		const r = row.r;
		cats.set(r.category, (cats.get(r.category) ?? 0) + 1);
		tiles.set(r.tileId, { name: row.tileName, count: (tiles.get(r.tileId)?.count ?? 0) + 1 });
		if (r.organisationId !== null) orgs.set(r.organisationId, { name: r.organisation ?? `#${r.organisationId}`, count: (orgs.get(r.organisationId)?.count ?? 0) + 1 });
		facets.severities[r.severity]++;
		if (!matchesDefectFilter(filter, r)) continue;
		const answer: AnswerView | null = row.answer
			? {
					answer: row.answer,
					comment: row.answerComment ?? '',
					by: row.answeredBy,
					at: row.answeredAt!.toISOString(),
					outcome: row.outcome,
					outcomeComment: row.outcomeComment,
					closedBy: row.closedBy,
					closedAt: row.closedAt?.toISOString() ?? null
				}
			: null;
		counts.total++;
		if (!answer) counts.unanswered++;
		else {
			counts[answer.answer]++;
			if (answer.answer === 'disputed' && !answer.outcome) counts.openDisputes++;
		}
		const properties: ReleasedDefectProperties = {
			id: r.id,
			defectId: r.defectId,
			tileId: r.tileId,
			tileName: row.tileName,
			round: r.round,
			category: r.category,
			categoryLabel: labels.get(r.category) ?? { fr: r.category, en: r.category },
			severity: r.severity,
			comment: r.comment,
			author: { id: r.authorId, name: r.authorName, organisation: r.organisation },
			organisationId: r.organisationId,
			createdAt: r.createdAt,
			updatedAt: r.updatedAt,
			firstReleasedAt: r.firstReleasedAt.toISOString(),
			releasedAt: r.releasedAt.toISOString(),
			answer
		};
		if (live && rounds) {
			const now = (rounds.get(r.tileId) ?? 1) > r.round ? undefined : live.get(`${r.tileId}:${r.defectId}`);
			properties.live = (rounds.get(r.tileId) ?? 1) > r.round ? 'later_round' : !now ? 'deleted' : sameContent(now, r) ? 'same' : 'changed';
		}
		features.push({ type: 'Feature', id: r.id, geometry: JSON.parse(r.geometry), properties });
	}
	facets.categories = [...cats].map(([code, count]) => ({ code, label: labels.get(code) ?? { fr: code, en: code }, count })).sort((a, b) => a.code.localeCompare(b.code));
	facets.tiles = [...tiles].map(([id, t]) => ({ id, ...t })).sort((a, b) => a.name.localeCompare(b.name));
	facets.organisations = [...orgs].map(([id, o]) => ({ id, ...o })).sort((a, b) => a.name.localeCompare(b.name));
	return { type: 'FeatureCollection', features, facets, counts };
}

function currentRounds(db: Db, campaignId: number): Map<number, number> {
	const rows = db.$client.prepare('SELECT tile_id, max(round) AS round FROM round_tiles WHERE campaign_id = ? GROUP BY tile_id').all(campaignId) as { tile_id: number; round: number }[];
	return new Map(rows.map((r) => [r.tile_id, r.round]));
}

function requireReleased(db: Db, campaignId: number, releasedId: number) {
	const row = repo.getReleased(db, campaignId, releasedId);
	if (!row) throw new NotFoundError({ en: `No released defect number ${releasedId} in this campaign.`, fr: `Aucun défaut transmis n° ${releasedId} dans cette campagne.` });
	return row;
}

/**
 * The contractor answers a released defect (or changes their answer, until the manager has closed a
 * dispute on it). A dispute needs a comment saying why.
 * @throws InputError for an unknown answer, a dispute without comment, a closed dispute (409)
 */
export function answerDefect(db: Db, campaignId: number, releasedId: number, input: { answer: Answer; comment?: string }, actor: Actor): AnswerView {
	if (!ANSWERS.includes(input.answer)) {
		throw new InputError('invalid_answer', { en: 'The answer must be accepted, disputed or fixed.', fr: 'La réponse doit être accepted (accepté), disputed (contesté) ou fixed (corrigé).' });
	}
	const comment = (input.comment ?? '').trim();
	if (comment.length > LIMITS.comment) throw new InputError('comment_too_long', { en: `A comment is at most ${LIMITS.comment} characters.`, fr: `Un commentaire fait au plus ${LIMITS.comment} caractères.` });
	if (input.answer === 'disputed' && !comment) {
		throw new InputError('comment_required', { en: 'Say why you dispute this defect: a comment is required.', fr: 'Expliquez pourquoi vous contestez ce défaut : un commentaire est obligatoire.' });
	}
	return db.$client.transaction(() => {
		const { r, tileName } = requireReleased(db, campaignId, releasedId);
		const before = repo.getAnswer(db, releasedId);
		if (before?.outcome) {
			throw new InputError('dispute_closed', { en: 'The manager has closed the dispute on this defect: the answer can no longer change.', fr: 'Le gestionnaire a clos la contestation de ce défaut : la réponse ne peut plus changer.' }, 409);
		}
		const at = new Date();
		repo.upsertAnswer(db, { releasedId, campaignId, answer: input.answer, comment, answeredBy: actor.id, answeredAt: at });
		audit(db, actor, 'defect.answer', { releasedId, defectId: r.defectId, tileId: r.tileId, name: tileName, answer: input.answer, ...(before ? { from: before.answer } : {}) }, campaignId);
		const by = db.$client.prepare("SELECT coalesce(nullif(name, ''), email) FROM users WHERE id = ?").pluck().get(actor.id) as string | undefined;
		return { answer: input.answer, comment, by: by ?? null, at: at.toISOString(), outcome: null, outcomeComment: null, closedBy: null, closedAt: null };
	})();
}

/**
 * The manager closes a dispute: `agreed` (the contractor is right, the defect is dropped) or
 * `maintained` (the defect stands).
 * @throws InputError when the defect is not disputed, or the dispute is closed already (409)
 */
export function closeDispute(db: Db, campaignId: number, releasedId: number, input: { outcome: Outcome; comment?: string }, actor: Actor): void {
	if (!OUTCOMES.includes(input.outcome)) {
		throw new InputError('invalid_outcome', { en: 'The decision must be agreed or maintained.', fr: 'La décision doit être agreed (contestation acceptée) ou maintained (défaut maintenu).' });
	}
	const comment = (input.comment ?? '').trim();
	if (comment.length > LIMITS.comment) throw new InputError('comment_too_long', { en: `A comment is at most ${LIMITS.comment} characters.`, fr: `Un commentaire fait au plus ${LIMITS.comment} caractères.` });
	db.$client.transaction(() => {
		const { r, tileName } = requireReleased(db, campaignId, releasedId);
		const answer = repo.getAnswer(db, releasedId);
		if (answer?.answer !== 'disputed') {
			throw new InputError('not_disputed', { en: 'The contractor has not disputed this defect.', fr: 'Le prestataire n’a pas contesté ce défaut.' }, 409);
		}
		if (answer.outcome) throw new InputError('dispute_closed', { en: 'This dispute is closed already.', fr: 'Cette contestation est déjà close.' }, 409);
		repo.closeAnswer(db, releasedId, { outcome: input.outcome, outcomeComment: comment || null, closedBy: actor.id, closedAt: new Date() });
		audit(db, actor, 'defect.dispute_close', { releasedId, defectId: r.defectId, tileId: r.tileId, name: tileName, outcome: input.outcome }, campaignId);
	})();
}
