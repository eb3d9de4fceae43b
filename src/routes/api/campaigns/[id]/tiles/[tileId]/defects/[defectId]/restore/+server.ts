import { restoreDefect } from '$lib/server/review/review.service.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, TILE } from '$lib/server/http.ts';

/** A manager brings back a deleted defect, as it was just before its deletion (stored, then relayed). 204. */
export const POST = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const tileId = idParam(event.params.tileId, TILE);
	guard(event, 'campaign.manage', { campaignId, tileId });
	const { db, rooms } = event.locals.services;
	await restoreDefect(db, rooms, { campaignId, tileId }, event.params.defectId!, actorOf(event));
	return new Response(null, { status: 204 });
});
