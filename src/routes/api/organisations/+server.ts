import { json } from '@sveltejs/kit';
import { requireCampaignCreator } from '$lib/server/access/authorize.ts';
import { createOrganisation, listOrganisations } from '$lib/server/people/organisations.service.ts';
import { newOrganisationSchema } from '$lib/server/people/people.schema.ts';
import { actorOf, api, jsonBody } from '$lib/server/http.ts';

/**
 * Partner organisations, for the people who set campaigns up (admins and project managers): they
 * choose one when inviting reviewers. Reviewers and others do not need the directory: 403.
 */
export const GET = api(({ locals }) => {
	requireCampaignCreator(locals.services.db, locals.user);
	return json(listOrganisations(locals.services.db), { headers: { 'cache-control': 'no-store' } });
});

/** A new organisation { name, kind }; the name must be new (case and accents ignored). */
export const POST = api(async (event) => {
	requireCampaignCreator(event.locals.services.db, event.locals.user);
	const body = await jsonBody(event.request, newOrganisationSchema);
	return json(createOrganisation(event.locals.services.db, body, actorOf(event)), { status: 201 });
});
