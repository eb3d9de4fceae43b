import { getJson } from '$lib/api/client.ts';
import type { Progress } from '$lib/server/reports/progress.service.ts';
import type { PageLoad } from './$types';

/** The review's progress (managers only: the API answers 403 to others). */
export const load: PageLoad = async ({ fetch, params }) => ({
	progress: await getJson<Progress>(fetch, `/api/campaigns/${encodeURIComponent(params.id)}/progress.json`)
});
