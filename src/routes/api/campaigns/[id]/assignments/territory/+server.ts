import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { assignByTerritory } from '$lib/server/assignments/assignments.service.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

const TerritoryRequest = z.object({
	uploadId: z.string({ error: 'the upload id is missing|l’identifiant d’envoi manque' }).min(1),
	file: z.string({ error: 'the file name is missing|le nom du fichier manque' }).min(1),
	organisationId: z.number().int().positive().optional(),
	field: z.string().min(1).optional()
});

/**
 * Assign every review tile intersecting the polygons of a territory layer the same user uploaded
 * beforehand (PUT /api/uploads/:id/files/:name), to one organisation or by an attribute naming them.
 */
export const POST = api(async (event) => {
	const id = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId: id });
	const body = await jsonBody(event.request, TerritoryRequest);
	const actor = actorOf(event);
	const { uploads, db } = event.locals.services;
	uploads.assertOwner(body.uploadId, actor.id);
	const path = uploads.existing(body.uploadId, body.file);
	return json(await assignByTerritory(db, id, path, { organisationId: body.organisationId, field: body.field }, actor));
});
