import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { addCategory, catalogue } from '$lib/server/review/catalogue.service.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

/** The campaign's defect catalogue: `{categories: [{code, target, group, label: {fr, en}, retired}], severities}`. */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.view', { campaignId });
	return json(catalogue(event.locals.services.db, campaignId));
});

const newCategory = z.object({
	target: z.enum(['orthophoto', 'landcover'], 'target is orthophoto or landcover|target vaut orthophoto ou landcover'),
	group: z.string().max(120).optional(),
	label: z.object({ fr: z.string('label.fr is the French label|label.fr est le libellé français'), en: z.string().optional() })
});

/** A manager adds a category of their own (its code: `custom_<n>`, never reused). 201 with the category. */
export const POST = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	const input = await jsonBody(event.request, newCategory);
	const { db, rooms } = event.locals.services;
	const category = addCategory(db, campaignId, input, actorOf(event));
	rooms.reloadRules(campaignId);
	return json(category, { status: 201 });
});
