import { describe, expect, it } from 'vitest';
import { featureArea, featureAttributeRows } from './attributes.ts';

describe('featureAttributeRows', () => {
	it('lists own attributes, fid first, without the derived class fields', () => {
		expect(
			featureAttributeRows({
				id: 7,
				code_cs: 'CS1.1.1.1',
				fid: 42,
				class_code: 'CS1.1.1.1',
				class_label: 'Zones bâties',
				class_color: '#ff377a',
				polygon_area_m2: 1234.5,
				millesime: null,
				meta: { a: 1 },
				valid: false
			})
		).toEqual([
			['fid', '42'],
			['id', '7'],
			['code_cs', 'CS1.1.1.1'],
			['millesime', ''],
			['meta', '{"a":1}'],
			['valid', 'false']
		]);
	});

	it('handles an empty feature', () => {
		expect(featureAttributeRows({})).toEqual([]);
	});
});

describe('featureArea', () => {
	it('reads the area the server computed, and nothing else', () => {
		expect(featureArea({ polygon_area_m2: 65536 })).toBe(65536);
		expect(featureArea({ polygon_area_m2: 0 })).toBe(0);
		for (const bad of [undefined, null, '12', -1, Number.NaN]) expect(featureArea({ polygon_area_m2: bad })).toBeNull();
	});
});
