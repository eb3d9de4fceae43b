import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { answerDefect, ANSWERS } from '$lib/server/contractor/releases.service.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

const RELEASED = { en: 'Released defect', fr: 'Le défaut transmis' };

const answerSchema = z
	.object({
		answer: z.enum(ANSWERS, 'answer: accepted, disputed or fixed|réponse : accepted, disputed ou fixed'),
		comment: z.string().max(10_000).optional()
	})
	.strict();

/** The contractor answers a released defect: `{answer: accepted|disputed|fixed, comment}` (a dispute needs a comment). */
export const PUT = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const releasedId = idParam(event.params.releasedId, RELEASED);
	guard(event, 'defects.answer', { campaignId });
	const body = await jsonBody(event.request, answerSchema);
	return json(answerDefect(event.locals.services.db, campaignId, releasedId, body, actorOf(event)));
});
