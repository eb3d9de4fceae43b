import { json } from '@sveltejs/kit';
import { assignFromCsv, CSV_MAX_BYTES } from '$lib/server/assignments/assignments.service.ts';
import { InputError } from '$lib/server/errors.ts';
import { actorOf, api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

const TOO_LARGE = new InputError('csv_too_large', {
	en: `The CSV is larger than ${CSV_MAX_BYTES / 1048576} MB: split it in several files.`,
	fr: `Le CSV dépasse ${CSV_MAX_BYTES / 1048576} Mo : découpez-le en plusieurs fichiers.`
}, 413);

/** Assign from a CSV sent as the request body (columns tile;organisation), all lines or none. */
export const POST = api(async (event) => {
	const id = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId: id });
	if (Number(event.request.headers.get('content-length') ?? 0) > CSV_MAX_BYTES) throw TOO_LARGE;
	const bytes = new Uint8Array(await event.request.arrayBuffer());
	if (bytes.length > CSV_MAX_BYTES) throw TOO_LARGE;
	let text: string;
	try {
		// fatal: a file saved in Windows-1252 ("CSV (séparateur : point-virgule)") must not turn é into �.
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new InputError('csv_encoding', {
			en: 'The CSV is not UTF-8: in Excel, save it as "CSV UTF-8 (comma delimited)".',
			fr: 'Le CSV n’est pas en UTF-8 : dans Excel, enregistrez-le au format « CSV UTF-8 (délimité par des virgules) ».'
		});
	}
	return json(assignFromCsv(event.locals.services.db, id, text, actorOf(event)));
});
