import { json } from '@sveltejs/kit';
import { requireCampaignCreator } from '$lib/server/access/authorize.ts';
import { api } from '$lib/server/http.ts';
import { uploadLimitBytes, type NewUpload } from '$lib/server/uploads/uploads.service.ts';

/** Start an upload (for a new campaign): files are then PUT one by one, streamed to disk. */
export const POST = api(({ locals }) => {
	const user = requireCampaignCreator(locals.services.db, locals.user);
	return json({ uploadId: locals.services.uploads.create(user.id), limitBytes: uploadLimitBytes() } satisfies NewUpload, { status: 201 });
});
