import { getJson } from '$lib/api/client.ts';
import type { CampaignSummary } from '$lib/api/types.ts';
import type { MyCampaignTiles } from '$lib/api/types.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch }) => {
	// Both at once: "my tiles" comes first on the page but must not delay the campaign list.
	const [campaigns, myTiles] = await Promise.all([
		getJson<CampaignSummary[]>(fetch, '/api/campaigns'),
		getJson<MyCampaignTiles[]>(fetch, '/api/me/tiles')
	]);
	return { campaigns, myTiles };
};
