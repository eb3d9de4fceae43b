import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOGUE, type DefectCategory } from '../../review/catalogue.ts';
import { categoryGroups } from '../review/catalogue.ts';
import { catalogueSections, groupLabel, groupsFor } from './editor.ts';

const custom = (code: string, target: DefectCategory['target'], group: string, retired = false): DefectCategory => ({
	code,
	target,
	group,
	label: { fr: code, en: code },
	retired
});

describe('catalogueSections', () => {
	it('lists the default catalogue by target, then family, in catalogue order', () => {
		const sections = catalogueSections(DEFAULT_CATALOGUE);
		expect(sections.map((s) => [s.target, s.groups.map((g) => [g.group, g.categories.length])])).toEqual([
			[
				'orthophoto',
				[
					['radiometry', 4],
					['geometry', 5],
					['completeness', 3]
				]
			],
			[
				'landcover',
				[
					['thematic', 3],
					['geometry', 2],
					['topology', 1]
				]
			]
		]);
	});

	it('keeps retired categories (greyed by the page, never hidden: their code stays on old defects), and counts them', () => {
		const categories = [...DEFAULT_CATALOGUE.slice(0, 2), custom('custom_1', 'orthophoto', 'radiometry', true)];
		const [ortho] = catalogueSections(categories);
		expect(ortho.groups[0]).toMatchObject({ group: 'radiometry', active: 2, retired: 1 });
		expect(ortho.groups[0].categories.map((c) => c.code)).toEqual(['radiometry_saturation', 'radiometry_colour_balance', 'custom_1']);
		// The tile page's picker, on the other hand, does not offer it.
		expect(categoryGroups(categories, 'fr').flatMap((g) => g.categories.map((c) => c.code))).not.toContain('custom_1');
	});

	it('a manager’s category in a family of its own, after the defaults; an empty catalogue has no section', () => {
		const sections = catalogueSections([...DEFAULT_CATALOGUE, custom('custom_1', 'landcover', 'Haies')]);
		expect(sections[1].groups.map((g) => g.group)).toEqual(['thematic', 'geometry', 'topology', 'Haies']);
		expect(catalogueSections([])).toEqual([]);
	});
});

describe('families', () => {
	it('names default families in the UI language, "other" as asked, and a manager’s own as written', () => {
		expect(groupLabel('radiometry', 'fr', 'Autre')).toBe('Radiométrie');
		expect(groupLabel('radiometry', 'en', 'Other')).toBe('Radiometry');
		expect(groupLabel('other', 'fr', 'Autres défauts')).toBe('Autres défauts');
		expect(groupLabel('Haies', 'en', 'Other')).toBe('Haies');
	});

	it('offers the target’s own families, then "other"', () => {
		expect(groupsFor(DEFAULT_CATALOGUE, 'landcover')).toEqual(['thematic', 'geometry', 'topology', 'other']);
		expect(groupsFor([...DEFAULT_CATALOGUE, custom('custom_1', 'orthophoto', 'other')], 'orthophoto')).toEqual(['radiometry', 'geometry', 'completeness', 'other']);
		expect(groupsFor([], 'orthophoto')).toEqual(['other']);
	});
});
