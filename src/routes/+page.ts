import { getJson, type CampaignSummary } from '$lib/components/api.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch }) => ({
	campaigns: await getJson<CampaignSummary[]>(fetch, '/api/campaigns')
});
