import { getJson } from '$lib/api/client.ts';
import type { ReleasedDefectCollection, ReleaseOverview } from '$lib/components/contractor/types.ts';
import { defectFilterQuery, readDefectFilter } from '$lib/review/defect-filter.ts';
import type { PageLoad } from './$types';

/** The released defects (filtered as the address says) and the releases made so far. */
export const load: PageLoad = async ({ fetch, params, url }) => {
	const { filter } = readDefectFilter(url.searchParams);
	const query = defectFilterQuery(filter);
	const base = `/api/campaigns/${encodeURIComponent(params.id)}`;
	const [defects, releases] = await Promise.all([
		getJson<ReleasedDefectCollection>(fetch, `${base}/released-defects${query ? `?${query}` : ''}`),
		getJson<ReleaseOverview>(fetch, `${base}/releases`)
	]);
	return { defects, releases, filter, query };
};
