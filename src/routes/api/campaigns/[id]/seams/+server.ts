import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { requireUser } from '$lib/server/access/authorize.ts';
import { addSeam, listSeams } from '$lib/server/positional/seams.service.ts';
import { api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

/** Offsets measured across tile and mosaic seams. */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'reviews.read', { campaignId });
	return json(listSeams(event.locals.services.db, campaignId));
});

const point = z.object({ x: z.number().finite(), y: z.number().finite() });
const seam = z.object({ a: point, b: point, comment: z.string().max(5000).optional() });

/** A reviewer measures an offset across a seam: `{a: {x, y}, b: {x, y}, comment?}` (campaign CRS, metres). */
export const POST = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const grant = guard(event, 'campaign.view', { campaignId });
	const input = await jsonBody(event.request, seam);
	return json(addSeam(event.locals.services.db, campaignId, { userId: requireUser(event.locals.user).id, grant }, input), { status: 201 });
});
