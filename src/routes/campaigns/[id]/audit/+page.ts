import { getJson } from '$lib/api/client.ts';
import type { AuditPage } from '$lib/api/types.ts';
import type { PageLoad } from './$types';

/** The campaign's trail (managers only: the API answers 403 otherwise); `?before=` pages back. */
export const load: PageLoad = async ({ fetch, params, url }) => {
	const before = url.searchParams.get('before');
	const query = before ? `?before=${encodeURIComponent(before)}` : '';
	return { trail: await getJson<AuditPage>(fetch, `/api/campaigns/${encodeURIComponent(params.id)}/audit${query}`) };
};
