/**
 * Keyboard shortcuts of the control-point labelling page: one key per class, "0" for "cannot tell",
 * Enter to confirm, N / P for the next and previous point. Pure, shared by the page and its tests.
 */

/** Keys given to classes, in order: digits first, then letters — never N or P (navigation). */
export const CLASS_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', ...'abcdefghijklmoqrstuvwxyz'] as const;
export const CANNOT_TELL_KEY = '0';

/** The key of the i-th class (null past the last key: the class is then chosen with the mouse). */
export function classKey(i: number): string | null {
	return CLASS_KEYS[i] ?? null;
}

export type LabelShortcut =
	| { kind: 'class'; index: number }
	| { kind: 'cannot_tell' }
	| { kind: 'confirm' }
	| { kind: 'next' }
	| { kind: 'prev' };

/**
 * What a key press means on the labelling page, or null. Keys typed into a text field (the comment)
 * and keys with Ctrl/Alt/Meta (browser shortcuts) mean nothing here.
 */
export function labelShortcut(event: { key: string; ctrlKey?: boolean; altKey?: boolean; metaKey?: boolean }, classCount: number, inTextField: boolean): LabelShortcut | null {
	if (event.ctrlKey || event.altKey || event.metaKey) return null;
	if (event.key === 'Enter') return { kind: 'confirm' };
	if (inTextField) return null;
	const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
	if (key === 'n' || key === 'ArrowRight') return { kind: 'next' };
	if (key === 'p' || key === 'ArrowLeft') return { kind: 'prev' };
	if (key === CANNOT_TELL_KEY) return { kind: 'cannot_tell' };
	const index = (CLASS_KEYS as readonly string[]).indexOf(key);
	return index >= 0 && index < classCount ? { kind: 'class', index } : null;
}
