import { getJson } from '$lib/api/client.ts';
import type { CampaignDetail } from '$lib/api/types.ts';
import type { LayoutLoad } from './$types';

/** The campaign, shared by its overview and its tile pages (not refetched when moving between tiles). */
export const load: LayoutLoad = async ({ fetch, params }) => ({
	campaign: await getJson<CampaignDetail>(fetch, `/api/campaigns/${encodeURIComponent(params.id)}`)
});
