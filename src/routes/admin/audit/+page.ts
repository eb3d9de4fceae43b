import { getJson } from '$lib/api/client.ts';
import type { AuditPage } from '$lib/api/types.ts';
import type { PageLoad } from './$types';

/** The site-wide trail (administrators only: 403 otherwise); `?before=` pages back. */
export const load: PageLoad = async ({ fetch, url }) => {
	const before = url.searchParams.get('before');
	return { trail: await getJson<AuditPage>(fetch, `/api/admin/audit${before ? `?before=${encodeURIComponent(before)}` : ''}`) };
};
