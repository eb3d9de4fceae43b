import { json } from '@sveltejs/kit';
import type { CampaignRole } from '$lib/access/permissions.ts';
import { listMembers, setMember, type MemberAddition } from '$lib/server/people/members.service.ts';
import { getOrganisation, requireCampaignOrganisation } from '$lib/server/people/organisations.service.ts';
import { findUserByEmail, normaliseEmail } from '$lib/server/people/users.service.ts';
import { InputError } from '$lib/server/errors.ts';
import { newMemberSchema } from '$lib/server/people/people.schema.ts';
import { actorOf, api, apiLocale, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

/** The campaign's members with their role and the organisation they act for. */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	return json(listMembers(event.locals.services.db, campaignId), { headers: { 'cache-control': 'no-store' } });
});

const ROLE_FR: Record<CampaignRole, string> = { manager: 'gestionnaire', reviewer: 'relecteur', contractor: 'prestataire', observer: 'observateur' };

/**
 * Give a role to someone who already has an account { email, role, organisationId? }.
 *
 * The answer is the same whether or not an account uses the address (200, "if an account uses it,
 * it has been added; otherwise send an invitation link"), so this endpoint cannot be used to find out
 * who has an account. What the manager legitimately learns — who is now in THEIR campaign — the
 * members table shows, and each addition is recorded in the campaign's audit trail and shows in the
 * person's own list of campaigns. Everything that does not depend on the account (role, organisation)
 * is checked first, so refusals do not depend on it either.
 */
export const POST = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const grant = guard(event, 'campaign.manage', { campaignId });
	const body = await jsonBody(event.request, newMemberSchema);
	const { db } = event.locals.services;
	const email = normaliseEmail(body.email);
	const organisationId = body.organisationId ?? null;
	if (organisationId !== null) {
		if (grant.isAdmin) getOrganisation(db, organisationId);
		else requireCampaignOrganisation(db, campaignId, organisationId);
	}
	const user = findUserByEmail(db, email);
	if (user) {
		// Adding must not silently change an existing member's role: that is the table's role select.
		// (Saying so reveals nothing: the table already lists the campaign's members.)
		if (listMembers(db, campaignId).some((m) => m.userId === user.id)) {
			throw new InputError('already_member', {
				en: `${user.email} is already a member of this campaign: change their role in the table.`,
				fr: `${user.email} participe déjà à cette campagne : modifiez son rôle dans le tableau.`
			}, 409);
		}
		setMember(db, campaignId, user.id, body.role, organisationId, actorOf(event), { anyOrganisation: grant.isAdmin });
	}
	const message = {
		en: `If an account uses ${email}, it now has the role ${body.role} in this campaign (see the members table). Otherwise, send them an invitation link: they will create their account with it.`,
		fr: `Si un compte utilise l’adresse ${email}, il a maintenant le rôle ${ROLE_FR[body.role]} dans cette campagne (voir le tableau des membres). Sinon, envoyez-lui un lien d’invitation : la personne créera son compte avec.`
	};
	return json({ email, role: body.role, organisationId, code: 'added_if_account', message: message[apiLocale(event)] } satisfies MemberAddition);
});
