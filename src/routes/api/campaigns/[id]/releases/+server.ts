import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { allows } from '$lib/access/permissions.ts';
import { SEVERITIES } from '$lib/review/catalogue.ts';
import { releaseDefects, releaseOverview } from '$lib/server/contractor/releases.service.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

/**
 * The releases made so far (who, when, what filter, how many new / updated / unchanged) and, for
 * those who read reviews, what a release of everything would send now (`pending`).
 */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const grant = guard(event, 'reports.read', { campaignId });
	return json(releaseOverview(event.locals.services.db, campaignId, { withReviews: allows(grant, 'reviews.read') }));
});

const ids = z.array(z.number().int().positive()).max(200_000);
const releaseSchema = z
	.object({
		severity: z.array(z.enum(SEVERITIES, 'severity: minor, major or blocking|gravité : minor, major ou blocking')).optional(),
		category: z.array(z.string().min(1).max(64)).max(1000).optional(),
		tileIds: ids.optional(),
		organisationIds: ids.optional()
	})
	.strict();

/** A manager releases the current defects matching the filter (empty: all) to the contractor. `{releaseId, added, updated, unchanged}`. */
export const POST = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.decide', { campaignId });
	const filter = await jsonBody(event.request, releaseSchema);
	return json(releaseDefects(event.locals.services.db, campaignId, filter, actorOf(event)), { status: 201 });
});
