import { getJson } from '$lib/api/client.ts';
import type { Report } from '$lib/server/acceptance/report.service.ts';
import type { PageLoad } from './$types';

/** The acceptance report's figures (report.json): managers, reviewers, observers and contractors. */
export const load: PageLoad = async ({ fetch, params }) => ({
	report: await getJson<Report>(fetch, `/api/campaigns/${encodeURIComponent(params.id)}/report.json`)
});
