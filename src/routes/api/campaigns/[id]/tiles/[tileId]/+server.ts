import { json } from '@sveltejs/kit';
import { reviewRight } from '$lib/access/review-right.ts';
import { may, tileScope } from '$lib/server/access/authorize.ts';
import { tileDetail, tileOrganisations, type TileDocument } from '$lib/server/campaigns/campaigns.service.ts';
import { api, CAMPAIGN, guard, idParam, TILE } from '$lib/server/http.ts';

/**
 * One tile, with whether the caller may review it (their organisation's tile, or any tile for a
 * manager), `reviewRight` saying why in the role's own terms (`organisation` | `manager` |
 * `unassigned` | `validated` | `readOnly`, see src/lib/access/review-right.ts) and the
 * `organisations` it is assigned to.
 */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const tileId = idParam(event.params.tileId, TILE);
	const grant = guard(event, 'campaign.view', { campaignId, tileId });
	const { db } = event.locals.services;
	const scope = tileScope(db, campaignId, tileId)!;
	return json({
		...tileDetail(db, campaignId, tileId),
		mayReview: may(db, event.locals.user, 'tile.review', { campaignId, tileId }),
		reviewRight: reviewRight(grant, scope),
		organisations: tileOrganisations(db, tileId)
	} satisfies TileDocument);
});
