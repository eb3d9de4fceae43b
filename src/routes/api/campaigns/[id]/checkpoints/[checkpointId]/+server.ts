import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { requireUser } from '$lib/server/access/authorize.ts';
import { checkpointView, deleteCheckpoint, editCheckpoint } from '$lib/server/positional/checkpoints.service.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

const CHECKPOINT = { en: 'Checkpoint', fr: 'Le point de contrôle' };

/** One checkpoint, ready to point: where to open the map (never on the reference while blind), the caller's measure, and everyone's once they may see them. */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const id = idParam(event.params.checkpointId, CHECKPOINT);
	const grant = guard(event, 'reviews.read', { campaignId });
	return json(checkpointView(event.locals.services.db, campaignId, id, { userId: requireUser(event.locals.user).id, grant }));
});

const edit = z.object({
	code: z.string().max(200).optional(),
	x: z.number().finite().optional(),
	y: z.number().finite().optional(),
	z: z.number().finite().nullable().optional(),
	epsg: z.number().int().positive().optional(),
	description: z.string().max(5000).optional(),
	sketch: z.string().max(5000).optional()
});

/** The manager corrects a checkpoint, or gives a proposed one its surveyed position (`x`, `y`, optional `epsg`). */
export const PATCH = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const id = idParam(event.params.checkpointId, CHECKPOINT);
	guard(event, 'campaign.manage', { campaignId });
	const input = await jsonBody(event.request, edit);
	editCheckpoint(event.locals.services.db, campaignId, id, input, actorOf(event));
	return new Response(null, { status: 204 });
});

/** The manager deletes a checkpoint and its measures. */
export const DELETE = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const id = idParam(event.params.checkpointId, CHECKPOINT);
	guard(event, 'campaign.manage', { campaignId });
	deleteCheckpoint(event.locals.services.db, campaignId, id, actorOf(event));
	return new Response(null, { status: 204 });
});
