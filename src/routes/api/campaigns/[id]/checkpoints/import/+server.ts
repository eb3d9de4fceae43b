import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { bodyTooLarge, JSON_BODY_MAX_BYTES } from '$lib/server/body-limits.ts';
import { InputError } from '$lib/server/errors.ts';
import { importCheckpoints } from '$lib/server/positional/checkpoints.service.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

const fromUpload = z.object({
	uploadId: z.string('the upload id is missing|l’identifiant d’envoi manque').min(1),
	file: z.string('the file name is missing|le nom du fichier manque').min(1),
	epsg: z.number().int().positive().optional(),
	layer: z.string().max(200).optional()
});

function epsgParam(value: string | null): number | undefined {
	if (value === null || value.trim() === '') return undefined;
	const m = /^\s*(?:epsg:)?(\d{1,9})\s*$/i.exec(value);
	if (!m) throw new InputError('unknown_epsg', { en: `"${value.slice(0, 40)}" is not an EPSG code (e.g. 2154).`, fr: `« ${value.slice(0, 40)} » n’est pas un code EPSG (par exemple 2154).` });
	return Number(m[1]);
}

/**
 * The manager imports checkpoints, every point or none. Either the file itself as the body (a CSV or a
 * GeoPackage, up to 2 MB; `?epsg=` gives a CSV's CRS, `?layer=` a GeoPackage's layer, `?name=` the name
 * to quote in messages), or JSON `{uploadId, file, epsg?, layer?}` naming a file uploaded beforehand
 * (PUT /api/uploads/…), for larger GeoPackages.
 */
export const POST = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	const { db, uploads } = event.locals.services;
	const actor = actorOf(event);
	if ((event.request.headers.get('content-type') ?? '').startsWith('application/json')) {
		const body = await jsonBody(event.request, fromUpload);
		uploads.assertOwner(body.uploadId, actor.id);
		const path = uploads.existing(body.uploadId, body.file);
		return json(importCheckpoints(db, campaignId, { path, name: body.file, epsg: body.epsg, layer: body.layer }, actor));
	}
	// The production server refuses larger bodies before reading them (server/http/body-limit.ts);
	// checked again for `vite dev`, which runs without that guard.
	if (Number(event.request.headers.get('content-length') ?? 0) > JSON_BODY_MAX_BYTES) throw bodyTooLarge(JSON_BODY_MAX_BYTES);
	const bytes = new Uint8Array(await event.request.arrayBuffer());
	if (bytes.length > JSON_BODY_MAX_BYTES) throw bodyTooLarge(JSON_BODY_MAX_BYTES);
	if (bytes.length === 0) throw new InputError('empty_body', { en: 'Send the checkpoint file as the request body.', fr: 'Envoyez le fichier de points de contrôle comme corps de la requête.' });
	const params = event.url.searchParams;
	const name = (params.get('name') ?? '').trim().slice(0, 200) || 'checkpoints';
	return json(importCheckpoints(db, campaignId, { bytes, name, epsg: epsgParam(params.get('epsg')), layer: params.get('layer') ?? undefined }, actor));
});
