/**
 * What a file really is, from its first bytes: users rename files, export with the wrong extension or
 * upload the wrong file, and "occupation.gpkg is not a GeoPackage (it looks like a ZIP archive)" is a
 * far better message than an SQLite error.
 */
import type { Localized } from '../errors.ts';

export type ContentKind =
	| 'sqlite'
	| 'zip'
	| 'flatgeobuf'
	| 'shp'
	| 'json'
	| 'gzip'
	| 'tiff'
	| 'png'
	| 'jpeg'
	| 'pdf'
	| 'xml'
	| 'rar'
	| '7z'
	| 'utf16'
	| 'text'
	| 'empty'
	| 'binary';

/** What each kind of content is, as a noun phrase with its article ("a ZIP archive", "un fichier compressé (zip)"). */
export const CONTENT_DESCRIPTION: Record<ContentKind, Localized> = {
	sqlite: { en: 'an SQLite database', fr: 'une base de données SQLite' },
	zip: { en: 'a ZIP archive', fr: 'un fichier compressé (zip)' },
	flatgeobuf: { en: 'a FlatGeobuf file', fr: 'un fichier FlatGeobuf' },
	shp: { en: 'a shapefile .shp', fr: 'le fichier .shp d’un Shapefile' },
	json: { en: 'a JSON document', fr: 'un document JSON' },
	gzip: { en: 'a gzip-compressed file', fr: 'un fichier compressé avec gzip' },
	tiff: { en: 'a TIFF image', fr: 'une image TIFF' },
	png: { en: 'a PNG image', fr: 'une image PNG' },
	jpeg: { en: 'a JPEG image', fr: 'une image JPEG' },
	pdf: { en: 'a PDF document', fr: 'un document PDF' },
	xml: { en: 'an XML document (KML or GML?)', fr: 'un document XML (KML ou GML ?)' },
	rar: { en: 'a RAR archive', fr: 'une archive RAR' },
	'7z': { en: 'a 7-Zip archive', fr: 'une archive 7-Zip' },
	utf16: { en: 'a UTF-16 text file', fr: 'un fichier texte en UTF-16' },
	text: { en: 'a text file', fr: 'un fichier texte' },
	empty: { en: 'an empty file', fr: 'un fichier vide' },
	binary: { en: 'a binary file of unknown type', fr: 'un fichier binaire de type inconnu' }
};

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);

/** Classify a file from its first bytes (512 are plenty). */
export function sniffContent(head: Uint8Array): ContentKind {
	if (head.length === 0) return 'empty';
	if (startsWith(head, [...'SQLite format 3'].map((c) => c.charCodeAt(0)).concat(0))) return 'sqlite';
	if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
	if (startsWith(head, [0x66, 0x67, 0x62, 0x03, 0x66, 0x67, 0x62])) return 'flatgeobuf';
	if (startsWith(head, [0x00, 0x00, 0x27, 0x0a])) return 'shp';
	if (startsWith(head, [0x1f, 0x8b])) return 'gzip';
	if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a]) || startsWith(head, [0x49, 0x49, 0x2b, 0x00])) return 'tiff';
	if (startsWith(head, [0x89, 0x50, 0x4e, 0x47])) return 'png';
	if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
	if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) return 'pdf';
	if (startsWith(head, [0x52, 0x61, 0x72, 0x21])) return 'rar';
	if (startsWith(head, [0x37, 0x7a, 0xbc, 0xaf])) return '7z';
	if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return 'utf16';
	let i = startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0;
	while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
	if (head[i] === 0x7b /* { */ || head[i] === 0x5b /* [ */) return 'json';
	if (head[i] === 0x3c /* < */) return 'xml';
	let control = 0;
	for (const b of head) if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
	return control === 0 ? 'text' : 'binary';
}
