/**
 * A campaign's defect catalogue. Every campaign starts with a copy of the default catalogue (taken
 * the first time it is read, so campaigns imported before the catalogue existed get one too);
 * managers add, rename and retire categories. Codes are never reused: a retired category stays on
 * the defects that carry it, and a manager's own categories are numbered `custom_<n>` past every
 * code the campaign has ever had.
 */
import { CUSTOM_CODE, DEFAULT_CATALOGUE, DEFECT_TARGETS, SEVERITIES, type DefectCategory, type DefectTarget } from '../../review/catalogue.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import type { Db } from '../db/db.ts';
import { InputError, NotFoundError } from '../errors.ts';
import * as repo from './catalogue.repo.ts';

export interface Catalogue {
	categories: DefectCategory[];
	severities: typeof SEVERITIES;
}

const toCategory = (r: repo.CategoryRow): DefectCategory => ({
	code: r.code,
	target: r.target,
	group: r.groupCode,
	label: { fr: r.labelFr, en: r.labelEn },
	retired: r.retired
});

/** The campaign's categories, in catalogue order (seeding the default catalogue on first use). */
export function campaignCategories(db: Db, campaignId: number): DefectCategory[] {
	let rows = repo.listCategories(db, campaignId);
	if (rows.length === 0) {
		db.transaction(() => {
			if (repo.listCategories(db, campaignId).length) return;
			repo.insertCategories(
				db,
				DEFAULT_CATALOGUE.map((c, i) => ({ campaignId, code: c.code, target: c.target, groupCode: c.group, labelFr: c.label.fr, labelEn: c.label.en, retired: false, ordinal: i + 1 }))
			);
		});
		rows = repo.listCategories(db, campaignId);
	}
	return rows.map(toCategory);
}

/** `GET /api/campaigns/:id/catalogue`. */
export function catalogue(db: Db, campaignId: number): Catalogue {
	return { categories: campaignCategories(db, campaignId), severities: SEVERITIES };
}

const LABEL_MAX = 120;

function cleanLabel(value: unknown, what: { en: string; fr: string }): string {
	const s = typeof value === 'string' ? value.trim() : '';
	if (!s || s.length > LABEL_MAX) {
		throw new InputError('invalid_label', { en: `${what.en} must be 1 to ${LABEL_MAX} characters.`, fr: `${what.fr} doit faire de 1 à ${LABEL_MAX} caractères.` });
	}
	return s;
}

/** A manager's own category; returns it with its new code. */
export function addCategory(db: Db, campaignId: number, input: { target: DefectTarget; group?: string; label: { fr: string; en?: string } }, actor: Actor | null): DefectCategory {
	if (!DEFECT_TARGETS.includes(input.target)) {
		throw new InputError('invalid_target', { en: 'A category is about the orthophoto or the land cover.', fr: 'Une catégorie porte sur l’orthophoto ou sur l’occupation du sol.' });
	}
	const labelFr = cleanLabel(input.label?.fr, { en: 'The French label', fr: 'Le libellé français' });
	const labelEn = input.label?.en?.trim() ? cleanLabel(input.label.en, { en: 'The English label', fr: 'Le libellé anglais' }) : labelFr;
	const groupCode = input.group?.trim() ? cleanLabel(input.group, { en: 'The group', fr: 'Le groupe' }) : 'other';
	campaignCategories(db, campaignId); // seeds the defaults first, so custom codes follow them
	return db.transaction(() => {
		const used = repo.listCategories(db, campaignId).map((c) => (CUSTOM_CODE.test(c.code) ? Number(c.code.slice('custom_'.length)) : 0));
		const code = `custom_${Math.max(0, ...used) + 1}`;
		repo.insertCategories(db, [{ campaignId, code, target: input.target, groupCode, labelFr, labelEn, retired: false, ordinal: repo.lastOrdinal(db, campaignId) + 1 }]);
		audit(db, actor, 'catalogue.add', { code, label: labelFr }, campaignId);
		return { code, target: input.target, group: groupCode, label: { fr: labelFr, en: labelEn }, retired: false };
	});
}

/** Rename or retire (or bring back) a category. Its code never changes. */
export function editCategory(db: Db, campaignId: number, code: string, input: { label?: { fr?: string; en?: string }; retired?: boolean }, actor: Actor | null): DefectCategory {
	const current = campaignCategories(db, campaignId).find((c) => c.code === code);
	if (!current) throw new NotFoundError({ en: `The category "${code}" does not exist in this campaign.`, fr: `La catégorie « ${code} » n’existe pas dans cette campagne.` });
	const values: Parameters<typeof repo.updateCategory>[3] = {};
	if (input.label?.fr !== undefined) values.labelFr = cleanLabel(input.label.fr, { en: 'The French label', fr: 'Le libellé français' });
	if (input.label?.en !== undefined) values.labelEn = cleanLabel(input.label.en, { en: 'The English label', fr: 'Le libellé anglais' });
	if (input.retired !== undefined) values.retired = input.retired;
	if (Object.keys(values).length) {
		db.transaction(() => {
			repo.updateCategory(db, campaignId, code, values);
			audit(db, actor, 'catalogue.edit', { code, label: values.labelFr ?? current.label.fr, ...(values.retired !== undefined ? { retired: values.retired } : {}), ...(values.labelFr !== undefined ? { from: current.label.fr } : {}) }, campaignId);
		});
	}
	return campaignCategories(db, campaignId).find((c) => c.code === code)!;
}
