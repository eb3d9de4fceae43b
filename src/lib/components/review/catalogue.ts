/**
 * The defect catalogue as the review forms show it: grouped by target (orthophoto, land cover) and
 * family, retired categories hidden for new defects, nine numbered for the keyboard. Pure.
 */
import { GROUP_LABELS, type DefectCategory, type DefectTarget } from '../../review/catalogue.ts';
import type { Locale } from '../../i18n/locale.ts';

/** GET /api/campaigns/:id/catalogue. */
export interface Catalogue {
	categories: DefectCategory[];
	severities: string[];
}

export interface CategoryGroup {
	target: DefectTarget;
	group: string;
	/** "Orthophoto · Radiometry" style heading, in the UI language. */
	label: string;
	categories: DefectCategory[];
}

const TARGET_LABELS: Record<DefectTarget, { fr: string; en: string }> = {
	orthophoto: { fr: 'Orthophoto', en: 'Orthophoto' },
	landcover: { fr: 'Occupation du sol', en: 'Land cover' }
};

export function targetLabel(target: DefectTarget, locale: Locale): string {
	return TARGET_LABELS[target]?.[locale] ?? target;
}

/** A category's label in the UI language; the code itself for one the catalogue does not know. */
export function categoryLabel(categories: readonly DefectCategory[], code: string, locale: Locale): string {
	const c = categories.find((x) => x.code === code);
	return c ? c.label[locale] || c.label.fr || code : code;
}

/**
 * Categories offered in a form, grouped in catalogue order: active ones, plus `keep` (the category an
 * existing defect already has, even if retired since).
 */
export function categoryGroups(categories: readonly DefectCategory[], locale: Locale, keep: string | null = null): CategoryGroup[] {
	const groups: CategoryGroup[] = [];
	for (const c of categories) {
		if (c.retired && c.code !== keep) continue;
		let g = groups.find((x) => x.target === c.target && x.group === c.group);
		if (!g) {
			const family = GROUP_LABELS[c.group]?.[locale] ?? c.group;
			g = { target: c.target, group: c.group, label: `${targetLabel(c.target, locale)} · ${family}`, categories: [] };
			groups.push(g);
		}
		g.categories.push(c);
	}
	return groups;
}

/** The nine categories digits 1–9 pick while reporting a defect: the first active ones of a target. */
export function quickCategories(categories: readonly DefectCategory[], target: DefectTarget): DefectCategory[] {
	return categories.filter((c) => !c.retired && c.target === target).slice(0, 9);
}

/** Can a new defect use this category? */
export function isActiveCategory(categories: readonly DefectCategory[], code: string): boolean {
	return categories.some((c) => c.code === code && !c.retired);
}
