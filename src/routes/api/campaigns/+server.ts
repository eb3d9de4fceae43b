import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { campaignSummaries, type CampaignListEntry } from '$lib/server/campaigns/campaigns.service.ts';
import { describeZodError, importRequestSchema } from '$lib/server/campaigns/import.schema.ts';
import { InputError, type Localized } from '$lib/server/errors.ts';
import { campaignRoles, requireCampaignCreator, requireUser } from '$lib/server/access/authorize.ts';
import { api, jsonBody } from '$lib/server/http.ts';

/** The campaigns the caller may see (all of them for a site admin), each with the caller's role. */
export const GET = api(({ locals }) => {
	const user = requireUser(locals.user);
	const { db } = locals.services;
	const roles = campaignRoles(db, user);
	return json(
		campaignSummaries(db)
			.filter((c) => user.isAdmin || roles.has(c.id))
			.map((c): CampaignListEntry => ({ ...c, role: roles.get(c.id) ?? null }))
	);
});

const LANDCOVER_REQUIRED: Localized = { en: 'Upload a land-cover dataset.', fr: 'Envoyez un jeu de données d’occupation du sol.' };

/** describeZodError, with the French text of this form's own messages (describeZodError knows only the import's). */
function describeFormError(error: z.ZodError): Localized {
	const m = describeZodError(error);
	return { en: m.en, fr: m.fr.replace(LANDCOVER_REQUIRED.en, LANDCOVER_REQUIRED.fr) };
}

/** The web form's request: files are referenced by name inside an upload made beforehand. */
const createSchema = z.object({
	uploadId: z.string(),
	landcover: z.string().min(1, LANDCOVER_REQUIRED.en),
	nomenclature: z.string().default('ocsge-cs'),
	ortho: z.array(z.string()).default([]),
	previous: z.array(z.string()).default([])
});

export const POST = api(async ({ request, locals }) => {
	const user = requireCampaignCreator(locals.services.db, locals.user);
	// The whole object is kept: the import schema below reads the fields this form schema does not name.
	const body = await jsonBody(request, z.record(z.string(), z.unknown(), 'The request body must be a JSON object.|Le corps de la requête doit être un objet JSON.'));
	const parsed = createSchema.safeParse(body);
	if (!parsed.success) throw new InputError('invalid_request', describeFormError(parsed.error));
	const { uploadId, landcover, nomenclature, ortho, previous } = parsed.data;
	const { uploads, jobs } = locals.services;
	uploads.assertOwner(uploadId, user.id);
	const file = (name: string) => uploads.existing(uploadId, name);
	// Validate everything now so the form shows the mistake at once; only the file contents are
	// checked later, by the import job.
	const importRequest = importRequestSchema.safeParse({
		...body,
		landcover: file(landcover),
		nomenclature: nomenclature === 'ocsge-cs' || nomenclature === 'ocsge-us' ? nomenclature : file(nomenclature),
		ortho: ortho.map(file),
		previous: previous.map(file),
		isDemo: false,
		managerId: user.id
	});
	if (!importRequest.success) throw new InputError('invalid_request', describeZodError(importRequest.error));
	const job = jobs.start(importRequest.data, user.id);
	return json({ jobId: job.id }, { status: 202 });
});
