/**
 * What a room needs to check changes to its tile: the campaign's catalogue and nomenclature, the
 * tile's extent, the land-cover features touching it, and the verdicts a tile needs. Loaded when a
 * room opens and again when a manager edits the catalogue or the settings.
 */
import type { Db } from '../../src/lib/server/db/db.ts';
import { activeCodes } from '../../src/lib/review/catalogue.ts';
import type { ReviewContext } from '../../src/lib/review/document.ts';
import { campaignCategories } from '../../src/lib/server/review/catalogue.service.ts';

export type RoomRules = Omit<ReviewContext, 'userId' | 'isManager'> & { requiredVerdicts: number };

export function loadRoomRules(db: Db, campaignId: number, tileId: number): RoomRules | null {
	const sqlite = db.$client;
	const tile = sqlite.prepare('SELECT geometry, feature_ids FROM tiles WHERE id = ? AND campaign_id = ?').get(tileId, campaignId) as
		| { geometry: string; feature_ids: Buffer | null }
		| undefined;
	const campaign = sqlite.prepare('SELECT nomenclature FROM campaigns WHERE id = ?').get(campaignId) as { nomenclature: string } | undefined;
	if (!tile || !campaign) return null;
	const settings = sqlite.prepare('SELECT required_verdicts FROM campaign_settings WHERE campaign_id = ?').get(campaignId) as { required_verdicts: number } | undefined;

	const ring = (JSON.parse(tile.geometry) as { coordinates: [number, number][][] }).coordinates[0];
	const xs = ring.map((p) => p[0]);
	const ys = ring.map((p) => p[1]);

	// The land-cover endpoints expose a feature's `fid`: corrections and walk answers name it.
	const fids = new Set<number>();
	const ids = tile.feature_ids;
	if (ids?.length) {
		const get = sqlite.prepare('SELECT fid FROM landcover_features WHERE id = ?').pluck();
		for (let i = 0; i < ids.length; i += 4) fids.add(get.get(ids.readInt32LE(i)) as number);
	}
	const categories = campaignCategories(db, campaignId);
	const nomenclature = JSON.parse(campaign.nomenclature) as { entries: { code: string }[] };
	return {
		activeCategories: activeCodes(categories),
		allCategories: new Set(categories.map((c) => c.code)),
		classCodes: new Set(nomenclature.entries.map((e) => e.code)),
		tileBounds: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
		hasFeature: (fid) => fids.has(fid),
		requiredVerdicts: settings?.required_verdicts ?? 1
	};
}
