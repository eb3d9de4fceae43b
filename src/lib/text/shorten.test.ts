import { describe, expect, it } from 'vitest';
import { QUOTE_CHARS, shorten } from './shorten.ts';

describe('shorten', () => {
	it('keeps short values as they are', () => {
		expect(shorten('')).toBe('');
		expect(shorten('Mairie de Saint-Étienne')).toBe('Mairie de Saint-Étienne');
		expect(shorten('x'.repeat(QUOTE_CHARS))).toBe('x'.repeat(QUOTE_CHARS));
	});

	it('cuts long values to their first characters followed by an ellipsis', () => {
		expect(shorten('x'.repeat(5_000_000))).toBe(`${'x'.repeat(QUOTE_CHARS)}…`);
		expect(shorten('abcdef', 3)).toBe('abc…');
		expect(shorten('abcd', 3)).toBe('abc…');
		expect(shorten('abc', 3)).toBe('abc');
	});

	it('never cuts a character in half', () => {
		expect(shorten('🌳🌳🌳🌳', 2)).toBe('🌳🌳…');
		expect(shorten('é🌳é', 2)).toBe('é🌳…');
	});

	it('keeps the quote on one line', () => {
		expect(shorten('ligne 1\r\nligne 2\tfin\u2028')).toBe('ligne 1 ligne 2 fin ');
		expect(shorten('a\u0000\u0007b')).toBe('a b');
	});
});
