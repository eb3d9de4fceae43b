import { json } from '@sveltejs/kit';
import { getSettings, updateSettings } from '$lib/server/access/members.service.ts';
import { settingsSchema } from '$lib/server/management/schemas.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

/** Campaign rules the manager chooses: { reviewUnassigned } (reviewers may also review unassigned tiles). */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	return json(getSettings(event.locals.services.db, campaignId));
});

export const PUT = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	const settings = await jsonBody(event.request, settingsSchema);
	return json(updateSettings(event.locals.services.db, campaignId, settings, actorOf(event)));
});
