/**
 * Sign-in throttling against password guessing: at most `perAccount` failures per e-mail and
 * `perAddress` per client address in a sliding window. Unknown e-mails are counted exactly like known
 * ones, so the throttle does not reveal which accounts exist. Kept in memory: a restart forgets it,
 * which costs an attacker one window per restart of a server that only an admin can restart.
 */
export interface ThrottleOptions {
	windowMs: number;
	perAccount: number;
	perAddress: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { windowMs: 15 * 60_000, perAccount: 5, perAddress: 50 };

export class LoginThrottle {
	#failures = new Map<string, number[]>();
	constructor(readonly options: ThrottleOptions = DEFAULT_THROTTLE, private now: () => number = Date.now) {}

	/** Milliseconds to wait before the next attempt for this e-mail/address, or 0 when it may go ahead. */
	retryAfter(email: string, address: string): number {
		const a = this.#wait(`e:${email.toLowerCase()}`, this.options.perAccount);
		const b = this.#wait(`a:${address}`, this.options.perAddress);
		return Math.max(a, b);
	}

	fail(email: string, address: string): void {
		const t = this.now();
		for (const key of [`e:${email.toLowerCase()}`, `a:${address}`]) {
			const list = this.#recent(key);
			list.push(t);
			this.#failures.set(key, list);
		}
		if (this.#failures.size > 100_000) this.#sweep();
	}

	/** A successful sign-in clears the account's failures (not the address's: one good password must not unlock guessing on others). */
	succeed(email: string): void {
		this.#failures.delete(`e:${email.toLowerCase()}`);
	}

	#recent(key: string): number[] {
		const since = this.now() - this.options.windowMs;
		return (this.#failures.get(key) ?? []).filter((t) => t > since);
	}

	#wait(key: string, max: number): number {
		const list = this.#recent(key);
		if (list.length < max) return 0;
		return list[list.length - max] + this.options.windowMs - this.now();
	}

	#sweep(): void {
		for (const key of [...this.#failures.keys()]) if (this.#recent(key).length === 0) this.#failures.delete(key);
	}
}
