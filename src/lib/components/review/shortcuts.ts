/**
 * Keyboard shortcuts of the review on the tile page. They live beside the tile navigation keys
 * (N / P and the arrows, src/lib/components/tiles/shortcuts.ts) and never take those keys:
 * - D, L, G: draw a point, a line, a polygon (G as in polyGon; P is "previous tile");
 * - Enter (or Space), while drawing a point: place it at the centre of the map (move the map with
 *   the arrows);
 * - Space, while drawing a line or a polygon: a vertex at the centre of the map; Enter finishes the
 *   vertices placed so (Backspace takes the last one back) — with the mouse, terra-draw's own Enter
 *   finishes;
 * - 1 … 9, while reporting a new defect: pick one of the nine categories the form numbers;
 * - Delete (or Backspace): delete the selected defect;
 * - Escape: stop drawing, drop the defect being reported, or deselect.
 */
import type { KeyContext, KeyPress } from '../tiles/shortcuts.ts';

export type DrawKind = 'point' | 'line' | 'polygon';

export type ReviewShortcut =
	| { action: 'draw'; kind: DrawKind }
	| { action: 'place' }
	| { action: 'finish' }
	| { action: 'undoVertex' }
	| { action: 'category'; index: number }
	| { action: 'delete' }
	| { action: 'cancel' };

/** What the page is doing when the key is pressed. */
export interface ReviewKeyState {
	/** The user may write on this tile. */
	mayWrite: boolean;
	/** The drawing tool's mode. */
	drawing: DrawKind | null;
	/** A new defect's form is open. */
	drafting: boolean;
	/** A defect is selected. */
	selected: boolean;
	/** …and this user may delete it. */
	mayDeleteSelected: boolean;
	/** The key was pressed on a button, link or other control that Enter activates. */
	onControl: boolean;
	/** Vertices of the line or polygon being drawn placed from the keyboard. */
	keyboardVertices?: number;
}

/** The letter keys that start drawing (shown in the toolbar). */
export const DRAW_KEYS: Record<DrawKind, string> = { point: 'D', line: 'L', polygon: 'G' };

/** The review action a key press asks for, or null (the key is left to the page and the browser). */
export function reviewShortcut(event: KeyPress, context: KeyContext, state: ReviewKeyState): ReviewShortcut | null {
	if (event.altKey || event.ctrlKey || event.metaKey) return null;
	// Typing in a field is typing, Escape included (it would lose what was typed).
	if (context === 'text') return null;
	const key = event.key;
	if (key === 'Escape') {
		return state.drawing || state.drafting || state.selected ? { action: 'cancel' } : null;
	}
	if (!state.mayWrite) return null;
	if (state.drafting && /^[1-9]$/.test(key)) return { action: 'category', index: Number(key) - 1 };
	if (state.drawing && !state.onControl) {
		if (key === ' ' || (key === 'Enter' && state.drawing === 'point')) return { action: 'place' };
		const placed = state.keyboardVertices ?? 0;
		if (key === 'Enter' && placed > 0) return { action: 'finish' };
		if (key === 'Backspace' && placed > 0) return { action: 'undoVertex' };
	}
	if ((key === 'Delete' || key === 'Backspace') && state.selected && state.mayDeleteSelected && !state.drafting && !state.drawing) {
		return { action: 'delete' };
	}
	if (state.drafting) return null;
	for (const [kind, letter] of Object.entries(DRAW_KEYS) as [DrawKind, string][]) {
		if (key.toUpperCase() === letter) return { action: 'draw', kind };
	}
	return null;
}

/** Is the element one that Enter activates itself (so Enter must not also place a point)? */
export function isControl(target: EventTarget | null): boolean {
	return target instanceof Element && target.closest('button, a[href], summary, input, select, textarea, [role="button"], [role="tab"], [role="radio"]') !== null;
}
