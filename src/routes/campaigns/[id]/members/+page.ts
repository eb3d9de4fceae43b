import { getJson } from '$lib/api/client.ts';
import type { CampaignMember, Invitation, Organisation } from '$lib/api/types.ts';
import type { PageLoad } from './$types';

/**
 * Members, invitations and the campaign's own organisations (the ones roles and invitations may
 * name); the API checks that the caller manages the campaign (else 403).
 */
export const load: PageLoad = async ({ fetch, params }) => {
	const base = `/api/campaigns/${encodeURIComponent(params.id)}`;
	const [members, invitations, organisations] = await Promise.all([
		getJson<CampaignMember[]>(fetch, `${base}/members`),
		getJson<Invitation[]>(fetch, `${base}/invitations`),
		getJson<Organisation[]>(fetch, `${base}/organisations`)
	]);
	return { members, invitations, organisations };
};
