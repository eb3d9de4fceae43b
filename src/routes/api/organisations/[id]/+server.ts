import { json } from '@sveltejs/kit';
import { requireCampaignCreator } from '$lib/server/access/authorize.ts';
import { getOrganisation, organisationMembers } from '$lib/server/people/organisations.service.ts';
import { ORGANISATION } from '$lib/server/management/organisations.ts';
import { api, idParam } from '$lib/server/http.ts';

/** One organisation with the people who act for it. */
export const GET = api(({ locals, params }) => {
	const { db } = locals.services;
	requireCampaignCreator(db, locals.user);
	const id = idParam(params.id, ORGANISATION);
	return json({ ...getOrganisation(db, id), members: organisationMembers(db, id) }, { headers: { 'cache-control': 'no-store' } });
});
