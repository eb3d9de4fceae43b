import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http.ts';
import { uploadLimitBytes } from '$lib/server/uploads/uploads.service.ts';

/** Start an upload: files are then PUT one by one, streamed to disk. */
export const POST = api(({ locals }) => json({ uploadId: locals.services.uploads.create(), limitBytes: uploadLimitBytes() }, { status: 201 }));
