import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { requireUser } from '$lib/server/access/authorize.ts';
import { recordMeasure } from '$lib/server/positional/checkpoints.service.ts';
import { api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

const CHECKPOINT = { en: 'Checkpoint', fr: 'Le point de contrôle' };

const measure = z.union(
	[
		z.object({ x: z.number().finite(), y: z.number().finite() }).strict(),
		z.object({ notVisible: z.literal(true) }).strict()
	],
	'give {x, y} in the campaign CRS, or {notVisible: true}|donnez {x, y} dans le système de la campagne, ou {notVisible: true}'
);

/**
 * The caller's measure of a checkpoint: `{x, y}` where they see it (campaign CRS, metres, kept as sent)
 * or `{notVisible: true}`. Replaces their earlier measure; answers the checkpoint with its reference
 * and everyone's measures, which the caller may now see.
 */
export const PUT = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const id = idParam(event.params.checkpointId, CHECKPOINT);
	const grant = guard(event, 'campaign.view', { campaignId });
	const input = await jsonBody(event.request, measure);
	return json(recordMeasure(event.locals.services.db, campaignId, id, { userId: requireUser(event.locals.user).id, grant }, input));
});
