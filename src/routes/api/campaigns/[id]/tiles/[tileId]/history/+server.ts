import { json } from '@sveltejs/kit';
import { tileHistory } from '$lib/server/review/review.service.ts';
import { api, CAMPAIGN, guard, idParam, TILE } from '$lib/server/http.ts';

/** Who changed what on this tile, newest first (`?before=<id>` pages back). Managers only. */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const tileId = idParam(event.params.tileId, TILE);
	guard(event, 'campaign.manage', { campaignId, tileId });
	const before = event.url.searchParams.get('before');
	return json(tileHistory(event.locals.services.db, tileId, before && /^\d+$/.test(before) ? Number(before) : undefined));
});
