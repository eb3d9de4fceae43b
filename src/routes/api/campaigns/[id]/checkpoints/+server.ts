import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { requireUser } from '$lib/server/access/authorize.ts';
import { listCheckpointsFor, proposeCheckpoint } from '$lib/server/positional/checkpoints.service.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

/** The campaign's checkpoints, with what the caller may know of each (reviewers point blind). */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const grant = guard(event, 'reviews.read', { campaignId });
	return json(listCheckpointsFor(event.locals.services.db, campaignId, { userId: requireUser(event.locals.user).id, grant }));
});

const proposal = z.object({
	x: z.number('x is a number (campaign CRS, metres)|x est un nombre (système de la campagne, en mètres)').finite(),
	y: z.number('y is a number (campaign CRS, metres)|y est un nombre (système de la campagne, en mètres)').finite(),
	description: z.string('description is text|description est du texte').max(2000)
});

/** A reviewer proposes a well-defined point on a tile they review: `{x, y, description}` → `{id, code}`. */
export const POST = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const grant = guard(event, 'campaign.view', { campaignId });
	const input = await jsonBody(event.request, proposal);
	const user = requireUser(event.locals.user);
	return json(proposeCheckpoint(event.locals.services.db, campaignId, { userId: user.id, grant }, input, actorOf(event)), { status: 201 });
});
