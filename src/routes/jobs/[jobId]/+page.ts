import { getJson, type Job } from '$lib/components/api.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params }) => ({
	job: await getJson<Job>(fetch, `/api/jobs/${encodeURIComponent(params.jobId)}`)
});
