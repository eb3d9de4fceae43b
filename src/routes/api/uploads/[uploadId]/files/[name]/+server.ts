import { json } from '@sveltejs/kit';
import { InputError } from '$lib/server/errors.ts';
import { requireUser } from '$lib/server/access/authorize.ts';
import { api } from '$lib/server/http.ts';

/** Upload one file as the raw request body (no multipart: a multi-GB GeoTIFF streams straight to disk). */
export const PUT = api(async ({ params, request, locals }) => {
	const user = requireUser(locals.user);
	locals.services.uploads.assertOwner(params.uploadId!, user.id);
	// SvelteKit hands endpoints no body at all for a request without Content-Type: say so plainly.
	if (!request.headers.get('content-type')) {
		throw new InputError('missing_content_type', {
			en: 'Send the file as the request body with a Content-Type header (e.g. application/octet-stream).',
			fr: 'Envoyez le fichier dans le corps de la requête, avec un en-tête Content-Type (par exemple application/octet-stream).'
		}, 415);
	}
	const length = request.headers.get('content-length');
	const saved = await locals.services.uploads.save(params.uploadId!, params.name!, request.body, length ? Number(length) : undefined);
	return json(saved, { status: 201 });
});
