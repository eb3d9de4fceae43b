import { json } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/access/authorize.ts';
import { updateUser } from '$lib/server/people/users.service.ts';
import { userChangeSchema } from '$lib/server/people/people.schema.ts';
import { actorOf, api, idParam, jsonBody, USER } from '$lib/server/http.ts';

/** Rename, make or unmake administrator, disable (signs out at once) or re-enable an account. */
export const PATCH = api(async (event) => {
	requireAdmin(event.locals.user);
	const id = idParam(event.params.id, USER);
	const change = await jsonBody(event.request, userChangeSchema);
	return json(updateUser(event.locals.services.db, id, change, actorOf(event)));
});
