import { describe, expect, it } from 'vitest';
import { tileShortcut, type KeyContext } from '../tiles/shortcuts.ts';
import { DRAW_KEYS, reviewShortcut, type ReviewKeyState } from './shortcuts.ts';

const key = (k: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) => ({ key: k, altKey: false, ctrlKey: false, metaKey: false, ...mods });
const idle: ReviewKeyState = { mayWrite: true, drawing: null, drafting: false, selected: false, mayDeleteSelected: false, onControl: false };

describe('reviewShortcut', () => {
	it.each([
		['d', 'point'],
		['D', 'point'],
		['l', 'line'],
		['g', 'polygon']
	] as const)('%s starts drawing a %s', (k, kind) => {
		expect(reviewShortcut(key(k), 'other', idle)).toEqual({ action: 'draw', kind });
		// Also with the focus on the map canvas (which keeps the arrows for panning).
		expect(reviewShortcut(key(k), 'arrows', idle)).toEqual({ action: 'draw', kind });
	});

	it('does nothing for readers, with modifiers, or while typing', () => {
		expect(reviewShortcut(key('d'), 'other', { ...idle, mayWrite: false })).toBeNull();
		expect(reviewShortcut(key('d', { ctrlKey: true }), 'other', idle)).toBeNull();
		expect(reviewShortcut(key('d', { metaKey: true }), 'other', idle)).toBeNull();
		expect(reviewShortcut(key('d'), 'text', idle)).toBeNull();
		expect(reviewShortcut(key('Escape'), 'text', { ...idle, drafting: true })).toBeNull();
	});

	it('digits pick a category only while a new defect is being reported', () => {
		const drafting = { ...idle, drafting: true };
		expect(reviewShortcut(key('1'), 'other', drafting)).toEqual({ action: 'category', index: 0 });
		expect(reviewShortcut(key('9'), 'other', drafting)).toEqual({ action: 'category', index: 8 });
		expect(reviewShortcut(key('0'), 'other', drafting)).toBeNull();
		expect(reviewShortcut(key('3'), 'other', idle)).toBeNull();
		// No new drawing over an unsaved one.
		expect(reviewShortcut(key('d'), 'other', drafting)).toBeNull();
	});

	it('Enter places a point at the centre while drawing points, unless it activates a control', () => {
		expect(reviewShortcut(key('Enter'), 'arrows', { ...idle, drawing: 'point' })).toEqual({ action: 'place' });
		expect(reviewShortcut(key('Enter'), 'other', { ...idle, drawing: 'point', onControl: true })).toBeNull();
		expect(reviewShortcut(key('Enter'), 'other', { ...idle, drawing: 'polygon' })).toBeNull();
		expect(reviewShortcut(key('Enter'), 'other', idle)).toBeNull();
	});

	it('Space places a vertex at the centre while drawing a line or polygon; Enter finishes what the keyboard placed', () => {
		const line = { ...idle, drawing: 'line' as const };
		expect(reviewShortcut(key(' '), 'arrows', line)).toEqual({ action: 'place' });
		expect(reviewShortcut(key(' '), 'arrows', { ...idle, drawing: 'point' })).toEqual({ action: 'place' });
		expect(reviewShortcut(key(' '), 'other', { ...line, onControl: true })).toBeNull();
		expect(reviewShortcut(key(' '), 'other', idle)).toBeNull();
		// Without keyboard vertices, Enter is terra-draw's (it finishes what the mouse drew).
		expect(reviewShortcut(key('Enter'), 'arrows', line)).toBeNull();
		expect(reviewShortcut(key('Enter'), 'arrows', { ...line, keyboardVertices: 2 })).toEqual({ action: 'finish' });
		expect(reviewShortcut(key('Backspace'), 'arrows', { ...idle, drawing: 'polygon', keyboardVertices: 1 })).toEqual({ action: 'undoVertex' });
		expect(reviewShortcut(key('Backspace'), 'arrows', { ...idle, drawing: 'polygon' })).toBeNull();
		expect(reviewShortcut(key(' '), 'text', line)).toBeNull();
	});

	it('Delete deletes the selected defect when the user may', () => {
		expect(reviewShortcut(key('Delete'), 'other', { ...idle, selected: true, mayDeleteSelected: true })).toEqual({ action: 'delete' });
		expect(reviewShortcut(key('Backspace'), 'arrows', { ...idle, selected: true, mayDeleteSelected: true })).toEqual({ action: 'delete' });
		expect(reviewShortcut(key('Delete'), 'other', { ...idle, selected: true, mayDeleteSelected: false })).toBeNull();
		expect(reviewShortcut(key('Delete'), 'other', idle)).toBeNull();
	});

	it('Escape cancels whatever is going on, also for readers (deselect)', () => {
		expect(reviewShortcut(key('Escape'), 'other', { ...idle, drawing: 'line' })).toEqual({ action: 'cancel' });
		expect(reviewShortcut(key('Escape'), 'other', { ...idle, drafting: true })).toEqual({ action: 'cancel' });
		expect(reviewShortcut(key('Escape'), 'other', { ...idle, mayWrite: false, selected: true })).toEqual({ action: 'cancel' });
		expect(reviewShortcut(key('Escape'), 'other', idle)).toBeNull();
	});

	it('never takes a tile-navigation key, and tile navigation never takes a review key', () => {
		const contexts: KeyContext[] = ['other', 'arrows'];
		const busy = [idle, { ...idle, drafting: true }, { ...idle, drawing: 'point' as const }, { ...idle, selected: true, mayDeleteSelected: true }];
		for (const k of ['n', 'N', 'p', 'P', 'ArrowLeft', 'ArrowRight']) {
			for (const c of contexts) for (const s of busy) expect(reviewShortcut(key(k), c, s), `${k} ${c}`).toBeNull();
		}
		for (const letter of [...Object.values(DRAW_KEYS), 'Delete', 'Escape', 'Enter', ' ', '1', '9']) {
			for (const c of contexts) expect(tileShortcut(key(letter), c), letter).toBeNull();
		}
	});
});
