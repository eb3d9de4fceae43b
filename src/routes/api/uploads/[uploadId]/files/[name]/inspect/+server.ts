import { json } from '@sveltejs/kit';
import { requireUser } from '$lib/server/access/authorize.ts';
import { api } from '$lib/server/http.ts';

/** Fields, CRS and feature count of an uploaded dataset, so the form can offer the class attribute. */
export const GET = api(async ({ params, locals }) => {
	const user = requireUser(locals.user);
	locals.services.uploads.assertOwner(params.uploadId!, user.id);
	return json(await locals.services.uploads.inspect(params.uploadId!, params.name!));
});
