/**
 * Review rounds. Round 1 is the campaign's first review, on every tile. When the contractor delivers
 * again (defects answered "fixed in a new delivery"), the manager opens round 2 (then 3…) on the
 * tiles concerned, with the new delivery's orthophotos for those tiles.
 *
 * The model: a tile has ONE live document (one room, one websocket address), which always holds its
 * current round. Opening a round on a tile, in one transaction:
 * - copies the round it leaves (defects, verdicts, class corrections) into round_defects,
 *   round_verdicts, round_corrections, tagged with that round's number;
 * - removes them from the document through ordinary Yjs deletions (stored, projected, relayed,
 *   recorded in the tile's history like any change — never a reset under connected clients, which
 *   would bring the old entries back on their next sync);
 * - records the tile in round_tiles and reopens it if a manager had validated it.
 * The thread and the feature-walk answers stay: the discussion goes on, and the walk is the
 * campaign's land-cover sample, not the tile's review. So the live projections (defects, verdicts…)
 * that every dashboard reads always mean "the current round", and closed rounds stay intact for the
 * comparison (`roundComparison`).
 *
 * The new delivery's files are imagery_sources rows with vintage 'round' and the round's number;
 * a tile in round n shows them as its imagery, compared with round n-1's (the campaign's own
 * delivery for round 2).
 */
import type { Rooms } from '../../../../server/collab/rooms.ts';
import type { ImageryLayer } from '../../api/types.ts';
import type { BBox } from '../../geo/types.ts';
import { consensusVerdict, type Conclusion } from '../../review/consensus.ts';
import type { Verdict } from '../../review/document.ts';
import { SEVERITIES, type Severity } from '../../review/catalogue.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import { requireCampaign } from '../campaigns/campaigns.service.ts';
import { resolveEpsg, transformBBox, WGS84 } from '../crs/crs.ts';
import type { Db } from '../db/db.ts';
import { InputError, NotFoundError } from '../errors.ts';
import { deriveTileStatus, requiredVerdicts } from '../review/tile-status.ts';
import * as repo from './rounds.repo.ts';

/** What opening a round needs from the rooms registry. */
export type RoundRooms = Pick<Rooms, 'changeTogether' | 'announce' | 'recheck'>;

export interface OpenRoundInput {
	/** Tiles chosen by the manager. */
	tileIds?: readonly number[];
	/** Also every tile with a released defect (of its current round) the contractor answered "fixed". */
	fixed?: boolean;
	/** GeoTIFF files or folders of the new delivery (absolute paths on the server). */
	ortho?: readonly string[];
	note?: string;
}

export interface OpenedRound {
	round: number;
	tiles: { id: number; name: string; fromRound: number }[];
	files: string[];
}

/** Campaigns with a round being opened, per database: a second request waits for nothing, it is refused. */
const opening = new WeakMap<Db, Set<number>>();

const overlaps = (a: BBox, b: BBox) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

/**
 * Open the next round on the chosen tiles (and/or those answered "fixed"), with the new delivery's
 * files. All or nothing: the documents' changes, the copies of the closed round, the round's tiles
 * and files and the audit event land in one transaction.
 * @throws InputError naming the unknown tiles, the unreadable or misplaced files, or an empty choice.
 */
export async function openRound(db: Db, rooms: RoundRooms, campaignId: number, input: OpenRoundInput, actor: Actor): Promise<OpenedRound> {
	const campaign = requireCampaign(db, campaignId);
	const chosen = [...new Set(input.tileIds ?? [])];
	const found = repo.tilesWithRound(db, campaignId, chosen);
	if (found.length !== chosen.length) {
		const known = new Set(found.map((t) => t.id));
		const missing = chosen.filter((id) => !known.has(id)).slice(0, 10).join(', ');
		throw new InputError('unknown_tiles', { en: `These tiles are not in this campaign: ${missing}.`, fr: `Ces tuiles ne font pas partie de cette campagne : ${missing}.` });
	}
	const ids = new Set(chosen);
	if (input.fixed) for (const id of repo.tilesAnsweredFixed(db, campaignId)) ids.add(id);
	if (!ids.size) {
		throw new InputError('no_tiles', {
			en: input.fixed ? 'No tile to review again: no released defect is answered "fixed in a new delivery", and no tile was chosen.' : 'Choose the tiles to review again.',
			fr: input.fixed
				? 'Aucune tuile à revoir : aucun défaut transmis n’a la réponse « corrigé dans une nouvelle livraison », et aucune tuile n’a été choisie.'
				: 'Choisissez les tuiles à revoir.'
		});
	}
	const roundTiles = repo.tilesWithRound(db, campaignId, [...ids]);
	const note = (input.note ?? '').trim();
	if (note.length > 1000) throw new InputError('note_too_long', { en: 'The note is limited to 1000 characters.', fr: 'La note est limitée à 1000 caractères.' });

	const files = await readRoundFiles(input.ortho ?? [], roundTiles, resolveEpsg(campaign.crsEpsg));

	let busy = opening.get(db);
	if (!busy) opening.set(db, (busy = new Set()));
	if (busy.has(campaignId)) throw new InputError('round_opening', { en: 'A round is being opened in this campaign: try again in a moment.', fr: 'Un tour est en cours d’ouverture dans cette campagne : réessayez dans un instant.' }, 409);
	busy.add(campaignId);
	try {
		// From here to the commit nothing awaits before the changes are queued: no other request can
		// open a round in between (checked above), and the numbers read now stay right.
		const round = repo.latestRound(db, campaignId) + 1;
		const now = Date.now();
		const archive: Parameters<typeof repo.insertArchive>[1] = { defects: [], verdicts: [], corrections: [] };
		const changed = new Set<number>();
		const changes = roundTiles.map((t) => ({
			scope: { campaignId, tileId: t.id },
			fn: (maps: Parameters<Parameters<Rooms['changeTogether']>[0][number]['fn']>[0]) => {
				for (const root of ['defects', 'verdicts', 'corrections'] as const) for (const key of [...maps[root].keys()]) maps[root].delete(key);
			},
			onChanged: (applied: { entries: { root: string; key: string; before: Record<string, unknown> | undefined; after: unknown }[] }) => {
				changed.add(t.id);
				for (const e of applied.entries) if (e.before && e.after === undefined) archiveEntry(archive, campaignId, t.id, t.round, e.root, e.key, e.before);
			}
		}));
		let done = false;
		await rooms.changeTogether(changes, actor.id, () => {
			// The campaign may have been deleted since the checks: then there is nothing to record.
			if (!db.$client.prepare('SELECT 1 FROM campaigns WHERE id = ?').get(campaignId)) return;
			repo.insertRound(db, { campaignId, number: round, openedAt: new Date(now), openedBy: actor.id, note });
			repo.insertRoundTiles(db, roundTiles.map((t) => ({ tileId: t.id, round, campaignId, fromRound: t.round })));
			repo.insertArchive(db, archive);
			repo.insertRoundImagery(
				db,
				files.map((f) => ({
					campaignId,
					vintage: 'round' as const,
					round,
					kind: 'geotiff' as const,
					location: f.path,
					layer: null,
					label: f.fileName,
					epsg: f.crs.epsg,
					bboxNative: f.bbox,
					bboxWgs84: transformBBox(f.bbox, f.crs, WGS84),
					width: f.width,
					height: f.height,
					resolution: Math.abs(f.resolution[0]),
					attribution: ''
				}))
			);
			repo.resetStatus(db, roundTiles.map((t) => t.id));
			const derive = deriveTileStatus(db);
			const required = requiredVerdicts(db, campaignId);
			for (const t of roundTiles) derive.get(required, t.id);
			audit(db, actor, 'round.open', { round, tiles: roundTiles.length, tileNames: roundTiles.slice(0, 20).map((t) => t.name), files: files.map((f) => f.fileName), defects: archive.defects.length }, campaignId);
			done = true;
		});
		if (!done) throw new NotFoundError({ en: `Campaign ${campaignId} does not exist.`, fr: `La campagne ${campaignId} n’existe pas.` });
		// Statuses the room server did not derive itself (documents without anything to remove), and
		// reviewers on a tile that was validated may write again.
		const statuses = new Map(repo.tilesWithRound(db, campaignId, roundTiles.map((t) => t.id)).map((t) => [t.id, t.status]));
		for (const t of roundTiles) {
			if (!changed.has(t.id) && statuses.get(t.id) !== t.status) rooms.announce({ campaignId, tileId: t.id, status: statuses.get(t.id)! });
			if (t.status === 'validated') rooms.recheck({ campaignId, tileId: t.id });
		}
		return { round, tiles: roundTiles.map((t) => ({ id: t.id, name: t.name, fromRound: t.round })), files: files.map((f) => f.fileName) };
	} finally {
		busy.delete(campaignId);
	}
}

function archiveEntry(
	archive: Parameters<typeof repo.insertArchive>[1],
	campaignId: number,
	tileId: number,
	round: number,
	root: string,
	key: string,
	v: Record<string, unknown>
): void {
	if (root === 'defects') {
		archive.defects.push({
			tileId,
			round,
			id: key,
			campaignId,
			geometry: JSON.stringify(v.geometry),
			category: String(v.category),
			severity: v.severity as Severity,
			comment: String(v.comment ?? ''),
			authorId: Number(v.author),
			createdAt: String(v.createdAt),
			updatedAt: typeof v.updatedAt === 'string' ? v.updatedAt : null,
			updatedBy: typeof v.updatedBy === 'number' ? v.updatedBy : null
		});
	} else if (root === 'verdicts') {
		archive.verdicts.push({ tileId, round, userId: Number(key), campaignId, verdict: v.verdict as Verdict, comment: String(v.comment ?? ''), at: String(v.at) });
	} else if (root === 'corrections') {
		const [featureId, userId] = key.split(':').map(Number);
		archive.corrections.push({ tileId, round, featureId, userId, campaignId, fromClass: String(v.from), toClass: String(v.to), comment: String(v.comment ?? ''), at: String(v.at) });
	}
}

/** Open and check the new delivery's files: readable GeoTIFFs, one CRS, each over one of the round's tiles. */
async function readRoundFiles(paths: readonly string[], roundTiles: { xmin: number; ymin: number; xmax: number; ymax: number }[], crs: ReturnType<typeof resolveEpsg>) {
	if (!paths.length) return [];
	// Loaded on first use, like the imagery renderer: `geotiff` pulls in `web-worker`, which breaks
	// when imported inside a worker thread (SvelteKit analyses server modules in one at build time).
	const [{ openOrtho }, { expandOrthoPaths }] = await Promise.all([import('../imagery/geotiff.ts'), import('../campaigns/import.service.ts')]);
	const infos = [];
	for (const p of expandOrthoPaths([...paths])) infos.push(await openOrtho(p));
	const codes = new Set(infos.map((i) => i.crs.epsg));
	if (codes.size > 1) {
		const list = [...codes].map((c) => `EPSG:${c}`).join(', ');
		throw new InputError('mixed_crs', {
			en: `The new delivery's orthophotos are in different CRSs (${list}): a delivery must use one projected CRS.`,
			fr: `Les orthophotos de la nouvelle livraison sont dans des systèmes de coordonnées différents (${list}) : une livraison doit utiliser un seul système de coordonnées projeté.`
		});
	}
	for (const f of infos) {
		const box = transformBBox(f.bbox, f.crs, crs);
		if (!roundTiles.some((t) => overlaps(box, [t.xmin, t.ymin, t.xmax, t.ymax]))) {
			throw new InputError('file_outside_round', {
				en: `The orthophoto ${f.fileName} covers none of the tiles of this round: check the files and the tiles chosen.`,
				fr: `L’orthophoto ${f.fileName} ne recouvre aucune des tuiles de ce tour : vérifiez les fichiers et les tuiles choisies.`
			});
		}
	}
	return infos;
}

// ─── Reading rounds ──────────────────────────────────────────────────────────────────────────────

export interface RoundSummary {
	number: number;
	/** ISO 8601; null for round 1 (the campaign's first review). */
	openedAt: string | null;
	note: string;
	/** Tiles that entered this round (round 1: the review tiles, i.e. the sample). */
	tileCount: number;
	/** File names of the delivery the round reviews (round 1: none listed here). */
	files: string[];
}

/** `GET /api/campaigns/:id/rounds`: the campaign's rounds, first to last. */
export function listRounds(db: Db, campaignId: number): RoundSummary[] {
	requireCampaign(db, campaignId);
	const tileCounts = new Map<number, number>();
	for (const r of repo.roundTileRows(db, campaignId)) tileCounts.set(r.round, (tileCounts.get(r.round) ?? 0) + 1);
	const reviewTiles = repo.tilesWithRound(db, campaignId).filter((t) => t.inSample).length;
	return [
		{ number: 1, openedAt: null, note: '', tileCount: reviewTiles, files: [] },
		...repo.listRounds(db, campaignId).map((r) => ({
			number: r.number,
			openedAt: r.openedAt.toISOString(),
			note: r.note,
			tileCount: tileCounts.get(r.number) ?? 0,
			files: repo.roundImagery(db, campaignId, r.number).map((s) => s.label)
		}))
	];
}

/** The imagery a tile in `round` is reviewed on: the round's own files, else the round before's, … else null (the delivery's). */
function imageryForRound(db: Db, campaignId: number, round: number, withFiles: readonly number[]): ImageryLayer | null {
	for (let r = round; r >= 2; r--) {
		if (!withFiles.includes(r)) continue;
		const files = repo.roundImagery(db, campaignId, r);
		const boxes = files.map((f) => f.bboxWgs84!);
		return {
			kind: 'geotiff',
			tiles: [`/api/campaigns/${campaignId}/imagery/{z}/{x}/{y}.png?round=${r}`],
			tileSize: 256,
			attribution: files[0]?.attribution ?? '',
			bounds: [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))]
		};
	}
	return null;
}

export interface TileRoundView {
	/** The tile's current round (1 until a later round takes it in). */
	round: number;
	openedAt: string | null;
	note: string;
	/** Imagery of the current round's delivery; null: the campaign's own (round 1, or no new files). */
	imagery: ImageryLayer | null;
	/** What that imagery is compared with: the previous round's delivery (null: the campaign's own). */
	previousImagery: ImageryLayer | null;
	/** The round before, as it was closed (only for those who may read reviews): defects and verdicts. */
	previous: {
		round: number;
		defects: { id: string; geometry: unknown; category: string; severity: Severity; comment: string; authorId: number; createdAt: string }[];
		verdicts: { userId: number; verdict: Verdict; comment: string; at: string }[];
		consensus: Conclusion | null;
	} | null;
}

/** `GET /api/campaigns/:id/tiles/:tileId/round`: which round the tile is in, and the one before. */
export function tileRound(db: Db, campaignId: number, tileId: number, { withReviews }: { withReviews: boolean }): TileRoundView {
	const [tile] = repo.tilesWithRound(db, campaignId, [tileId]);
	if (!tile) throw new NotFoundError({ en: `Tile ${tileId} is not in this campaign.`, fr: `La tuile ${tileId} ne fait pas partie de cette campagne.` });
	const withFiles = repo.roundsWithImagery(db, campaignId);
	const info = repo.listRounds(db, campaignId).find((r) => r.number === tile.round);
	const from = repo.roundTileRows(db, campaignId).find((r) => r.tileId === tileId && r.round === tile.round)?.fromRound ?? null;
	let previous: TileRoundView['previous'] = null;
	if (withReviews && from !== null) {
		const a = repo.archivedOnTile(db, tileId, from);
		previous = {
			round: from,
			defects: a.defects.map((d) => ({ id: d.id, geometry: JSON.parse(d.geometry), category: d.category, severity: d.severity, comment: d.comment, authorId: d.authorId, createdAt: d.createdAt })),
			verdicts: a.verdicts.map((v) => ({ userId: v.userId, verdict: v.verdict, comment: v.comment, at: v.at })),
			consensus: consensusVerdict(a.verdicts.map((v) => v.verdict))
		};
	}
	return {
		round: tile.round,
		openedAt: info ? info.openedAt.toISOString() : null,
		note: info?.note ?? '',
		imagery: tile.round > 1 ? imageryForRound(db, campaignId, tile.round, withFiles) : null,
		previousImagery: from !== null && from > 1 ? imageryForRound(db, campaignId, from, withFiles) : null,
		previous
	};
}

// ─── Comparing rounds (for the acceptance report) ───────────────────────────────────────────────

export type SeverityCounts = Record<Severity, number> & { total: number };

export interface RoundFigures {
	round: number;
	/** ISO 8601; null for round 1. */
	openedAt: string | null;
	/** Tiles reviewed in this round (round 1: the review tiles, i.e. the sample; later: those that entered it). */
	tiles: number;
	defects: SeverityCounts & { byCategory: Record<string, number> };
	/** Verdicts given, one per reviewer and tile. */
	verdicts: Record<Verdict, number>;
	/** Tiles by consensus verdict (`none`: nobody concluded). */
	consensus: Record<Conclusion | 'none', number>;
}

export interface TileRounds {
	tileId: number;
	name: string;
	rounds: { round: number; defects: SeverityCounts; consensus: Conclusion | null }[];
}

export interface RoundComparison {
	rounds: RoundFigures[];
	/** Tiles reviewed in more than one round, each round's figures side by side (by round number). */
	tiles: TileRounds[];
}

const emptySeverities = (): SeverityCounts => ({ minor: 0, major: 0, blocking: 0, total: 0 });

/**
 * Defects and verdicts per review round, campaign-wide and for every tile reviewed more than once:
 * closed rounds from their copies, the current round from the live projections. Pure reads, no
 * document is opened. For the acceptance report (`report.json`) and its "rounds" section.
 */
export function roundComparison(db: Db, campaignId: number): RoundComparison {
	requireCampaign(db, campaignId);
	const rounds = listRounds(db, campaignId);
	const tileRows = repo.tilesWithRound(db, campaignId);
	const names = new Map(tileRows.map((t) => [t.id, t.name]));
	// Tiles per round: round 1 reviewed the review tiles (the sample); later rounds list theirs.
	const tilesIn = new Map<number, Set<number>>([[1, new Set(tileRows.filter((t) => t.inSample).map((t) => t.id))]]);
	for (const r of repo.roundTileRows(db, campaignId)) {
		let s = tilesIn.get(r.round);
		if (!s) tilesIn.set(r.round, (s = new Set()));
		s.add(r.tileId);
	}
	// Per (tile, round): defects by severity, and the verdicts.
	const key = (tileId: number, round: number) => `${tileId}:${round}`;
	const perTile = new Map<string, { defects: SeverityCounts; verdicts: Verdict[] }>();
	const cell = (tileId: number, round: number) => {
		let c = perTile.get(key(tileId, round));
		if (!c) perTile.set(key(tileId, round), (c = { defects: emptySeverities(), verdicts: [] }));
		return c;
	};
	const figures = new Map<number, RoundFigures>(
		rounds.map((r) => [
			r.number,
			{
				round: r.number,
				openedAt: r.openedAt,
				tiles: tilesIn.get(r.number)?.size ?? 0,
				defects: { ...emptySeverities(), byCategory: {} },
				verdicts: { accepted: 0, accepted_with_reservations: 0, rejected: 0, cannot_tell: 0 },
				consensus: { accepted: 0, accepted_with_reservations: 0, rejected: 0, none: 0 }
			}
		])
	);
	for (const d of repo.defectSeverities(db, campaignId)) {
		const f = figures.get(d.round);
		if (!f || !SEVERITIES.includes(d.severity)) continue;
		f.defects[d.severity]++;
		f.defects.total++;
		f.defects.byCategory[d.category] = (f.defects.byCategory[d.category] ?? 0) + 1;
		const c = cell(d.tileId, d.round).defects;
		c[d.severity]++;
		c.total++;
	}
	for (const v of repo.verdictsByRound(db, campaignId)) {
		const f = figures.get(v.round);
		if (!f) continue;
		f.verdicts[v.verdict]++;
		cell(v.tileId, v.round).verdicts.push(v.verdict);
	}
	for (const [round, tileIds] of tilesIn) {
		const f = figures.get(round);
		if (!f) continue;
		for (const tileId of tileIds) f.consensus[consensusVerdict(perTile.get(key(tileId, round))?.verdicts ?? []) ?? 'none']++;
	}
	const multi = new Map<number, number[]>();
	for (const [round, tileIds] of tilesIn) {
		if (round === 1) continue;
		for (const tileId of tileIds) {
			const list = multi.get(tileId) ?? [1];
			list.push(round);
			multi.set(tileId, list);
		}
	}
	return {
		rounds: [...figures.values()],
		tiles: [...multi.entries()]
			.sort((a, b) => (names.get(a[0]) ?? '').localeCompare(names.get(b[0]) ?? ''))
			.map(([tileId, list]) => ({
				tileId,
				name: names.get(tileId) ?? String(tileId),
				rounds: [...new Set(list)]
					.sort((a, b) => a - b)
					.map((round) => {
						const c = perTile.get(key(tileId, round));
						return { round, defects: c?.defects ?? emptySeverities(), consensus: consensusVerdict(c?.verdicts ?? []) };
					})
			}))
	};
}
