import { getJson } from '$lib/api/client.ts';
import type { PageLoad } from './$types';

/** The campaign's review rules (managers only: the API answers 403 to others). */
export const load: PageLoad = async ({ fetch, params }) => ({
	settings: await getJson<{ reviewUnassigned: boolean; requiredVerdicts: number }>(fetch, `/api/campaigns/${encodeURIComponent(params.id)}/settings`)
});
