import { json } from '@sveltejs/kit';
import { api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

/** Who is on which tile now: `{tiles: {<tileId>: [{userId, name, organisation, color, claim}]}}`. */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'reviews.read', { campaignId });
	return json({ tiles: event.locals.services.rooms.presence(campaignId) });
});
