/**
 * The tile document, version 1: what partners write while reviewing one tile, shared in real time
 * through Yjs. This module holds its shape and the rules every change must follow, as pure functions
 * over plain JSON values, so the server (which refuses a change that breaks them) and the browser
 * (which never offers one) apply the same rules.
 *
 * Roots of the Y.Doc:
 * - `Y.Map('meta')`: `schemaVersion` (written by the server when the room is first created);
 * - `Y.Map('defects')`: defect id → `Y.Map` of {@link DEFECT_FIELDS};
 * - `Y.Map('verdicts')`: user id → `Y.Map` of {@link VERDICT_FIELDS};
 * - `Y.Map('corrections')`: `<featureId>:<userId>` → `Y.Map` of {@link CORRECTION_FIELDS};
 * - `Y.Array('thread')`: plain objects {@link MessageValue};
 * - `Y.Map('walk')`: `<featureId>:<userId>` → `Y.Map` of {@link WALK_FIELDS} (the feature walk's answers
 *   about land-cover polygons whose home tile this is).
 * Field values are plain JSON (never nested shared types).
 */
import { SEVERITIES, type Severity } from './catalogue.ts';

export const SCHEMA_VERSION = 1;

export const ROOTS = {
	meta: 'map',
	defects: 'map',
	verdicts: 'map',
	corrections: 'map',
	thread: 'array',
	walk: 'map'
} as const;
export type RootName = keyof typeof ROOTS;

export const VERDICTS = ['accepted', 'accepted_with_reservations', 'rejected', 'cannot_tell'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const WALK_ANSWERS = ['correct', 'other_class', 'geometry_error', 'cannot_tell'] as const;
export type WalkAnswer = (typeof WALK_ANSWERS)[number];

/** Defect ids are chosen by the client (so they can be created offline). */
export const DEFECT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const LIMITS = {
	comment: 4000,
	message: 4000,
	/** Vertices of one defect geometry (all rings together). */
	vertices: 5000,
	classCode: 64
} as const;

export interface PointGeometry {
	type: 'Point';
	coordinates: [number, number];
}
export interface LineGeometry {
	type: 'LineString';
	coordinates: [number, number][];
}
export interface PolygonGeometry {
	type: 'Polygon';
	coordinates: [number, number][][];
}
export type DefectGeometry = PointGeometry | LineGeometry | PolygonGeometry;

export interface DefectValue {
	/** GeoJSON in WGS84 (longitude, latitude). */
	geometry: DefectGeometry;
	category: string;
	severity: Severity;
	comment: string;
	/** User id of the reviewer who reported it; never changes. */
	author: number;
	/** ISO 8601. */
	createdAt: string;
	/** ISO 8601, set on every edit after creation (optional). */
	updatedAt?: string;
	/** Who made the last edit (the author, or a manager). */
	updatedBy?: number;
}
export const DEFECT_FIELDS: readonly (keyof DefectValue)[] = ['geometry', 'category', 'severity', 'comment', 'author', 'createdAt', 'updatedAt', 'updatedBy'];
const DEFECT_REQUIRED: readonly (keyof DefectValue)[] = ['geometry', 'category', 'severity', 'comment', 'author', 'createdAt'];

export interface VerdictValue {
	verdict: Verdict;
	comment: string;
	at: string;
}
export const VERDICT_FIELDS: readonly (keyof VerdictValue)[] = ['verdict', 'comment', 'at'];

export interface CorrectionValue {
	/** Id of the land-cover feature (as the tile's land-cover endpoint gives it). */
	featureId: number;
	/** The delivered class. */
	from: string;
	/** The class the reviewer proposes, from the campaign's nomenclature. */
	to: string;
	comment: string;
	author: number;
	at: string;
}
export const CORRECTION_FIELDS: readonly (keyof CorrectionValue)[] = ['featureId', 'from', 'to', 'comment', 'author', 'at'];

export interface MessageValue {
	author: number;
	text: string;
	at: string;
}
export const MESSAGE_FIELDS: readonly (keyof MessageValue)[] = ['author', 'text', 'at'];

export interface WalkValue {
	featureId: number;
	answer: WalkAnswer;
	/** The class it should be, with `other_class`. */
	to?: string;
	comment: string;
	author: number;
	at: string;
}
export const WALK_FIELDS: readonly (keyof WalkValue)[] = ['featureId', 'answer', 'to', 'comment', 'author', 'at'];

/** Keys of the per-user maps. */
export const correctionKey = (featureId: number, userId: number) => `${featureId}:${userId}`;
export const walkKey = correctionKey;

/** What the rules know about the writer and the tile. */
export interface ReviewContext {
	userId: number;
	/** Managers (and site admins) may edit or delete anyone's defect. */
	isManager: boolean;
	/** Category codes new defects may use (retired ones excluded). */
	activeCategories: ReadonlySet<string>;
	/** Every code of the catalogue, retired included (an existing defect may keep a retired one). */
	allCategories: ReadonlySet<string>;
	/** Class codes of the campaign's nomenclature. */
	classCodes: ReadonlySet<string>;
	/** The tile's extent in WGS84 [west, south, east, north]. */
	tileBounds: readonly [number, number, number, number];
	/** Land-cover features touching the tile (corrections and walk answers must name one of them). */
	hasFeature: (featureId: number) => boolean;
}

/** Why a change is refused: `invalid` (breaks the document's shape: close 4400) or `forbidden` (4403). */
export interface Refusal {
	kind: 'invalid' | 'forbidden';
	reason: string;
}

const invalid = (reason: string): Refusal => ({ kind: 'invalid', reason });
const forbidden = (reason: string): Refusal => ({ kind: 'forbidden', reason });

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max: number) => typeof v === 'string' && v.length <= max;
const isUserId = (v: unknown) => Number.isSafeInteger(v) && (v as number) > 0;
// Dates are ISO 8601 as `Date.prototype.toISOString()` writes them (offline edits keep their local time).
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
const isIsoDate = (v: unknown) => typeof v === 'string' && ISO.test(v) && Number.isFinite(Date.parse(v));

function unknownField(value: Plain, allowed: readonly string[]): string | null {
	for (const k of Object.keys(value)) if (!allowed.includes(k)) return k;
	return null;
}

/**
 * A defect geometry is a GeoJSON Point, LineString or Polygon in WGS84, with finite coordinates, no
 * degenerate parts, and no vertex farther outside the tile than 10 % of the tile's size.
 */
export function checkGeometry(geometry: unknown, tileBounds: readonly [number, number, number, number]): string | null {
	if (!isPlain(geometry) || unknownField(geometry, ['type', 'coordinates'])) return 'geometry must be a GeoJSON Point, LineString or Polygon';
	const [w, s, e, n] = tileBounds;
	const mx = (e - w) * 0.1;
	const my = (n - s) * 0.1;
	let vertices = 0;
	const position = (p: unknown): p is [number, number] => {
		if (!Array.isArray(p) || p.length !== 2) return false;
		const [x, y] = p;
		if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return false;
		vertices++;
		return true;
	};
	const inside = (p: [number, number]) => p[0] >= w - mx && p[0] <= e + mx && p[1] >= s - my && p[1] <= n + my;
	const c = geometry.coordinates;
	switch (geometry.type) {
		case 'Point':
			if (!position(c)) return 'a point needs [longitude, latitude] numbers';
			return inside(c) ? null : 'the point is outside the tile';
		case 'LineString': {
			if (!Array.isArray(c) || c.length < 2 || c.length > LIMITS.vertices) return `a line needs 2 to ${LIMITS.vertices} positions`;
			for (const p of c) {
				if (!position(p)) return 'a line position must be [longitude, latitude] numbers';
				if (!inside(p)) return 'the line goes outside the tile';
			}
			if (c.every((p) => p[0] === c[0][0] && p[1] === c[0][1])) return 'a line needs two distinct positions';
			return null;
		}
		case 'Polygon': {
			if (!Array.isArray(c) || c.length < 1 || c.length > 100) return 'a polygon needs 1 to 100 rings';
			for (const ring of c) {
				if (!Array.isArray(ring) || ring.length < 4) return 'a polygon ring needs at least 4 positions (closed)';
				for (const p of ring) {
					if (!position(p)) return 'a polygon position must be [longitude, latitude] numbers';
					if (!inside(p)) return 'the polygon goes outside the tile';
				}
				if (vertices > LIMITS.vertices) return `a polygon may have at most ${LIMITS.vertices} positions`;
				const first = ring[0];
				const last = ring[ring.length - 1];
				if (first[0] !== last[0] || first[1] !== last[1]) return 'a polygon ring must be closed (last position = first)';
				if (selfIntersects(ring)) return 'a polygon ring crosses itself';
				if (isFlat(ring)) return 'a polygon ring has no area';
			}
			return null;
		}
		default:
			return 'geometry must be a GeoJSON Point, LineString or Polygon';
	}
}

/**
 * A ring with no area: collinear points leave floating-point noise (1e-18 degree² at real coordinates),
 * so "no area" is an area below a millionth of the ring's bounding box — a hand-drawn sliver 100 m long
 * and 10 cm wide, drawn diagonally, is still 2 000 times above it.
 */
function isFlat(ring: [number, number][]): boolean {
	let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
	for (const [x, y] of ring) {
		if (x < w) w = x;
		if (x > e) e = x;
		if (y < s) s = y;
		if (y > n) n = y;
	}
	return ringArea(ring) <= 1e-6 * (e - w) * (n - s);
}

function ringArea(ring: [number, number][]): number {
	let a = 0;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
	return Math.abs(a / 2);
}

/** Do two non-adjacent edges of a closed ring cross? O(n²), bounded by LIMITS.vertices. */
function selfIntersects(ring: [number, number][]): boolean {
	const n = ring.length - 1; // edges; the last position repeats the first
	if (n > 1500) return false; // a hand-drawn polygon this large is left to the reports' own checks
	for (let i = 0; i < n; i++) {
		const [a, b] = [ring[i], ring[i + 1]];
		for (let j = i + 2; j < n; j++) {
			if (i === 0 && j === n - 1) continue; // the first and last edges share a vertex
			if (segmentsCross(a, b, ring[j], ring[j + 1])) return true;
		}
	}
	return false;
}

function orient(a: [number, number], b: [number, number], c: [number, number]): number {
	const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
	return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(a: [number, number], b: [number, number], p: [number, number]): boolean {
	return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

function segmentsCross(a: [number, number], b: [number, number], c: [number, number], d: [number, number]): boolean {
	const o1 = orient(a, b, c);
	const o2 = orient(a, b, d);
	const o3 = orient(c, d, a);
	const o4 = orient(c, d, b);
	if (o1 !== o2 && o3 !== o4) return true;
	return (o1 === 0 && onSegment(a, b, c)) || (o2 === 0 && onSegment(a, b, d)) || (o3 === 0 && onSegment(c, d, a)) || (o4 === 0 && onSegment(c, d, b));
}

/** Shape of a defect entry, whoever writes it. */
export function checkDefectValue(value: unknown, ctx: ReviewContext): Refusal | null {
	if (!isPlain(value)) return invalid('a defect must be a map of fields');
	const extra = unknownField(value, DEFECT_FIELDS);
	if (extra) return invalid(`unknown defect field "${extra}"`);
	for (const f of DEFECT_REQUIRED) if (!(f in value)) return invalid(`a defect needs "${f}"`);
	const geometryProblem = checkGeometry(value.geometry, ctx.tileBounds);
	if (geometryProblem) return invalid(geometryProblem);
	if (typeof value.category !== 'string' || !ctx.allCategories.has(value.category)) return invalid(`unknown defect category "${String(value.category)}"`);
	if (!SEVERITIES.includes(value.severity as Severity)) return invalid(`unknown severity "${String(value.severity)}"`);
	if (!isText(value.comment, LIMITS.comment)) return invalid(`a comment is text of at most ${LIMITS.comment} characters`);
	if (!isUserId(value.author)) return invalid('a defect author is a user id');
	if (!isIsoDate(value.createdAt)) return invalid('createdAt must be an ISO 8601 date');
	if ('updatedAt' in value && !isIsoDate(value.updatedAt)) return invalid('updatedAt must be an ISO 8601 date');
	if ('updatedBy' in value && !isUserId(value.updatedBy)) return invalid('updatedBy is a user id');
	return null;
}

/**
 * May this writer turn `before` into `after` under defect id `id`? (undefined = absent: creation or
 * deletion.) Reviewers create defects as themselves and edit or delete their own; managers any.
 */
export function checkDefectChange(id: string, before: DefectValue | undefined, after: unknown, ctx: ReviewContext): Refusal | null {
	if (!DEFECT_ID.test(id)) return invalid(`defect id "${id.slice(0, 80)}" must be 1–64 letters, digits, _ or -`);
	if (after === undefined) {
		if (!before) return null;
		return before.author === ctx.userId || ctx.isManager ? null : forbidden('only the author or a manager may delete a defect');
	}
	const shape = checkDefectValue(after, ctx);
	if (shape) return shape;
	const next = after as DefectValue;
	if (!before) {
		if (next.author !== ctx.userId) return forbidden('a new defect must have its sender as author');
		if (!ctx.activeCategories.has(next.category)) return invalid(`category "${next.category}" is retired`);
		return null;
	}
	if (before.author !== ctx.userId && !ctx.isManager) return forbidden('only the author or a manager may edit a defect');
	if (next.author !== before.author || next.createdAt !== before.createdAt) return forbidden('a defect keeps its author and creation date');
	if (next.category !== before.category && !ctx.activeCategories.has(next.category)) return invalid(`category "${next.category}" is retired`);
	if (next.updatedBy !== undefined && next.updatedBy !== before.updatedBy && next.updatedBy !== ctx.userId) return forbidden('updatedBy must be the sender');
	return null;
}

/** Each reviewer gives one verdict per tile, under their own user id. */
export function checkVerdictChange(key: string, after: unknown, ctx: ReviewContext): Refusal | null {
	if (key !== String(ctx.userId)) return forbidden('a verdict is given under the sender’s own user id');
	if (after === undefined) return null;
	if (!isPlain(after)) return invalid('a verdict must be a map of fields');
	const extra = unknownField(after, VERDICT_FIELDS);
	if (extra) return invalid(`unknown verdict field "${extra}"`);
	if (!VERDICTS.includes(after.verdict as Verdict)) return invalid(`unknown verdict "${String(after.verdict)}"`);
	if (!isText(after.comment, LIMITS.comment)) return invalid(`a comment is text of at most ${LIMITS.comment} characters`);
	if (!isIsoDate(after.at)) return invalid('at must be an ISO 8601 date');
	return null;
}

function checkFeatureKey(key: string, ctx: ReviewContext): { featureId: number } | Refusal {
	const m = /^([1-9]\d{0,14}):([1-9]\d{0,14})$/.exec(key);
	if (!m) return invalid(`key "${key.slice(0, 80)}" must be <featureId>:<userId>`);
	if (Number(m[2]) !== ctx.userId) return forbidden('answers are given under the sender’s own user id');
	const featureId = Number(m[1]);
	if (!ctx.hasFeature(featureId)) return invalid(`land-cover feature ${featureId} does not touch this tile`);
	return { featureId };
}

/** A class correction proposes another class of the nomenclature for one land-cover polygon. */
export function checkCorrectionChange(key: string, after: unknown, ctx: ReviewContext): Refusal | null {
	const k = checkFeatureKey(key, ctx);
	if ('kind' in k) return k;
	if (after === undefined) return null;
	if (!isPlain(after)) return invalid('a correction must be a map of fields');
	const extra = unknownField(after, CORRECTION_FIELDS);
	if (extra) return invalid(`unknown correction field "${extra}"`);
	if (after.featureId !== k.featureId) return invalid('featureId must match the key');
	if (after.author !== ctx.userId) return forbidden('a correction must have its sender as author');
	if (!isText(after.from, LIMITS.classCode)) return invalid('from is the delivered class code');
	if (typeof after.to !== 'string' || !ctx.classCodes.has(after.to)) return invalid(`"${String(after.to).slice(0, 80)}" is not a class of the campaign’s nomenclature`);
	if (!isText(after.comment, LIMITS.comment)) return invalid(`a comment is text of at most ${LIMITS.comment} characters`);
	if (!isIsoDate(after.at)) return invalid('at must be an ISO 8601 date');
	return null;
}

/** A feature-walk answer about one land-cover polygon. */
export function checkWalkChange(key: string, after: unknown, ctx: ReviewContext): Refusal | null {
	const k = checkFeatureKey(key, ctx);
	if ('kind' in k) return k;
	if (after === undefined) return null;
	if (!isPlain(after)) return invalid('a walk answer must be a map of fields');
	const extra = unknownField(after, WALK_FIELDS);
	if (extra) return invalid(`unknown walk field "${extra}"`);
	if (after.featureId !== k.featureId) return invalid('featureId must match the key');
	if (after.author !== ctx.userId) return forbidden('a walk answer must have its sender as author');
	if (!WALK_ANSWERS.includes(after.answer as WalkAnswer)) return invalid(`unknown walk answer "${String(after.answer)}"`);
	if (after.answer === 'other_class') {
		if (typeof after.to !== 'string' || !ctx.classCodes.has(after.to)) return invalid('an "other class" answer names a class of the nomenclature');
	} else if ('to' in after) return invalid('"to" goes only with an "other class" answer');
	if (!isText(after.comment, LIMITS.comment)) return invalid(`a comment is text of at most ${LIMITS.comment} characters`);
	if (!isIsoDate(after.at)) return invalid('at must be an ISO 8601 date');
	return null;
}

/** A message appended to the tile's discussion thread. */
export function checkMessage(value: unknown, ctx: ReviewContext): Refusal | null {
	if (!isPlain(value)) return invalid('a message must be an object');
	const extra = unknownField(value, MESSAGE_FIELDS);
	if (extra) return invalid(`unknown message field "${extra}"`);
	if (value.author !== ctx.userId) return forbidden('a message must have its sender as author');
	if (typeof value.text !== 'string' || value.text.trim() === '' || value.text.length > LIMITS.message) return invalid(`a message is 1 to ${LIMITS.message} characters`);
	if (!isIsoDate(value.at)) return invalid('at must be an ISO 8601 date');
	return null;
}

/** Only its author or a manager may remove a message. */
export function checkMessageRemoval(value: unknown, ctx: ReviewContext): Refusal | null {
	const author = isPlain(value) ? value.author : undefined;
	return author === ctx.userId || ctx.isManager ? null : forbidden('only the author or a manager may remove a message');
}
