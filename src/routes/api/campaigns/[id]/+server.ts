import { json } from '@sveltejs/kit';
import { campaignDetail } from '$lib/server/campaigns/campaigns.service.ts';
import { api, CAMPAIGN, idParam } from '$lib/server/http.ts';

export const GET = api(({ params, locals }) => json(campaignDetail(locals.services.db, idParam(params.id, CAMPAIGN))));
