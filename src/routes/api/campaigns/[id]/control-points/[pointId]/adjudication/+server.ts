import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { adjudicate, withdrawAdjudication } from '$lib/server/control-points/control-points.service.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

const POINT = { en: 'Control point', fr: 'Le point de contrôle' };

const body = z.object({
	/** The reference class; null: the point cannot be labelled and leaves the sample. */
	classCode: z.string('classCode is a class code or null|classCode est un code de classe ou null').min(1).max(64).nullable(),
	comment: z.string('comment is text|comment est du texte').default('')
});

/** The manager's reference class for a point (ties, disagreements, or null to exclude it). */
export const PUT = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const pointId = idParam(event.params.pointId, POINT);
	guard(event, 'campaign.decide', { campaignId });
	const input = await jsonBody(event.request, body);
	adjudicate(event.locals.services.db, campaignId, pointId, input, actorOf(event));
	return json({ pointId, classCode: input.classCode });
});

/** Withdraw the adjudication: the labels' majority is the reference again. */
export const DELETE = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const pointId = idParam(event.params.pointId, POINT);
	guard(event, 'campaign.decide', { campaignId });
	withdrawAdjudication(event.locals.services.db, campaignId, pointId, actorOf(event));
	return new Response(null, { status: 204 });
});
