import { json } from '@sveltejs/kit';
import { settingsSchema } from '$lib/server/campaigns/settings.schema.ts';
import { getSettings, updateSettings } from '$lib/server/campaigns/settings.service.ts';
import { rederiveStatuses } from '$lib/server/review/tiles.service.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

/** Campaign rules the manager chooses: `{ reviewUnassigned, requiredVerdicts }` (PUT changes those given). */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	return json(getSettings(event.locals.services.db, campaignId));
});

export const PUT = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	const change = await jsonBody(event.request, settingsSchema);
	const { db, rooms } = event.locals.services;
	const settings = updateSettings(db, campaignId, change, actorOf(event));
	if (change.requiredVerdicts !== undefined) {
		// Open tile documents count verdicts with the new rule, and every tile's status follows it.
		rooms.reloadRules(campaignId);
		rederiveStatuses(db, rooms, campaignId);
	}
	return json(settings);
});
