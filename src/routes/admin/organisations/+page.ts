import { getJson } from '$lib/api/client.ts';
import type { Organisation } from '$lib/api/types.ts';
import type { PageLoad } from './$types';

/** The directory of organisations (administrators and project managers: 403 otherwise). */
export const load: PageLoad = async ({ fetch }) => ({ organisations: await getJson<Organisation[]>(fetch, '/api/organisations') });
