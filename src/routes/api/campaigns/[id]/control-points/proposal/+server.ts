import { json } from '@sveltejs/kit';
import { proposeSizes, sizeParametersFromQuery } from '$lib/server/control-points/control-points.service.ts';
import { api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

/**
 * Per-stratum sizes proposed for the control points: n from the target standard error of overall
 * accuracy and the anticipated user's accuracies (Olofsson et al. 2014, eq. 13), shared in proportion
 * to area with a minimum per stratum, then the manager's overrides. Query: see `sizeParametersFromQuery`.
 */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	return json(proposeSizes(event.locals.services.db, campaignId, sizeParametersFromQuery(event.url.searchParams)));
});
