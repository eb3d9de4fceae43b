import { describe, expect, it } from 'vitest';
import { tileShortcut, type KeyContext } from './shortcuts.ts';

const press = (key: string, modifiers: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) => ({
	key,
	altKey: false,
	ctrlKey: false,
	metaKey: false,
	...modifiers
});

describe('tileShortcut', () => {
	it.each([
		['n', 'other', 'next'],
		['N', 'other', 'next'],
		['p', 'other', 'prev'],
		['ArrowRight', 'other', 'next'],
		['ArrowLeft', 'other', 'prev'],
		['n', 'arrows', 'next'],
		['ArrowRight', 'arrows', null],
		['ArrowLeft', 'arrows', null],
		['n', 'text', null],
		['ArrowRight', 'text', null],
		['x', 'other', null],
		['ArrowUp', 'other', null]
	] as [string, KeyContext, string | null][])('%s in %s → %s', (key, context, expected) => {
		expect(tileShortcut(press(key), context)).toBe(expected);
	});

	it('ignores key combinations (browser and OS shortcuts)', () => {
		expect(tileShortcut(press('n', { ctrlKey: true }), 'other')).toBeNull();
		expect(tileShortcut(press('p', { metaKey: true }), 'other')).toBeNull();
		expect(tileShortcut(press('ArrowLeft', { altKey: true }), 'other')).toBeNull();
	});
});
