import { json } from '@sveltejs/kit';
import { validateTile } from '$lib/server/review/tiles.service.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, TILE } from '$lib/server/http.ts';

/** A manager validates the tile's review: it is closed to changes until reopened. `{status}`. */
export const POST = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const tileId = idParam(event.params.tileId, TILE);
	guard(event, 'campaign.decide', { campaignId, tileId });
	return json(validateTile(event.locals.services.db, event.locals.services.rooms, { campaignId, tileId }, actorOf(event)));
});
