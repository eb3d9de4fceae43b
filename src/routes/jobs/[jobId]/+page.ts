import { getJson } from '$lib/api/client.ts';
import type { Job } from '$lib/api/types.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params }) => ({
	job: await getJson<Job>(fetch, `/api/jobs/${encodeURIComponent(params.jobId)}`)
});
