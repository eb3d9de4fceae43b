/**
 * One tile's Yjs document on the server, with the rules of src/lib/review/document.ts enforced on
 * every incoming update.
 *
 * Yjs cannot undo a remote update once applied, and checking an update's meaning without applying it
 * means re-implementing Yjs's integration. So an update is applied, the transaction's changes are
 * read (every touched entry, its value before and after), and the rules are checked; when they fail,
 * the caller throws this document away and rebuilds it from what is stored (plus what is waiting to
 * be stored). A refused update is therefore never stored, never relayed, and leaves no trace.
 */
import * as Y from 'yjs';
import {
	checkCorrectionChange,
	checkDefectChange,
	checkMessage,
	checkMessageRemoval,
	checkVerdictChange,
	checkWalkChange,
	SCHEMA_VERSION,
	type DefectValue,
	type MessageValue,
	type Refusal,
	type ReviewContext
} from '../../src/lib/review/document.ts';

/** Roots whose entries are keyed `Y.Map`s. */
export const ENTRY_ROOTS = ['defects', 'verdicts', 'corrections', 'walk'] as const;
export type EntryRoot = (typeof ENTRY_ROOTS)[number];

/** One entry of a keyed root, before and after an update (undefined = absent). */
export interface EntryChange {
	root: EntryRoot;
	key: string;
	before: Record<string, unknown> | undefined;
	after: Record<string, unknown> | undefined;
}

/** What an accepted update changed. */
export interface AppliedChanges {
	entries: EntryChange[];
	/** The whole thread after the update, when it changed. */
	thread: MessageValue[] | null;
	/** Messages added and removed (for the history). */
	threadAdded: MessageValue[];
	threadRemoved: MessageValue[];
}

export type ApplyResult = { ok: true; changes: AppliedChanges | null } | { ok: false; refusal: Refusal; dirty: boolean };

/** Transaction origin of what the server itself writes (document creation, a manager's restore). */
export const SERVER_ORIGIN = Symbol('server');
const LOAD_ORIGIN = Symbol('load');

const invalid = (reason: string): ApplyResult => ({ ok: false, refusal: { kind: 'invalid', reason }, dirty: true });

/** Yjs's empty update (no structs, empty delete set): what a client with nothing new sends. */
function isEmptyUpdate(update: Uint8Array): boolean {
	return update.length === 2 && update[0] === 0 && update[1] === 0;
}

const isShared = (v: unknown) => v instanceof Y.AbstractType || v instanceof Y.Doc;

export class TileDocument {
	readonly doc: Y.Doc;
	private readonly maps: Record<EntryRoot | 'meta', Y.Map<unknown>>;
	private readonly thread: Y.Array<unknown>;
	/** The last accepted value of every entry, as plain JSON: the "before" of the next change. */
	private readonly entries: Record<EntryRoot, Map<string, Record<string, unknown>>>;
	private threadValues: MessageValue[] = [];
	/** Set while an update is applied: the transaction and the thread's delta it produced. */
	private capture: { origin: unknown; tr: Y.Transaction | null; threadDelta: Y.YEvent<Y.Array<unknown>>['changes']['delta'] | null } | null = null;

	/** Build from stored updates (snapshot first), oldest first. */
	constructor(updates: Iterable<Uint8Array>) {
		this.doc = new Y.Doc();
		const doc = this.doc;
		this.maps = {
			meta: doc.getMap('meta'),
			defects: doc.getMap('defects'),
			verdicts: doc.getMap('verdicts'),
			corrections: doc.getMap('corrections'),
			walk: doc.getMap('walk')
		};
		this.thread = doc.getArray('thread');
		doc.transact(() => {
			for (const u of updates) Y.applyUpdate(doc, u, LOAD_ORIGIN);
		}, LOAD_ORIGIN);
		this.entries = { defects: new Map(), verdicts: new Map(), corrections: new Map(), walk: new Map() };
		for (const root of ENTRY_ROOTS) {
			for (const [key, value] of this.maps[root]) {
				if (value instanceof Y.Map) this.entries[root].set(key, value.toJSON());
			}
		}
		this.threadValues = this.thread.toJSON() as MessageValue[];
		doc.on('afterTransaction', (tr: Y.Transaction) => {
			if (this.capture && tr.origin === this.capture.origin) this.capture.tr = tr;
		});
		this.thread.observe((event) => {
			if (this.capture && event.transaction.origin === this.capture.origin) this.capture.threadDelta = event.changes.delta;
		});
	}

	/** Is the document new (no schema version yet)? */
	get isNew(): boolean {
		return !this.maps.meta.has('schemaVersion');
	}

	/** Write the schema version into a new document; returns the update to store first. */
	initialize(): Uint8Array | null {
		if (!this.isNew) return null;
		let out: Uint8Array | null = null;
		const onUpdate = (u: Uint8Array) => (out = u);
		this.doc.on('update', onUpdate);
		this.doc.transact(() => this.maps.meta.set('schemaVersion', SCHEMA_VERSION), SERVER_ORIGIN);
		this.doc.off('update', onUpdate);
		return out;
	}

	stateVector(): Uint8Array {
		return Y.encodeStateVector(this.doc);
	}

	/** What a peer with this state vector is missing (the whole document without one). */
	diff(stateVector?: Uint8Array): Uint8Array {
		return Y.encodeStateAsUpdate(this.doc, stateVector);
	}

	/** Plain JSON of the current entries (for projections and tests). */
	snapshotEntries(): { entries: Record<EntryRoot, Map<string, Record<string, unknown>>>; thread: MessageValue[] } {
		return { entries: this.entries, thread: this.threadValues };
	}

	/**
	 * Apply an update sent by a connection. `writer` null = a read-only connection: only an update
	 * that changes nothing is accepted. On refusal with `dirty` set, this document may hold part of
	 * the refused update: the caller must discard it.
	 */
	apply(update: Uint8Array, writer: ReviewContext | null, origin: object): ApplyResult {
		if (isEmptyUpdate(update)) return { ok: true, changes: null };
		if (!writer) {
			return this.changesNothing(update)
				? { ok: true, changes: null }
				: { ok: false, refusal: { kind: 'forbidden', reason: 'this connection is read-only' }, dirty: false };
		}
		this.capture = { origin, tr: null, threadDelta: null };
		try {
			Y.applyUpdate(this.doc, update, origin);
		} catch {
			this.capture = null;
			return invalid('the update cannot be decoded');
		}
		const { tr, threadDelta } = this.capture;
		this.capture = null;
		if (this.doc.store.pendingStructs || this.doc.store.pendingDs) return invalid('the update depends on changes the server does not have');
		if (!tr || (tr.changed.size === 0 && tr.deleteSet.clients.size === 0)) return { ok: true, changes: null };
		return this.inspect(tr, threadDelta, writer);
	}

	/** Apply a change made by the server itself (a manager's restore); returns the update to store. */
	serverChange(fn: (maps: Record<EntryRoot, Y.Map<unknown>>) => void): { update: Uint8Array; changes: AppliedChanges | null } | null {
		let update: Uint8Array | null = null;
		const onUpdate = (u: Uint8Array, origin: unknown) => {
			if (origin === SERVER_ORIGIN) update = u;
		};
		this.doc.on('update', onUpdate);
		this.capture = { origin: SERVER_ORIGIN, tr: null, threadDelta: null };
		this.doc.transact(() => fn(this.maps), SERVER_ORIGIN);
		const { tr, threadDelta } = this.capture;
		this.capture = null;
		this.doc.off('update', onUpdate);
		if (!update || !tr) return null;
		// The server trusts itself: read the changes without checking who may make them.
		const result = this.inspect(tr, threadDelta, null);
		return { update, changes: result.ok ? result.changes : null };
	}

	private rootOf(type: Y.AbstractType<any>): EntryRoot | 'meta' | 'thread' | null { // eslint-disable-line @typescript-eslint/no-explicit-any
		if (type === (this.thread as unknown)) return 'thread';
		for (const name of ['meta', ...ENTRY_ROOTS] as const) if ((this.maps[name] as unknown) === type) return name;
		return null;
	}

	private inspect(tr: Y.Transaction, threadDelta: Y.YEvent<Y.Array<unknown>>['changes']['delta'] | null, writer: ReviewContext | null): ApplyResult {
		const touched: Record<EntryRoot, Set<string>> = { defects: new Set(), verdicts: new Set(), corrections: new Set(), walk: new Set() };
		let threadTouched = false;
		for (const [type, keys] of tr.changed) {
			const item = type._item;
			if (item === null) {
				const root = this.rootOf(type);
				if (root === null) return invalid(`unknown root "${String(Y.findRootTypeKey(type)).slice(0, 80)}"`);
				if (root === 'meta') {
					if (writer) return { ok: false, refusal: { kind: 'forbidden', reason: 'only the server writes the document’s meta' }, dirty: true };
					continue;
				}
				if (root === 'thread') {
					if ([...keys].some((k) => k !== null)) return invalid('the thread is a list');
					threadTouched = true;
					continue;
				}
				for (const k of keys) {
					if (k === null) return invalid(`"${root}" is a map of entries`);
					touched[root].add(k);
				}
			} else {
				// A change inside an entry: it must be one of the keyed roots' entry maps, one level down.
				const parent = item.parent as Y.AbstractType<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
				const root = parent instanceof Y.AbstractType ? this.rootOf(parent) : null;
				if (!root || root === 'meta' || root === 'thread' || !(type instanceof Y.Map) || item.parentSub === null) {
					return invalid('field values are plain JSON, not nested shared types');
				}
				if ([...keys].some((k) => k === null)) return invalid('an entry is a map of fields');
				touched[root].add(item.parentSub);
			}
		}

		const changes: AppliedChanges = { entries: [], thread: null, threadAdded: [], threadRemoved: [] };
		for (const root of ENTRY_ROOTS) {
			for (const key of touched[root]) {
				const value = this.maps[root].get(key);
				let after: Record<string, unknown> | undefined;
				if (value !== undefined) {
					if (!(value instanceof Y.Map) || value._start !== null) return invalid(`an entry of "${root}" must be a map of fields`);
					for (const field of value.values()) if (isShared(field)) return invalid('field values are plain JSON, not nested shared types');
					after = value.toJSON();
				}
				const before = this.entries[root].get(key);
				if (before === undefined && after === undefined) continue;
				if (writer) {
					const refusal =
						root === 'defects'
							? checkDefectChange(key, before as DefectValue | undefined, after, writer)
							: root === 'verdicts'
								? checkVerdictChange(key, after, writer)
								: root === 'corrections'
									? checkCorrectionChange(key, after, writer)
									: checkWalkChange(key, after, writer);
					if (refusal) return { ok: false, refusal, dirty: true };
				}
				if (before !== undefined && after !== undefined && JSON.stringify(before) === JSON.stringify(after)) continue;
				changes.entries.push({ root, key, before, after });
			}
		}
		for (const root of ENTRY_ROOTS) if (this.maps[root]._start !== null) return invalid(`"${root}" is a map of entries`);
		if (this.thread._map.size > 0) return invalid('the thread is a list');

		if (threadTouched && threadDelta) {
			let at = 0;
			for (const op of threadDelta) {
				if (op.retain) at += op.retain;
				else if (op.delete) {
					for (const removed of this.threadValues.slice(at, at + op.delete)) {
						const refusal = writer && checkMessageRemoval(removed, writer);
						if (refusal) return { ok: false, refusal, dirty: true };
						changes.threadRemoved.push(removed);
					}
					at += op.delete;
				} else if (op.insert) {
					for (const value of op.insert as unknown[]) {
						if (isShared(value)) return invalid('thread messages are plain JSON');
						const refusal = writer && checkMessage(value, writer);
						if (refusal) return { ok: false, refusal, dirty: true };
						changes.threadAdded.push(value as MessageValue);
					}
				}
			}
			changes.thread = this.thread.toJSON() as MessageValue[];
		}

		// Accepted: what is now in the document becomes the "before" of the next change.
		for (const c of changes.entries) {
			if (c.after === undefined) this.entries[c.root].delete(c.key);
			else this.entries[c.root].set(c.key, c.after);
		}
		if (changes.thread) this.threadValues = changes.thread;
		if (!changes.entries.length && !changes.thread) return { ok: true, changes: null };
		return { ok: true, changes };
	}

	/**
	 * Would this update change nothing? A read-only peer's sync step 2 carries its whole delete set
	 * and no new structs: accepted when every struct and every deletion is already known here.
	 */
	private changesNothing(update: Uint8Array): boolean {
		let decoded: ReturnType<typeof Y.decodeUpdate>;
		try {
			decoded = Y.decodeUpdate(Y.diffUpdate(update, this.stateVector()));
		} catch {
			return false;
		}
		if (decoded.structs.length > 0) return false;
		if (decoded.ds.clients.size === 0) return true;
		const known = Y.createDeleteSetFromStructStore(this.doc.store);
		for (const [client, ranges] of decoded.ds.clients) {
			const have = known.clients.get(client) ?? [];
			for (const r of ranges) {
				if (!have.some((h) => h.clock <= r.clock && r.clock + r.len <= h.clock + h.len)) return false;
			}
		}
		return true;
	}

	destroy(): void {
		this.doc.destroy();
	}
}
