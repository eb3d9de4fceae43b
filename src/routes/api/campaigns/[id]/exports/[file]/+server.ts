import { randomBytes } from 'node:crypto';
import { createReadStream, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { allows } from '$lib/access/permissions.ts';
import { requireUser } from '$lib/server/access/authorize.ts';
import { filterFromQuery } from '$lib/server/contractor/releases.service.ts';
import { InputError, NotFoundError } from '$lib/server/errors.ts';
import {
	EXPORT_TYPES,
	exportDefectsToFile,
	exportFileName,
	type ExportFormat,
	type ExportJob
} from '$lib/server/exports/defects-export.service.ts';
import { api, apiLocale, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';
import { offThread } from '$lib/server/uploads/off-thread.ts';

const KNOWN_PARAMS = new Set(['severity', 'category', 'tile', 'organisation', 'released']);

/**
 * The defect report as a file: `defects.gpkg` (layers defects, corrections, tiles — and checkpoints
 * when the campaign has some — in the campaign's CRS), `defects.geojson` (WGS84) or `defects.csv` (`;`, BOM, WKT in the campaign's CRS), filtered
 * by `severity`, `category`, `tile` (ids), `organisation` (ids). The contractor gets what was released
 * to them; those who read reviews get the current defects, or with `released=1` the contractor's view.
 */
export const GET = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const grant = guard(event, 'reports.read', { campaignId });
	const m = /^defects\.(gpkg|geojson|csv)$/.exec(event.params.file ?? '');
	if (!m) {
		throw new NotFoundError({ en: 'Exports are defects.gpkg, defects.geojson and defects.csv.', fr: 'Les exports sont defects.gpkg, defects.geojson et defects.csv.' });
	}
	const format = m[1] as ExportFormat;
	const params = event.url.searchParams;
	for (const name of params.keys()) {
		if (!KNOWN_PARAMS.has(name)) {
			const n = name.slice(0, 40);
			throw new InputError('unknown_parameter', {
				en: `Unknown parameter "${n}": filter with severity, category, tile, organisation (and released=1).`,
				fr: `Paramètre « ${n} » inconnu : filtrez avec severity, category, tile, organisation (et released=1).`
			});
		}
	}
	const released = params.get('released');
	if (released !== null && released !== '1' && released !== '0') {
		throw new InputError('invalid_parameter', { en: 'released must be 1 or 0.', fr: 'Le paramètre released doit valoir 1 ou 0.' });
	}
	const { db } = event.locals.services;
	const filter = filterFromQuery(db, campaignId, params);
	// Drafts never reach the contractor: without `reviews.read`, only what was released.
	const audience = allows(grant, 'reviews.read') && released !== '1' ? 'reviews' : 'released';
	const out = join(tmpdir(), `recette-export-${randomBytes(8).toString('hex')}.${format}`);
	const viewer = { userId: requireUser(event.locals.user).id, grant };
	const job: ExportJob = { dbPath: db.$client.name, campaignId, format, audience, filter, locale: apiLocale(event), viewer, out };
	try {
		// Seconds of CPU for a large campaign: in a worker thread, unless the database lives in memory (tests).
		if (db.$client.memory) await exportDefectsToFile(job);
		else await offThread('defectExport', job);
	} catch (e) {
		rmSync(out, { force: true });
		throw e;
	}
	const stream = createReadStream(out);
	// Deleted once sent, or once the client gave up.
	stream.once('close', () => rmSync(out, { force: true }));
	return new Response(Readable.toWeb(stream) as ReadableStream, {
		headers: {
			'content-type': EXPORT_TYPES[format],
			'content-disposition': `attachment; filename="${exportFileName(campaignId, format)}"`,
			'cache-control': 'private, no-store'
		}
	});
});
