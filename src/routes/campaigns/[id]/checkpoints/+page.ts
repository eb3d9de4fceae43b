import { getJson } from '$lib/api/client.ts';
import type { CheckpointList } from '$lib/server/positional/checkpoints.service.ts';
import type { PageLoad } from './$types';

/** The checkpoints (for those who read reviews; a contractor sees the figures only). */
export const load: PageLoad = async ({ fetch, params, parent }) => {
	const { campaign } = await parent();
	const readsReviews = campaign.access.actions.includes('reviews.read');
	return {
		checkpoints: readsReviews ? await getJson<CheckpointList>(fetch, `/api/campaigns/${encodeURIComponent(params.id)}/checkpoints`) : null
	};
};
