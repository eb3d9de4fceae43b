import { json } from '@sveltejs/kit';
import { reopenTile } from '$lib/server/review/tiles.service.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, TILE } from '$lib/server/http.ts';

/** A manager reopens a validated tile: its status follows its document again. `{status}`. */
export const POST = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const tileId = idParam(event.params.tileId, TILE);
	guard(event, 'campaign.decide', { campaignId, tileId });
	return json(reopenTile(event.locals.services.db, event.locals.services.rooms, { campaignId, tileId }, actorOf(event)));
});
