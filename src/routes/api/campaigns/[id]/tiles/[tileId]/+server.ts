import { json } from '@sveltejs/kit';
import { may } from '$lib/server/access/authorize.ts';
import { tileDetail, type TileDocument } from '$lib/server/campaigns/campaigns.service.ts';
import { api, CAMPAIGN, guard, idParam, TILE } from '$lib/server/http.ts';

/** One tile, with whether the caller may review it (their organisation's tile, or any tile for a manager). */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const tileId = idParam(event.params.tileId, TILE);
	guard(event, 'campaign.view', { campaignId, tileId });
	const { db } = event.locals.services;
	return json({ ...tileDetail(db, campaignId, tileId), mayReview: may(db, event.locals.user, 'tile.review', { campaignId, tileId }) } satisfies TileDocument);
});
