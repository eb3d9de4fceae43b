import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './throttle.ts';

describe('LoginThrottle', () => {
	it('blocks an account after 5 failures for the rest of the window, whatever the case of the e-mail', () => {
		let now = 0;
		const t = new LoginThrottle({ windowMs: 60_000, perAccount: 5, perAddress: 100 }, () => now);
		for (let i = 0; i < 5; i++) {
			expect(t.retryAfter('A@x.fr', '1.1.1.1')).toBe(0);
			t.fail('a@x.fr', '1.1.1.' + i);
			now += 1000;
		}
		expect(t.retryAfter('a@X.fr', '9.9.9.9')).toBe(55_000);
		now = 60_001;
		expect(t.retryAfter('a@x.fr', '9.9.9.9')).toBe(0);
	});

	it('blocks an address guessing many accounts', () => {
		const t = new LoginThrottle({ windowMs: 60_000, perAccount: 5, perAddress: 3 }, () => 0);
		for (const e of ['a', 'b', 'c']) t.fail(e, '6.6.6.6');
		expect(t.retryAfter('d', '6.6.6.6')).toBeGreaterThan(0);
		expect(t.retryAfter('d', '7.7.7.7')).toBe(0);
	});

	it('forgets an account’s failures after a successful sign-in', () => {
		const t = new LoginThrottle({ windowMs: 60_000, perAccount: 2, perAddress: 100 }, () => 0);
		t.fail('a', '1');
		t.succeed('a');
		t.fail('a', '1');
		expect(t.retryAfter('a', '1')).toBe(0);
	});
});
