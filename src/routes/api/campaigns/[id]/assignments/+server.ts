import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { changeAssignments, listAssignments } from '$lib/server/assignments/assignments.service.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

/** Organisations with their tile counts, and each tile's organisations (for the assignment map view). */
export const GET = api((event) => {
	const id = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.view', { campaignId: id });
	return json(listAssignments(event.locals.services.db, id));
});

const ChangeRequest = z.object({
	organisationId: z.number({ error: 'choose an organisation|choisissez une organisation' }).int().positive(),
	tileIds: z
		.array(z.number().int().positive(), { error: 'a list of tile ids is expected|une liste d’identifiants de tuiles est attendue' })
		.min(1, { error: 'select at least one tile|sélectionnez au moins une tuile' })
		.max(200_000),
	action: z.enum(['assign', 'unassign'], { error: '"assign" or "unassign"|« assign » ou « unassign »' }),
	/** `add` (default): other organisations keep the tiles too; `replace`: the tiles go to this one alone. */
	mode: z.enum(['add', 'replace'], { error: '"add" or "replace"|« add » ou « replace »' }).optional()
});

/**
 * Give the selected tiles to an organisation — alongside their other organisations (`mode: add`, the
 * default) or in their place (`mode: replace`) — or take them back (all or nothing, audited).
 */
export const POST = api(async (event) => {
	const id = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId: id });
	const body = await jsonBody(event.request, ChangeRequest);
	return json(changeAssignments(event.locals.services.db, id, body, actorOf(event)));
});
