/**
 * The review's progress over time, for the manager's dashboard (`progress.json`): a burn-up of the
 * tiles reviewed day by day against the tiles to review, and the date the review would end at the
 * recent pace. Pure: the server gathers the times (ms since the epoch), this module counts.
 *
 * Days are calendar days in UTC (a campaign spans one country: the day boundary only moves events
 * near midnight, never the trend). The pace is the number of tiles finished over the last
 * `windowDays` days (or since the first activity, when the review is younger), per day: a recent
 * window follows the pace the partners keep now, not the one of the first enthusiastic week.
 */

const DAY = 86_400_000;

/** One day of a burn-up: cumulative counts at the end of that day. */
export interface BurnUpDay {
	/** YYYY-MM-DD (UTC). */
	date: string;
	started: number;
	finished: number;
}

export interface BurnUp {
	/** Tiles to review (the scope line). */
	total: number;
	started: number;
	finished: number;
	remaining: number;
	/** From the day of the first activity to today, cumulative; empty before any activity. */
	days: BurnUpDay[];
	/** Tiles finished per day over the pace window (null before any activity). */
	ratePerDay: number | null;
	/** Days the pace was measured over. */
	windowDays: number;
	/** YYYY-MM-DD when the remaining tiles would be finished at that pace; null with `reason`. */
	estimatedCompletion: string | null;
	/** Why there is no estimate: finished already, nothing started yet, or no tile finished lately. */
	reason: 'done' | 'not_started' | 'no_recent_progress' | null;
}

export interface BurnUpInput {
	/** Tiles to review. */
	total: number;
	/** When each started tile was first changed (ms); tiles started at an unknown time are left out of the days. */
	startedAt: readonly number[];
	/** When each finished tile was finished (ms). */
	finishedAt: readonly number[];
	/** The moment the burn-up is drawn at (ms). */
	now: number;
	/** Length of the pace window in days (default 14). */
	windowDays?: number;
}

/** ms → YYYY-MM-DD (UTC). */
export function isoDay(ms: number): string {
	return new Date(Math.floor(ms / DAY) * DAY).toISOString().slice(0, 10);
}

/**
 * Cumulative counts per day, from the day of `from` to the day of `to` inclusive: how many of `times`
 * fall on or before the end of each day. Times after `to` count on its day (a clock slightly ahead).
 */
export function cumulativeByDay(times: readonly number[], from: number, to: number): number[] {
	const first = Math.floor(from / DAY);
	const last = Math.max(first, Math.floor(to / DAY));
	const perDay = new Array<number>(last - first + 1).fill(0);
	for (const t of times) {
		const d = Math.min(Math.max(Math.floor(t / DAY), first), last) - first;
		perDay[d]++;
	}
	for (let i = 1; i < perDay.length; i++) perDay[i] += perDay[i - 1];
	return perDay;
}

/**
 * The burn-up of a review and its estimated completion date.
 * @returns cumulative started / finished tiles per day and the date the remaining tiles would be
 * finished at the pace of the last `windowDays` days (rounded up to a whole day).
 */
export function burnUp(input: BurnUpInput): BurnUp {
	const { total, startedAt, finishedAt, now } = input;
	const windowDays = Math.max(1, Math.round(input.windowDays ?? 14));
	const finished = finishedAt.length;
	const started = Math.max(startedAt.length, finished);
	const remaining = Math.max(0, total - finished);
	const known = [...startedAt, ...finishedAt];
	const base = { total, started, finished, remaining, windowDays };
	if (known.length === 0) {
		return { ...base, days: [], ratePerDay: null, estimatedCompletion: null, reason: remaining === 0 ? 'done' : 'not_started' };
	}
	let first = Infinity;
	for (const t of known) if (t < first) first = t;
	const to = Math.max(now, first);
	const s = cumulativeByDay(startedAt, first, to);
	const f = cumulativeByDay(finishedAt, first, to);
	const firstDay = Math.floor(first / DAY);
	// A finished tile was started, even when its start time is unknown.
	const days = s.map((_, i) => ({ date: isoDay((firstDay + i) * DAY), started: Math.max(s[i], f[i]), finished: f[i] }));

	// The window: the last windowDays days up to now, or since the start of the first day of activity.
	const span = Math.min(windowDays, (to - firstDay * DAY) / DAY);
	const measured = Math.max(span, 1);
	const since = to - measured * DAY;
	let recent = 0;
	for (const t of finishedAt) if (t > since) recent++;
	const ratePerDay = recent / measured;
	if (remaining === 0) return { ...base, days, ratePerDay, estimatedCompletion: null, reason: 'done' };
	if (recent === 0) return { ...base, days, ratePerDay, estimatedCompletion: null, reason: 'no_recent_progress' };
	const end = to + Math.ceil(remaining / ratePerDay) * DAY;
	return { ...base, days, ratePerDay, estimatedCompletion: isoDay(end), reason: null };
}
