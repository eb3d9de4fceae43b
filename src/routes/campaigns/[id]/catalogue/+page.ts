import { error } from '@sveltejs/kit';
import { getJson } from '$lib/api/client.ts';
import type { Catalogue } from '$lib/components/review/catalogue.ts';
import type { PageLoad } from './$types';

/**
 * The campaign's defect catalogue, for its editor. Reading it is open to every role (the tile page
 * needs it); editing is for managers, so the page is too (the API refuses others' changes anyway).
 */
export const load: PageLoad = async ({ fetch, params, parent }) => {
	const { campaign, locale } = await parent();
	if (!campaign.access.actions.includes('campaign.manage')) {
		error(403, locale === 'en' ? 'Only the campaign’s managers edit its defect catalogue.' : 'Seuls les gestionnaires de la campagne modifient son catalogue des défauts.');
	}
	return { catalogue: await getJson<Catalogue>(fetch, `/api/campaigns/${encodeURIComponent(params.id)}/catalogue`) };
};
