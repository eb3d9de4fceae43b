import { describe, expect, it } from 'vitest';
import { featureAttributeRows } from './attributes.ts';

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
