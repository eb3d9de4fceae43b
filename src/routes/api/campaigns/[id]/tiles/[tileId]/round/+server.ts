import { json } from '@sveltejs/kit';
import { allows } from '$lib/access/permissions.ts';
import { tileRound } from '$lib/server/rounds/rounds.service.ts';
import { api, CAMPAIGN, guard, idParam, TILE } from '$lib/server/http.ts';

/**
 * The tile's review round: its number, the imagery it is reviewed on (and compared with), and, for
 * those who read reviews, the previous round's defects and verdicts as they were closed.
 */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const tileId = idParam(event.params.tileId, TILE);
	const grant = guard(event, 'campaign.view', { campaignId, tileId });
	return json(tileRound(event.locals.services.db, campaignId, tileId, { withReviews: allows(grant, 'reviews.read') }));
});
