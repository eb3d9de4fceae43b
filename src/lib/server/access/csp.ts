import { campaignOfPage } from '../../access/campaign-pages.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { imageryOrigin } from '../../geo/services.ts';
import { referenceLayerUrls, serviceLocations } from '../campaigns/campaigns.repo.ts';
import type { Db } from '../db/db.ts';
import { may } from './authorize.ts';

/**
 * http(s) origins of one campaign's WMTS/WMS/XYZ services — its imagery (its delivered images come
 * from us) and the reference layers its managers added (src/lib/server/campaigns/reference-layers.ts).
 */
export function campaignImageryOrigins(db: Db, campaignId: number): string[] {
	const locations = [...serviceLocations(db, campaignId), ...referenceLayerUrls(db, campaignId)];
	return [...new Set(locations.map(imageryOrigin).filter((o): o is string => o !== null))];
}

/**
 * The external origins a page may load images and tiles from: its own campaign's imagery services,
 * when the page belongs to a campaign (`/campaigns/:id/…`) the user may see — and nothing anywhere
 * else. One campaign's services (chosen by its manager) must not widen the policy of the sign-in
 * page or of another campaign's pages.
 */
export function pageImageryOrigins(db: Db, user: SessionUser | null, pathname: string): string[] {
	const campaignId = campaignOfPage(pathname);
	if (campaignId === null || !may(db, user, 'campaign.view', { campaignId })) return [];
	return campaignImageryOrigins(db, campaignId);
}
