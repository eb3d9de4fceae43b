import { basename, extname } from 'node:path';
import { openLandcover } from '../landcover/open.ts';

/** What the create form learns about an uploaded file (GET /api/uploads/:id/files/:name/inspect). */
export type Inspection =
	| { kind: 'ortho'; crs: { epsg: number; name: string }; width: number; height: number; bands: number }
	| { kind: 'nomenclature' }
	| {
			kind: 'landcover';
			format: string;
			fields: string[];
			crs: { epsg: number; name: string };
			/** null when the format does not record it (counting would mean reading everything). */
			featureCount: number | null;
			/** A few distinct values of each of the first 30 fields, to help choose the class attribute. */
			sampleValues: Record<string, string[]>;
	  };

/**
 * Size, bands and CRS of an uploaded orthophoto: a header read, asynchronous and cheap, done on the
 * main thread (the `geotiff` package cannot even be loaded in a worker thread: its `web-worker`
 * dependency then takes the thread for one of its own).
 */
export async function inspectOrtho(path: string): Promise<Inspection> {
	// Lazy for the same reason as in campaigns/imagery.service.ts (geotiff → web-worker).
	const { closeOrtho, openOrtho } = await import('../imagery/geotiff.ts');
	const o = await openOrtho(path);
	await closeOrtho(o);
	return { kind: 'ortho', crs: { epsg: o.crs.epsg, name: o.crs.name }, width: o.width, height: o.height, bands: o.bands };
}

/**
 * What an uploaded file is, by its name as the create form sorts files: .tif/.tiff an orthophoto,
 * .csv or a .json not named geo… a nomenclature, anything else land cover (its reader then checks).
 */
export function kindByName(path: string): Inspection['kind'] {
	const ext = extname(path).toLowerCase();
	if (ext === '.tif' || ext === '.tiff') return 'ortho';
	if (ext === '.csv' || (ext === '.json' && !/geo/i.test(basename(path)))) return 'nomenclature';
	return 'landcover';
}

/**
 * Fields, CRS and size of an uploaded land-cover dataset. Runs in a worker thread (off-thread.ts):
 * a GeoJSON is parsed whole.
 */
export async function inspectLandcover({ path }: { path: string }): Promise<Inspection> {
	const ds = await openLandcover(path, {});
	try {
		const sampleValues: Record<string, string[]> = {};
		for (const f of ds.fields.slice(0, 30)) sampleValues[f] = ds.sampleValues(f, 8);
		return {
			kind: 'landcover',
			format: ds.format,
			fields: ds.fields,
			crs: { epsg: ds.crs.epsg, name: ds.crs.name },
			featureCount: ds.featureCount,
			sampleValues
		};
	} finally {
		ds.close?.();
	}
}
