import { json } from '@sveltejs/kit';
import { requireUser } from '$lib/server/access/authorize.ts';
import { residualVectors } from '$lib/server/positional/positional.service.ts';
import { api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

/** Residual arrows (exaggerated, factor in `exaggeration`) and checkpoint references, WGS84 GeoJSON, for maps. */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const grant = guard(event, 'reports.read', { campaignId });
	return json(residualVectors(event.locals.services.db, campaignId, { userId: requireUser(event.locals.user).id, grant }), { headers: { 'content-type': 'application/geo+json' } });
});
