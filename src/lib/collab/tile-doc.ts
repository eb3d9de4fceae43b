/**
 * Reading and writing a tile's Yjs document from the browser, exactly in the shape
 * `src/lib/review/document.ts` describes (and the server enforces): each entry a `Y.Map` of plain
 * JSON fields, one transaction per user action. Works on any Y.Doc (browser or Node tests).
 */
import * as Y from 'yjs';
import {
	correctionKey,
	type CorrectionValue,
	type DefectGeometry,
	type DefectValue,
	type MessageValue,
	type Verdict,
	type VerdictValue,
	type WalkAnswer,
	type WalkValue,
	walkKey
} from '../review/document.ts';
import type { Severity } from '../review/catalogue.ts';

/** A defect with its id. */
export interface Defect extends DefectValue {
	id: string;
}

/** A verdict with the reviewer it belongs to. */
export interface VerdictEntry extends VerdictValue {
	userId: number;
}

/** A class correction with its key (`<featureId>:<userId>`). */
export interface CorrectionEntry extends CorrectionValue {
	key: string;
}

const isMap = (v: unknown): v is Y.Map<unknown> => v instanceof Y.Map;
const byDate = <T extends { createdAt?: string; at?: string }>(a: T, b: T) => (a.createdAt ?? a.at ?? '').localeCompare(b.createdAt ?? b.at ?? '');

/** The tile's defects, oldest first. */
export function readDefects(doc: Y.Doc): Defect[] {
	const out: Defect[] = [];
	for (const [id, value] of doc.getMap('defects')) if (isMap(value)) out.push({ ...(value.toJSON() as DefectValue), id });
	return out.sort((a, b) => byDate(a, b) || a.id.localeCompare(b.id));
}

/** Every reviewer's verdict, oldest first. */
export function readVerdicts(doc: Y.Doc): VerdictEntry[] {
	const out: VerdictEntry[] = [];
	for (const [key, value] of doc.getMap('verdicts')) {
		const userId = Number(key);
		if (isMap(value) && Number.isSafeInteger(userId)) out.push({ ...(value.toJSON() as VerdictValue), userId });
	}
	return out.sort(byDate);
}

/** Every class correction, oldest first. */
export function readCorrections(doc: Y.Doc): CorrectionEntry[] {
	const out: CorrectionEntry[] = [];
	for (const [key, value] of doc.getMap('corrections')) if (isMap(value)) out.push({ ...(value.toJSON() as CorrectionValue), key });
	return out.sort(byDate);
}

/** A feature-walk answer with its key (`<featureId>:<userId>`). */
export interface WalkEntry extends WalkValue {
	key: string;
}

/** Every feature-walk answer held by this (home) tile's document, oldest first. */
export function readWalk(doc: Y.Doc): WalkEntry[] {
	const out: WalkEntry[] = [];
	for (const [key, value] of doc.getMap('walk')) if (isMap(value)) out.push({ ...(value.toJSON() as WalkValue), key });
	return out.sort(byDate);
}

/** The discussion thread, in its order. */
export function readThread(doc: Y.Doc): MessageValue[] {
	return doc.getArray('thread').toArray().filter((m): m is MessageValue => typeof m === 'object' && m !== null && !Array.isArray(m));
}

/** May this user change or delete this defect? (the author, or a manager — `checkDefectChange`). */
export function mayEditDefect(defect: Pick<DefectValue, 'author'>, userId: number, isManager: boolean): boolean {
	return defect.author === userId || isManager;
}

/** May this user delete this message? (its author, or a manager — `checkMessageRemoval`). */
export function mayDeleteMessage(message: Pick<MessageValue, 'author'>, userId: number, isManager: boolean): boolean {
	return message.author === userId || isManager;
}

/**
 * A field value as the document holds it: plain JSON, copied. Yjs keeps a reference to the object
 * it is given, so a reactive proxy (a Svelte `$state` draft) or an object the caller mutates later
 * would otherwise end up inside the local document.
 */
const plain = (v: unknown): unknown => (typeof v === 'object' && v !== null ? JSON.parse(JSON.stringify(v)) : v);

/** Set the fields that differ (all of them on a map not yet in the document, which cannot be read). */
function setFields(map: Y.Map<unknown>, fields: object, fresh = false): void {
	for (const [k, v] of Object.entries(fields)) {
		if (v !== undefined && (fresh || JSON.stringify(map.get(k)) !== JSON.stringify(v))) map.set(k, plain(v));
	}
}

/** A new entry map holding `fields`. */
function entryOf(fields: object): Y.Map<unknown> {
	const entry = new Y.Map<unknown>();
	setFields(entry, fields, true);
	return entry;
}

/** Add a new defect (its author must be the writer). */
export function createDefect(doc: Y.Doc, id: string, value: DefectValue, origin: unknown): void {
	doc.transact(() => {
		doc.getMap('defects').set(id, entryOf(value));
	}, origin);
}

/** What an edit of a defect may change. */
export type DefectPatch = Partial<{ geometry: DefectGeometry; category: string; severity: Severity; comment: string }>;

/**
 * Change some fields of a defect, field by field (two people editing different fields at once both
 * keep their change), stamping `updatedAt` and `updatedBy`. False when the defect is gone or nothing changes.
 */
export function editDefect(doc: Y.Doc, id: string, patch: DefectPatch, by: { userId: number; at: string }, origin: unknown): boolean {
	const entry = doc.getMap('defects').get(id);
	if (!isMap(entry)) return false;
	const changed = Object.entries(patch).some(([k, v]) => v !== undefined && JSON.stringify(entry.get(k)) !== JSON.stringify(v));
	if (!changed) return false;
	doc.transact(() => setFields(entry, { ...patch, updatedAt: by.at, updatedBy: by.userId }), origin);
	return true;
}

/** Remove a defect. False when it is already gone. */
export function deleteDefect(doc: Y.Doc, id: string, origin: unknown): boolean {
	const defects = doc.getMap('defects');
	if (!defects.has(id)) return false;
	doc.transact(() => defects.delete(id), origin);
	return true;
}

/** Give or change the writer's own verdict. */
export function giveVerdict(doc: Y.Doc, userId: number, value: { verdict: Verdict; comment: string }, at: string, origin: unknown): void {
	doc.transact(() => {
		const verdicts = doc.getMap('verdicts');
		const existing = verdicts.get(String(userId));
		if (isMap(existing)) setFields(existing, { ...value, at });
		else verdicts.set(String(userId), entryOf({ ...value, at }));
	}, origin);
}

/** Withdraw the writer's own verdict. */
export function withdrawVerdict(doc: Y.Doc, userId: number, origin: unknown): boolean {
	const verdicts = doc.getMap('verdicts');
	if (!verdicts.has(String(userId))) return false;
	doc.transact(() => verdicts.delete(String(userId)), origin);
	return true;
}

/** Propose (or change) the writer's class for a land-cover polygon. */
export function proposeCorrection(
	doc: Y.Doc,
	value: { featureId: number; from: string; to: string; comment: string },
	userId: number,
	at: string,
	origin: unknown
): void {
	const key = correctionKey(value.featureId, userId);
	doc.transact(() => {
		const corrections = doc.getMap('corrections');
		const fields: CorrectionValue = { ...value, author: userId, at };
		const existing = corrections.get(key);
		if (isMap(existing)) setFields(existing, fields);
		else corrections.set(key, entryOf(fields));
	}, origin);
}

/** Withdraw the writer's correction of a polygon. */
export function withdrawCorrection(doc: Y.Doc, featureId: number, userId: number, origin: unknown): boolean {
	const corrections = doc.getMap('corrections');
	const key = correctionKey(featureId, userId);
	if (!corrections.has(key)) return false;
	doc.transact(() => corrections.delete(key), origin);
	return true;
}

/** Append a message to the discussion thread. */
export function postMessage(doc: Y.Doc, userId: number, text: string, at: string, origin: unknown): void {
	doc.transact(() => doc.getArray('thread').push([{ author: userId, text: String(text), at } satisfies MessageValue]), origin);
}

/**
 * Remove a message. Found by its content, not its position: others may have posted meanwhile.
 * False when it is not there any more.
 */
export function deleteMessage(doc: Y.Doc, message: MessageValue, origin: unknown): boolean {
	const thread = doc.getArray('thread');
	const index = thread.toArray().findIndex((m) => {
		const v = m as MessageValue;
		return v && v.author === message.author && v.at === message.at && v.text === message.text;
	});
	if (index === -1) return false;
	doc.transact(() => thread.delete(index, 1), origin);
	return true;
}

/**
 * Give (or change) the writer's answer about a polygon of the feature walk. `to` (the class it should
 * be) goes with an "other class" answer only: changing to another answer removes it, as the rules require.
 */
export function answerWalk(
	doc: Y.Doc,
	value: { featureId: number; answer: WalkAnswer; to?: string | null; comment: string },
	userId: number,
	at: string,
	origin: unknown
): void {
	const key = walkKey(value.featureId, userId);
	const fields: WalkValue = { featureId: value.featureId, answer: value.answer, comment: value.comment, author: userId, at };
	if (value.answer === 'other_class' && value.to) fields.to = value.to;
	doc.transact(() => {
		const walk = doc.getMap('walk');
		const existing = walk.get(key);
		if (!isMap(existing)) return walk.set(key, entryOf(fields));
		setFields(existing, fields);
		if (fields.to === undefined && existing.has('to')) existing.delete('to');
	}, origin);
}

/** Withdraw the writer's answer about a polygon. False when there is none. */
export function withdrawWalkAnswer(doc: Y.Doc, featureId: number, userId: number, origin: unknown): boolean {
	const walk = doc.getMap('walk');
	const key = walkKey(featureId, userId);
	if (!walk.has(key)) return false;
	doc.transact(() => walk.delete(key), origin);
	return true;
}
