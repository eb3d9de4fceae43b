import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http.ts';

/** Fields, CRS and feature count of an uploaded dataset, so the form can offer the class attribute. */
export const GET = api(async ({ params, locals }) => json(await locals.services.uploads.inspect(params.uploadId!, params.name!)));
