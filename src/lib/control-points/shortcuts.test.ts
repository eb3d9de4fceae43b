import { describe, expect, it } from 'vitest';
import { CLASS_KEYS, classKey, labelShortcut } from './shortcuts.ts';

describe('labelling shortcuts', () => {
	it('gives digits then letters to classes, never N or P', () => {
		expect(classKey(0)).toBe('1');
		expect(classKey(8)).toBe('9');
		expect(classKey(9)).toBe('a');
		expect(CLASS_KEYS).not.toContain('n');
		expect(CLASS_KEYS).not.toContain('p');
		expect(CLASS_KEYS).not.toContain('0');
		expect(new Set(CLASS_KEYS).size).toBe(CLASS_KEYS.length);
		expect(classKey(CLASS_KEYS.length)).toBeNull();
	});

	it.each([
		[{ key: '1' }, 4, false, { kind: 'class', index: 0 }],
		[{ key: '4' }, 4, false, { kind: 'class', index: 3 }],
		[{ key: '5' }, 4, false, null],
		[{ key: 'B' }, 14, false, { kind: 'class', index: 10 }],
		[{ key: '0' }, 4, false, { kind: 'cannot_tell' }],
		[{ key: 'Enter' }, 4, false, { kind: 'confirm' }],
		[{ key: 'Enter' }, 4, true, { kind: 'confirm' }],
		[{ key: 'n' }, 4, false, { kind: 'next' }],
		[{ key: 'N' }, 4, false, { kind: 'next' }],
		[{ key: 'ArrowLeft' }, 4, false, { kind: 'prev' }],
		[{ key: 'p' }, 4, false, { kind: 'prev' }],
		[{ key: '1' }, 4, true, null],
		[{ key: 'n' }, 4, true, null],
		[{ key: '1', ctrlKey: true }, 4, false, null],
		[{ key: 'Escape' }, 4, false, null]
	])('%j with %i classes (in a text field: %s) → %j', (event, count, inText, expected) => {
		expect(labelShortcut(event, count, inText)).toEqual(expected);
	});
});
