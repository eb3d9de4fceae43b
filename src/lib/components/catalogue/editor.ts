/**
 * The defect catalogue as its editor shows it: every category, retired ones included, by target
 * (orthophoto, land cover) and family, in catalogue order; and the families a new category may join.
 * Pure, unit-tested.
 */
import { DEFECT_TARGETS, GROUP_LABELS, type DefectCategory, type DefectTarget } from '../../review/catalogue.ts';
import type { Locale } from '../../i18n/locale.ts';

/** The family a manager's category gets when none is chosen (the server's default). */
export const OTHER_GROUP = 'other';

export interface EditorGroup {
	group: string;
	categories: DefectCategory[];
	/** In service / retired. */
	active: number;
	retired: number;
}

export interface EditorSection {
	target: DefectTarget;
	groups: EditorGroup[];
}

/** Every category by target (orthophoto first) then family, in catalogue order; targets without any are left out. */
export function catalogueSections(categories: readonly DefectCategory[]): EditorSection[] {
	const sections: EditorSection[] = [];
	for (const target of DEFECT_TARGETS) {
		const groups: EditorGroup[] = [];
		for (const c of categories) {
			if (c.target !== target) continue;
			let g = groups.find((x) => x.group === c.group);
			if (!g) groups.push((g = { group: c.group, categories: [], active: 0, retired: 0 }));
			g.categories.push(c);
			if (c.retired) g.retired++;
			else g.active++;
		}
		if (groups.length) sections.push({ target, groups });
	}
	return sections;
}

/**
 * A family's name: the default families in the UI language, "other" as `otherLabel`, a manager's own
 * family as they wrote it.
 */
export function groupLabel(group: string, locale: Locale, otherLabel: string): string {
	if (group === OTHER_GROUP) return otherLabel;
	return GROUP_LABELS[group]?.[locale] ?? group;
}

/** The families a new category about `target` may join: those the target has, then "other" if it has none yet. */
export function groupsFor(categories: readonly DefectCategory[], target: DefectTarget): string[] {
	const groups = [...new Set(categories.filter((c) => c.target === target).map((c) => c.group))];
	return groups.includes(OTHER_GROUP) ? groups : [...groups, OTHER_GROUP];
}
