import { json, type RequestEvent } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/access/authorize.ts';
import { changeOrganisationMember, organisationDetail } from '$lib/server/people/organisations.service.ts';
import { organisationMemberSchema } from '$lib/server/people/people.schema.ts';
import { actorOf, api, idParam, jsonBody, ORGANISATION } from '$lib/server/http.ts';

/**
 * Site administrators add or remove people { email } in an organisation. (Managers do it through
 * campaign membership: giving someone a role for an organisation makes them a member of it.)
 * Both answer the organisation with its members after the change.
 */
async function change(event: RequestEvent<{ id: string }>, kind: 'add' | 'remove') {
	requireAdmin(event.locals.user);
	const id = idParam(event.params.id, ORGANISATION);
	const { email } = await jsonBody(event.request, organisationMemberSchema);
	const { db } = event.locals.services;
	changeOrganisationMember(db, id, email, kind, actorOf(event));
	return json(organisationDetail(db, id));
}

export const POST = api<{ id: string }>((event) => change(event, 'add'));
export const DELETE = api<{ id: string }>((event) => change(event, 'remove'));
