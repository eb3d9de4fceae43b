import { json } from '@sveltejs/kit';
import { addReferenceLayer, listReferenceLayers, referenceLayerSchema } from '$lib/server/campaigns/reference-layers.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

/**
 * The campaign's reference layers (IGN Plan, cadastre, communes…), which the tile page offers to
 * switch on: `[{id, kind, url, layer, label, attribution, tiles, createdAt}]`.
 */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.view', { campaignId });
	return json(listReferenceLayers(event.locals.services.db, campaignId));
});

/** A manager adds one: `{kind: xyz|wms|wmts, url, layer?, label, attribution?}` → 201 with the layer. */
export const POST = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	const input = await jsonBody(event.request, referenceLayerSchema);
	return json(addReferenceLayer(event.locals.services.db, campaignId, input, actorOf(event)), { status: 201 });
});
