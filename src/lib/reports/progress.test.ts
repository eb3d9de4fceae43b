import { describe, expect, it } from 'vitest';
import { burnUp, cumulativeByDay, isoDay } from './progress.ts';

const day = (iso: string, hour = 12) => Date.parse(`${iso}T${String(hour).padStart(2, '0')}:00:00Z`);

describe('cumulativeByDay', () => {
	it.each([
		{ name: 'empty', times: [], from: day('2026-03-01'), to: day('2026-03-03'), want: [0, 0, 0] },
		{ name: 'one day', times: [day('2026-03-01', 1), day('2026-03-01', 23)], from: day('2026-03-01'), to: day('2026-03-01'), want: [2] },
		{ name: 'gaps are carried', times: [day('2026-03-01'), day('2026-03-03')], from: day('2026-03-01'), to: day('2026-03-04'), want: [1, 1, 2, 2] },
		{ name: 'a time after `to` counts on its day', times: [day('2026-03-09')], from: day('2026-03-01'), to: day('2026-03-02'), want: [0, 1] },
		{ name: 'midnight UTC starts the next day', times: [Date.parse('2026-03-02T00:00:00Z')], from: day('2026-03-01'), to: day('2026-03-02'), want: [0, 1] }
	])('$name', ({ times, from, to, want }) => {
		expect(cumulativeByDay(times, from, to)).toEqual(want);
	});
});

describe('burnUp', () => {
	it('has no days and no estimate before anyone starts', () => {
		const b = burnUp({ total: 10, startedAt: [], finishedAt: [], now: day('2026-03-10') });
		expect(b).toMatchObject({ days: [], started: 0, finished: 0, remaining: 10, ratePerDay: null, estimatedCompletion: null, reason: 'not_started' });
	});

	it('counts a campaign without review tiles as done', () => {
		expect(burnUp({ total: 0, startedAt: [], finishedAt: [], now: day('2026-03-10') }).reason).toBe('done');
	});

	it('draws one point per day from the first activity to today and projects at the recent pace', () => {
		// 20 tiles; 2 finished each day from 1 to 5 March (10 finished); today 5 March, evening.
		const finishedAt = [1, 2, 3, 4, 5].flatMap((d) => [day(`2026-03-0${d}`, 9), day(`2026-03-0${d}`, 15)]);
		const b = burnUp({ total: 20, startedAt: [day('2026-03-01', 8), ...finishedAt], finishedAt, now: day('2026-03-05', 20) });
		expect(b.days.map((d) => d.date)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05']);
		expect(b.days.map((d) => d.finished)).toEqual([2, 4, 6, 8, 10]);
		expect(b.days.at(-1)!.started).toBe(11);
		// The review is 4.5 days old (from midnight on 1 March): 10 tiles in 4.83 days, 2.07 a day.
		expect(b.ratePerDay).toBeCloseTo(10 / (4 + 20 / 24), 6);
		// 10 remaining at 2.07 a day: 5 whole days after 5 March.
		expect(b.estimatedCompletion).toBe('2026-03-10');
		expect(b.reason).toBeNull();
	});

	it('measures the pace over the last windowDays days only', () => {
		// 30 tiles finished long ago, then 1 tile a day for the last 7 days; 63 remain.
		const early = Array.from({ length: 30 }, () => day('2026-01-05'));
		const recent = Array.from({ length: 7 }, (_, i) => day(`2026-03-0${i + 1}`, 10));
		const b = burnUp({ total: 100, startedAt: [], finishedAt: [...early, ...recent], now: day('2026-03-07', 12), windowDays: 7 });
		expect(b.ratePerDay).toBeCloseTo(1, 6);
		expect(b.estimatedCompletion).toBe(isoDay(day('2026-03-07', 12) + 63 * 86_400_000));
		expect(b.days[0].date).toBe('2026-01-05');
		expect(b.days.at(-1)).toEqual({ date: '2026-03-07', started: 37, finished: 37 });
	});

	it('gives no date when nothing was finished in the window', () => {
		const b = burnUp({ total: 5, startedAt: [day('2026-01-01')], finishedAt: [day('2026-01-02')], now: day('2026-03-01'), windowDays: 14 });
		expect(b).toMatchObject({ ratePerDay: 0, estimatedCompletion: null, reason: 'no_recent_progress', remaining: 4 });
	});

	it('says done once every tile is finished, and keeps the history', () => {
		const b = burnUp({ total: 2, startedAt: [day('2026-03-01')], finishedAt: [day('2026-03-01'), day('2026-03-02')], now: day('2026-03-03') });
		expect(b).toMatchObject({ remaining: 0, estimatedCompletion: null, reason: 'done', started: 2 });
		expect(b.days.map((d) => d.finished)).toEqual([1, 2, 2]);
	});

	it('a single finished tile today gives a pace from the start of the day (never divides by zero)', () => {
		const now = day('2026-03-01', 6);
		const b = burnUp({ total: 4, startedAt: [now], finishedAt: [now], now });
		expect(b.ratePerDay).toBe(1);
		expect(b.estimatedCompletion).toBe('2026-03-04');
	});
});
