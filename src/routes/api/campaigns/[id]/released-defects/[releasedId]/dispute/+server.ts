import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { closeDispute, OUTCOMES } from '$lib/server/contractor/releases.service.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

const RELEASED = { en: 'Released defect', fr: 'Le défaut transmis' };

const disputeSchema = z
	.object({
		outcome: z.enum(OUTCOMES, 'outcome: agreed or maintained|décision : agreed ou maintained'),
		comment: z.string().max(10_000).optional()
	})
	.strict();

/** A manager closes a dispute: `{outcome: agreed|maintained, comment?}`. */
export const POST = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const releasedId = idParam(event.params.releasedId, RELEASED);
	guard(event, 'campaign.decide', { campaignId });
	const body = await jsonBody(event.request, disputeSchema);
	closeDispute(event.locals.services.db, campaignId, releasedId, body, actorOf(event));
	return new Response(null, { status: 204 });
});
