/**
 * A campaign's acceptance criteria (what the contract requires), read by everyone who may read the
 * reports and set by the manager. Until set, the suggested default applies (overall accuracy ≥ 90 %,
 * each class ≥ 85 %, as regional land-cover contracts write). Setting a single sampling plan draws
 * its n tiles among the review tiles, reproducibly from its seed, and keeps them.
 */
import { z } from 'zod';
import { SUGGESTED_CRITERIA, type AcceptanceCriteria } from '../../acceptance/criteria.ts';
import type { Nomenclature } from '../../nomenclature/index.ts';
import { simpleRandomSample } from '../../sampling/sample.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import type { Db } from '../db/db.ts';
import { statement } from '../db/statements.ts';
import { InputError } from '../errors.ts';
import * as repo from './criteria.repo.ts';

const proportion = z
	.number('a proportion from 0 to 1 (0.9 for 90 %)|une proportion entre 0 et 1 (0,9 pour 90 %)')
	.min(0, 'a proportion from 0 to 1 (0.9 for 90 %)|une proportion entre 0 et 1 (0,9 pour 90 %)')
	.max(1, 'a proportion from 0 to 1 (0.9 for 90 %)|une proportion entre 0 et 1 (0,9 pour 90 %)');

// Whole centimetres, as the decree names its classes (« classe de précision 20 cm »); 100 m is far past
// any orthophoto contract, and bounds what a typo can store.
const CLASS_CM = 'a whole number of centimetres from 1 to 10 000 (20 for the 20 cm class)|un nombre entier de centimètres de 1 à 10 000 (20 pour la classe 20 cm)';
const precisionClassCm = z.number(CLASS_CM).int(CLASS_CM).min(1, CLASS_CM).max(10_000, CLASS_CM);
// Metres, like every length in positional.json; the example says so, since contracts often write cm.
const RMSE_M = 'a length in metres, more than 0 and at most 1 000 (0.25 for 25 cm)|une longueur en mètres, plus de 0 et au plus 1 000 (0,25 pour 25 cm)';
const rmseRadialMax = z.number(RMSE_M).gt(0, RMSE_M).max(1000, RMSE_M);

/** The body of `PUT …/acceptance-criteria`: every criterion, null (or false) when not part of the contract. */
export const criteriaSchema = z.object({
	overallAccuracy: proportion.nullable().default(null),
	overallLowerBound: proportion.nullable().default(null),
	eachClassUsers: proportion.nullable().default(null),
	listedClassesUsers: z
		.object({ classes: z.array(z.string().min(1).max(64)).min(1, 'list at least one class|indiquez au moins une classe').max(200), min: proportion })
		.nullable()
		.default(null),
	noBlockingDefectLeft: z.boolean().default(false),
	rejectedTilesMax: proportion.nullable().default(null),
	samplingPlan: z
		.object({
			sampleSize: z.number().int('a whole number|un entier').min(1, 'at least 1|au moins 1'),
			acceptanceNumber: z.number().int('a whole number|un entier').min(0, 'at least 0|au moins 0'),
			seed: z.string().trim().min(1, '1 to 100 characters|de 1 à 100 caractères').max(100, '1 to 100 characters|de 1 à 100 caractères')
		})
		.nullable()
		.default(null),
	precisionClassCm: precisionClassCm.nullable().default(null),
	rmseRadialMax: rmseRadialMax.nullable().default(null)
});

export interface CriteriaView {
	criteria: AcceptanceCriteria;
	/** No criteria set yet: these are the suggested default. */
	isDefault: boolean;
	updatedAt: number | null;
}

/** The campaign's criteria, or the suggested default. */
export function campaignCriteria(db: Db, campaignId: number): CriteriaView {
	const row = repo.criteriaRow(db, campaignId);
	if (!row) return { criteria: { ...SUGGESTED_CRITERIA }, isDefault: true, updatedAt: null };
	return { criteria: { ...SUGGESTED_CRITERIA, ...(row.criteria as Partial<AcceptanceCriteria>) }, isDefault: false, updatedAt: row.updatedAt.getTime() };
}

/** `PUT …/acceptance-criteria` (manager): checks the classes and the plan, draws the plan's tiles, audits. */
export function setCriteria(db: Db, campaignId: number, criteria: AcceptanceCriteria, actor: Actor): CriteriaView {
	if (criteria.listedClassesUsers) {
		const { nomenclature } = statement(db, 'SELECT nomenclature FROM campaigns WHERE id = ?').get(campaignId) as { nomenclature: string };
		const known = new Set((JSON.parse(nomenclature) as Nomenclature).entries.map((e) => e.code));
		for (const r of statement(db, 'SELECT DISTINCT class_code FROM landcover_features WHERE campaign_id = ?').raw().all(campaignId) as [string][]) known.add(r[0]);
		const unknown = criteria.listedClassesUsers.classes.filter((c) => !known.has(c));
		if (unknown.length > 0) {
			const list = unknown.slice(0, 5).map((c) => c.slice(0, 80)).join(', ');
			throw new InputError('unknown_class', { en: `Unknown classes in the list: ${list}.`, fr: `Classes inconnues dans la liste : ${list}.` });
		}
	}
	const tiles = repo.reviewTiles(db, campaignId);
	const plan = criteria.samplingPlan;
	if (plan) {
		if (plan.sampleSize > tiles.length) {
			throw new InputError('plan_too_large', {
				en: `The sampling plan inspects ${plan.sampleSize} tiles, but the campaign has ${tiles.length} review tiles.`,
				fr: `Le plan d’échantillonnage inspecte ${plan.sampleSize} tuiles, mais la campagne compte ${tiles.length} tuiles à contrôler.`
			});
		}
		if (plan.acceptanceNumber > plan.sampleSize) {
			throw new InputError('plan_acceptance_number', {
				en: `The acceptance number c (${plan.acceptanceNumber}) cannot exceed n (${plan.sampleSize}).`,
				fr: `Le critère d’acceptation c (${plan.acceptanceNumber}) ne peut pas dépasser n (${plan.sampleSize}).`
			});
		}
	}
	db.transaction(() => {
		repo.saveCriteria(db, campaignId, { ...criteria }, actor.id);
		repo.replacePlanTiles(db, campaignId, plan ? simpleRandomSample(tiles, plan.sampleSize, plan.seed, (t) => t.name).map((t) => t.id) : []);
		audit(db, actor, 'acceptance.criteria', { ...criteria }, campaignId);
	});
	return campaignCriteria(db, campaignId);
}
