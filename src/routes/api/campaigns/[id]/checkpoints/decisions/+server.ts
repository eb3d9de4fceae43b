import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { decideMeasures } from '$lib/server/positional/checkpoints.service.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

const decisions = z.object({
	decisions: z
		.array(
			z.object({
				checkpointId: z.number().int().positive(),
				userId: z.number().int().positive(),
				decision: z.enum(['kept', 'rejected', 'pending'], 'decision is kept, rejected or pending|decision vaut kept, rejected ou pending')
			})
		)
		.min(1, 'give at least one decision|donnez au moins une décision')
		.max(100_000)
});

/** The manager keeps or rejects measures: `{decisions: [{checkpointId, userId, decision}]}`, all or none. */
export const POST = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.decide', { campaignId });
	const input = await jsonBody(event.request, decisions);
	return json(decideMeasures(event.locals.services.db, campaignId, input.decisions, actorOf(event)));
});
