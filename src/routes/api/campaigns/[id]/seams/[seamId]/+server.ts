import { requireUser } from '$lib/server/access/authorize.ts';
import { deleteSeam } from '$lib/server/positional/seams.service.ts';
import { actorOf, api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

/** Its author, or a manager, deletes a seam measure. */
export const DELETE = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const id = idParam(event.params.seamId, { en: 'Seam measure', fr: 'La mesure de raccord' });
	const grant = guard(event, 'campaign.view', { campaignId });
	deleteSeam(event.locals.services.db, campaignId, id, { userId: requireUser(event.locals.user).id, grant }, actorOf(event));
	return new Response(null, { status: 204 });
});
