import { describe, expect, it } from 'vitest';
import { criterionFigure, lengthCm, positionalFigure } from './report-text.ts';

const nb = (s: string) => s.replace(/\u00a0/g, ' ');
const yesNo = (pass: boolean) => (pass ? 'yes' : 'no');

describe('positional figures as the report prints them', () => {
	it.each([
		[0.090370, 'en', '9.0 cm'],
		[0.090370, 'fr', '9,0 cm'],
		[0.00049, 'en', '0.0 cm'],
		[-0.05, 'en', '-5.0 cm'],
		[1.2346, 'fr', '123,5 cm'],
		[null, 'en', '–']
	] as const)('lengthCm(%s, %s) = %s', (m, locale, want) => {
		expect(nb(lengthCm(m, locale))).toBe(want);
	});

	it('prints criteria by kind: class in whole cm, RMSE in cm, proportions in %, counts as counts', () => {
		expect(nb(criterionFigure('precision_class', 20, 'fr'))).toBe('20 cm');
		expect(nb(criterionFigure('rmse_radial', 0.1, 'en'))).toBe('10.0 cm');
		expect(nb(criterionFigure('overall_accuracy', 0.9, 'en'))).toBe('90.0 %');
		expect(criterionFigure('sampling_plan', 3, 'en')).toBe('3');
		expect(criterionFigure('rmse_radial', null, 'en')).toBe('–');
	});

	it('prints summary rows by unit: metres in cm, classes in cm, counts, class names and a pass as words', () => {
		expect(nb(positionalFigure({ value: 0.0412, unit: 'm' }, 'fr', yesNo))).toBe('4,1 cm');
		expect(nb(positionalFigure({ value: 20, unit: 'cm' }, 'en', yesNo))).toBe('20 cm');
		expect(positionalFigure({ value: 1234, unit: '' }, 'en', yesNo)).toBe('1,234');
		expect(positionalFigure({ value: '9.1-cm', unit: '' }, 'en', yesNo)).toBe('9.1-cm');
		expect(positionalFigure({ value: false, unit: '' }, 'en', yesNo)).toBe('no');
		expect(positionalFigure({ value: null, unit: 'm' }, 'en', yesNo)).toBe('–');
	});
});
