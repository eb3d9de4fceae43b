import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { requireUser } from '$lib/server/access/authorize.ts';
import { InputError } from '$lib/server/errors.ts';
import { listRounds, openRound } from '$lib/server/rounds/rounds.service.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

/** The campaign's review rounds: `[{number, openedAt, note, tileCount, files}]` (round 1 first). */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.view', { campaignId });
	return json(listRounds(event.locals.services.db, campaignId));
});

const openSchema = z
	.object({
		tileIds: z.array(z.number().int().positive()).max(200_000).optional(),
		fixed: z.boolean().optional(),
		uploadId: z.string().optional(),
		ortho: z.array(z.string().min(1)).max(10_000).optional(),
		note: z.string().max(1000).optional()
	})
	.strict();

/**
 * A manager opens the next review round on tiles (`tileIds`, and with `fixed` every tile with a
 * released defect answered "fixed"), with the new delivery's orthophotos uploaded beforehand
 * (`uploadId` + `ortho` file names). `201 {round, tiles, files}`.
 */
export const POST = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.decide', { campaignId });
	const body = await jsonBody(event.request, openSchema);
	const { uploads, db, rooms } = event.locals.services;
	let ortho: string[] = [];
	if (body.ortho?.length) {
		if (!body.uploadId) throw new InputError('upload_required', { en: 'Give the uploadId the orthophotos were uploaded to.', fr: 'Indiquez l’uploadId de l’envoi qui contient les orthophotos.' });
		uploads.assertOwner(body.uploadId, requireUser(event.locals.user).id);
		ortho = body.ortho.map((name) => uploads.existing(body.uploadId!, name));
	}
	const opened = await openRound(db, rooms, campaignId, { tileIds: body.tileIds, fixed: body.fixed, ortho, note: body.note }, actorOf(event));
	return json(opened, { status: 201 });
});
