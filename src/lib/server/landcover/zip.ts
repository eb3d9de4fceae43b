/**
 * In-memory ZIP reading with zip-bomb protection.
 *
 * We parse the central directory ourselves (it is simple, and we need the declared sizes before
 * inflating anything) and inflate only the entries we need with fflate's streaming Inflate, pushed in
 * 16 KiB slices so that we regain control every ≤ 16 MiB of output (deflate expands at most ~1 032:1):
 * inflation stops as soon as an entry exceeds its declared size, the byte budget, or a 200:1 ratio.
 */
import { Inflate } from 'fflate';
import { InputError, type Localized } from '../errors.ts';
import { decoderFor, isValidUtf8 } from '../text-decoding.ts';
import { fmtBytes } from './common.ts';

export interface ZipEntry {
	/** Path inside the archive, '/'-separated. */
	name: string;
	method: number;
	flags: number;
	compressedSize: number;
	/** Uncompressed size as declared by the central directory. */
	size: number;
	localOffset: number;
}

export interface ZipLimits {
	/** Most bytes all extracted entries may inflate to (default 2 GiB). */
	maxBytes: number;
	/** Largest accepted uncompressed:compressed ratio (default 200). */
	maxRatio: number;
	/** Below this many bytes of output the ratio is not checked (tiny, very repetitive files are normal). */
	ratioFloorBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxBytes: 2 * 2 ** 30, maxRatio: 200, ratioFloorBytes: 2 ** 20 };

const CHUNK = 16 * 1024;

const utf8 = new TextDecoder('utf-8');
const cp437 = decoderFor('cp437');

/**
 * An entry's name: UTF-8 when the entry says so (flag bit 11), else code page 437 as the ZIP format
 * defines — what Windows' "Send to ▸ Compressed folder" and old tools write ("Occupé" is 4F 63 63 75
 * 70 82). Names without the flag that are valid UTF-8 and not plain ASCII are read as UTF-8: Info-ZIP
 * on Linux and macOS write them so, and CP437 text is practically never valid UTF-8 (it would take
 * box-drawing characters followed by accented capitals).
 */
function entryName(bytes: Uint8Array, flags: number): string {
	return flags & 0x800 || isValidUtf8(bytes) ? utf8.decode(bytes) : cp437(bytes);
}

function corrupt(zipName: string, what: Localized): InputError {
	return new InputError('corrupt_file', {
		en: `${zipName} is not a valid ZIP archive: ${what.en}. Create the archive again.`,
		fr: `${zipName} n’est pas un fichier compressé (zip) valide : ${what.fr}. Créez à nouveau le fichier compressé.`
	});
}

/** Entries of the central directory (handles ZIP64). */
export function listZip(buf: Uint8Array, zipName: string): ZipEntry[] {
	const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
	// End of central directory record: 22 bytes + comment (≤ 65 535), searched backwards.
	let eocd = -1;
	for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
		if (dv.getUint32(i, true) === 0x06054b50) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) throw corrupt(zipName, { en: 'its central directory is missing (the file is probably truncated)', fr: 'son répertoire central est absent (le fichier est probablement incomplet)' });
	let count = dv.getUint16(eocd + 10, true);
	let cdSize = dv.getUint32(eocd + 12, true);
	let cdOffset = dv.getUint32(eocd + 16, true);
	if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
		const loc = eocd - 20;
		if (loc < 0 || dv.getUint32(loc, true) !== 0x07064b50) throw corrupt(zipName, { en: 'its ZIP64 locator is missing', fr: 'son localisateur ZIP64 est absent' });
		const z64 = Number(dv.getBigUint64(loc + 8, true));
		if (z64 + 56 > buf.length || dv.getUint32(z64, true) !== 0x06064b50) throw corrupt(zipName, { en: 'its ZIP64 directory is missing', fr: 'son répertoire ZIP64 est absent' });
		count = Number(dv.getBigUint64(z64 + 32, true));
		cdSize = Number(dv.getBigUint64(z64 + 40, true));
		cdOffset = Number(dv.getBigUint64(z64 + 48, true));
	}
	if (cdOffset + cdSize > buf.length) throw corrupt(zipName, { en: 'its central directory points past the end of the file (truncated?)', fr: 'son répertoire central pointe au-delà de la fin du fichier (fichier incomplet ?)' });
	const entries: ZipEntry[] = [];
	let p = cdOffset;
	for (let k = 0; k < count; k++) {
		if (p + 46 > buf.length || dv.getUint32(p, true) !== 0x02014b50) throw corrupt(zipName, { en: `central directory entry ${k + 1} is damaged`, fr: `l’entrée ${k + 1} du répertoire central est endommagée` });
		const flags = dv.getUint16(p + 8, true);
		const method = dv.getUint16(p + 10, true);
		let compressedSize = dv.getUint32(p + 20, true);
		let size = dv.getUint32(p + 24, true);
		const nameLen = dv.getUint16(p + 28, true);
		const extraLen = dv.getUint16(p + 30, true);
		const commentLen = dv.getUint16(p + 32, true);
		let localOffset = dv.getUint32(p + 42, true);
		const nameBytes = buf.subarray(p + 46, p + 46 + nameLen);
		const name = entryName(nameBytes, flags).replace(/\\/g, '/');
		// ZIP64 extended information: the 64-bit values of the fields saturated at 0xFFFFFFFF, in order.
		let e = p + 46 + nameLen;
		const extraEnd = e + extraLen;
		while (e + 4 <= extraEnd) {
			const id = dv.getUint16(e, true);
			const len = dv.getUint16(e + 2, true);
			if (id === 0x0001) {
				let q = e + 4;
				if (size === 0xffffffff && q + 8 <= e + 4 + len) (size = Number(dv.getBigUint64(q, true))), (q += 8);
				if (compressedSize === 0xffffffff && q + 8 <= e + 4 + len) (compressedSize = Number(dv.getBigUint64(q, true))), (q += 8);
				if (localOffset === 0xffffffff && q + 8 <= e + 4 + len) localOffset = Number(dv.getBigUint64(q, true));
			}
			e += 4 + len;
		}
		entries.push({ name, method, flags, compressedSize, size, localOffset });
		p = extraEnd + commentLen;
	}
	return entries;
}

function bomb(zipName: string, what: Localized): InputError {
	return new InputError(
		'zip_bomb',
		{
			en: `${zipName} looks like a zip bomb: ${what.en}. We refuse to extract it.`,
			fr: `${zipName} ressemble à une bombe de décompression (fichier compressé piégé) : ${what.fr}. Nous refusons de l’extraire.`
		},
		413
	);
}

/**
 * Refuse archives whose central directory already declares too much: total uncompressed size over the
 * budget, or an entry with an extreme compression ratio.
 */
export function checkDeclaredSizes(entries: ZipEntry[], zipName: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): void {
	let total = 0;
	for (const e of entries) {
		total += e.size;
		if (e.size > limits.ratioFloorBytes && e.size > limits.maxRatio * Math.max(1, e.compressedSize)) {
			throw bomb(zipName, {
				en: `"${e.name}" declares ${fmtBytes(e.size)} uncompressed for ${fmtBytes(e.compressedSize)} compressed (ratio over ${limits.maxRatio}:1)`,
				fr: `« ${e.name} » annonce une taille décompressée de ${fmtBytes(e.size, 'fr')} pour une taille compressée de ${fmtBytes(e.compressedSize, 'fr')} (taux de compression supérieur à ${limits.maxRatio} pour 1)`
			});
		}
	}
	if (total > limits.maxBytes) {
		throw bomb(zipName, {
			en: `its entries declare ${fmtBytes(total)} uncompressed, more than the ${fmtBytes(limits.maxBytes)} limit`,
			fr: `ses fichiers annoncent une taille décompressée totale de ${fmtBytes(total, 'fr')}, plus que la limite de ${fmtBytes(limits.maxBytes, 'fr')}`
		});
	}
}

/**
 * Extract `entries` from the archive in memory. `budget` is shared between calls (bytes still allowed).
 * @throws InputError `zip_bomb` (413) past a limit, `corrupt_file` for damaged data, `unsupported_zip`
 *   for encryption or compression methods other than stored/deflate.
 */
export function extractEntries(
	buf: Uint8Array,
	entries: ZipEntry[],
	zipName: string,
	limits: ZipLimits = DEFAULT_ZIP_LIMITS
): Map<string, Uint8Array> {
	checkDeclaredSizes(entries, zipName, limits);
	const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
	const out = new Map<string, Uint8Array>();
	let total = 0;
	for (const e of entries) {
		if (e.flags & 0x1) {
			throw new InputError('unsupported_zip', {
				en: `${zipName}: "${e.name}" is encrypted. Upload an archive without password.`,
				fr: `${zipName} : « ${e.name} » est protégé par un mot de passe. Envoyez un fichier compressé (zip) sans mot de passe.`
			});
		}
		const lh = e.localOffset;
		if (lh + 30 > buf.length || dv.getUint32(lh, true) !== 0x04034b50) throw corrupt(zipName, { en: `the local header of "${e.name}" is missing`, fr: `l’en-tête local de « ${e.name} » est absent` });
		const start = lh + 30 + dv.getUint16(lh + 26, true) + dv.getUint16(lh + 28, true);
		const end = start + e.compressedSize;
		if (end > buf.length) throw corrupt(zipName, { en: `"${e.name}" extends past the end of the file (truncated?)`, fr: `« ${e.name} » dépasse la fin du fichier (fichier incomplet ?)` });
		const src = buf.subarray(start, end);
		if (e.method === 0) {
			total += src.length;
			if (total > limits.maxBytes) throw bomb(zipName, { en: `its content exceeds the ${fmtBytes(limits.maxBytes)} limit`, fr: `son contenu dépasse la limite de ${fmtBytes(limits.maxBytes, 'fr')}` });
			out.set(e.name, src.slice());
			continue;
		}
		if (e.method !== 8) {
			throw new InputError('unsupported_zip', {
				en: `${zipName}: "${e.name}" uses ZIP compression method ${e.method}; only "deflate" (the usual one) is supported. Re-create the archive with a standard zip tool.`,
				fr: `${zipName} : « ${e.name} » utilise la méthode de compression ZIP ${e.method} ; seule la méthode « deflate » (la plus courante) est prise en charge. Recréez le fichier compressé (zip) avec un outil de compression standard.`
			});
		}
		const data = new Uint8Array(e.size);
		let written = 0;
		let consumed = 0;
		const inflater = new Inflate((chunk) => {
			if (written + chunk.length > e.size) {
				throw bomb(zipName, {
					en: `"${e.name}" inflates to more than the ${fmtBytes(e.size)} its header declares`,
					fr: `« ${e.name} » dépasse, une fois décompressé, les ${fmtBytes(e.size, 'fr')} annoncés par son en-tête`
				});
			}
			if (total + written + chunk.length > limits.maxBytes) {
				throw bomb(zipName, { en: `its content inflates past the ${fmtBytes(limits.maxBytes)} limit`, fr: `son contenu décompressé dépasse la limite de ${fmtBytes(limits.maxBytes, 'fr')}` });
			}
			data.set(chunk, written);
			written += chunk.length;
			if (written > limits.ratioFloorBytes && written > limits.maxRatio * consumed) {
				throw bomb(zipName, {
					en: `"${e.name}" inflates more than ${limits.maxRatio} times its compressed size`,
					fr: `« ${e.name} » fait, une fois décompressé, plus de ${limits.maxRatio} fois sa taille compressée`
				});
			}
		});
		try {
			for (let p = 0; p < src.length; p += CHUNK) {
				const slice = src.subarray(p, Math.min(src.length, p + CHUNK));
				consumed += slice.length;
				inflater.push(slice, p + CHUNK >= src.length);
			}
			if (src.length === 0) inflater.push(new Uint8Array(0), true);
		} catch (err) {
			if (err instanceof InputError) throw err;
			const why = (err as Error).message;
			throw corrupt(zipName, { en: `"${e.name}" cannot be decompressed (${why})`, fr: `« ${e.name} » ne peut pas être décompressé (${why})` });
		}
		if (written !== e.size) {
			throw corrupt(zipName, {
				en: `"${e.name}" decompresses to ${written} bytes instead of the declared ${e.size}`,
				fr: `« ${e.name} » se décompresse en ${written} octets au lieu des ${e.size} annoncés`
			});
		}
		total += written;
		out.set(e.name, data);
	}
	return out;
}
