import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { requireUser } from '$lib/server/access/authorize.ts';
import { DEFAULTS, generatePoints, listPoints } from '$lib/server/control-points/control-points.service.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

/**
 * The control points. Reviewers get the blind view (where each point is, their own label, never the
 * map class); managers and observers get everything unless they ask `?blind=1`.
 */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const grant = guard(event, 'reviews.read', { campaignId });
	const blind = event.url.searchParams.get('blind') === '1';
	return json(listPoints(event.locals.services.db, campaignId, grant, requireUser(event.locals.user).id, blind));
});

const ratio = z.number('a proportion from 0 to 1|une proportion entre 0 et 1');
const count = z.number('a whole number|un entier');
const generate = z.object({
	strata: z.enum(['classes', 'tiles'], 'strata is "classes" or "tiles"|strata vaut « classes » ou « tiles »').default('classes'),
	seed: z.string('seed is text|seed est du texte'),
	targetSe: ratio.default(DEFAULTS.targetSe),
	anticipated: ratio.default(DEFAULTS.anticipated),
	anticipatedByClass: z.record(z.string(), ratio).default({}),
	minimum: count.optional(),
	sizes: z.record(z.string(), count).default({}),
	replace: z.boolean('replace is true or false|replace vaut true ou false').default(false)
});

/** A manager draws (or draws again) the control points: `{strata, seed, targetSe, anticipated, …}` → `{points, strata}`. */
export const POST = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	const input = await jsonBody(event.request, generate);
	const minimum = input.minimum ?? (input.strata === 'tiles' ? DEFAULTS.minimum.tiles : DEFAULTS.minimum.classes);
	return json(generatePoints(event.locals.services.db, campaignId, { ...input, minimum }, actorOf(event)), { status: 201 });
});
