import { describe, expect, it } from 'vitest';
import { DEFECT_ID } from './document.ts';
import { isDefectId, newDefectId } from './ids.ts';

describe('defect ids', () => {
	it('are 32 hexadecimal digits the document accepts', () => {
		const id = newDefectId();
		expect(id).toMatch(/^[0-9a-f]{32}$/);
		expect(DEFECT_ID.test(id)).toBe(true);
		expect(isDefectId(id)).toBe(true);
	});

	it('do not repeat', () => {
		const ids = new Set(Array.from({ length: 2000 }, () => newDefectId()));
		expect(ids.size).toBe(2000);
	});

	it('refuse a source that does not give a usable id', () => {
		expect(() => newDefectId(() => 'not/an id')).toThrow(/not a defect id/);
		expect(() => newDefectId(() => '')).toThrow();
	});

	it.each([[''], ['a'.repeat(65)], ['a b'], ['é'], [42], [null]])('isDefectId(%j) is false', (value) => {
		expect(isDefectId(value)).toBe(false);
	});
});
