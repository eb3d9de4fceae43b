import { getJson } from '$lib/api/client.ts';
import type { AssignmentsOverview, CampaignMember, Invitation, Organisation } from '$lib/api/types.ts';
import type { PageLoad } from './$types';

/**
 * Members, invitations and the campaign's own organisations (the ones roles and invitations may
 * name), with who holds tiles (the invitation form starts on an organisation whose tiles nobody
 * reviews yet); the API checks that the caller manages the campaign (else 403).
 */
export const load: PageLoad = async ({ fetch, params }) => {
	const base = `/api/campaigns/${encodeURIComponent(params.id)}`;
	const [members, invitations, organisations, assignments] = await Promise.all([
		getJson<CampaignMember[]>(fetch, `${base}/members`),
		getJson<Invitation[]>(fetch, `${base}/invitations`),
		getJson<Organisation[]>(fetch, `${base}/organisations`),
		getJson<AssignmentsOverview>(fetch, `${base}/assignments`)
	]);
	return { members, invitations, organisations, standing: assignments.organisations };
};
