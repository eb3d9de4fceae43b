/**
 * Sign-in throttling against password guessing, built to slow the guesser and not lock the owner out.
 *
 * - Per (address, account) pair: a few failures are free, then each further one doubles the wait
 *   before the next try (5 s, 10 s, 20 s… up to 15 minutes). The guesser at one address is slowed
 *   to a handful of tries an hour; the owner who mistyped waits seconds, and is not slowed at all
 *   from another address (their phone, the office next door). A success forgets the pair.
 * - Per address, all accounts: at most `perAddress` failures in `addressWindowMs` (spraying one
 *   password over many accounts).
 * - Per account, all addresses (guessing spread over many addresses): past `perAccount` failures in
 *   `accountWindowMs`, only addresses the account recently signed in from may still try. The owner
 *   keeps signing in from their usual address while the attack lasts; it costs a stranger's address
 *   a wait, never the owner's.
 *
 * Unknown e-mails are counted exactly like known ones, so the throttle does not reveal which accounts
 * exist. Kept in memory: a restart forgets it (and the familiar addresses).
 */
export interface ThrottleOptions {
	/** Failures of one address on one account before any wait. */
	pairFree: number;
	/** Wait after the first failure beyond the free ones; each further failure doubles it… */
	pairBaseDelayMs: number;
	/** …up to this. */
	pairMaxDelayMs: number;
	/** A pair's failures are forgotten this long after its last one. */
	pairForgetMs: number;
	/** Failures from one address (any accounts) allowed in `addressWindowMs`. */
	perAddress: number;
	addressWindowMs: number;
	/** Failures on one account (any addresses) in `accountWindowMs` beyond which only familiar addresses may try. */
	perAccount: number;
	accountWindowMs: number;
	/** How long an address the account signed in from stays familiar. */
	familiarMs: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
	pairFree: 5,
	pairBaseDelayMs: 5_000,
	pairMaxDelayMs: 15 * 60_000,
	pairForgetMs: 24 * 3_600_000,
	perAddress: 50,
	addressWindowMs: 15 * 60_000,
	perAccount: 100,
	accountWindowMs: 3_600_000,
	familiarMs: 30 * 24 * 3_600_000
};

/** Entries kept before old ones are swept (a flood of made-up e-mails must not grow memory without bound). */
const SWEEP_AT = 100_000;

export class LoginThrottle {
	#pairs = new Map<string, { failures: number; last: number }>();
	#addresses = new Map<string, number[]>();
	#accounts = new Map<string, number[]>();
	/** account → address → time of its last successful sign-in from there. */
	#familiar = new Map<string, Map<string, number>>();

	constructor(
		readonly options: ThrottleOptions = DEFAULT_THROTTLE,
		private now: () => number = Date.now
	) {}

	/** Milliseconds to wait before the next attempt on this e-mail from this address, or 0 when it may go ahead. */
	retryAfter(email: string, address: string): number {
		const account = email.toLowerCase();
		const now = this.now();
		const o = this.options;
		let wait = 0;
		const pair = this.#pair(account, address, now);
		if (pair && pair.failures >= o.pairFree) {
			const delay = Math.min(o.pairMaxDelayMs, o.pairBaseDelayMs * 2 ** Math.min(pair.failures - o.pairFree, 40));
			wait = Math.max(wait, pair.last + delay - now);
		}
		wait = Math.max(wait, windowWait(this.#addresses.get(address), o.perAddress, o.addressWindowMs, now));
		if (!this.#isFamiliar(account, address, now)) wait = Math.max(wait, windowWait(this.#accounts.get(account), o.perAccount, o.accountWindowMs, now));
		return Math.max(0, wait);
	}

	/** A wrong password (or an unknown e-mail) from this address. */
	fail(email: string, address: string): void {
		const account = email.toLowerCase();
		const now = this.now();
		const pair = this.#pair(account, address, now) ?? { failures: 0, last: now };
		this.#pairs.set(pairKey(account, address), { failures: pair.failures + 1, last: now });
		push(this.#addresses, address, now, this.options.perAddress);
		push(this.#accounts, account, now, this.options.perAccount);
		if (this.#pairs.size + this.#addresses.size + this.#accounts.size > SWEEP_AT) this.#sweep(now);
	}

	/**
	 * A successful sign-in: the pair's failures are forgotten and the address becomes familiar to the
	 * account. The address's and the account's counts stay: one good password must not unlock
	 * guessing on other accounts, nor end a distributed attack's count.
	 */
	succeed(email: string, address: string): void {
		const account = email.toLowerCase();
		this.#pairs.delete(pairKey(account, address));
		let known = this.#familiar.get(account);
		if (!known) this.#familiar.set(account, (known = new Map()));
		known.set(address, this.now());
	}

	/** The account's password was just reset by a one-time link: its owner starts afresh everywhere. */
	forgetAccount(email: string): void {
		const account = email.toLowerCase();
		this.#accounts.delete(account);
		for (const key of [...this.#pairs.keys()]) if (key.startsWith(`${account}\n`)) this.#pairs.delete(key);
	}

	#pair(account: string, address: string, now: number): { failures: number; last: number } | null {
		const pair = this.#pairs.get(pairKey(account, address));
		if (!pair) return null;
		if (now - pair.last > this.options.pairForgetMs) {
			this.#pairs.delete(pairKey(account, address));
			return null;
		}
		return pair;
	}

	#isFamiliar(account: string, address: string, now: number): boolean {
		const at = this.#familiar.get(account)?.get(address);
		return at !== undefined && now - at <= this.options.familiarMs;
	}

	#sweep(now: number): void {
		const o = this.options;
		for (const [key, pair] of this.#pairs) if (now - pair.last > o.pairForgetMs) this.#pairs.delete(key);
		for (const [key, list] of this.#addresses) if (!list.length || now - list[list.length - 1] > o.addressWindowMs) this.#addresses.delete(key);
		for (const [key, list] of this.#accounts) if (!list.length || now - list[list.length - 1] > o.accountWindowMs) this.#accounts.delete(key);
		for (const [account, known] of this.#familiar) {
			for (const [address, at] of known) if (now - at > o.familiarMs) known.delete(address);
			if (!known.size) this.#familiar.delete(account);
		}
	}
}

function pairKey(account: string, address: string): string {
	// A newline cannot occur in an e-mail address or a client address.
	return `${account}\n${address}`;
}

/** Record a failure time, keeping only the last `keep` (all a sliding-window count of `keep` needs). */
function push(map: Map<string, number[]>, key: string, now: number, keep: number): void {
	const list = map.get(key) ?? [];
	list.push(now);
	if (list.length > keep) list.splice(0, list.length - keep);
	map.set(key, list);
}

/** Wait until fewer than `max` of the failures in `list` fall within the last `windowMs`. */
function windowWait(list: number[] | undefined, max: number, windowMs: number, now: number): number {
	if (!list || list.length < max) return 0;
	return list[list.length - max] + windowMs - now;
}
