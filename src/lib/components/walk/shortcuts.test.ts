import { describe, expect, it } from 'vitest';
import type { KeyContext } from '../tiles/shortcuts.ts';
import { ANSWER_KEYS, walkShortcut } from './shortcuts.ts';

const press = (key: string, code = '', mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) => ({
	key,
	code,
	altKey: false,
	ctrlKey: false,
	metaKey: false,
	...mods
});
const may = { mayAnswer: true };

describe('walkShortcut', () => {
	it.each([
		['1', 'Digit1', 'correct'],
		['2', 'Digit2', 'other_class'],
		['3', 'Digit3', 'geometry_error'],
		['4', 'Digit4', 'cannot_tell'],
		// The numeric keypad.
		['1', 'Numpad1', 'correct'],
		['4', 'Numpad4', 'cannot_tell'],
		// A French AZERTY keyboard without Shift: the digit row types & é " ' — the key's position counts.
		['&', 'Digit1', 'correct'],
		['é', 'Digit2', 'other_class'],
		['"', 'Digit3', 'geometry_error'],
		["'", 'Digit4', 'cannot_tell']
	] as const)('%s (%s) answers %s', (key, code, answer) => {
		expect(walkShortcut(press(key, code), 'other', may)).toEqual({ action: 'answer', answer });
		// Also with the focus on the map (which keeps the arrows for panning).
		expect(walkShortcut(press(key, code), 'arrows', may)).toEqual({ action: 'answer', answer });
	});

	it('shows each answer’s key on its button', () => {
		expect(ANSWER_KEYS).toEqual({ correct: '1', other_class: '2', geometry_error: '3', cannot_tell: '4' });
	});

	it.each([
		['n', 'other', 'next'],
		['N', 'other', 'next'],
		['ArrowRight', 'other', 'next'],
		['p', 'other', 'prev'],
		['P', 'arrows', 'prev'],
		['ArrowLeft', 'other', 'prev'],
		['c', 'other', 'comment'],
		['C', 'other', 'comment']
	] as [string, KeyContext, string][])('%s in %s → %s', (key, context, action) => {
		expect(walkShortcut(press(key), context, may)).toEqual({ action });
	});

	it('leaves the arrows to the map and to sliders', () => {
		expect(walkShortcut(press('ArrowRight'), 'arrows', may)).toBeNull();
		expect(walkShortcut(press('ArrowLeft'), 'arrows', may)).toBeNull();
	});

	it('other digits and letters do nothing', () => {
		expect(walkShortcut(press('5', 'Digit5'), 'other', may)).toBeNull();
		expect(walkShortcut(press('0', 'Numpad0'), 'other', may)).toBeNull();
		expect(walkShortcut(press('x', 'KeyX'), 'other', may)).toBeNull();
		expect(walkShortcut(press('(', 'Digit5'), 'other', may)).toBeNull();
	});

	it('types into fields, and leaves browser shortcuts alone', () => {
		expect(walkShortcut(press('1', 'Digit1'), 'text', may)).toBeNull();
		expect(walkShortcut(press('n'), 'text', may)).toBeNull();
		expect(walkShortcut(press('c'), 'text', may)).toBeNull();
		expect(walkShortcut(press('1', 'Digit1', { ctrlKey: true }), 'other', may)).toBeNull();
		expect(walkShortcut(press('n', 'KeyN', { metaKey: true }), 'other', may)).toBeNull();
		expect(walkShortcut(press('ArrowLeft', '', { altKey: true }), 'other', may)).toBeNull();
	});

	it('someone who may not answer still walks, but answers and comments do nothing', () => {
		const reader = { mayAnswer: false };
		expect(walkShortcut(press('1', 'Digit1'), 'other', reader)).toBeNull();
		expect(walkShortcut(press('c'), 'other', reader)).toBeNull();
		expect(walkShortcut(press('n'), 'other', reader)).toEqual({ action: 'next' });
		expect(walkShortcut(press('p'), 'other', reader)).toEqual({ action: 'prev' });
	});
});
