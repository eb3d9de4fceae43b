import { json } from '@sveltejs/kit';
import { auditPage, parseBefore } from '$lib/server/audit/audit.service.ts';
import { api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

/** Who did what in this campaign, newest first, with the names involved; `?before=<id>` pages back. */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	return json(auditPage(event.locals.services.db, campaignId, parseBefore(event.url)), { headers: { 'cache-control': 'no-store' } });
});
