import { json } from '@sveltejs/kit';
import { InputError } from '$lib/server/errors.ts';
import { requireUser } from '$lib/server/access/authorize.ts';
import { api } from '$lib/server/http.ts';
import { uploadsInUse } from '$lib/server/uploads/expiry.ts';
import { refuseUpload } from '$lib/server/uploads/uploads.service.ts';

/** Upload one file as the raw request body (no multipart: a multi-GB GeoTIFF streams straight to disk). */
export const PUT = api(async ({ params, request, locals }) => {
	const user = requireUser(locals.user);
	const { uploads, db } = locals.services;
	uploads.assertOwner(params.uploadId!, user.id);
	// SvelteKit hands endpoints no body at all for a request without Content-Type: say so plainly.
	if (!request.headers.get('content-type')) {
		throw new InputError('missing_content_type', {
			en: 'Send the file as the request body with a Content-Type header (e.g. application/octet-stream).',
			fr: 'Envoyez le fichier dans le corps de la requête, avec un en-tête Content-Type (par exemple application/octet-stream).'
		}, 415);
	}
	// A campaign reads its orthophotos from its upload for good (and an import reads its files while it
	// runs): replacing one would change a campaign behind everyone's back.
	if (uploadsInUse(db, uploads.root).has(params.uploadId!)) {
		await refuseUpload(request.body, new InputError('upload_in_use', {
			en: 'A campaign (or an import in progress) uses the files of this upload: they can no longer be changed. Start a new upload from the form.',
			fr: 'Une campagne (ou un import en cours) utilise les fichiers de cet envoi : ils ne peuvent plus être modifiés. Recommencez un envoi depuis le formulaire.'
		}, 409));
	}
	const length = request.headers.get('content-length');
	const saved = await uploads.save(params.uploadId!, params.name!, request.body, length ? Number(length) : undefined);
	return json(saved, { status: 201 });
});
