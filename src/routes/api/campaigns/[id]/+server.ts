import { json } from '@sveltejs/kit';
import { campaignDocument } from '$lib/server/campaigns/campaigns.service.ts';
import { z } from 'zod';
import { deleteCampaign } from '$lib/server/campaigns/delete.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

/** The campaign, with the caller's role and what it allows (for the UI to offer the right controls). */
export const GET = api((event) => {
	const id = idParam(event.params.id, CAMPAIGN);
	const grant = guard(event, 'campaign.view', { campaignId: id });
	return json(campaignDocument(event.locals.services.db, id, grant));
});

/** Delete the campaign (its managers and site admins), confirmed by its exact name: `{ "confirm": "<name>" }`. */
export const DELETE = api(async (event) => {
	const id = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId: id });
	const { confirm } = await jsonBody(event.request, z.object({ confirm: z.string('Type the campaign’s name to confirm.|Saisissez le nom de la campagne pour confirmer.') }));
	const { db, demoMode, rooms } = event.locals.services;
	// Its open tile documents close first, dropping what was not stored yet: nothing may be written
	// for tiles that are about to disappear.
	return json(deleteCampaign(db, id, confirm, actorOf(event), { demoMode, onDeleting: () => rooms.closeCampaign(id) }));
});
