import { json } from '@sveltejs/kit';
import { listMembers } from '$lib/server/people/members.service.ts';
import { api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

/**
 * Who takes part in the review, as the tile page names them beside their defects, verdicts and
 * messages: `[{id, name, organisation, role}]` — no e-mail addresses (the members page, for
 * managers, has those).
 */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'reviews.read', { campaignId });
	return json(
		listMembers(event.locals.services.db, campaignId).map((m) => ({ id: m.userId, name: m.name || m.email.split('@')[0], organisation: m.organisationName, role: m.role }))
	);
});
