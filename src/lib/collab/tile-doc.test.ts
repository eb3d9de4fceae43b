/**
 * What the browser writes is what the server accepts: every helper's update goes through the
 * server's own TileDocument (the rules of src/lib/review/document.ts), as a reviewer's and as a
 * manager's connection.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TileDocument } from '../../../server/collab/tile-document.ts';
import { DEFAULT_CATALOGUE, activeCodes } from '../review/catalogue.ts';
import type { ReviewContext } from '../review/document.ts';
import { newDefectId } from '../review/ids.ts';
import {
	createDefect,
	deleteDefect,
	deleteMessage,
	editDefect,
	giveVerdict,
	mayDeleteMessage,
	mayEditDefect,
	postMessage,
	proposeCorrection,
	answerWalk,
	readCorrections,
	readWalk,
	readDefects,
	readThread,
	readVerdicts,
	withdrawCorrection,
	withdrawVerdict,
	withdrawWalkAnswer
} from './tile-doc.ts';

const BOUNDS = [-97.5, 38.0, -97.4875, 38.009] as const;
const rules = (userId: number, isManager = false): ReviewContext => ({
	userId,
	isManager,
	activeCategories: activeCodes(DEFAULT_CATALOGUE),
	allCategories: activeCodes(DEFAULT_CATALOGUE),
	classCodes: new Set(['CS1.1.1.1', 'CS2.2.1']),
	tileBounds: BOUNDS,
	hasFeature: (id) => id === 5
});
const ORIGIN = 'test-local';
const at = (n: number) => `2026-12-06T10:00:0${n}.000Z`;

/** A server document and one browser document per user, all synced. */
function room() {
	const server = new TileDocument([]);
	server.initialize();
	const peer = (userId: number, isManager = false) => {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, server.diff());
		/** Run a browser action; send its update to the server; the server's verdict on it. */
		const act = (fn: (doc: Y.Doc) => unknown) => {
			const updates: Uint8Array[] = [];
			const h = (u: Uint8Array, origin: unknown) => origin === ORIGIN && updates.push(u);
			doc.on('update', h);
			fn(doc);
			doc.off('update', h);
			const results = updates.map((u) => server.apply(u, rules(userId, isManager), {}));
			return results.every((r) => r.ok) ? 'ok' : results.find((r) => !r.ok);
		};
		const pull = () => Y.applyUpdate(doc, server.diff(Y.encodeStateVector(doc)));
		return { doc, act, pull };
	};
	return { server, peer };
}

const point = { type: 'Point' as const, coordinates: [-97.495, 38.004] as [number, number] };

describe('tile document helpers, checked by the server’s rules', () => {
	it('a reviewer creates, edits and deletes their own defect', () => {
		const { peer, server } = room();
		const r = peer(7);
		const id = newDefectId();
		expect(r.act((d) => createDefect(d, id, { geometry: point, category: 'geometry_blur', severity: 'minor', comment: 'Flou', author: 7, createdAt: at(1) }, ORIGIN))).toBe('ok');
		expect(r.act((d) => editDefect(d, id, { severity: 'major', comment: 'Très flou' }, { userId: 7, at: at(2) }, ORIGIN))).toBe('ok');
		expect(readDefects(r.doc)).toEqual([
			{ id, geometry: point, category: 'geometry_blur', severity: 'major', comment: 'Très flou', author: 7, createdAt: at(1), updatedAt: at(2), updatedBy: 7 }
		]);
		expect(server.snapshotEntries().entries.defects.get(id)).toMatchObject({ severity: 'major', updatedBy: 7 });
		expect(r.act((d) => deleteDefect(d, id, ORIGIN))).toBe('ok');
		expect(readDefects(r.doc)).toEqual([]);
	});

	it('an edit that changes nothing writes nothing; editing a missing defect is refused locally', () => {
		const { peer } = room();
		const r = peer(7);
		const id = newDefectId();
		createDefect(r.doc, id, { geometry: point, category: 'geometry_blur', severity: 'minor', comment: '', author: 7, createdAt: at(1) }, ORIGIN);
		expect(editDefect(r.doc, id, { severity: 'minor' }, { userId: 7, at: at(2) }, ORIGIN)).toBe(false);
		expect(editDefect(r.doc, 'gone', { severity: 'major' }, { userId: 7, at: at(2) }, ORIGIN)).toBe(false);
		expect(deleteDefect(r.doc, 'gone', ORIGIN)).toBe(false);
	});

	it('a manager edits a reviewer’s defect (updatedBy = the manager); another reviewer may not, and the UI says so first', () => {
		const { peer } = room();
		const reviewer = peer(7);
		const manager = peer(1, true);
		const other = peer(8);
		const id = newDefectId();
		reviewer.act((d) => createDefect(d, id, { geometry: point, category: 'geometry_blur', severity: 'minor', comment: '', author: 7, createdAt: at(1) }, ORIGIN));
		manager.pull();
		other.pull();
		const defect = readDefects(manager.doc)[0];
		expect(mayEditDefect(defect, 1, true)).toBe(true);
		expect(manager.act((d) => editDefect(d, id, { category: 'radiometry_shadow' }, { userId: 1, at: at(3) }, ORIGIN))).toBe('ok');
		expect(mayEditDefect(defect, 8, false)).toBe(false);
		expect(other.act((d) => editDefect(d, id, { comment: 'non' }, { userId: 8, at: at(3) }, ORIGIN))).toMatchObject({ ok: false, refusal: { kind: 'forbidden' } });
	});

	it('verdicts: give, change, withdraw — under one’s own id', () => {
		const { peer } = room();
		const r = peer(7);
		expect(r.act((d) => giveVerdict(d, 7, { verdict: 'accepted', comment: '' }, at(1), ORIGIN))).toBe('ok');
		expect(r.act((d) => giveVerdict(d, 7, { verdict: 'rejected', comment: 'Trop de flou' }, at(2), ORIGIN))).toBe('ok');
		expect(readVerdicts(r.doc)).toEqual([{ userId: 7, verdict: 'rejected', comment: 'Trop de flou', at: at(2) }]);
		expect(r.act((d) => withdrawVerdict(d, 7, ORIGIN))).toBe('ok');
		expect(readVerdicts(r.doc)).toEqual([]);
	});

	it('corrections: propose, change, withdraw', () => {
		const { peer } = room();
		const r = peer(7);
		expect(r.act((d) => proposeCorrection(d, { featureId: 5, from: 'CS1.1.1.1', to: 'CS2.2.1', comment: 'Prairie' }, 7, at(1), ORIGIN))).toBe('ok');
		expect(r.act((d) => proposeCorrection(d, { featureId: 5, from: 'CS1.1.1.1', to: 'CS2.2.1', comment: 'Prairie permanente' }, 7, at(2), ORIGIN))).toBe('ok');
		expect(readCorrections(r.doc)).toEqual([{ key: '5:7', featureId: 5, from: 'CS1.1.1.1', to: 'CS2.2.1', comment: 'Prairie permanente', author: 7, at: at(2) }]);
		expect(r.act((d) => withdrawCorrection(d, 5, 7, ORIGIN))).toBe('ok');
		expect(readCorrections(r.doc)).toEqual([]);
	});

	it('thread: post, then delete one’s own message, found by content after others posted', () => {
		const { peer } = room();
		const a = peer(7);
		const b = peer(8);
		expect(a.act((d) => postMessage(d, 7, 'Bonjour', at(1), ORIGIN))).toBe('ok');
		b.pull();
		expect(b.act((d) => postMessage(d, 8, 'Salut', at(2), ORIGIN))).toBe('ok');
		a.pull();
		const mine = readThread(a.doc)[0];
		expect(mayDeleteMessage(mine, 7, false)).toBe(true);
		expect(mayDeleteMessage(readThread(a.doc)[1], 7, false)).toBe(false);
		expect(a.act((d) => deleteMessage(d, mine, ORIGIN))).toBe('ok');
		expect(readThread(a.doc)).toEqual([{ author: 8, text: 'Salut', at: at(2) }]);
		expect(deleteMessage(a.doc, mine, ORIGIN)).toBe(false);
	});

	it('feature walk: answer "other class" with its class, change to "correct" (the class goes), withdraw', () => {
		const { peer, server } = room();
		const r = peer(7);
		expect(r.act((d) => answerWalk(d, { featureId: 5, answer: 'other_class', to: 'CS2.2.1', comment: 'Prairie' }, 7, at(1), ORIGIN))).toBe('ok');
		expect(readWalk(r.doc)).toEqual([{ key: '5:7', featureId: 5, answer: 'other_class', to: 'CS2.2.1', comment: 'Prairie', author: 7, at: at(1) }]);
		// The server refuses "to" beside any other answer: the helper must remove it.
		expect(r.act((d) => answerWalk(d, { featureId: 5, answer: 'correct', to: 'CS2.2.1', comment: '' }, 7, at(2), ORIGIN))).toBe('ok');
		expect(readWalk(r.doc)).toEqual([{ key: '5:7', featureId: 5, answer: 'correct', comment: '', author: 7, at: at(2) }]);
		expect(server.snapshotEntries().entries.walk.get('5:7')).toEqual({ featureId: 5, answer: 'correct', comment: '', author: 7, at: at(2) });
		expect(r.act((d) => withdrawWalkAnswer(d, 5, 7, ORIGIN))).toBe('ok');
		expect(readWalk(r.doc)).toEqual([]);
		expect(withdrawWalkAnswer(r.doc, 5, 7, ORIGIN)).toBe(false);
	});

	it('feature walk: each reviewer answers under their own key; the others’ answers are read, not overwritten', () => {
		const { peer } = room();
		const a = peer(7);
		const b = peer(8);
		expect(a.act((d) => answerWalk(d, { featureId: 5, answer: 'geometry_error', comment: 'Limite décalée' }, 7, at(1), ORIGIN))).toBe('ok');
		b.pull();
		expect(b.act((d) => answerWalk(d, { featureId: 5, answer: 'cannot_tell', comment: '' }, 8, at(2), ORIGIN))).toBe('ok');
		a.pull();
		expect(readWalk(a.doc).map((w) => [w.key, w.answer])).toEqual([
			['5:7', 'geometry_error'],
			['5:8', 'cannot_tell']
		]);
	});

	it('stores copies of what it is given (a reactive draft or an object changed later never ends up in the document)', () => {
		const { peer } = room();
		const r = peer(7);
		const geometry = { type: 'Point' as const, coordinates: [-97.495, 38.004] as [number, number] };
		const id = newDefectId();
		createDefect(r.doc, id, { geometry, category: 'geometry_blur', severity: 'minor', comment: '', author: 7, createdAt: at(1) }, ORIGIN);
		geometry.coordinates[0] = 0;
		const stored = readDefects(r.doc)[0].geometry;
		expect(stored.coordinates).toEqual([-97.495, 38.004]);
		expect(stored).not.toBe(geometry);
		// What the map tool gets can be cloned (a Svelte proxy could not).
		expect(structuredClone(stored)).toEqual(stored);
	});
});
