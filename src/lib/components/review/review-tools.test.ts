import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { TileSession } from '../../collab/tile-session.svelte.ts';
import * as tileDoc from '../../collab/tile-doc.ts';
import { drawProblem, ReviewTools } from './review-tools.svelte.ts';

const TILE = [-97.02, 37.5, -97.01, 37.51] as const;

/**
 * The parts of a tile session the tools use, over a real Y.Doc (the session itself needs a browser:
 * websocket, IndexedDB, window events).
 */
function docSession(userId = 7) {
	const doc = new Y.Doc();
	const selections: (string | null)[] = [];
	const session = {
		writable: true,
		addDefect(value: Parameters<TileSession['addDefect']>[0]) {
			const id = `d${tileDoc.readDefects(doc).length + 1}`;
			tileDoc.createDefect(doc, id, { ...value, author: userId, createdAt: '2026-12-06T10:00:00.000Z' }, 'test');
			return id;
		},
		editDefect: (id: string, patch: tileDoc.DefectPatch) => tileDoc.editDefect(doc, id, patch, { userId, at: '2026-12-06T10:01:00.000Z' }, 'test'),
		deleteDefect: (id: string) => tileDoc.deleteDefect(doc, id, 'test'),
		setSelection: (id: string | null) => selections.push(id)
	};
	return { doc, selections, session: session as unknown as TileSession };
}

describe('drawProblem', () => {
	it.each([
		['the point is outside the tile', 'outside'],
		['a polygon ring crosses itself', 'crosses'],
		['a polygon ring has no area', 'noArea'],
		['a line needs 2 to 5000 positions', 'tooShort'],
		['a line needs two distinct positions', 'tooShort'],
		['a polygon ring needs at least 4 positions (closed)', 'tooShort'],
		['geometry must be a GeoJSON Point, LineString or Polygon', 'invalid']
	])('%s → %s', (reason, problem) => {
		expect(drawProblem(reason)).toBe(problem);
	});
});

describe('ReviewTools', () => {
	it('draw → draft → category → saved and selected; Escape steps back one thing at a time', () => {
		const { doc, selections, session } = docSession();
		const tools = new ReviewTools(() => session, () => TILE);
		tools.startDrawing('point');
		expect(tools.drawMode).toBe('point');
		tools.drawn({ type: 'Point', coordinates: [-97.015, 37.505] });
		expect(tools.drawMode).toBe('idle');
		expect(tools.draft).toMatchObject({ geometry: { type: 'Point' }, category: null, severity: 'minor' });
		expect(tools.saveDraft()).toBeNull(); // no category yet
		tools.draft!.category = 'geometry_blur';
		const id = tools.saveDraft();
		expect(id).toBe('d1');
		expect(tools.draft).toBeNull();
		expect(tools.selectedId).toBe('d1');
		expect(selections.at(-1)).toBe('d1');
		expect(tileDoc.readDefects(doc)[0]).toMatchObject({ category: 'geometry_blur', geometry: { coordinates: [-97.015, 37.505] } });

		tools.startDrawing('line');
		expect(tools.selectedId).toBeNull();
		tools.cancel();
		expect(tools.drawMode).toBe('idle');
	});

	it('a drawing the document would refuse does not become a draft, and says why', () => {
		const { session } = docSession();
		const tools = new ReviewTools(() => session, () => TILE);
		tools.startDrawing('polygon');
		tools.drawn({ type: 'Polygon', coordinates: [[[-97.019, 37.501], [-97.011, 37.509], [-97.011, 37.503], [-97.019, 37.509], [-97.019, 37.501]]] });
		expect(tools.draft).toBeNull();
		expect(tools.problem).toBe('crosses');
	});

	it('a moved defect is written with its new geometry; delete removes the selected one', () => {
		const { doc, session } = docSession();
		const tools = new ReviewTools(() => session, () => TILE);
		tools.startDrawing('point');
		tools.drawn({ type: 'Point', coordinates: [-97.015, 37.505] });
		tools.draft!.category = 'geometry_blur';
		const id = tools.saveDraft()!;
		// Dragged past the tile's edge: kept on the edge.
		tools.edited(id, { type: 'Point', coordinates: [-96.9, 37.505] });
		expect(tileDoc.readDefects(doc)[0]).toMatchObject({ geometry: { coordinates: [-97.01, 37.505] }, updatedBy: 7 });
		expect(tools.deleteSelected()).toBe(true);
		expect(tileDoc.readDefects(doc)).toEqual([]);
		expect(tools.selectedId).toBeNull();
	});

	it('does not start drawing for someone who may not write', () => {
		const { session } = docSession();
		(session as unknown as { writable: boolean }).writable = false;
		const tools = new ReviewTools(() => session, () => TILE);
		tools.startDrawing('point');
		expect(tools.drawMode).toBe('idle');
	});
});

describe('ReviewTools, drawing from the keyboard', () => {
	it('places vertices at the centre, shows them as the draft, and finishes a polygon closed', () => {
		const { session } = docSession();
		const tools = new ReviewTools(() => session, () => TILE);
		tools.startDrawing('polygon');
		tools.addVertex([-97.018, 37.502]);
		expect(tools.keyboardDraft).toEqual({ type: 'Point', coordinates: [-97.018, 37.502] });
		tools.addVertex([-97.012, 37.502]);
		tools.addVertex([-97.012, 37.508]);
		expect(tools.keyboardDraft).toEqual({ type: 'LineString', coordinates: [[-97.018, 37.502], [-97.012, 37.502], [-97.012, 37.508], [-97.018, 37.502]] });
		tools.undoVertex();
		tools.addVertex([-97.015, 37.508]);
		tools.finishKeyboard();
		expect(tools.drawMode).toBe('idle');
		expect(tools.keyboardPath).toEqual([]);
		expect(tools.draft?.geometry).toEqual({ type: 'Polygon', coordinates: [[[-97.018, 37.502], [-97.012, 37.502], [-97.015, 37.508], [-97.018, 37.502]]] });
	});

	it('refuses a line of one vertex with the reason, and Escape drops the vertices', () => {
		const { session } = docSession();
		const tools = new ReviewTools(() => session, () => TILE);
		tools.startDrawing('line');
		tools.addVertex([-97.018, 37.502]);
		tools.finishKeyboard();
		expect(tools.draft).toBeNull();
		expect(tools.problem).toBe('tooShort');
		tools.startDrawing('line');
		tools.addVertex([-97.018, 37.502]);
		tools.cancel();
		expect(tools.keyboardPath).toEqual([]);
		expect(tools.drawMode).toBe('idle');
	});

	it('places no vertex outside line and polygon modes', () => {
		const { session } = docSession();
		const tools = new ReviewTools(() => session, () => TILE);
		tools.addVertex([-97.018, 37.502]);
		tools.startDrawing('point');
		tools.addVertex([-97.018, 37.502]);
		expect(tools.keyboardPath).toEqual([]);
	});
});
