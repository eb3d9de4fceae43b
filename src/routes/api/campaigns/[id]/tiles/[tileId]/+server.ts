import { json } from '@sveltejs/kit';
import { tileDetail } from '$lib/server/campaigns/campaigns.service.ts';
import { api, CAMPAIGN, idParam, TILE } from '$lib/server/http.ts';

export const GET = api(({ params, locals }) =>
	json(tileDetail(locals.services.db, idParam(params.id, CAMPAIGN), idParam(params.tileId, TILE)))
);
