/**
 * Which organisation reviews which tile ("attribution des tuiles").
 *
 * Three ways in, one way to write: a manager picks tiles on the map (assign/unassign one organisation),
 * draws them from a territory layer (commune boundaries…: every review tile whose rectangle shares a
 * positive area with a polygon), or lists them in a CSV. Every write is ONE transaction with prepared
 * statements and ONE audit event carrying the counts, so thousands of tiles cost one commit and a
 * rejected request writes nothing. Assigning adds to what exists (a tile on a boundary may belong to
 * several organisations) unless the manager asks to *replace* (the selected tiles then belong to that
 * organisation alone); otherwise only an explicit "unassign" removes.
 *
 * Audit details, which the trail's sentences (src/lib/components/management/audit-text.ts) read:
 * - `assignment.assign`: `{source: 'map'|'territory'|'csv', byOrganisation: OrganisationTally[], added}`,
 *   plus for the map `{mode, organisationId, name, requested, removedFrom: RemovedTally[]}`, for a
 *   territory `{file, field, polygons, unmatchedValues}`, for a CSV `{lines}` (the demo seed records
 *   `{tiles, organisationId}`);
 * - `assignment.unassign`: `{source: 'map', organisationId, name, requested, removed}`.
 */
import { basename } from 'node:path';
import type { OrganisationKind } from '../../access/organisations.ts';
import type { CampaignRole } from '../../access/permissions.ts';
import { loadGrant } from '../access/authorize.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { requireCampaign } from '../campaigns/campaigns.service.ts';
import { emptyStatusCounts, type StatusCounts, type TileStatus } from '../../review/status.ts';
import type { Db } from '../db/db.ts';
import { CsvQuoteError, readCsv, type CsvRow } from '../../csv/csv.ts';
import { nameKey } from '../../text/name-key.ts';
import { shorten } from '../../text/shorten.ts';
import { CSV_BODY_MAX_BYTES } from '../body-limits.ts';
import { InputError, type Localized } from '../errors.ts';
import { offThread } from '../uploads/off-thread.ts';
import * as repo from './assignments.repo.ts';

export interface AssignmentOrganisation {
	id: number;
	name: string;
	kind: OrganisationKind;
	/** Tiles of this campaign assigned to it. */
	tileCount: number;
	/** People whose role in this campaign reviews for it (reviewers and managers naming it). */
	reviewerCount: number;
	/** Reviewer invitations for it that can still be used. */
	pendingInvitations: number;
}

/** GET /api/campaigns/:id/assignments. */
export interface AssignmentsOverview {
	organisations: AssignmentOrganisation[];
	/** Tile id → ids of the organisations reviewing it (tiles assigned to nobody are absent). */
	tiles: Record<number, number[]>;
}

/** Tiles a "replace" took from an organisation. */
export interface RemovedTally {
	organisationId: number;
	name: string;
	tiles: number;
}

/** What one organisation received from a bulk operation. */
export interface OrganisationTally {
	organisationId: number;
	name: string;
	/** Tiles the operation designated for it. */
	tiles: number;
	/** Of those, tiles that were not already assigned to it. */
	added: number;
}

/** How many names to quote in an error message before "and N more". */
const QUOTE_MAX = 5;

function organisationById(db: Db, id: number): { id: number; name: string } {
	const org = repo.organisationById(db, id);
	if (!org) {
		throw new InputError('unknown_organisation', {
			en: `Organisation ${id} does not exist: choose one from the list (or create it first).`,
			fr: `L’organisation ${id} n’existe pas : choisissez-en une dans la liste (ou créez-la d’abord).`
		}, 404);
	}
	return org;
}

/** Every organisation keyed by its comparable name, to match names written by people (case, accents). */
function organisationsByKey(db: Db): Map<string, { id: number; name: string }> {
	return new Map(repo.allOrganisationKeys(db).map((r) => [r.nameKey, { id: r.id, name: r.name }]));
}

function quoteSome(values: string[], quote: (v: string) => string, more: Localized): Localized {
	const shown = values.slice(0, QUOTE_MAX).map((v) => quote(shorten(v))).join(', ');
	const rest = values.length - QUOTE_MAX;
	return rest > 0 ? { en: `${shown} ${more.en.replace('{n}', String(rest))}`, fr: `${shown} ${more.fr.replace('{n}', String(rest))}` } : { en: shown, fr: shown };
}

/** Organisations (all of them: any may be given tiles) with their tile counts here, and each tile's organisations. */
export function listAssignments(db: Db, campaignId: number): AssignmentsOverview {
	requireCampaign(db, campaignId);
	// Who reviews for each organisation here: a manager assigning tiles to an organisation nobody
	// reviews for yet must be told (the tiles would wait for no one).
	const organisations = repo.organisationsForAssignment(db, campaignId, Date.now());
	const tiles: Record<number, number[]> = {};
	for (const r of repo.assignmentPairs(db, campaignId)) (tiles[r.tileId] ??= []).push(r.organisationId);
	return { organisations, tiles };
}

/**
 * The campaign's tile ids among `tileIds`; anything else is a 400 naming the strangers, before any
 * write (json_each keeps it one statement for any number of ids).
 */
function checkTilesInCampaign(db: Db, campaignId: number, tileIds: readonly number[]): number[] {
	const unique = [...new Set(tileIds)];
	const found = new Set(repo.tilesInCampaign(db, campaignId, unique));
	const strangers = unique.filter((id) => !found.has(id));
	if (strangers.length) {
		const list = quoteSome(strangers.map(String), (v) => v, { en: 'and {n} more', fr: 'et {n} autres' });
		throw new InputError('unknown_tiles', {
			en: `${strangers.length} tile(s) are not in this campaign: ${list.en}. Nothing was changed.`,
			fr: `${strangers.length} tuile(s) ne font pas partie de cette campagne : ${list.fr}. Rien n’a été modifié.`
		});
	}
	return unique;
}

/**
 * Write (tile, organisation) pairs and the audit event in one transaction. Returns per-organisation
 * tallies; re-assigning an already assigned tile is a no-op counted as not added.
 */
function writeAssignments(
	db: Db,
	campaignId: number,
	byOrganisation: Map<number, { name: string; tileIds: Set<number> }>,
	actor: Actor | null,
	details: Record<string, unknown>
): OrganisationTally[] {
	return db.transaction(() => {
		const now = new Date();
		const tallies: OrganisationTally[] = [];
		for (const [organisationId, { name, tileIds }] of byOrganisation) {
			const added = repo.insertAssignments(db, [...tileIds].map((tileId) => ({ tileId, organisationId })), campaignId, actor?.id ?? null, now);
			tallies.push({ organisationId, name, tiles: tileIds.size, added });
		}
		audit(db, actor, 'assignment.assign', { ...details, byOrganisation: tallies, added: tallies.reduce((n, t) => n + t.added, 0) }, campaignId);
		return tallies;
	});
}

/** POST /api/campaigns/:id/assignments: what a map-selection change did. */
export interface AssignmentChange {
	action: 'assign' | 'unassign';
	/** `replace`: the selected tiles now belong to this organisation alone. */
	mode: 'add' | 'replace';
	organisationId: number;
	/** Distinct tiles selected. */
	requested: number;
	/** Tiles given to (or taken from) the organisation by this change. */
	changed: number;
	/** Assign: selected tiles it already had. Unassign: selected tiles it did not have. */
	unchanged: number;
	/** Replace: the tiles taken from each other organisation. */
	removedFrom: RemovedTally[];
	/** Tiles the organisation holds after the change. */
	tileCount: number;
}

/**
 * Map selection: give `tileIds` to one organisation — added to the tiles' other organisations, or
 * (mode `replace`) in their place — or take them back. All or nothing, one audit event.
 */
export function changeAssignments(
	db: Db,
	campaignId: number,
	input: { organisationId: number; tileIds: readonly number[]; action: 'assign' | 'unassign'; mode?: 'add' | 'replace' },
	actor: Actor | null
): AssignmentChange {
	requireCampaign(db, campaignId);
	const org = organisationById(db, input.organisationId);
	const tileIds = checkTilesInCampaign(db, campaignId, input.tileIds);
	const mode = input.action === 'assign' ? (input.mode ?? 'add') : 'add';
	let changed: number;
	let removedFrom: RemovedTally[] = [];
	if (input.action === 'assign') {
		changed = db.transaction(() => {
			if (mode === 'replace') removedFrom = repo.removeOtherOrganisations(db, campaignId, tileIds, org.id);
			return writeAssignments(db, campaignId, new Map([[org.id, { name: org.name, tileIds: new Set(tileIds) }]]), actor, {
				source: 'map',
				mode,
				organisationId: org.id,
				name: org.name,
				requested: tileIds.length,
				removedFrom
			})[0].added;
		});
	} else {
		changed = db.transaction(() => {
			const n = repo.deleteAssignments(db, campaignId, org.id, tileIds);
			audit(db, actor, 'assignment.unassign', { source: 'map', organisationId: org.id, name: org.name, requested: tileIds.length, removed: n }, campaignId);
			return n;
		});
	}
	const tileCount = repo.countTilesOf(db, campaignId, org.id);
	return { action: input.action, mode, organisationId: org.id, requested: tileIds.length, changed, unchanged: tileIds.length - changed, removedFrom, tileCount };
}

// ─── By territory ─────────────────────────────────────────────────────────────────────────────────

export interface TerritoryResult {
	file: string;
	/** Polygons read from the file. */
	polygons: number;
	byOrganisation: OrganisationTally[];
	/** Values of `field` that name no organisation (the polygons were skipped). */
	unmatchedValues: string[];
}

/**
 * Assign every review tile intersecting the territory polygons in `path` (any format and CRS
 * openLandcover reads): to `organisationId`, or to the organisation each polygon's `field` names.
 * The file is read and clipped in a worker thread (territory.ts), so a huge layer never stalls the
 * server; only the write happens here.
 */
export async function assignByTerritory(
	db: Db,
	campaignId: number,
	path: string,
	options: { organisationId?: number; field?: string },
	actor: Actor | null
): Promise<TerritoryResult> {
	const campaign = requireCampaign(db, campaignId);
	const field = options.field?.trim() || undefined;
	if ((options.organisationId === undefined) === (field === undefined)) {
		throw new InputError('territory_target', {
			en: 'Choose either one organisation for the whole territory, or the attribute that names each polygon’s organisation.',
			fr: 'Choisissez soit une organisation pour tout le territoire, soit l’attribut qui indique l’organisation de chaque polygone.'
		});
	}
	const single = options.organisationId !== undefined ? organisationById(db, options.organisationId) : null;
	const tiles = repo.reviewTileRects(db, campaignId);
	const file = basename(path);
	const found = await offThread('territory', {
		path,
		file,
		campaignEpsg: campaign.crsEpsg,
		tiles,
		single,
		field: field ?? null,
		organisations: single ? new Map() : organisationsByKey(db)
	});
	const unmatchedValues = [...found.unmatched].sort((a, b) => a.localeCompare(b, 'fr'));
	if (found.matchedPolygons === 0) {
		const list = quoteSome(unmatchedValues, (v) => `"${v}"`, { en: 'and {n} more', fr: 'et {n} autres' });
		throw new InputError('no_organisation_matched', {
			en: `No value of "${field}" in ${file} is the name of an organisation (${list.en}). Create the organisations first, or choose another attribute.`,
			fr: `Aucune valeur de « ${field} » dans ${file} n’est le nom d’une organisation (${list.fr}). Créez d’abord les organisations, ou choisissez un autre attribut.`
		}, 422);
	}
	if (found.byOrganisation.size === 0) {
		throw new InputError('territory_outside', {
			en: `No review tile of this campaign intersects the polygons of ${file} (in ${found.crs.name}, EPSG:${found.crs.epsg}). Check the file covers the delivery and declares the right coordinate system.`,
			fr: `Aucune tuile de la campagne n’intersecte les polygones de ${file} (en ${found.crs.name}, EPSG:${found.crs.epsg}). Vérifiez que le fichier couvre la livraison et déclare le bon système de coordonnées.`
		}, 422);
	}
	const tallies = writeAssignments(db, campaignId, found.byOrganisation, actor, { source: 'territory', file, field: field ?? null, polygons: found.polygons, unmatchedValues: unmatchedValues.slice(0, 50) });
	return { file, polygons: found.polygons, byOrganisation: tallies, unmatchedValues };
}

// ─── By CSV ───────────────────────────────────────────────────────────────────────────────────────

/** Most CSV bytes accepted (the server refuses larger bodies before reading them). */
export const CSV_MAX_BYTES = CSV_BODY_MAX_BYTES;

const TILE_HEADERS = new Set(['tile', 'tuile', 'tile_id', 'tile_name', 'nom_tuile']);
const ORG_HEADERS = new Set(['organisation', 'organization', 'org', 'organisme']);

export interface CsvResult {
	lines: number;
	byOrganisation: OrganisationTally[];
}

/**
 * Assign from a CSV with columns `tile` (name such as 0650_6862, or id) and `organisation` (name),
 * separated by `,`, `;` (French Excel) or tab, UTF-8 with or without BOM. Any bad line rejects the whole
 * file, the first few named by line number, so a fixed file can simply be sent again.
 */
export function assignFromCsv(db: Db, campaignId: number, text: string, actor: Actor | null): CsvResult {
	requireCampaign(db, campaignId);
	let rows: CsvRow[];
	try {
		rows = readCsv(text).map((row) => ({ line: row.line, cells: row.cells.map((cell) => cell.trim()) }));
	} catch (e) {
		if (!(e instanceof CsvQuoteError)) throw e;
		throw new InputError('csv_quote', {
			en: `Line ${e.line} of the CSV opens a quote (") that is never closed.`,
			fr: `La ligne ${e.line} du CSV ouvre un guillemet (") qui n’est jamais refermé.`
		});
	}
	if (rows.length === 0) throw new InputError('csv_empty', { en: 'The CSV file is empty.', fr: 'Le fichier CSV est vide.' });
	const names = rows[0].cells.map((h) => nameKey(h).replace(/\s+/g, '_'));
	const tileCol = names.findIndex((h) => TILE_HEADERS.has(h));
	const orgCol = names.findIndex((h) => ORG_HEADERS.has(h));
	if (tileCol < 0 || orgCol < 0) {
		const found = shorten(names.join(', '));
		throw new InputError('csv_columns', {
			en: `The first line of the CSV must name the columns "tile" and "organisation" (found: ${found}).`,
			fr: `La première ligne du CSV doit nommer les colonnes « tile » (ou « tuile ») et « organisation » (trouvé : ${found}).`
		});
	}
	const tileRows = repo.tileNames(db, campaignId);
	const byName = new Map(tileRows.map((t) => [t.name, t.id]));
	const ids = new Set(tileRows.map((t) => t.id));
	const orgs = organisationsByKey(db);
	const bad: { line: number; en: string; fr: string }[] = [];
	const byOrganisation = new Map<number, { name: string; tileIds: Set<number> }>();
	const lines = rows.slice(1);
	for (const { cells, line } of lines) {
		const tileText = cells[tileCol] ?? '';
		const orgText = cells[orgCol] ?? '';
		// A tile name first (names are what people see); a bare number that is no name may be an id.
		const tileId = byName.get(tileText) ?? (/^\d+$/.test(tileText) && ids.has(Number(tileText)) ? Number(tileText) : undefined);
		const org = orgs.get(nameKey(orgText));
		// Values are quoted shortened: a line may be megabytes long, the message stays a sentence.
		if (tileId === undefined) bad.push({ line, en: `unknown tile "${shorten(tileText)}"`, fr: `tuile « ${shorten(tileText)} » inconnue` });
		if (!org) bad.push({ line, en: `unknown organisation "${shorten(orgText)}"`, fr: `organisation « ${shorten(orgText)} » inconnue` });
		if (tileId === undefined || !org) continue;
		let entry = byOrganisation.get(org.id);
		if (!entry) byOrganisation.set(org.id, (entry = { name: org.name, tileIds: new Set() }));
		entry.tileIds.add(tileId);
	}
	if (bad.length) {
		const shown = bad.slice(0, QUOTE_MAX);
		const more = bad.length - shown.length;
		throw new InputError('csv_invalid', {
			en: `Nothing was assigned: ${shown.map((b) => `line ${b.line}: ${b.en}`).join('; ')}${more > 0 ? ` (and ${more} more problems)` : ''}.`,
			fr: `Rien n’a été attribué : ${shown.map((b) => `ligne ${b.line} : ${b.fr}`).join(' ; ')}${more > 0 ? ` (et ${more} autres problèmes)` : ''}.`
		});
	}
	if (lines.length === 0) throw new InputError('csv_empty', { en: 'The CSV file has a header but no lines.', fr: 'Le fichier CSV a une ligne d’en-tête mais aucune ligne de données.' });
	return { lines: lines.length, byOrganisation: writeAssignments(db, campaignId, byOrganisation, actor, { source: 'csv', lines: lines.length }) };
}

// ─── "My tiles" ───────────────────────────────────────────────────────────────────────────────────

export interface MyTile {
	id: number;
	name: string;
	status: TileStatus;
	/** Review order within the campaign. */
	ordinal: number;
	/** The user has given their verdict on it (their part of the tile is done). */
	myVerdict: boolean;
}

/** One campaign of GET /api/me/tiles. */
export interface MyCampaignTiles {
	campaign: { id: number; name: string };
	role: CampaignRole;
	/**
	 * Whether the user reviews these tiles (reviewer or manager) or only follows them (an observer or a
	 * contractor whose organisation was given tiles): the home page words them differently.
	 */
	mayReview: boolean;
	organisations: { id: number; name: string }[];
	/** Names of the campaign's managers: whom to ask for tiles. */
	managers: string[];
	counts: { total: number } & StatusCounts;
	/** Unfinished first (in review, then not started), then reviewed; review order within each. */
	tiles: MyTile[];
}

const STATUS_ORDER: Record<TileStatus, number> = { in_review: 0, not_started: 1, reviewed: 2, validated: 3 };

/**
 * For a reviewer's home: per campaign where they review (role reviewer, or any role whose
 * organisations were given tiles), the tiles of their organisation(s) and how far they are.
 * `campaignId` limits the answer to one campaign.
 */
export function myTiles(db: Db, user: SessionUser, campaignId?: number): MyCampaignTiles[] {
	const out: MyCampaignTiles[] = [];
	for (const m of repo.memberships(db, user.id, campaignId)) {
		const grant = loadGrant(db, user, m.id);
		const rows = repo.tilesOfOrganisations(db, m.id, grant.organisationIds, user.id);
		if (m.role !== 'reviewer' && rows.length === 0) continue;
		const counts = { total: rows.length, ...emptyStatusCounts() };
		for (const r of rows) counts[r.status]++;
		const tiles = rows.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.ordinal - b.ordinal);
		out.push({
			campaign: { id: m.id, name: m.name },
			role: m.role,
			mayReview: m.role === 'reviewer' || m.role === 'manager',
			organisations: repo.organisationNames(db, grant.organisationIds),
			managers: repo.managerNames(db, m.id),
			counts,
			tiles
		});
	}
	return out;
}
