import { removeReferenceLayer } from '$lib/server/campaigns/reference-layers.ts';
import { actorOf, api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

const LAYER = { en: 'Reference layer', fr: 'La couche de référence' };

/** A manager removes a reference layer. 204. */
export const DELETE = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	removeReferenceLayer(event.locals.services.db, campaignId, idParam(event.params.layerId, LAYER), actorOf(event));
	return new Response(null, { status: 204 });
});
