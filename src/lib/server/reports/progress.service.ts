/**
 * `GET /api/campaigns/:id/progress.json`: the manager's progress dashboard — tiles reviewed over time
 * (burn-up with an estimated completion date), per territory (the organisation a tile is assigned to)
 * and per organisation of the reviewers.
 *
 * Times come from the server, never from a browser's clock: a tile is *started* at its first change in
 * `review_history`; a *finished* tile (reviewed or validated) was finished when the reviewer whose
 * verdict made the count reach the campaign's `requiredVerdicts` first gave it (`review_history`, the
 * verdict's key is the reviewer's id), or when a manager validated it, whichever came first. A verdict
 * with no history row (a database written before the history existed) falls back to the time its
 * document gives. The counting is pure (src/lib/reports/progress.ts).
 */
import { burnUp, cumulativeByDay, type BurnUp } from '../../reports/progress.ts';
import { requireCampaign } from '../campaigns/campaigns.service.ts';
import type { Db } from '../db/db.ts';
import { statement } from '../db/statements.ts';

/** Progress of the tiles given to one organisation (a territory), or of the tiles given to none. */
export interface TerritoryProgress {
	/** null: tiles assigned to no organisation. */
	organisation: string | null;
	tiles: number;
	notStarted: number;
	inReview: number;
	finished: number;
	/** At this territory's own recent pace. */
	estimatedCompletion: string | null;
	reason: BurnUp['reason'];
}

/** What the reviewers of one organisation did. */
export interface OrganisationProgress {
	/** null: reviewers whose role names no organisation. */
	organisation: string | null;
	reviewers: number;
	/** Tiles they gave a verdict ("cannot tell" excluded). */
	tilesWithVerdict: number;
	/** Cumulative tiles they gave a verdict, on the days of the overall burn-up. */
	cumulative: number[];
}

export interface Progress {
	generatedAt: string;
	requiredVerdicts: number;
	status: { not_started: number; in_review: number; reviewed: number; validated: number };
	burnUp: BurnUp;
	byTerritory: TerritoryProgress[];
	byOrganisation: OrganisationProgress[];
}

interface TileTimes {
	id: number;
	status: string;
	startedAt: number | null;
	finishedAt: number | null;
}

/** Review tiles with their status, first change and validation time. */
function reviewTiles(db: Db, campaignId: number): [id: number, status: string, firstChange: number | null, validatedAt: number | null][] {
	return statement(
		db,
		`SELECT t.id, t.status, (SELECT min(h.at) FROM review_history h WHERE h.tile_id = t.id), t.validated_at
		 FROM tiles t WHERE t.campaign_id = ? AND t.in_sample = 1`
	)
		.raw()
		.all(campaignId) as [number, string, number | null, number | null][];
}

/** Verdicts other than "cannot tell": tile, reviewer, when first given (server time, else the document's). */
function verdictTimes(db: Db, campaignId: number): [tileId: number, userId: number, firstAt: number | null, documentAt: string][] {
	return statement(
		db,
		`SELECT v.tile_id, v.user_id,
		        (SELECT min(h.at) FROM review_history h WHERE h.tile_id = v.tile_id AND h.target = 'verdict' AND h.key = CAST(v.user_id AS TEXT)),
		        v.at
		 FROM verdicts v WHERE v.campaign_id = ? AND v.verdict <> 'cannot_tell'`
	)
		.raw()
		.all(campaignId) as [number, number, number | null, string][];
}

/**
 * The progress of a campaign's review.
 * @param now the moment of the burn-up's last day and of the estimate (tests pass a fixed one)
 */
export function buildProgress(db: Db, campaignId: number, now: Date = new Date()): Progress {
	requireCampaign(db, campaignId);
	const nowMs = now.getTime();
	const requiredVerdicts =
		(statement(db, 'SELECT required_verdicts FROM campaign_settings WHERE campaign_id = ?').pluck().get(campaignId) as number | undefined) ?? 1;

	// Verdict times per tile (ascending once sorted) and per reviewer.
	const verdictsByTile = new Map<number, number[]>();
	const verdictsByUser = new Map<number, { tile: number; at: number }[]>();
	for (const [tileId, userId, firstAt, documentAt] of verdictTimes(db, campaignId)) {
		const at = firstAt ?? Date.parse(documentAt);
		if (!Number.isFinite(at)) continue;
		let list = verdictsByTile.get(tileId);
		if (!list) verdictsByTile.set(tileId, (list = []));
		list.push(at);
		let mine = verdictsByUser.get(userId);
		if (!mine) verdictsByUser.set(userId, (mine = []));
		mine.push({ tile: tileId, at });
	}

	const status = { not_started: 0, in_review: 0, reviewed: 0, validated: 0 };
	const tiles: TileTimes[] = [];
	for (const [id, st, firstChange, validatedAt] of reviewTiles(db, campaignId)) {
		if (st in status) status[st as keyof typeof status]++;
		let finishedAt: number | null = null;
		if (st === 'reviewed' || st === 'validated') {
			const times = (verdictsByTile.get(id) ?? []).sort((a, b) => a - b);
			const byVerdicts = times.length ? times[Math.min(requiredVerdicts, times.length) - 1] : null;
			const candidates = [byVerdicts, st === 'validated' ? validatedAt : null].filter((t): t is number => t !== null);
			// A finished tile always counts: with no time at all (should not happen), it finished now.
			finishedAt = candidates.length ? Math.min(...candidates) : nowMs;
		}
		const startedAt = st === 'not_started' ? null : (firstChange ?? finishedAt);
		tiles.push({ id, status: st, startedAt, finishedAt });
	}

	const overall = burnUp({
		total: tiles.length,
		startedAt: tiles.flatMap((t) => (t.startedAt === null ? [] : [t.startedAt])),
		finishedAt: tiles.flatMap((t) => (t.finishedAt === null ? [] : [t.finishedAt])),
		now: nowMs
	});

	// Territories: tiles by assigned organisation (a tile given to two counts for both).
	const territoryOf = new Map<number, string[]>();
	for (const [tileId, name] of statement(
		db,
		`SELECT a.tile_id, o.name FROM tile_assignments a JOIN organisations o ON o.id = a.organisation_id WHERE a.campaign_id = ?`
	)
		.raw()
		.all(campaignId) as [number, string][]) {
		let list = territoryOf.get(tileId);
		if (!list) territoryOf.set(tileId, (list = []));
		list.push(name);
	}
	const territories = new Map<string | null, TileTimes[]>();
	for (const t of tiles) {
		for (const name of territoryOf.get(t.id) ?? [null]) {
			let list = territories.get(name);
			if (!list) territories.set(name, (list = []));
			list.push(t);
		}
	}
	const byTerritory: TerritoryProgress[] = [...territories].map(([organisation, list]) => {
		const b = burnUp({
			total: list.length,
			startedAt: list.flatMap((t) => (t.startedAt === null ? [] : [t.startedAt])),
			finishedAt: list.flatMap((t) => (t.finishedAt === null ? [] : [t.finishedAt])),
			now: nowMs
		});
		return {
			organisation,
			tiles: list.length,
			notStarted: list.filter((t) => t.status === 'not_started').length,
			inReview: list.filter((t) => t.status === 'in_review').length,
			finished: b.finished,
			estimatedCompletion: b.estimatedCompletion,
			reason: b.reason
		};
	});
	// Unassigned tiles last; territories by name.
	byTerritory.sort((a, b) => (a.organisation === null ? 1 : b.organisation === null ? -1 : a.organisation.localeCompare(b.organisation, 'fr')));

	// Reviewers' organisations: from their role in this campaign.
	const reviewOrg = new Map<number, string | null>(
		statement(db, `SELECT m.user_id, o.name FROM campaign_members m LEFT JOIN organisations o ON o.id = m.organisation_id WHERE m.campaign_id = ?`)
			.raw()
			.all(campaignId) as [number, string | null][]
	);
	const orgs = new Map<string | null, { reviewers: Set<number>; firstByTile: Map<number, number> }>();
	for (const [userId, list] of verdictsByUser) {
		const name = reviewOrg.get(userId) ?? null;
		let o = orgs.get(name);
		if (!o) orgs.set(name, (o = { reviewers: new Set(), firstByTile: new Map() }));
		o.reviewers.add(userId);
		for (const { tile, at } of list) o.firstByTile.set(tile, Math.min(at, o.firstByTile.get(tile) ?? Infinity));
	}
	const from = overall.days.length ? Date.parse(overall.days[0].date) : nowMs;
	const byOrganisation: OrganisationProgress[] = [...orgs]
		.map(([organisation, o]) => ({
			organisation,
			reviewers: o.reviewers.size,
			tilesWithVerdict: o.firstByTile.size,
			cumulative: overall.days.length ? cumulativeByDay([...o.firstByTile.values()], from, nowMs) : []
		}))
		.sort((a, b) => b.tilesWithVerdict - a.tilesWithVerdict || String(a.organisation).localeCompare(String(b.organisation), 'fr'));

	return { generatedAt: now.toISOString(), requiredVerdicts, status, burnUp: overall, byTerritory, byOrganisation };
}

