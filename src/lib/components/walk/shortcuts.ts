/**
 * Keyboard of the feature walk: one keystroke per answer, as partners do it in QGIS.
 * - 1 correct, 2 other class (then the class picker, type-ahead), 3 geometry error, 4 cannot tell;
 * - N or → next polygon, P or ← previous (the tile page's keys);
 * - C: write a comment.
 * Digits are read from the key's position too (`code`): on a French AZERTY keyboard the digit row
 * types & é " ' without Shift, and a reviewer must not have to think about it; the numeric keypad works as well.
 */
import type { WalkAnswer } from '../../review/document.ts';
import type { KeyContext, KeyPress } from '../tiles/shortcuts.ts';

export type WalkShortcut = { action: 'answer'; answer: WalkAnswer } | { action: 'next' } | { action: 'prev' } | { action: 'comment' };

/** The key of each answer, shown on its button. */
export const ANSWER_KEYS: Record<WalkAnswer, string> = { correct: '1', other_class: '2', geometry_error: '3', cannot_tell: '4' };

const BY_DIGIT = new Map<string, WalkAnswer>(Object.entries(ANSWER_KEYS).map(([answer, digit]) => [digit, answer as WalkAnswer]));

/** What the page is doing when the key is pressed. */
export interface WalkKeyState {
	/** The person may answer about the polygon shown (their tile, connected or not). */
	mayAnswer: boolean;
}

/** The digit a key press stands for (by character, else by key position), or null. */
function digitOf(event: KeyPress & { code?: string }): string | null {
	if (/^[0-9]$/.test(event.key)) return event.key;
	const m = /^(?:Digit|Numpad)([0-9])$/.exec(event.code ?? '');
	return m ? m[1] : null;
}

/** The walk action a key press asks for, or null (the key is left to the page and the browser). */
export function walkShortcut(event: KeyPress & { code?: string }, context: KeyContext, state: WalkKeyState): WalkShortcut | null {
	if (event.altKey || event.ctrlKey || event.metaKey || context === 'text') return null;
	const digit = digitOf(event);
	if (digit !== null) {
		const answer = BY_DIGIT.get(digit);
		return answer && state.mayAnswer ? { action: 'answer', answer } : null;
	}
	switch (event.key) {
		case 'n':
		case 'N':
			return { action: 'next' };
		case 'p':
		case 'P':
			return { action: 'prev' };
		case 'ArrowRight':
			return context === 'arrows' ? null : { action: 'next' };
		case 'ArrowLeft':
			return context === 'arrows' ? null : { action: 'prev' };
		case 'c':
		case 'C':
			return state.mayAnswer ? { action: 'comment' } : null;
		default:
			return null;
	}
}
