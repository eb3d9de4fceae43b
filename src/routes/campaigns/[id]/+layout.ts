import { getJson, type CampaignDetail } from '$lib/components/api.ts';
import type { LayoutLoad } from './$types';

/** The campaign, shared by its overview and its tile pages (not refetched when moving between tiles). */
export const load: LayoutLoad = async ({ fetch, params }) => ({
	campaign: await getJson<CampaignDetail>(fetch, `/api/campaigns/${encodeURIComponent(params.id)}`)
});
