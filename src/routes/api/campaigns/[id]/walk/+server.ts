import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { requireUser } from '$lib/server/access/authorize.ts';
import { drawWalk, walkOverview } from '$lib/server/review/walk.service.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

/** The feature walk: its draw, each class's progress, and the polygons in walk order with the caller's own answers. */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'reviews.read', { campaignId });
	return json(walkOverview(event.locals.services.db, campaignId, requireUser(event.locals.user).id));
});

const draw = z.object({
	perClass: z.number('perClass is a number|perClass est un nombre'),
	percent: z.boolean().default(false),
	seed: z.string('seed is text|seed est du texte')
});

/** A manager draws (or draws again) the walk's sample: `{perClass, percent, seed}` → `{count, classes}`. */
export const PUT = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	const input = await jsonBody(event.request, draw);
	return json(drawWalk(event.locals.services.db, campaignId, input, actorOf(event)));
});
