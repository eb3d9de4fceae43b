import { json } from '@sveltejs/kit';
import { listMembers, removeMember, setMember } from '$lib/server/people/members.service.ts';
import { NotFoundError } from '$lib/server/errors.ts';
import { memberChangeSchema } from '$lib/server/people/people.schema.ts';
import { actorOf, api, CAMPAIGN, guard, idParam, jsonBody, USER } from '$lib/server/http.ts';

const NOT_A_MEMBER = { en: 'This person is not a member of the campaign.', fr: 'Cette personne ne participe pas à la campagne.' };

/** Change a member's role and/or organisation { role?, organisationId? }. The last manager stays a manager (409). */
export const PATCH = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	const userId = idParam(event.params.userId, USER);
	const change = await jsonBody(event.request, memberChangeSchema);
	const { db } = event.locals.services;
	const current = listMembers(db, campaignId).find((m) => m.userId === userId);
	if (!current) throw new NotFoundError(NOT_A_MEMBER);
	const organisationId = change.organisationId === undefined ? current.organisationId : change.organisationId;
	return json(setMember(db, campaignId, userId, change.role ?? current.role, organisationId, actorOf(event), { anyOrganisation: event.locals.user!.isAdmin }));
});

/** Take someone out of the campaign (their account stays). The last manager cannot be removed (409). */
export const DELETE = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId });
	const userId = idParam(event.params.userId, USER);
	removeMember(event.locals.services.db, campaignId, userId, actorOf(event));
	return new Response(null, { status: 204 });
});
