import { describe, expect, it } from 'vitest';
import { DEFAULT_THROTTLE, LoginThrottle, type ThrottleOptions } from './throttle.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** A throttle on a clock the test moves. */
function throttle(options: Partial<ThrottleOptions> = {}) {
	const clock = { now: 0 };
	const t = new LoginThrottle({ ...DEFAULT_THROTTLE, ...options }, () => clock.now);
	return { t, clock };
}

describe('LoginThrottle: one address guessing one account', () => {
	it('lets a few failures through, then doubles the wait after each further one, up to a cap', () => {
		const { t, clock } = throttle();
		for (let i = 0; i < 5; i++) {
			expect(t.retryAfter('owner@x.fr', '1.1.1.1')).toBe(0);
			t.fail('owner@x.fr', '1.1.1.1');
		}
		const waits: number[] = [];
		for (let i = 0; i < 10; i++) {
			const wait = t.retryAfter('owner@x.fr', '1.1.1.1');
			waits.push(wait);
			clock.now += wait;
			expect(t.retryAfter('owner@x.fr', '1.1.1.1')).toBe(0);
			t.fail('owner@x.fr', '1.1.1.1');
		}
		expect(waits).toEqual([5, 10, 20, 40, 80, 160, 320, 640, 900, 900].map((s) => s * SECOND));
	});

	it('counts the e-mail whatever its case, and unknown e-mails like known ones', () => {
		const { t } = throttle();
		for (let i = 0; i < 5; i++) t.fail(i % 2 ? 'Owner@X.fr' : 'owner@x.fr', '1.1.1.1');
		expect(t.retryAfter('OWNER@x.FR', '1.1.1.1')).toBe(5 * SECOND);
		for (let i = 0; i < 5; i++) t.fail('nobody@x.fr', '1.1.1.1');
		expect(t.retryAfter('nobody@x.fr', '1.1.1.1')).toBe(5 * SECOND);
	});

	it('never slows the owner at another address', () => {
		const { t, clock } = throttle();
		for (let i = 0; i < 14; i++) {
			clock.now += t.retryAfter('owner@x.fr', '6.6.6.6');
			t.fail('owner@x.fr', '6.6.6.6');
		}
		expect(t.retryAfter('owner@x.fr', '6.6.6.6')).toBe(15 * MINUTE);
		expect(t.retryAfter('owner@x.fr', '10.0.0.2')).toBe(0);
	});

	it('forgets the pair after a success, or a day after its last failure', () => {
		const { t, clock } = throttle();
		for (let i = 0; i < 5; i++) t.fail('a@x.fr', '1.1.1.1');
		t.succeed('a@x.fr', '1.1.1.1');
		expect(t.retryAfter('a@x.fr', '1.1.1.1')).toBe(0);
		for (let i = 0; i < 5; i++) t.fail('a@x.fr', '1.1.1.1');
		expect(t.retryAfter('a@x.fr', '1.1.1.1')).toBe(5 * SECOND);
		clock.now += 24 * 60 * MINUTE + 1;
		expect(t.retryAfter('a@x.fr', '1.1.1.1')).toBe(0);
		t.fail('a@x.fr', '1.1.1.1');
		expect(t.retryAfter('a@x.fr', '1.1.1.1')).toBe(0);
	});

	it('forgets an account once its password is reset with a one-time link', () => {
		const { t } = throttle();
		for (let i = 0; i < 8; i++) t.fail('a@x.fr', '1.1.1.1');
		expect(t.retryAfter('a@x.fr', '1.1.1.1')).toBeGreaterThan(0);
		t.forgetAccount('A@x.fr');
		expect(t.retryAfter('a@x.fr', '1.1.1.1')).toBe(0);
	});
});

describe('LoginThrottle: one address guessing many accounts', () => {
	it('caps the failures of an address over all accounts in a window', () => {
		const { t, clock } = throttle({ perAddress: 3 });
		for (const e of ['a', 'b', 'c']) t.fail(e, '6.6.6.6');
		expect(t.retryAfter('d', '6.6.6.6')).toBe(15 * MINUTE);
		expect(t.retryAfter('d', '7.7.7.7')).toBe(0);
		// A good password there does not reopen the address to guessing on others.
		t.succeed('a', '6.6.6.6');
		expect(t.retryAfter('d', '6.6.6.6')).toBe(15 * MINUTE);
		clock.now += 15 * MINUTE;
		expect(t.retryAfter('d', '6.6.6.6')).toBe(0);
	});
});

describe('LoginThrottle: many addresses guessing one account', () => {
	it('past the account’s threshold, holds back strangers’ addresses but not the owner’s usual one', () => {
		const { t, clock } = throttle({ perAccount: 20 });
		t.succeed('owner@x.fr', '192.0.2.10'); // the owner's office, last week
		clock.now += 7 * 24 * 60 * MINUTE;
		// A botnet: 20 addresses, one failure each — no pair and no address reaches its own limit.
		for (let i = 0; i < 20; i++) t.fail('owner@x.fr', `203.0.113.${i}`);
		expect(t.retryAfter('owner@x.fr', '203.0.113.99')).toBe(60 * MINUTE);
		expect(t.retryAfter('owner@x.fr', '198.51.100.7')).toBe(60 * MINUTE);
		expect(t.retryAfter('owner@x.fr', '192.0.2.10')).toBe(0);
		// Other accounts are not affected, and the hold ends when the window has passed.
		expect(t.retryAfter('someone@x.fr', '203.0.113.99')).toBe(0);
		clock.now += 60 * MINUTE;
		expect(t.retryAfter('owner@x.fr', '203.0.113.99')).toBe(0);
	});

	it('forgets familiar addresses after a month', () => {
		const { t, clock } = throttle({ perAccount: 3 });
		t.succeed('owner@x.fr', '192.0.2.10');
		clock.now += 31 * 24 * 60 * MINUTE;
		for (let i = 0; i < 3; i++) t.fail('owner@x.fr', `203.0.113.${i}`);
		expect(t.retryAfter('owner@x.fr', '192.0.2.10')).toBeGreaterThan(0);
	});
});
