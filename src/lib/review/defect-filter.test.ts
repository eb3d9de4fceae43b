import { describe, expect, it } from 'vitest';
import { defectFilterQuery, isEmptyFilter, matchesDefectFilter, readDefectFilter } from './defect-filter.ts';

const read = (q: string) => readDefectFilter(new URLSearchParams(q));

describe('readDefectFilter', () => {
	it('reads repeated and comma-separated values, deduplicated', () => {
		expect(read('severity=major,blocking&severity=major&tile=12&tile=13,12&organisation=4&category=geometry_blur')).toEqual({
			filter: { severity: ['major', 'blocking'], tileIds: [12, 13], organisationIds: [4], category: ['geometry_blur'] },
			problems: []
		});
	});

	it('an empty query, or empty values, filter nothing', () => {
		expect(read('')).toEqual({ filter: {}, problems: [] });
		expect(read('severity=&tile=,')).toEqual({ filter: {}, problems: [] });
		expect(isEmptyFilter(read('severity=').filter)).toBe(true);
	});

	it('names each value that is not one', () => {
		expect(read('severity=critical&tile=abc&tile=0&organisation=-1&tile=1e3').problems).toEqual([
			{ param: 'severity', value: 'critical' },
			{ param: 'tile', value: 'abc' },
			{ param: 'tile', value: '0' },
			{ param: 'tile', value: '1e3' },
			{ param: 'organisation', value: '-1' }
		]);
	});

	it('round-trips through defectFilterQuery', () => {
		const filter = { severity: ['blocking' as const], category: ['a', 'b'], tileIds: [3], organisationIds: [7, 8] };
		expect(read(defectFilterQuery(filter)).filter).toEqual(filter);
		expect(defectFilterQuery({})).toBe('');
	});
});

describe('matchesDefectFilter', () => {
	const d = { severity: 'major', category: 'geometry_blur', tileId: 5, organisationId: 2 };
	it('combines criteria with AND, values with OR', () => {
		expect(matchesDefectFilter({}, d)).toBe(true);
		expect(matchesDefectFilter({ severity: ['minor', 'major'], tileIds: [5] }, d)).toBe(true);
		expect(matchesDefectFilter({ severity: ['major'], tileIds: [6] }, d)).toBe(false);
		expect(matchesDefectFilter({ category: ['radiometry_shadow'] }, d)).toBe(false);
		expect(matchesDefectFilter({ organisationIds: [2] }, d)).toBe(true);
	});
	it('an author without organisation never matches an organisation filter', () => {
		expect(matchesDefectFilter({ organisationIds: [2] }, { ...d, organisationId: null })).toBe(false);
	});
});
