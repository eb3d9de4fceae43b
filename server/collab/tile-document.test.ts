import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_CATALOGUE, activeCodes } from '../../src/lib/review/catalogue.ts';
import type { ReviewContext } from '../../src/lib/review/document.ts';
import { TileDocument } from './tile-document.ts';

const BOUNDS = [-97.5, 38.0, -97.4875, 38.009] as const;
const writer = (userId: number, over: Partial<ReviewContext> = {}): ReviewContext => ({
	userId,
	isManager: false,
	activeCategories: activeCodes(DEFAULT_CATALOGUE),
	allCategories: activeCodes(DEFAULT_CATALOGUE),
	classCodes: new Set(['CS1.1.1.1', 'CS2.2.1']),
	tileBounds: BOUNDS,
	hasFeature: (id) => id === 5,
	...over
});
const at = '2026-12-06T10:00:00.000Z';
const point = { type: 'Point', coordinates: [-97.495, 38.004] };

/** A server document and a client that synced with it. */
function setup() {
	const server = new TileDocument([]);
	const init = server.initialize();
	const client = new Y.Doc();
	Y.applyUpdate(client, server.diff());
	return { server, client, init };
}

/** The update a client change produces. */
function change(client: Y.Doc, fn: () => void): Uint8Array {
	let out: Uint8Array | null = null;
	const h = (u: Uint8Array) => (out = u);
	client.on('update', h);
	client.transact(fn);
	client.off('update', h);
	if (!out) throw new Error('no update');
	return out;
}

function addDefect(client: Y.Doc, id: string, fields: Record<string, unknown>) {
	return change(client, () => {
		const m = new Y.Map<unknown>();
		for (const [k, v] of Object.entries(fields)) m.set(k, v);
		client.getMap('defects').set(id, m);
	});
}

const defect = (author: number) => ({ geometry: point, category: 'geometry_blur', severity: 'minor', comment: 'Flou', author, createdAt: at });

describe('TileDocument', () => {
	it('writes its schema version once, as the first stored update', () => {
		const { server, init } = setup();
		expect(init).toBeInstanceOf(Uint8Array);
		expect(server.isNew).toBe(false);
		expect(server.initialize()).toBeNull();
		const reloaded = new TileDocument([init!]);
		expect(reloaded.isNew).toBe(false);
		expect(reloaded.doc.getMap('meta').get('schemaVersion')).toBe(1);
	});

	it('accepts a reviewer’s own defect and reports what changed', () => {
		const { server, client } = setup();
		const r = server.apply(addDefect(client, 'd1', defect(7)), writer(7), {});
		expect(r).toEqual({ ok: true, changes: { entries: [{ root: 'defects', key: 'd1', before: undefined, after: defect(7) }], thread: null, threadAdded: [], threadRemoved: [] } });
		// an edit: before and after
		const edit = change(client, () => (client.getMap('defects').get('d1') as Y.Map<unknown>).set('severity', 'major'));
		const r2 = server.apply(edit, writer(7), {});
		expect(r2.ok && r2.changes?.entries[0]).toMatchObject({ before: { severity: 'minor' }, after: { severity: 'major' } });
	});

	it.each([
		['someone else as author', (c: Y.Doc) => addDefect(c, 'd1', defect(8)), 'forbidden'],
		['an unknown category', (c: Y.Doc) => addDefect(c, 'd1', { ...defect(7), category: 'nope' }), 'invalid'],
		['an unknown field', (c: Y.Doc) => addDefect(c, 'd1', { ...defect(7), colour: 'red' }), 'invalid'],
		['an unknown root', (c: Y.Doc) => change(c, () => c.getMap('evil').set('x', 1)), 'invalid'],
		['a plain value where an entry map belongs', (c: Y.Doc) => change(c, () => c.getMap('defects').set('d1', defect(7))), 'invalid'],
		['the meta', (c: Y.Doc) => change(c, () => c.getMap('meta').set('schemaVersion', 2)), 'forbidden'],
		['a list item in a map root', (c: Y.Doc) => change(c, () => c.getArray('defects').insert(0, [1])), 'invalid'],
		[
			'a nested shared type as a field',
			(c: Y.Doc) =>
				change(c, () => {
					const m = new Y.Map<unknown>();
					for (const [k, v] of Object.entries(defect(7))) m.set(k, v);
					m.set('comment', new Y.Text('x'));
					c.getMap('defects').set('d1', m);
				}),
			'invalid'
		],
		['someone else’s verdict', (c: Y.Doc) => change(c, () => c.getMap('verdicts').set('8', new Y.Map(Object.entries({ verdict: 'accepted', comment: '', at })))), 'forbidden'],
		['a message as someone else', (c: Y.Doc) => change(c, () => c.getArray('thread').push([{ author: 8, text: 'x', at }])), 'forbidden']
	])('refuses %s, and flags the document dirty', (_, make, kind) => {
		const { server, client } = setup();
		const r = server.apply(make(client), writer(7), {});
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.refusal.kind).toBe(kind);
			expect(r.dirty).toBe(true);
		}
	});

	it('lets only the author (or a manager) delete a defect', () => {
		const { server, client } = setup();
		expect(server.apply(addDefect(client, 'd1', defect(8)), writer(8), {}).ok).toBe(true);
		const del = change(client, () => client.getMap('defects').delete('d1'));
		expect(server.apply(del, writer(7), {})).toMatchObject({ ok: false, refusal: { kind: 'forbidden' } });
		// the refused document is discarded and rebuilt by the room; a fresh one accepts a manager's delete
		const rebuilt = new TileDocument([Y.encodeStateAsUpdate(server.doc)]);
		void rebuilt;
		const { server: s2, client: c2 } = setup();
		s2.apply(addDefect(c2, 'd1', defect(8)), writer(8), {});
		const del2 = change(c2, () => c2.getMap('defects').delete('d1'));
		expect(s2.apply(del2, writer(7, { isManager: true }), {})).toMatchObject({ ok: true, changes: { entries: [{ key: 'd1', after: undefined }] } });
	});

	it('a read-only connection may sync (its delete set is known) but not change anything', () => {
		const { server, client } = setup();
		server.apply(addDefect(client, 'd1', defect(7)), writer(7), {});
		server.apply(change(client, () => client.getMap('defects').delete('d1')), writer(7), {});
		const observer = new Y.Doc();
		Y.applyUpdate(observer, server.diff());
		// what a y-websocket client answers to the server's sync step 1: new structs (none) + its whole delete set
		const step2 = Y.encodeStateAsUpdate(observer, server.stateVector());
		expect(server.apply(step2, null, {})).toEqual({ ok: true, changes: null });
		const write = addDefect(observer, 'd2', defect(9));
		expect(server.apply(write, null, {})).toMatchObject({ ok: false, refusal: { kind: 'forbidden' }, dirty: false });
		expect(server.doc.getMap('defects').has('d2')).toBe(false);
	});

	it('follows the thread: messages added and removed', () => {
		const { server, client } = setup();
		const add = change(client, () => client.getArray('thread').push([{ author: 7, text: 'Bonjour', at }]));
		expect(server.apply(add, writer(7), {})).toMatchObject({ ok: true, changes: { thread: [{ text: 'Bonjour' }], threadAdded: [{ text: 'Bonjour' }] } });
		const remove = change(client, () => client.getArray('thread').delete(0, 1));
		expect(server.apply(remove, writer(8), {})).toMatchObject({ ok: false, refusal: { kind: 'forbidden' } });
	});

	it('refuses an update that depends on changes it has never seen', () => {
		const { server, client } = setup();
		addDefect(client, 'd1', defect(7)); // never sent
		const next = change(client, () => (client.getMap('defects').get('d1') as Y.Map<unknown>).set('comment', 'x'));
		expect(server.apply(next, writer(7), {})).toMatchObject({ ok: false, refusal: { kind: 'invalid' } });
	});

	it('a repeated update changes nothing', () => {
		const { server, client } = setup();
		const u = addDefect(client, 'd1', defect(7));
		expect(server.apply(u, writer(7), {}).ok).toBe(true);
		expect(server.apply(u, writer(7), {})).toEqual({ ok: true, changes: null });
	});
});
