import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { editCategory } from '$lib/server/review/catalogue.service.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

const edit = z.object({
	label: z.object({ fr: z.string().optional(), en: z.string().optional() }).optional(),
	retired: z.boolean('retired is true or false|retired vaut true ou false').optional()
});

/** A manager renames a category or retires it (or brings it back); its code never changes. */
export const PATCH = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	const input = await jsonBody(event.request, edit);
	const { db, rooms } = event.locals.services;
	const category = editCategory(db, campaignId, event.params.code!, input, actorOf(event));
	rooms.reloadRules(campaignId);
	return json(category);
});
