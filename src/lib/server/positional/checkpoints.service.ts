/**
 * Checkpoints of a campaign: the manager imports surveyed points (CSV or GeoPackage, any EPSG) or
 * completes points reviewers proposed; reviewers point them on the orthophoto, blind; the manager keeps
 * or rejects each measure. Coordinates are stored in the campaign's CRS at full precision.
 *
 * Blind pointing: a reviewer who may still point a checkpoint is never sent its reference position —
 * not in the list, not in the pointing view (whose centre is offset by a secret amount), not in the
 * figures — until they have given their own measure (a position, or « not visible »). Managers,
 * observers and contractors, who do not point blind, see references.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { allows, type Grant } from '../../access/permissions.ts';
import type { CrsInfo } from '../../geo/types.ts';
import { describeProblems, readCheckpointCsv, type CheckpointInput, type LineProblem, type ReadResult } from '../../positional/checkpoint-file.ts';
import { blindCentre, measureSpread, type MeasureSpread } from '../../positional/pointing.ts';
import { shorten } from '../../text/shorten.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import { tileScope } from '../access/authorize.ts';
import { resolveEpsg, transformer, WGS84 } from '../crs/crs.ts';
import type { Db } from '../db/db.ts';
import { ForbiddenError, InputError, NotFoundError, type Localized } from '../errors.ts';
import { decodeTextFile } from '../text-decoding.ts';
import { isSqlite, readCheckpointGpkg } from './checkpoint-gpkg.ts';
import * as repo from './checkpoints.repo.ts';

/** Who is asking: their id and their standing in the campaign (from `guard`). */
export interface Viewer {
	userId: number;
	grant: Grant;
}

/** The campaign as the checkpoints need it. */
export interface CampaignFrame {
	campaignId: number;
	crs: CrsInfo;
	tiles: repo.TileRect[];
	/** Finest ground pixel of the delivered orthophotos, metres; null when unknown (external imagery). */
	pixelSize: number | null;
	/** Bounding rectangle of the tiles, in the campaign's CRS. */
	extent: [number, number, number, number];
}

/** Most checkpoints one file may hold (a survey has tens to hundreds; more is another file mixed up). */
export const MAX_IMPORTED = 10_000;

const CHECKPOINT = { en: 'Checkpoint', fr: 'Le point de contrôle' };

export function checkpointNotFound(id: number | string): NotFoundError {
	return new NotFoundError({ en: `${CHECKPOINT.en} ${id} does not exist in this campaign.`, fr: `${CHECKPOINT.fr} ${id} n’existe pas dans cette campagne.` });
}

/** @throws NotFoundError when the campaign does not exist (or is still importing). */
export function campaignFrame(db: Db, campaignId: number): CampaignFrame {
	const epsg = repo.campaignEpsg(db, campaignId);
	if (epsg === undefined) throw new NotFoundError({ en: `Campaign ${campaignId} does not exist.`, fr: `La campagne ${campaignId} n’existe pas.` });
	const tiles = repo.tileRects(db, campaignId);
	const extent: [number, number, number, number] = tiles.length
		? [Math.min(...tiles.map((t) => t.xmin)), Math.min(...tiles.map((t) => t.ymin)), Math.max(...tiles.map((t) => t.xmax)), Math.max(...tiles.map((t) => t.ymax))]
		: [0, 0, 0, 0];
	return { campaignId, crs: resolveEpsg(epsg), tiles, pixelSize: repo.currentPixelSize(db, campaignId), extent };
}

/** Tiles whose rectangle holds (x, y), edges included: a point on a shared edge belongs to both. */
export function tilesAt(tiles: readonly repo.TileRect[], x: number, y: number): repo.TileRect[] {
	return tiles.filter((t) => x >= t.xmin && x <= t.xmax && y >= t.ymin && y <= t.ymax);
}

/** May the grant review (hence point on) one of these tiles? */
export function mayPointOn(db: Db, campaignId: number, grant: Grant, tileIds: readonly number[]): boolean {
	return tileIds.some((id) => {
		const scope = tileScope(db, campaignId, id);
		return !!scope && allows(grant, 'tile.review', scope);
	});
}

/** Whether the viewer may see a checkpoint's reference position (see the module comment). */
export function referenceVisible(grant: Grant, measured: boolean): boolean {
	return grant.isAdmin || grant.role !== 'reviewer' || measured;
}

const personName = (m: { userName: string | null; userEmail: string | null; userId: number }) => m.userName || m.userEmail || `#${m.userId}`;

/** Identifiers sorted as people number points: PC2 before PC10. */
export const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code, 'fr', { numeric: true, sensitivity: 'base' }) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

// ─── Import ───────────────────────────────────────────────────────────────────────────────────────

export interface ImportSource {
	/** The file's bytes (a request body)… */
	bytes?: Uint8Array;
	/** …or its path (an upload). */
	path?: string;
	/** Its name as the user knows it, for messages. */
	name: string;
	/** EPSG code of a CSV's coordinates (default: the campaign's CRS). A GeoPackage says its own. */
	epsg?: number | null;
	/** GeoPackage layer (default: its only point layer). */
	layer?: string;
}

export interface ImportResult {
	imported: number;
	/** Points reviewers had proposed, now given their surveyed coordinates. */
	completed: number;
	crs: { epsg: number; name: string };
	format: 'csv' | 'gpkg';
}

/**
 * Import surveyed checkpoints, every point or none. Coordinates are transformed to the campaign's CRS
 * (the original CRS and coordinates are kept with each point); each point must fall in a tile. An
 * identifier already used by a point a reviewer proposed completes that point with the surveyed
 * position; one used by any other point is refused.
 * @throws InputError listing every faulty line (or feature), nothing imported.
 */
export function importCheckpoints(db: Db, campaignId: number, source: ImportSource, actor: Actor | null): ImportResult {
	const frame = campaignFrame(db, campaignId);
	const { bytes, gpkg } = sourceBytes(source);
	let from: CrsInfo;
	let read: ReadResult;
	const unit = gpkg ? { en: 'feature', fr: 'entité' } : { en: 'line', fr: 'ligne' };
	if (gpkg) {
		const r = readCheckpointGpkg(bytes ?? source.path!, source.name, source.layer);
		from = r.crs;
		read = r.result;
	} else {
		// French Excel saves "CSV (séparateur : point-virgule)" in Windows-1252; others in UTF-8 or UTF-16.
		read = readCheckpointCsv(decodeTextFile(bytes!));
		from = source.epsg ? resolveEpsg(source.epsg) : frame.crs;
	}
	const refuse = (problems: readonly LineProblem[]) => {
		const m = describeProblems(problems, unit);
		return new InputError('checkpoints_invalid', { en: `${source.name}: nothing was imported. ${m.en}.`, fr: `${source.name} : rien n’a été importé. ${m.fr}.` }, 422);
	};
	const points = read.points;
	if (points.length > MAX_IMPORTED) {
		throw new InputError('too_many_checkpoints', {
			en: `${source.name} holds ${points.length} points; a checkpoint file may hold ${MAX_IMPORTED} at most.`,
			fr: `${source.name} contient ${points.length} points ; un fichier de points de contrôle en contient au plus ${MAX_IMPORTED}.`
		}, 413);
	}
	const toCampaign = transformer(from, frame.crs);
	const sameCrs = from.epsg === frame.crs.epsg;
	const existing = new Map(repo.checkpointsByCode(db, campaignId, points.map((p) => p.code)).map((c) => [c.code, c]));
	const problems: LineProblem[] = [...read.problems];
	// A code given twice in the file is reported once, by the reader: check it against the campaign once.
	const duplicated = new Set(read.problems.length ? points.filter((p, i) => points.findIndex((q) => q.code === p.code) !== i).map((p) => p.line) : []);
	const ready: { input: CheckpointInput; x: number; y: number; tileIds: number[]; completes: repo.CheckpointRow | null }[] = [];
	const crsName = `EPSG:${frame.crs.epsg}`;
	for (const p of points) {
		if (duplicated.has(p.line)) continue;
		const [x, y] = toCampaign(p.x, p.y);
		if (!Number.isFinite(x) || !Number.isFinite(y)) {
			problems.push({ line: p.line, en: `(${p.x}, ${p.y}) cannot be transformed from EPSG:${from.epsg} to ${crsName}`, fr: `(${p.x}, ${p.y}) ne peut pas être transformé de EPSG:${from.epsg} vers ${crsName}` });
			continue;
		}
		const inTiles = tilesAt(frame.tiles, x, y);
		if (!inTiles.length) {
			const [sx, sy] = toCampaign(p.y, p.x);
			const swapped = Number.isFinite(sx) && Number.isFinite(sy) && tilesAt(frame.tiles, sx, sy).length > 0;
			const where = sameCrs ? `(${p.x}, ${p.y})` : `(${p.x}, ${p.y}) in EPSG:${from.epsg}, (${round(x)}, ${round(y)}) in ${crsName},`;
			const whereFr = sameCrs ? `(${p.x}, ${p.y})` : `(${p.x}, ${p.y}) en EPSG:${from.epsg}, (${round(x)}, ${round(y)}) en ${crsName},`;
			problems.push({
				line: p.line,
				en: `point "${shorten(p.code)}" at ${where} is outside the campaign's tiles${swapped ? ' (x and y look swapped)' : sameCrs ? ` (are its coordinates in ${crsName}? give the file's EPSG code otherwise)` : ''}`,
				fr: `le point « ${shorten(p.code)} » en ${whereFr} est hors des tuiles de la campagne${swapped ? ' (x et y semblent inversés)' : sameCrs ? ` (ses coordonnées sont-elles en ${crsName} ? sinon indiquez le code EPSG du fichier)` : ''}`
			});
			continue;
		}
		const old = existing.get(p.code);
		if (old && (old.source !== 'proposed' || old.surveyed)) {
			problems.push({
				line: p.line,
				en: `identifier "${shorten(p.code)}" is already a checkpoint of this campaign: delete it first, or give this point another identifier`,
				fr: `l’identifiant « ${shorten(p.code)} » est déjà celui d’un point de contrôle de la campagne : supprimez-le d’abord, ou donnez un autre identifiant à ce point`
			});
			continue;
		}
		ready.push({ input: p, x, y, tileIds: inTiles.map((t) => t.id), completes: old ?? null });
	}
	if (problems.length) throw refuse(problems);
	const now = new Date();
	let completed = 0;
	db.$client.transaction(() => {
		for (const r of ready) {
			const original = sameCrs ? { sourceEpsg: null, sourceX: null, sourceY: null } : { sourceEpsg: from.epsg, sourceX: r.input.x, sourceY: r.input.y };
			let id: number;
			if (r.completes) {
				id = r.completes.id;
				completed++;
				repo.updateCheckpoint(db, id, {
					x: r.x,
					y: r.y,
					z: r.input.z,
					surveyed: true,
					...original,
					// The proposer's words stay unless the survey brings its own.
					description: r.input.description || r.completes.description,
					sketch: r.input.sketch || r.completes.sketch
				});
			} else {
				id = repo.insertCheckpoint(db, {
					campaignId,
					code: r.input.code,
					x: r.x,
					y: r.y,
					z: r.input.z,
					surveyed: true,
					source: 'imported',
					...original,
					description: r.input.description,
					sketch: r.input.sketch,
					blindSeed: randomBytes(16).toString('hex'),
					createdBy: actor?.id ?? null,
					createdAt: now
				});
			}
			repo.setCheckpointTiles(db, campaignId, id, r.tileIds);
		}
		audit(db, actor, 'checkpoints.import', { file: source.name, count: ready.length, completed, epsg: from.epsg, format: gpkg ? 'gpkg' : 'csv' }, campaignId);
	})();
	return { imported: ready.length - completed, completed, crs: { epsg: from.epsg, name: from.name }, format: gpkg ? 'gpkg' : 'csv' };
}

const round = (v: number) => Math.round(v * 1000) / 1000;

/** Largest checkpoint file read from an upload (a GeoPackage is opened in place whatever its size). */
export const MAX_CHECKPOINT_FILE_BYTES = 20 * 1024 * 1024;

/** The file's bytes (null for a GeoPackage opened in place) and whether it is a GeoPackage. */
function sourceBytes(source: ImportSource): { bytes: Uint8Array | null; gpkg: boolean } {
	if (source.bytes) return { bytes: source.bytes, gpkg: isSqlite(source.bytes) };
	const path = source.path!;
	const head = Buffer.alloc(100);
	const fd = openSync(path, 'r');
	let size: number;
	try {
		size = fstatSync(fd).size;
		readSync(fd, head, 0, 100, 0);
	} finally {
		closeSync(fd);
	}
	if (size >= 100 && isSqlite(head)) return { bytes: null, gpkg: true };
	if (size > MAX_CHECKPOINT_FILE_BYTES) {
		throw new InputError('file_too_large', {
			en: `${source.name} is not a GeoPackage, and too large (over ${MAX_CHECKPOINT_FILE_BYTES / 1048576} MB) for a CSV of checkpoints.`,
			fr: `${source.name} n’est pas un GeoPackage, et est trop gros (plus de ${MAX_CHECKPOINT_FILE_BYTES / 1048576} Mo) pour un CSV de points de contrôle.`
		}, 413);
	}
	return { bytes: readFileSync(path), gpkg: false };
}

// ─── Proposals and edits ──────────────────────────────────────────────────────────────────────────

function checkPosition(frame: CampaignFrame, x: number, y: number): repo.TileRect[] {
	const inTiles = Number.isFinite(x) && Number.isFinite(y) ? tilesAt(frame.tiles, x, y) : [];
	if (!inTiles.length) {
		throw new InputError('outside_tiles', {
			en: `(${x}, ${y}) is outside the campaign's tiles (coordinates in EPSG:${frame.crs.epsg}).`,
			fr: `(${x}, ${y}) est hors des tuiles de la campagne (coordonnées en EPSG:${frame.crs.epsg}).`
		});
	}
	return inTiles;
}

function checkText(value: string, what: Localized, { required, max }: { required: boolean; max: number }): string {
	const v = value.trim();
	if (required && v.length < 3) {
		throw new InputError('description_required', {
			en: `Describe the point (${what.en}, 3 characters at least) so that others find it on the imagery.`,
			fr: `Décrivez le point (${what.fr}, 3 caractères au moins) pour que les autres le retrouvent sur l’image.`
		});
	}
	if ([...v].length > max) throw new InputError('text_too_long', { en: `The ${what.en} is longer than ${max} characters.`, fr: `La ${what.fr} dépasse ${max} caractères.` });
	return v;
}

/**
 * A reviewer proposes a well-defined point on their territory: a position (campaign CRS) and a
 * description. It is not pointed nor counted until the manager gives it surveyed coordinates (an
 * import with its identifier, or an edit).
 */
export function proposeCheckpoint(db: Db, campaignId: number, viewer: Viewer, input: { x: number; y: number; description: string }, actor: Actor | null): { id: number; code: string } {
	const frame = campaignFrame(db, campaignId);
	const inTiles = checkPosition(frame, input.x, input.y);
	if (!mayPointOn(db, campaignId, viewer.grant, inTiles.map((t) => t.id))) {
		throw new ForbiddenError({ en: 'This place is not on a tile you review.', fr: 'Cet endroit n’est pas sur une tuile que vous relisez.' }, 'not_your_tile');
	}
	const description = checkText(input.description, { en: 'description', fr: 'description' }, { required: true, max: 2000 });
	return db.$client.transaction(() => {
		const taken = new Set(repo.codesLike(db, campaignId, 'P-'));
		let n = taken.size + 1;
		while (taken.has(`P-${n}`)) n++;
		const code = `P-${n}`;
		const id = repo.insertCheckpoint(db, {
			campaignId,
			code,
			x: input.x,
			y: input.y,
			z: null,
			surveyed: false,
			source: 'proposed',
			description,
			sketch: '',
			blindSeed: randomBytes(16).toString('hex'),
			createdBy: viewer.userId,
			createdAt: new Date()
		});
		repo.setCheckpointTiles(db, campaignId, id, inTiles.map((t) => t.id));
		audit(db, actor, 'checkpoint.propose', { checkpointId: id, code }, campaignId);
		return { id, code };
	})();
}

export interface CheckpointEdit {
	code?: string;
	/** Surveyed position, in `epsg` (default: the campaign's CRS): the point becomes surveyed. */
	x?: number;
	y?: number;
	z?: number | null;
	epsg?: number;
	description?: string;
	sketch?: string;
}

/** The manager corrects a checkpoint, or gives a proposed one its surveyed position. */
export function editCheckpoint(db: Db, campaignId: number, id: number, edit: CheckpointEdit, actor: Actor | null): void {
	const frame = campaignFrame(db, campaignId);
	const cp = repo.getCheckpoint(db, campaignId, id);
	if (!cp) throw checkpointNotFound(id);
	if ((edit.x === undefined) !== (edit.y === undefined)) throw new InputError('invalid_request', { en: 'Give x and y together.', fr: 'Indiquez x et y ensemble.' });
	const values: Partial<repo.NewCheckpoint> = {};
	let tileIds: number[] | null = null;
	if (edit.x !== undefined && edit.y !== undefined) {
		const from = edit.epsg ? resolveEpsg(edit.epsg) : frame.crs;
		const [x, y] = transformer(from, frame.crs)(edit.x, edit.y);
		tileIds = checkPosition(frame, x, y).map((t) => t.id);
		Object.assign(values, { x, y, surveyed: true }, from.epsg === frame.crs.epsg ? { sourceEpsg: null, sourceX: null, sourceY: null } : { sourceEpsg: from.epsg, sourceX: edit.x, sourceY: edit.y });
	}
	if (edit.z !== undefined) values.z = edit.z;
	if (edit.description !== undefined) values.description = checkText(edit.description, { en: 'description', fr: 'description' }, { required: false, max: 2000 });
	if (edit.sketch !== undefined) values.sketch = checkText(edit.sketch, { en: 'photo-sketch link', fr: 'lien vers le croquis' }, { required: false, max: 2000 });
	if (edit.code !== undefined) {
		const code = edit.code.trim();
		if (!code || [...code].length > 64) throw new InputError('invalid_code', { en: 'An identifier has 1 to 64 characters.', fr: 'Un identifiant a de 1 à 64 caractères.' });
		const other = repo.checkpointsByCode(db, campaignId, [code])[0];
		if (other && other.id !== id) throw new InputError('code_taken', { en: `Identifier "${shorten(code)}" is already used.`, fr: `L’identifiant « ${shorten(code)} » est déjà utilisé.` }, 409);
		values.code = code;
	}
	db.$client.transaction(() => {
		if (Object.keys(values).length) repo.updateCheckpoint(db, id, values);
		if (tileIds) repo.setCheckpointTiles(db, campaignId, id, tileIds);
		audit(db, actor, 'checkpoint.edit', { checkpointId: id, code: values.code ?? cp.code, fields: Object.keys(edit) }, campaignId);
	})();
}

/** The manager deletes a checkpoint and its measures. */
export function deleteCheckpoint(db: Db, campaignId: number, id: number, actor: Actor | null): void {
	const cp = repo.getCheckpoint(db, campaignId, id);
	if (!cp) throw checkpointNotFound(id);
	db.$client.transaction(() => {
		repo.deleteCheckpoint(db, campaignId, id);
		audit(db, actor, 'checkpoint.delete', { checkpointId: id, code: cp.code }, campaignId);
	})();
}

// ─── Reading ──────────────────────────────────────────────────────────────────────────────────────

export interface MeasureView {
	userId: number;
	name: string;
	organisation: string | null;
	status: 'pointed' | 'not_visible';
	x: number | null;
	y: number | null;
	/** Residual of this measure (map − reference), metres; null when not visible or unsurveyed. */
	dx: number | null;
	dy: number | null;
	distance: number | null;
	at: string;
	decision: 'pending' | 'kept' | 'rejected';
}

export interface CheckpointSummary {
	id: number;
	code: string;
	description: string;
	sketch: string;
	source: 'imported' | 'proposed';
	surveyed: boolean;
	tiles: { id: number; name: string }[];
	/** The viewer may point it (a surveyed point on a tile they review). */
	mayPoint: boolean;
	/** The viewer's own measure. */
	mine: { status: 'pointed' | 'not_visible'; x: number | null; y: number | null; at: string; decision: 'pending' | 'kept' | 'rejected' } | null;
	counts: { measures: number; pointed: number; notVisible: number; pending: number; kept: number; rejected: number };
	/** Who made the measures still awaiting a decision (user ids), for the manager's « keep all ». */
	pendingUserIds: number[];
	/** Reference (or proposed) position in the campaign's CRS and WGS84; null while the viewer points blind. */
	position: { x: number; y: number; z: number | null; lng: number; lat: number } | null;
	/** The file's own CRS and coordinates, when it was not the campaign's. */
	original: { epsg: number; x: number; y: number } | null;
}

export interface CheckpointList {
	crs: { epsg: number; name: string; proj4: string };
	pixelSize: number | null;
	checkpoints: CheckpointSummary[];
}

function measureView(m: repo.MeasureWithPeople, cp: repo.CheckpointRow): MeasureView {
	const has = m.status === 'pointed' && m.x !== null && m.y !== null && cp.surveyed;
	const dx = has ? m.x! - cp.x : null;
	const dy = has ? m.y! - cp.y : null;
	return {
		userId: m.userId,
		name: personName(m),
		organisation: m.organisationName,
		status: m.status,
		x: m.x,
		y: m.y,
		dx,
		dy,
		distance: dx === null || dy === null ? null : Math.hypot(dx, dy),
		at: m.at.toISOString(),
		decision: m.decision
	};
}

/** `GET /api/campaigns/:id/checkpoints`: every checkpoint, with what the viewer may know of it. */
export function listCheckpointsFor(db: Db, campaignId: number, viewer: Viewer): CheckpointList {
	const frame = campaignFrame(db, campaignId);
	const toWgs = transformer(frame.crs, WGS84);
	const tilesOf = new Map<number, { id: number; name: string }[]>();
	for (const p of repo.checkpointTilePairs(db, campaignId)) {
		let list = tilesOf.get(p.checkpointId);
		if (!list) tilesOf.set(p.checkpointId, (list = []));
		list.push({ id: p.tileId, name: p.name });
	}
	const measuresOf = new Map<number, repo.MeasureWithPeople[]>();
	for (const m of repo.listMeasures(db, campaignId)) {
		let list = measuresOf.get(m.checkpointId);
		if (!list) measuresOf.set(m.checkpointId, (list = []));
		list.push(m);
	}
	// Tile scopes are asked once per tile, not once per checkpoint.
	const mayTile = new Map<number, boolean>();
	const mayOn = (tileIds: number[]) =>
		tileIds.some((id) => {
			if (!mayTile.has(id)) mayTile.set(id, mayPointOn(db, campaignId, viewer.grant, [id]));
			return mayTile.get(id)!;
		});
	const list = repo.listCheckpoints(db, campaignId).map((cp): CheckpointSummary => {
		const tiles = tilesOf.get(cp.id) ?? [];
		const measures = measuresOf.get(cp.id) ?? [];
		const own = measures.find((m) => m.userId === viewer.userId);
		const visible = !cp.surveyed || referenceVisible(viewer.grant, !!own);
		const [lng, lat] = toWgs(cp.x, cp.y);
		return {
			id: cp.id,
			code: cp.code,
			description: cp.description,
			sketch: cp.sketch,
			source: cp.source,
			surveyed: cp.surveyed,
			tiles,
			mayPoint: cp.surveyed && mayOn(tiles.map((t) => t.id)),
			mine: own ? { status: own.status, x: own.x, y: own.y, at: own.at.toISOString(), decision: own.decision } : null,
			counts: {
				measures: measures.length,
				pointed: measures.filter((m) => m.status === 'pointed').length,
				notVisible: measures.filter((m) => m.status === 'not_visible').length,
				pending: measures.filter((m) => m.decision === 'pending').length,
				kept: measures.filter((m) => m.decision === 'kept').length,
				rejected: measures.filter((m) => m.decision === 'rejected').length
			},
			pendingUserIds: measures.filter((m) => m.decision === 'pending').map((m) => m.userId),
			position: visible ? { x: cp.x, y: cp.y, z: cp.z, lng, lat } : null,
			original: visible && cp.sourceEpsg !== null && cp.sourceX !== null && cp.sourceY !== null ? { epsg: cp.sourceEpsg, x: cp.sourceX, y: cp.sourceY } : null
		};
	});
	return { crs: { epsg: frame.crs.epsg, name: frame.crs.name, proj4: frame.crs.proj4 }, pixelSize: frame.pixelSize, checkpoints: list.sort(byCode) };
}

export interface CheckpointView extends CheckpointSummary {
	/** Where to open the map: near the point, never on its reference (blind), campaign CRS and WGS84. */
	view: { x: number; y: number; lng: number; lat: number };
	pixelSize: number | null;
	/** Everyone's measures, once the viewer may see the reference. */
	measures: MeasureView[] | null;
	/** How far apart the pointed measures are, once visible. */
	spread: MeasureSpread | null;
}

/** `GET /api/campaigns/:id/checkpoints/:checkpointId`: one checkpoint, ready to point. */
export function checkpointView(db: Db, campaignId: number, id: number, viewer: Viewer): CheckpointView {
	const summary = listCheckpointsFor(db, campaignId, viewer);
	const one = summary.checkpoints.find((c) => c.id === id);
	const cp = repo.getCheckpoint(db, campaignId, id);
	if (!one || !cp) throw checkpointNotFound(id);
	const frame = campaignFrame(db, campaignId);
	// The offset is drawn per checkpoint and person from a secret seed: no two reviewers, and no
	// reviewer reading this code, can tell the reference from the view.
	const centre = blindCentre({ x: cp.x, y: cp.y }, `${cp.blindSeed}:${viewer.userId}`, frame.pixelSize);
	const [lng, lat] = transformer(frame.crs, WGS84)(centre.x, centre.y);
	const visible = one.position !== null && cp.surveyed;
	const measures = visible ? repo.listMeasures(db, campaignId, id).map((m) => measureView(m, cp)) : null;
	const pointed = measures?.filter((m) => m.status === 'pointed' && m.x !== null && m.y !== null).map((m) => ({ x: m.x!, y: m.y! })) ?? null;
	return { ...one, view: { ...centre, lng, lat }, pixelSize: frame.pixelSize, measures, spread: pointed ? measureSpread(pointed) : null };
}

// ─── Measures ─────────────────────────────────────────────────────────────────────────────────────

export type MeasureInput = { x: number; y: number } | { notVisible: true };

/**
 * A reviewer's measure of a checkpoint: where they see it (campaign CRS, kept as given, never rounded)
 * or « not visible / ambiguous ». Replaces their previous measure, which goes back to the manager.
 */
export function recordMeasure(db: Db, campaignId: number, id: number, viewer: Viewer, input: MeasureInput): CheckpointView {
	const frame = campaignFrame(db, campaignId);
	const cp = repo.getCheckpoint(db, campaignId, id);
	if (!cp) throw checkpointNotFound(id);
	if (!cp.surveyed) {
		throw new InputError('not_surveyed', {
			en: `Checkpoint ${cp.code} has no surveyed position yet: it cannot be pointed.`,
			fr: `Le point de contrôle ${cp.code} n’a pas encore de position levée : il ne peut pas être pointé.`
		}, 409);
	}
	const tileIds = repo.checkpointTilePairs(db, campaignId).filter((p) => p.checkpointId === id).map((p) => p.tileId);
	if (!mayPointOn(db, campaignId, viewer.grant, tileIds)) {
		throw new ForbiddenError({ en: 'This checkpoint is not on a tile you may review.', fr: 'Ce point de contrôle n’est pas sur une tuile que vous pouvez relire.' }, 'not_your_tile');
	}
	if (!('notVisible' in input)) checkPosition(frame, input.x, input.y);
	repo.upsertMeasure(db, {
		checkpointId: id,
		userId: viewer.userId,
		campaignId,
		organisationId: viewer.grant.organisationIds[0] ?? null,
		status: 'notVisible' in input ? 'not_visible' : 'pointed',
		x: 'notVisible' in input ? null : input.x,
		y: 'notVisible' in input ? null : input.y,
		at: new Date()
	});
	return checkpointView(db, campaignId, id, viewer);
}

export interface Decision {
	checkpointId: number;
	userId: number;
	decision: 'pending' | 'kept' | 'rejected';
}

/** The manager keeps or rejects measures (or sends them back to pending), all of them or none. */
export function decideMeasures(db: Db, campaignId: number, decisions: readonly Decision[], actor: Actor): { changed: number } {
	campaignFrame(db, campaignId);
	const known = new Set(repo.listMeasures(db, campaignId).map((m) => `${m.checkpointId}:${m.userId}`));
	const missing = decisions.filter((d) => !known.has(`${d.checkpointId}:${d.userId}`));
	if (missing.length) {
		const list = missing.slice(0, 5).map((d) => `${d.checkpointId}/${d.userId}`).join(', ');
		throw new NotFoundError({ en: `No such measure in this campaign (checkpoint/person): ${list}. Nothing was changed.`, fr: `Mesure inexistante dans cette campagne (point/personne) : ${list}. Rien n’a été modifié.` });
	}
	const now = new Date();
	return db.$client.transaction(() => {
		let changed = 0;
		for (const d of decisions) changed += repo.setDecision(db, campaignId, d.checkpointId, d.userId, d.decision, actor.id, now);
		const tally = (k: Decision['decision']) => decisions.filter((d) => d.decision === k).length;
		audit(db, actor, 'checkpoint.decide', { count: decisions.length, kept: tally('kept'), rejected: tally('rejected'), pending: tally('pending') }, campaignId);
		return { changed };
	})();
}
