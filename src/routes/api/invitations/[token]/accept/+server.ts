import { json } from '@sveltejs/kit';
import { requireUser } from '$lib/server/access/authorize.ts';
import { describeInvitation, joinWithInvitation } from '$lib/server/people/join.ts';
import { api } from '$lib/server/http.ts';

/** Join the invitation's campaign with the signed-in account (401 without a session). */
export const POST = api((event) => {
	const user = requireUser(event.locals.user);
	const invitation = joinWithInvitation(event, event.params.token!, user);
	return json(describeInvitation(invitation));
});
