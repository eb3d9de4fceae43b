import { json } from '@sveltejs/kit';
import { assignFromCsv, CSV_MAX_BYTES } from '$lib/server/assignments/assignments.service.ts';
import { csvTooLarge } from '$lib/server/body-limits.ts';
import { InputError } from '$lib/server/errors.ts';
import { actorOf, api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

/** Assign from a CSV sent as the request body (columns tile;organisation), all lines or none. */
export const POST = api(async (event) => {
	const id = idParam(event.params.id, CAMPAIGN);
	guard(event, 'campaign.manage', { campaignId: id });
	// The production server already refused larger bodies before reading them (server/http/body-limit.ts);
	// checked again here for `vite dev`, which runs without that guard.
	if (Number(event.request.headers.get('content-length') ?? 0) > CSV_MAX_BYTES) throw csvTooLarge();
	const bytes = new Uint8Array(await event.request.arrayBuffer());
	if (bytes.length > CSV_MAX_BYTES) throw csvTooLarge();
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
