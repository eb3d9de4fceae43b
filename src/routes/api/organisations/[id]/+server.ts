import { json } from '@sveltejs/kit';
import { requireCampaignCreator } from '$lib/server/access/authorize.ts';
import { organisationDetail } from '$lib/server/people/organisations.service.ts';
import { api, idParam, ORGANISATION } from '$lib/server/http.ts';

/** One organisation with the people who act for it. */
export const GET = api(({ locals, params }) => {
	const { db } = locals.services;
	requireCampaignCreator(db, locals.user);
	const id = idParam(params.id, ORGANISATION);
	return json(organisationDetail(db, id), { headers: { 'cache-control': 'no-store' } });
});
