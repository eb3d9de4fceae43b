/**
 * What the review tools of the tile page are doing: the drawing mode, the defect being reported
 * (its geometry drawn, its category not yet chosen), the selected defect, the open tab. The page
 * creates one per tile; the map layer, the toolbar, the panel and the keyboard all act through it,
 * and it writes through the tile session (which checks the user may).
 */
import type { TileSession } from '../../collab/tile-session.svelte.ts';
import type { DefectTarget, Severity } from '../../review/catalogue.ts';
import type { DefectGeometry } from '../../review/document.ts';
import { defectGeometry, type Bounds } from '../../review/geometry.ts';
import type { DrawKind } from './shortcuts.ts';

export type DrawMode = 'idle' | DrawKind;
export type ReviewTab = 'defects' | 'verdicts' | 'thread' | 'history';

/** A defect being reported: drawn, waiting for its category. */
export interface Draft {
	geometry: DefectGeometry;
	category: string | null;
	severity: Severity;
	comment: string;
}

/** Why a drawing could not become a defect, as a message key for the UI. */
export type DrawProblem = 'outside' | 'crosses' | 'noArea' | 'tooShort' | 'invalid';

/** The document's geometry rule, in the UI's words. */
export function drawProblem(reason: string): DrawProblem {
	if (/outside/.test(reason)) return 'outside';
	if (/crosses itself/.test(reason)) return 'crosses';
	if (/no area/.test(reason)) return 'noArea';
	if (/needs|distinct|at least/.test(reason)) return 'tooShort';
	return 'invalid';
}

/** Where the form looks for the category quick keys, remembered across tiles. */
const TARGET_KEY = 'recette.review.quickTarget';

export class ReviewTools {
	drawMode = $state<DrawMode>('idle');
	draft = $state<Draft | null>(null);
	selectedId = $state<string | null>(null);
	tab = $state<ReviewTab>('defects');
	/** Which target's categories digits 1–9 pick. */
	quickTarget = $state<DefectTarget>('orthophoto');
	/** Bumped to place a point, or a vertex, at the map's centre (keyboard drawing). */
	placeRequest = $state(0);
	/** Vertices of the line or polygon being drawn from the keyboard ([lng, lat]). */
	keyboardPath = $state<[number, number][]>([]);
	/** The last drawing refused, and why. */
	problem = $state<DrawProblem | null>(null);

	#session: () => TileSession | null;
	#bounds: () => Bounds;

	constructor(session: () => TileSession | null, bounds: () => Bounds) {
		this.#session = session;
		this.#bounds = bounds;
		try {
			const saved = localStorage.getItem(TARGET_KEY);
			if (saved === 'orthophoto' || saved === 'landcover') this.quickTarget = saved;
		} catch {
			// No storage (private mode): the default target.
		}
	}

	setQuickTarget(target: DefectTarget): void {
		this.quickTarget = target;
		try {
			localStorage.setItem(TARGET_KEY, target);
		} catch {
			// Not remembered; still applies to this page.
		}
	}

	/** Start drawing (drops an unsaved draft's geometry only if the user starts over). */
	startDrawing(kind: DrawKind): void {
		if (!this.#session()?.writable) return;
		this.problem = null;
		this.draft = null;
		this.keyboardPath = [];
		this.select(null);
		this.drawMode = kind;
		this.tab = 'defects';
	}

	/** Escape: stop drawing, else drop the draft, else deselect. */
	cancel(): void {
		this.problem = null;
		this.keyboardPath = [];
		if (this.drawMode !== 'idle') this.drawMode = 'idle';
		else if (this.draft) this.draft = null;
		else this.select(null);
	}

	/** Place a point, or the next vertex, at the map's centre (the map layer answers with `drawn` or `addVertex`). */
	placeAtCentre(): void {
		if (this.drawMode !== 'idle') this.placeRequest++;
	}

	/** A vertex placed from the keyboard (line and polygon modes). */
	addVertex(position: [number, number]): void {
		if (this.drawMode !== 'line' && this.drawMode !== 'polygon') return;
		this.problem = null;
		this.keyboardPath = [...this.keyboardPath, position];
	}

	/** Take the last keyboard vertex back. */
	undoVertex(): void {
		this.keyboardPath = this.keyboardPath.slice(0, -1);
	}

	/** What the keyboard has placed so far, drawn as the draft: a point, then the path (closed for a polygon). */
	get keyboardDraft(): DefectGeometry | null {
		const path = this.keyboardPath;
		if (path.length === 0) return null;
		if (path.length === 1) return { type: 'Point', coordinates: path[0] };
		const closed = this.drawMode === 'polygon' && path.length > 2 ? [...path, path[0]] : path;
		return { type: 'LineString', coordinates: closed };
	}

	/** Finish the line or polygon placed from the keyboard: it becomes a draft, or is refused with a reason. */
	finishKeyboard(): void {
		const path = this.keyboardPath;
		if (path.length === 0) return;
		const geometry = this.drawMode === 'polygon' ? { type: 'Polygon', coordinates: [[...path, path[0]]] } : { type: 'LineString', coordinates: path };
		this.keyboardPath = [];
		this.drawn(geometry);
	}

	/** A drawing was finished on the map: it becomes a draft, or is refused with a reason. */
	drawn(raw: unknown): void {
		this.drawMode = 'idle';
		this.keyboardPath = [];
		const result = defectGeometry(raw, this.#bounds());
		if (!result.ok) {
			this.problem = drawProblem(result.problem);
			return;
		}
		this.problem = null;
		this.draft = { geometry: result.geometry, category: null, severity: 'minor', comment: '' };
		this.tab = 'defects';
	}

	/** Save the draft as a defect; returns its id (null when incomplete or not allowed). */
	saveDraft(): string | null {
		const draft = this.draft;
		const session = this.#session();
		if (!draft || !draft.category || !session) return null;
		const id = session.addDefect({ geometry: draft.geometry, category: draft.category, severity: draft.severity, comment: draft.comment.trim() });
		if (!id) return null;
		this.draft = null;
		this.select(id);
		return id;
	}

	select(id: string | null): void {
		this.selectedId = id;
		this.#session()?.setSelection(id);
		if (id) this.tab = 'defects';
	}

	/** The selected defect was moved or reshaped on the map. */
	edited(id: string, raw: unknown): void {
		const result = defectGeometry(raw, this.#bounds());
		if (!result.ok) {
			this.problem = drawProblem(result.problem);
			return;
		}
		this.#session()?.editDefect(id, { geometry: result.geometry });
	}

	deleteSelected(): boolean {
		const id = this.selectedId;
		if (!id || !this.#session()?.deleteDefect(id)) return false;
		this.select(null);
		return true;
	}
}
