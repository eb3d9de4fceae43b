import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOGUE, type DefectCategory } from '../../review/catalogue.ts';
import { categoryGroups, categoryLabel, isActiveCategory, quickCategories } from './catalogue.ts';

const retiredShadow: DefectCategory[] = DEFAULT_CATALOGUE.map((c) => (c.code === 'radiometry_shadow' ? { ...c, retired: true } : c));

describe('categoryGroups', () => {
	it('groups the default catalogue by target and family, in order, in the UI language', () => {
		const groups = categoryGroups(DEFAULT_CATALOGUE, 'fr');
		expect(groups.map((g) => g.label)).toEqual([
			'Orthophoto · Radiométrie',
			'Orthophoto · Géométrie',
			'Orthophoto · Complétude',
			'Occupation du sol · Thématique',
			'Occupation du sol · Géométrie',
			'Occupation du sol · Topologie'
		]);
		expect(groups.flatMap((g) => g.categories)).toHaveLength(DEFAULT_CATALOGUE.length);
		expect(categoryGroups(DEFAULT_CATALOGUE, 'en')[3].label).toBe('Land cover · Thematic');
	});

	it('hides retired categories, except the one an existing defect keeps', () => {
		expect(categoryGroups(retiredShadow, 'fr').flatMap((g) => g.categories.map((c) => c.code))).not.toContain('radiometry_shadow');
		expect(categoryGroups(retiredShadow, 'fr', 'radiometry_shadow').flatMap((g) => g.categories.map((c) => c.code))).toContain('radiometry_shadow');
	});

	it('shows a manager’s own family as written', () => {
		const custom: DefectCategory = { code: 'custom_1', target: 'landcover', group: 'Haies', label: { fr: 'Haie manquante', en: 'Missing hedge' }, retired: false };
		expect(categoryGroups([custom], 'fr')[0].label).toBe('Occupation du sol · Haies');
	});
});

describe('quickCategories', () => {
	it('numbers the first nine active categories of a target', () => {
		const ortho = quickCategories(retiredShadow, 'orthophoto');
		expect(ortho).toHaveLength(9);
		expect(ortho.map((c) => c.code)).not.toContain('radiometry_shadow');
		expect(ortho[0].code).toBe('radiometry_saturation');
		expect(quickCategories(DEFAULT_CATALOGUE, 'landcover').map((c) => c.code)).toEqual([
			'landcover_wrong_cover',
			'landcover_wrong_use',
			'landcover_missing_object',
			'landcover_boundary',
			'landcover_below_mmu',
			'landcover_topology'
		]);
		expect(quickCategories([], 'landcover')).toEqual([]);
	});
});

describe('labels', () => {
	it('in the UI language, the code for an unknown category', () => {
		expect(categoryLabel(DEFAULT_CATALOGUE, 'geometry_blur', 'fr')).toBe('Flou');
		expect(categoryLabel(DEFAULT_CATALOGUE, 'geometry_blur', 'en')).toBe('Blur');
		expect(categoryLabel(DEFAULT_CATALOGUE, 'custom_9', 'fr')).toBe('custom_9');
		expect(isActiveCategory(retiredShadow, 'radiometry_shadow')).toBe(false);
		expect(isActiveCategory(retiredShadow, 'geometry_blur')).toBe(true);
	});
});
