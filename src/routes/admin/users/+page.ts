import { getJson } from '$lib/components/api.ts';
import type { AdminUser } from '$lib/components/management/types.ts';
import type { PageLoad } from './$types';

/** Every account (the API answers 403 to anyone but a site administrator). */
export const load: PageLoad = async ({ fetch }) => ({ users: await getJson<AdminUser[]>(fetch, '/api/admin/users') });
