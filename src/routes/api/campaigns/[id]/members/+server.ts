import { json } from '@sveltejs/kit';
import { listMembers, setMember } from '$lib/server/access/members.service.ts';
import { InputError } from '$lib/server/errors.ts';
import { accountByEmail } from '$lib/server/management/organisations.ts';
import { newMemberSchema } from '$lib/server/management/schemas.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

/** The campaign's members with their role and the organisation they act for. */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	return json(listMembers(event.locals.services.db, campaignId), { headers: { 'cache-control': 'no-store' } });
});

const INVITE_INSTEAD = {
	en: 'Send them an invitation link instead: they will create their account with it.',
	fr: 'Envoyez-lui plutôt un lien d’invitation : la personne créera son compte avec.'
};

/** Give a role to someone who already has an account { email, role, organisationId? }. */
export const POST = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	const body = await jsonBody(event.request, newMemberSchema);
	const { db } = event.locals.services;
	const user = accountByEmail(db, body.email, INVITE_INSTEAD);
	// Adding must not silently change an existing member's role: that is the table's role select.
	if (listMembers(db, campaignId).some((m) => m.userId === user.id)) {
		throw new InputError('already_member', {
			en: `${user.email} is already a member of this campaign: change their role in the table.`,
			fr: `${user.email} participe déjà à cette campagne : modifiez son rôle dans le tableau.`
		}, 409);
	}
	return json(setMember(db, campaignId, user.id, body.role, body.organisationId ?? null, actorOf(event)), { status: 201 });
});
