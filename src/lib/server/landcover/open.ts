/**
 * Entry point of the land-cover readers: detects the format from the file's content (the extension
 * only tells what the user believes it is) and opens it.
 *
 *   const ds = await openLandcover('occupation.gpkg', { classField: 'code_cs' });
 *   try { for (const f of ds.features()) … } finally { ds.close(); }
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { InputError, type Localized } from '../errors.ts';
import { CONTENT_DESCRIPTION, sniffContent, type ContentKind } from './detect.ts';
import { openFlatgeobuf } from './flatgeobuf.ts';
import { openGeojson } from './geojson.ts';
import { openGpkg } from './gpkg.ts';
import { openShapefileFromDisk, openZippedShapefile } from './shapefile.ts';
import type { LandcoverDataset, LandcoverFormat, OpenLandcoverOptions } from './types.ts';

export type { LandcoverDataset, LandcoverFormat, LandcoverReadStats, OpenLandcoverOptions } from './types.ts';

/** What each extension promises, and the content that keeps that promise. */
const GEOJSON_LABEL: Localized = { en: 'a GeoJSON file', fr: 'un fichier GeoJSON' };
const BY_EXTENSION: Record<string, { kind: ContentKind; label: Localized }> = {
	gpkg: { kind: 'sqlite', label: { en: 'a GeoPackage', fr: 'un GeoPackage' } },
	geojson: { kind: 'json', label: GEOJSON_LABEL },
	json: { kind: 'json', label: GEOJSON_LABEL },
	zip: { kind: 'zip', label: { en: 'a zipped shapefile (ZIP archive)', fr: 'un Shapefile dans un fichier compressé (zip)' } },
	shp: { kind: 'shp', label: { en: 'a shapefile', fr: 'un Shapefile' } },
	fgb: { kind: 'flatgeobuf', label: { en: 'a FlatGeobuf file', fr: 'un fichier FlatGeobuf' } }
};

/** The extension to suggest for content we can read. */
const EXTENSION_FOR: Partial<Record<ContentKind, string>> = {
	sqlite: '.gpkg',
	json: '.geojson',
	zip: '.zip',
	flatgeobuf: '.fgb',
	shp: '.shp'
};

const SUPPORTED: Localized = {
	en: 'GeoPackage (.gpkg), GeoJSON (.geojson), zipped Shapefile (.zip) or FlatGeobuf (.fgb)',
	fr: 'GeoPackage (.gpkg), GeoJSON (.geojson), Shapefile dans un fichier compressé (.zip) ou FlatGeobuf (.fgb)'
};

function readHead(path: string, n = 512): Uint8Array {
	const fd = openSync(path, 'r');
	try {
		const buf = Buffer.alloc(n);
		const got = readSync(fd, buf, 0, n, 0);
		return buf.subarray(0, got);
	} finally {
		closeSync(fd);
	}
}

/**
 * Open a land-cover dataset: GeoPackage, GeoJSON, zipped Shapefile (or a .shp with its sidecar files),
 * FlatGeobuf. The format is recognised from the content.
 * @throws InputError `file_not_found`, `wrong_format`, `corrupt_file`, `no_crs`, `unknown_epsg`,
 *   `unknown_crs`, `missing_class_field`, `empty_dataset`, `zip_bomb`, `file_too_large`, `unknown_layer`…
 */
export async function openLandcover(path: string, opts: OpenLandcoverOptions = {}): Promise<LandcoverDataset> {
	const name = basename(path);
	let size: number;
	try {
		const st = statSync(path);
		if (!st.isFile()) {
			const dir = st.isDirectory();
			throw new InputError('file_not_found', {
				en: `${name} is not a file (${dir ? 'it is a directory' : 'special file'}).`,
				fr: `${name} n’est pas un fichier (${dir ? 'c’est un dossier' : 'fichier spécial'}).`
			});
		}
		size = st.size;
	} catch (e) {
		if (e instanceof InputError) throw e;
		throw new InputError('file_not_found', { en: `${path} does not exist or cannot be read.`, fr: `${path} n’existe pas ou ne peut pas être lu.` });
	}
	if (size === 0) {
		throw new InputError('corrupt_file', {
			en: `${name} is empty (0 bytes): the upload or copy probably failed.`,
			fr: `${name} est vide (0 octet) : l’envoi ou la copie a probablement échoué.`
		});
	}

	const content = sniffContent(readHead(path));
	const ext = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
	if (['dbf', 'shx', 'prj', 'cpg', 'qix', 'sbn'].includes(ext)) {
		throw new InputError('wrong_format', {
			en: `${name} is only one part of a shapefile: give the .shp (with its .dbf and .prj next to it) or a .zip of all its files.`,
			fr: `${name} n’est qu’une partie d’un Shapefile : fournissez le fichier .shp (avec ses fichiers .dbf et .prj à côté) ou un fichier compressé (zip) contenant tous ses fichiers.`
		});
	}
	const expected = BY_EXTENSION[ext];
	if (expected && expected.kind !== content) {
		const better = EXTENSION_FOR[content];
		const looks = CONTENT_DESCRIPTION[content];
		const hint: Localized = better
			? { en: ` If it really is ${looks.en}, rename it with the ${better} extension.`, fr: ` Si c’est bien ${looks.fr}, renommez-le avec l’extension ${better}.` }
			: { en: ` Export the land cover again as ${SUPPORTED.en}.`, fr: ` Exportez à nouveau l’occupation du sol en ${SUPPORTED.fr}.` };
		throw new InputError('wrong_format', {
			en: `${name} is not ${expected.label.en} (it looks like ${looks.en}).${hint.en}`,
			fr: `${name} n’est pas ${expected.label.fr} : d’après son contenu, c’est ${looks.fr}.${hint.fr}`
		});
	}
	const format: LandcoverFormat | 'shp' | undefined = (
		{ sqlite: 'gpkg', json: 'geojson', zip: 'shapefile', flatgeobuf: 'flatgeobuf', shp: 'shp' } as Partial<Record<ContentKind, LandcoverFormat | 'shp'>>
	)[content];
	if (!format) {
		throw new InputError('wrong_format', {
			en: `${name} is not a land-cover file we can read (it looks like ${CONTENT_DESCRIPTION[content].en}). Use ${SUPPORTED.en}.`,
			fr: `${name} n’est pas un fichier d’occupation du sol que nous savons lire : d’après son contenu, c’est ${CONTENT_DESCRIPTION[content].fr}. Fournissez un fichier ${SUPPORTED.fr}.`
		});
	}
	switch (format) {
		case 'gpkg':
			return openGpkg(path, name, opts);
		case 'geojson':
			return openGeojson(path, name, size, opts);
		case 'shapefile':
			return openZippedShapefile(path, name, opts);
		case 'shp':
			return openShapefileFromDisk(path, name, opts);
		case 'flatgeobuf':
			return openFlatgeobuf(path, name, size, opts);
	}
}
