/** Campaign rules its managers choose (one row per campaign, created on first change). */
import type { Db } from '../db/db.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import * as repo from './campaigns.repo.ts';
import { requireCampaign } from './campaigns.service.ts';

/** GET/PUT /api/campaigns/:id/settings. */
export interface CampaignSettings {
	/** Reviewers may also review tiles assigned to no organisation. */
	reviewUnassigned: boolean;
	/** Verdicts (other than "cannot tell") a tile needs to count as reviewed. */
	requiredVerdicts: number;
}

export function getSettings(db: Db, campaignId: number): CampaignSettings {
	const row = repo.settings(db, campaignId);
	return { reviewUnassigned: row?.reviewUnassigned ?? false, requiredVerdicts: row?.requiredVerdicts ?? 1 };
}

/** Change the settings given (the others keep their value). */
export function updateSettings(db: Db, campaignId: number, change: Partial<CampaignSettings>, actor: Actor | null): CampaignSettings {
	db.transaction(() => {
		requireCampaign(db, campaignId);
		const next = { ...getSettings(db, campaignId), ...change };
		repo.saveSettings(db, { campaignId, reviewUnassigned: next.reviewUnassigned, requiredVerdicts: next.requiredVerdicts });
		audit(db, actor, 'campaign.settings', { ...change }, campaignId);
	});
	return getSettings(db, campaignId);
}
