import { describe, expect, it } from 'vitest';
import { burnUp } from '../../reports/progress.ts';
import { burnUpSeries, dayRange } from './chart-data.ts';

const at = (iso: string) => Date.parse(`${iso}T12:00:00Z`);

describe('dayRange', () => {
	it('includes both ends and crosses months', () => {
		expect(dayRange('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
		expect(dayRange('2026-03-02', '2026-03-02')).toEqual(['2026-03-02']);
	});
});

describe('burnUpSeries', () => {
	it('is empty before any activity', () => {
		expect(burnUpSeries(burnUp({ total: 3, startedAt: [], finishedAt: [], now: at('2026-03-01') })).labels).toEqual([]);
	});

	it('extends the axis to the estimated completion, where the projection meets the scope', () => {
		const b = burnUp({ total: 4, startedAt: [at('2026-03-01')], finishedAt: [at('2026-03-01'), at('2026-03-02')], now: at('2026-03-02') });
		expect(b.estimatedCompletion).toBe('2026-03-04');
		const s = burnUpSeries(b);
		expect(s.labels).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04']);
		expect(s.finished).toEqual([1, 2, null, null]);
		expect(s.projection).toEqual([null, 2, null, 4]);
		expect(s.scope).toEqual([4, 4, 4, 4]);
	});

	it('draws no projection once done, or when the end is more than a year away', () => {
		const done = burnUpSeries(burnUp({ total: 1, startedAt: [], finishedAt: [at('2026-03-01')], now: at('2026-03-02') }));
		expect(done.projection.every((v) => v === null)).toBe(true);
		const slow = burnUp({ total: 1000, startedAt: [], finishedAt: [at('2026-03-01')], now: at('2026-03-02'), windowDays: 14 });
		const s = burnUpSeries(slow);
		expect(s.labels).toHaveLength(2);
		expect(s.projection.every((v) => v === null)).toBe(true);
	});
});
