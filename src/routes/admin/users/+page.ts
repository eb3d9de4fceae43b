import { getJson } from '$lib/api/client.ts';
import type { AdminUser } from '$lib/api/types.ts';
import type { PageLoad } from './$types';

/** Every account (the API answers 403 to anyone but a site administrator). */
export const load: PageLoad = async ({ fetch }) => ({ users: await getJson<AdminUser[]>(fetch, '/api/admin/users') });
