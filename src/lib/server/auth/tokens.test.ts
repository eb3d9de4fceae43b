import { describe, expect, it } from 'vitest';
import { newToken, parseToken, secretMatches } from './tokens.ts';

describe('tokens', () => {
	it('round-trips and only the right secret matches the stored hash', () => {
		const t = newToken();
		const p = parseToken(t.token)!;
		expect(p.id).toBe(t.id);
		expect(secretMatches(p.secret, t.secretHash)).toBe(true);
		expect(secretMatches(newToken().token.split('.')[1], t.secretHash)).toBe(false);
		expect(t.token).not.toContain(t.secretHash);
	});

	it('rejects anything that is not shaped like a token', () => {
		for (const bad of [undefined, '', 'abc', 'a.b', `${'a'.repeat(16)}.${'b'.repeat(42)}`, `${'a'.repeat(16)}.${'b'.repeat(43)}x`]) {
			expect(parseToken(bad)).toBeNull();
		}
	});
});
