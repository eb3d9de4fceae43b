/**
 * Keyboard shortcuts of the tile page: N or → for the next tile, P or ← for the previous one.
 */

export type TileShortcut = 'next' | 'prev';

/**
 * Where a key press happened:
 * - 'text': a field where letters are typed (text inputs, textarea, select, contenteditable) — no shortcut;
 * - 'arrows': an element that uses the arrow keys itself (the map canvas pans, radio groups, sliders,
 *   range inputs) — letters only;
 * - 'other': anywhere else — letters and arrows.
 */
export type KeyContext = 'text' | 'arrows' | 'other';

export interface KeyPress {
	key: string;
	altKey: boolean;
	ctrlKey: boolean;
	metaKey: boolean;
}

/** The navigation requested by a key press, or `null`. */
export function tileShortcut(event: KeyPress, context: KeyContext): TileShortcut | null {
	if (event.altKey || event.ctrlKey || event.metaKey || context === 'text') return null;
	switch (event.key) {
		case 'n':
		case 'N':
			return 'next';
		case 'p':
		case 'P':
			return 'prev';
		case 'ArrowRight':
			return context === 'arrows' ? null : 'next';
		case 'ArrowLeft':
			return context === 'arrows' ? null : 'prev';
		default:
			return null;
	}
}

const TEXT_INPUT_TYPES = new Set([
	'text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'datetime-local', 'month', 'time', 'week'
]);

/** Classifies the target of a keyboard event (the DOM side of `tileShortcut`). */
export function keyContext(target: EventTarget | null): KeyContext {
	if (!(target instanceof Element)) return 'other';
	if (target instanceof HTMLInputElement) {
		return TEXT_INPUT_TYPES.has(target.type) ? 'text' : target.type === 'checkbox' ? 'other' : 'arrows';
	}
	if (target.closest('textarea, select, [contenteditable=""], [contenteditable="true"]')) return 'text';
	if (target.closest('[role="slider"], [role="radiogroup"], .maplibregl-map')) return 'arrows';
	return 'other';
}
