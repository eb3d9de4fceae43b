import { json } from '@sveltejs/kit';
import { verdictList } from '$lib/server/review/review.service.ts';
import { api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

/** Every reviewer's verdict on every tile: `[{tileId, userId, organisation, verdict, comment, at}]`. */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'reviews.read', { campaignId });
	return json(verdictList(event.locals.services.db, campaignId));
});
