/**
 * Opening and validating delivered orthophotos (GeoTIFF / Cloud-Optimized GeoTIFF).
 *
 * `geotiff` (geotiff.js) parses the TIFF structure and GeoKeys; decoding of pixel blocks is ours
 * (see blocks.ts) so that the renderer controls caching and never decodes a block twice.
 *
 * Everything a user can get wrong in a delivery ends up as an `InputError` with a one-line message
 * naming the file: not a TIFF, truncated copy, no CRS, unknown EPSG code, unsupported sample format.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { fromFile, type GeoTIFF, type GeoTIFFImage } from 'geotiff';
import type { BBox, CrsInfo } from '../../geo/types.ts';
import { resolveEpsg } from '../crs/crs.ts';
import { InputError, isInputError, type Localized } from '../errors.ts';
import { BlockCache, getRgbaBlock, readRawBlock, type RgbaBlock } from './blocks.ts';
import { releaseFile } from './files.ts';

/** Metadata of one opened orthophoto. Plain data (JSON-serialisable); the open file lives behind it. */
export interface OrthoInfo {
	path: string;
	fileName: string;
	crs: CrsInfo;
	width: number;
	height: number;
	/** Samples per pixel (e.g. 4 for NAIP RGB + near-infrared). */
	bands: number;
	/** Bits per sample of the first band (8 or 16). */
	bitsPerSample: number;
	/** Extent in the file's own CRS, [minX, minY, maxX, maxY]. */
	bbox: BBox;
	/** Pixel size in CRS units per pixel, [xres, yres] (both positive). */
	resolution: [number, number];
	/** GDAL nodata value (a pixel whose samples all equal it is transparent), or null. */
	nodata: number | null;
	/** Number of internal overviews (reduced-resolution images). */
	overviews: number;
	/** true when the file is tiled; false for strips (then tileWidth = width, tileHeight = rows per strip). */
	tiled: boolean;
	tileWidth: number;
	tileHeight: number;
	/** TIFF compression code (1 none, 5 LZW, 7 JPEG, 8 deflate, …). */
	compression: number;
	/** 0-based index of the band used as alpha (from ExtraSamples), or null. */
	alphaBand: number | null;
	/** Whether an internal GDAL nodata mask (per-dataset mask IFD) is present. */
	internalMask: boolean;
	/** Linear stretch applied to 16-bit imagery (per displayed band, 2–98 % percentiles), else null. */
	stretch: { min: number[]; max: number[] } | null;
}

/** One resolution level of the file (level 0 = full resolution, then overviews, finest first). */
export interface Level {
	/** IFD index in the file. */
	ifd: number;
	width: number;
	height: number;
	tiled: boolean;
	blockWidth: number;
	blockHeight: number;
	blocksAcross: number;
	blocksDown: number;
	/** Byte offset / byte count of each block (planar 2: all blocks of sample 0, then sample 1, …). */
	offsets: Float64Array;
	counts: Float64Array;
	/** Level-0 pixels per pixel of this level (x and y). */
	factorX: number;
	factorY: number;
	/** Internal mask of the same size, if any. */
	mask: Level | null;
	/** For error messages: `en`/`fr` as a sentence subject, `frOf` after « de » (« du masque 0 »). */
	name: LevelName;
	/** Tags the decoder needs, read at open time (the TIFF parser is closed afterwards). */
	compression: number;
	predictor: number;
	bitsPerSample: number[];
	jpegTables: Uint8Array | null;
}

/** Internal state of an opened file. Kept out of OrthoInfo so that OrthoInfo stays plain data. */
export interface OrthoHandle {
	id: number;
	info: OrthoInfo;
	path: string;
	/** Open file, or null while it is closed (see the file-handle pool below). */
	fh: FileHandle | null;
	opening: Promise<FileHandle> | null;
	/** Reads in progress: a busy handle is never closed by the pool. */
	busy: number;
	fileSize: number;
	littleEndian: boolean;
	levels: Level[];
	/** GDAL-style geotransform: X = gt0 + col·gt1 + row·gt2, Y = gt3 + col·gt4 + row·gt5 (level 0). */
	gt: [number, number, number, number, number, number];
	/** Inverse geotransform: col = i0 + X·i1 + Y·i2, row = i3 + X·i4 + Y·i5. */
	inv: [number, number, number, number, number, number];
	compression: number;
	predictor: number;
	photometric: number;
	planar: 1 | 2;
	spp: number;
	bytesPerSample: 1 | 2;
	/** 0-based sample indices shown as R, G, B (all three equal for grey). */
	rgbBands: [number, number, number];
	/** RGB palette (0–255) for photometric 3, 3 × 2^bits entries, else null. */
	palette: Uint8Array | null;
	/** Lookup tables 16-bit value → 8-bit for each displayed band (uint16 stretch), else null. */
	luts: Uint8Array[] | null;
	/** closeOrtho() was called: the file descriptor was released (reads would reopen it). */
	closed: boolean;
}

/** Name of a resolution level in messages. */
export interface LevelName extends Localized {
	/** The French name preceded by « de », contracted (« de l’image… », « du masque 0 »). */
	frOf: string;
}

/** "tile"/"strip" in both languages (a TIFF stores its pixels in one or the other). */
function blockKind(tiled: boolean): Localized {
	return tiled ? { en: 'tile', fr: 'tuile' } : { en: 'strip', fr: 'bande' };
}

const handles = new WeakMap<OrthoInfo, OrthoHandle>();
let nextHandleId = 1;

/** Compressions geotiff.js (or we) can decode in Node. WebP (50001) needs a browser canvas. */
const SUPPORTED_COMPRESSIONS: Record<number, string> = {
	1: 'none',
	5: 'LZW',
	7: 'JPEG',
	8: 'Deflate',
	32946: 'Deflate',
	32773: 'PackBits',
	34887: 'LERC',
	50000: 'Zstandard'
};

/** Above this, one decoded block would not fit the block cache: the file must be re-tiled. */
const MAX_BLOCK_BYTES = 128 * 1024 * 1024;

/** "2400000" → "2 400 000" (the style of our user messages). */
export function fmtInt(n: number): string {
	return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

function describeNonTiff(head: Buffer, n: number): Localized {
	if (n === 0) return { en: 'it is empty', fr: 'il est vide' };
	if (n >= 8 && head[0] === 0x89 && head.toString('latin1', 1, 4) === 'PNG') return { en: 'it is a PNG image', fr: 'c’est une image PNG' };
	if (n >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { en: 'it is a JPEG image', fr: 'c’est une image JPEG' };
	if (n >= 4 && head.toString('latin1', 0, 4) === 'PK\x03\x04') return { en: 'it is a ZIP archive (unzip it first)', fr: 'c’est une archive ZIP (décompressez-la d’abord)' };
	if (n >= 4 && head.toString('latin1', 0, 4) === '%PDF') return { en: 'it is a PDF document', fr: 'c’est un document PDF' };
	if (n >= 4 && head.toString('latin1', 0, 4) === 'GPKG') return { en: 'it is a GeoPackage', fr: 'c’est un GeoPackage' };
	if (n >= 16 && head.toString('latin1', 0, 15) === 'SQLite format 3') return { en: 'it is an SQLite database (a GeoPackage?)', fr: 'c’est une base de données SQLite (un GeoPackage ?)' };
	let printable = 0;
	for (let i = 0; i < n; i++) {
		const c = head[i];
		if (c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127) || c >= 0xc2) printable++;
	}
	if (printable === n) return { en: 'it looks like a text file', fr: 'il semble s’agir d’un fichier texte' };
	return { en: 'its first bytes are not a TIFF header (II*\\0 or MM\\0*)', fr: 'ses premiers octets ne forment pas un en-tête TIFF (II*\\0 ou MM\\0*)' };
}

/**
 * Walk the IFD chain ourselves before handing the file to geotiff.js: geotiff.js reads past the end
 * of a truncated file as zeros and would report nonsense instead of "truncated".
 */
async function walkIfds(fh: FileHandle, size: number, fileName: string): Promise<{ count: number; littleEndian: boolean }> {
	const head = Buffer.alloc(16);
	const { bytesRead } = await fh.read(head, 0, 16, 0);
	const bo = head.toString('latin1', 0, 2);
	const le = bo === 'II';
	const magic = bytesRead >= 4 ? (le ? head.readUInt16LE(2) : head.readUInt16BE(2)) : 0;
	if ((bo !== 'II' && bo !== 'MM') || (magic !== 42 && magic !== 43)) {
		const what = describeNonTiff(head, bytesRead);
		throw new InputError('not_a_tiff', {
			en: `${fileName} is not a TIFF file: ${what.en}. Deliver orthophotos as GeoTIFF (.tif).`,
			fr: `Le fichier « ${fileName} » n’est pas au format TIFF : ${what.fr}. Livrez les orthophotos au format GeoTIFF (.tif).`
		});
	}
	const big = magic === 43;
	const u16 = (b: Buffer, o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
	const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
	const u64 = (b: Buffer, o: number) => Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o));
	if (bytesRead < (big ? 16 : 8)) {
		throw new InputError('truncated_tiff', {
			en: `${fileName} is truncated: it has only ${bytesRead} bytes, not even a full TIFF header. Copy the file again.`,
			fr: `Le fichier « ${fileName} » est tronqué : il ne fait que ${bytesRead} octet${bytesRead > 1 ? 's' : ''}, pas même un en-tête TIFF complet. Copiez à nouveau le fichier.`
		});
	}
	let off = big ? u64(head, 8) : u32(head, 4);
	const seen = new Set<number>();
	let count = 0;
	const buf = Buffer.alloc(8);
	while (off !== 0) {
		if (seen.has(off) || count > 10_000) {
			throw new InputError('corrupt_tiff', {
				en: `${fileName} is damaged: its image directories (IFDs) loop back on themselves. Re-export the file.`,
				fr: `Le fichier « ${fileName} » est endommagé : ses répertoires d’images (IFD) forment une boucle. Exportez-le à nouveau.`
			});
		}
		seen.add(off);
		const countSize = big ? 8 : 2;
		if (off + countSize > size) {
			throw new InputError('truncated_tiff', {
				en: `${fileName} is truncated: image directory ${count} starts at byte ${fmtInt(off)} but the file has ${fmtInt(size)} bytes. Copy the file again.`,
				fr: `Le fichier « ${fileName} » est tronqué : le répertoire d’images ${count} commence à l’octet ${fmtInt(off)}, mais le fichier ne compte que ${fmtInt(size)} octets. Copiez à nouveau le fichier.`
			});
		}
		await fh.read(buf, 0, countSize, off);
		const n = big ? u64(buf, 0) : u16(buf, 0);
		const nextAt = off + countSize + n * (big ? 20 : 12);
		const nextSize = big ? 8 : 4;
		if (nextAt + nextSize > size) {
			throw new InputError('truncated_tiff', {
				en: `${fileName} is truncated: image directory ${count} ends at byte ${fmtInt(nextAt + nextSize)} but the file has ${fmtInt(size)} bytes. Copy the file again.`,
				fr: `Le fichier « ${fileName} » est tronqué : le répertoire d’images ${count} se termine à l’octet ${fmtInt(nextAt + nextSize)}, mais le fichier ne compte que ${fmtInt(size)} octets. Copiez à nouveau le fichier.`
			});
		}
		await fh.read(buf, 0, nextSize, nextAt);
		off = big ? u64(buf, 0) : u32(buf, 0);
		count++;
	}
	if (count === 0) {
		throw new InputError('corrupt_tiff', { en: `${fileName} is a TIFF file with no image in it.`, fr: `Le fichier « ${fileName} » est un fichier TIFF qui ne contient aucune image.` });
	}
	return { count, littleEndian: le };
}

function toNumbers(v: unknown): number[] {
	if (v === undefined || v === null) return [];
	if (typeof v === 'number' || typeof v === 'bigint') return [Number(v)];
	return Array.from(v as ArrayLike<number | bigint>, Number);
}

/** Parse GDAL's COLORINTERP items from the GDAL_METADATA XML tag: sample index → interpretation. */
function gdalColorInterp(xml: unknown): Map<number, string> {
	const out = new Map<number, string>();
	if (typeof xml !== 'string') return out;
	const re = /<Item\s+name="COLORINTERP"\s+sample="(\d+)"[^>]*>([^<]*)<\/Item>/g;
	for (let m = re.exec(xml); m; m = re.exec(xml)) out.set(Number(m[1]), m[2].trim().toLowerCase());
	return out;
}

/**
 * Pick the EPSG code from the GeoKeys: ProjectedCSTypeGeoKey for projected rasters,
 * GeographicTypeGeoKey for lon/lat rasters. 32767 means "user-defined", which we cannot reproject.
 */
function crsFromGeoKeys(keys: Record<string, unknown> | null, fileName: string): CrsInfo {
	const advice: Localized = {
		en: 'Re-export it as a GeoTIFF that carries its EPSG code (e.g. gdal_translate -a_srs EPSG:2154 in.tif out.tif).',
		fr: 'Exportez-le à nouveau en GeoTIFF portant son code EPSG (par exemple gdal_translate -a_srs EPSG:2154 in.tif out.tif).'
	};
	if (!keys) {
		throw new InputError('no_crs', {
			en: `${fileName} has no coordinate reference system (GeoKeys): it is a plain TIFF, not a GeoTIFF. ${advice.en}`,
			fr: `Le fichier « ${fileName} » n’a pas de système de coordonnées (GeoKeys) : c’est un simple TIFF, pas un GeoTIFF. ${advice.fr}`
		});
	}
	const projected = Number(keys.ProjectedCSTypeGeoKey ?? 0);
	const geographic = Number(keys.GeographicTypeGeoKey ?? 0);
	const model = Number(keys.GTModelTypeGeoKey ?? 0);
	let code = 0;
	if (projected > 0 && projected !== 32767) code = projected;
	else if (model !== 1 && geographic > 0 && geographic !== 32767) code = geographic;
	if (!code) {
		if (projected === 32767 || geographic === 32767) {
			throw new InputError('no_crs', {
				en: `${fileName} uses a user-defined coordinate reference system without an EPSG code. ${advice.en}`,
				fr: `Le fichier « ${fileName} » utilise un système de coordonnées personnalisé, sans code EPSG. ${advice.fr}`
			});
		}
		throw new InputError('no_crs', {
			en: `${fileName} has no coordinate reference system (GeoKeys): neither ProjectedCSTypeGeoKey nor GeographicTypeGeoKey is set. ${advice.en}`,
			fr: `Le fichier « ${fileName} » n’a pas de système de coordonnées (GeoKeys) : ni ProjectedCSTypeGeoKey ni GeographicTypeGeoKey n’est renseigné. ${advice.fr}`
		});
	}
	try {
		return resolveEpsg(code);
	} catch (e) {
		if (isInputError(e)) throw new InputError(e.code, { en: `${fileName}: ${e.localized('en')}`, fr: `Fichier « ${fileName} » : ${e.localized('fr')}` }, e.status);
		throw e;
	}
}

/** Geotransform (level 0) from ModelTransformation or ModelTiepoint + ModelPixelScale. */
function geoTransform(image: GeoTIFFImage, keys: Record<string, unknown>, fileName: string): [number, number, number, number, number, number] {
	const fd = image.getFileDirectory();
	const mt = toNumbers(fd.getValue('ModelTransformation'));
	const tp = toNumbers(fd.getValue('ModelTiepoint'));
	const ps = toNumbers(fd.getValue('ModelPixelScale'));
	let gt: [number, number, number, number, number, number];
	if (mt.length >= 16) {
		gt = [mt[3], mt[0], mt[1], mt[7], mt[4], mt[5]];
	} else if (tp.length >= 6 && ps.length >= 2) {
		const [i, j, , x, y] = tp;
		gt = [x - i * ps[0], ps[0], 0, y + j * ps[1], 0, -ps[1]];
	} else {
		throw new InputError('no_georeferencing', {
			en: `${fileName} has GeoKeys but no georeferencing (ModelTiepoint + ModelPixelScale or ModelTransformation): its pixels cannot be placed on the map. Re-export it with gdal_translate.`,
			fr: `Le fichier « ${fileName} » a des GeoKeys mais pas de géoréférencement (ModelTiepoint + ModelPixelScale ou ModelTransformation) : ses pixels ne peuvent pas être placés sur la carte. Exportez-le à nouveau avec gdal_translate.`
		});
	}
	// PixelIsPoint: the tie point is the centre of the first pixel; move it to its corner as GDAL does.
	if (Number(keys.GTRasterTypeGeoKey) === 2) {
		gt[0] -= 0.5 * (gt[1] + gt[2]);
		gt[3] -= 0.5 * (gt[4] + gt[5]);
	}
	const det = gt[1] * gt[5] - gt[2] * gt[4];
	if (!Number.isFinite(det) || det === 0) {
		throw new InputError('no_georeferencing', {
			en: `${fileName} has a degenerate georeferencing (zero pixel size). Re-export it with gdal_translate.`,
			fr: `Le fichier « ${fileName} » a un géoréférencement inutilisable (taille de pixel nulle). Exportez-le à nouveau avec gdal_translate.`
		});
	}
	return gt;
}

function invertGt(gt: [number, number, number, number, number, number]): [number, number, number, number, number, number] {
	const [g0, g1, g2, g3, g4, g5] = gt;
	const det = g1 * g5 - g2 * g4;
	const i1 = g5 / det, i2 = -g2 / det, i4 = -g4 / det, i5 = g1 / det;
	return [-(i1 * g0 + i2 * g3), i1, i2, -(i4 * g0 + i5 * g3), i4, i5];
}

async function buildLevel(image: GeoTIFFImage, ifd: number, w0: number, h0: number, name: LevelName, fileName: string, fileSize: number, spp: number, planar: number): Promise<Level> {
	const fd = image.getFileDirectory();
	const width = image.getWidth();
	const height = image.getHeight();
	if (!width || !height) {
		throw new InputError('corrupt_tiff', {
			en: `${fileName} is damaged: ${name.en} has no width or height.`,
			fr: `Le fichier « ${fileName} » est endommagé : ${name.fr} n’a ni largeur ni hauteur.`
		});
	}
	const tiled = !fd.hasTag('StripOffsets');
	const blockWidth = tiled ? Number(fd.getValue('TileWidth')) : width;
	const blockHeight = tiled ? Number(fd.getValue('TileLength')) : Math.min(Number(fd.getValue('RowsPerStrip') ?? height) || height, height);
	if (!(blockWidth > 0) || !(blockHeight > 0)) {
		throw new InputError('corrupt_tiff', {
			en: `${fileName} is damaged: ${name.en} has an invalid tile or strip size.`,
			fr: `Le fichier « ${fileName} » est endommagé : ${name.fr} a une taille de tuile ou de bande invalide.`
		});
	}
	const blocksAcross = Math.ceil(width / blockWidth);
	const blocksDown = Math.ceil(height / blockHeight);
	const offsets = Float64Array.from(toNumbers(await fd.loadValue(tiled ? 'TileOffsets' : 'StripOffsets')));
	const counts = Float64Array.from(toNumbers(await fd.loadValue(tiled ? 'TileByteCounts' : 'StripByteCounts')));
	const expected = blocksAcross * blocksDown * (planar === 2 ? spp : 1);
	const kind = blockKind(tiled);
	if (offsets.length < expected || counts.length < expected) {
		const listed = Math.min(offsets.length, counts.length);
		throw new InputError('corrupt_tiff', {
			en: `${fileName} is damaged: ${name.en} should have ${expected} ${kind.en}s but lists ${listed}. Re-export the file.`,
			fr: `Le fichier « ${fileName} » est endommagé : ${name.fr} devrait compter ${expected} ${kind.fr}s mais n’en référence que ${listed}. Exportez-le à nouveau.`
		});
	}
	// A truncated copy (interrupted upload or transfer) loses the blocks written last: check every one.
	for (let i = 0; i < expected; i++) {
		const end = offsets[i] + counts[i];
		if (counts[i] > 0 && end > fileSize) {
			throw new InputError('truncated_tiff', {
				en: `${fileName} is truncated: ${kind.en} ${i} of ${name.en} ends at byte ${fmtInt(end)} but the file has ${fmtInt(fileSize)} bytes. Copy the file again.`,
				fr: `Le fichier « ${fileName} » est tronqué : la ${kind.fr} ${i} ${name.frOf} se termine à l’octet ${fmtInt(end)}, mais le fichier ne compte que ${fmtInt(fileSize)} octets. Copiez à nouveau le fichier.`
			});
		}
	}
	const jpegTables = await fd.loadValue('JPEGTables');
	return {
		ifd, width, height, tiled, blockWidth, blockHeight, blocksAcross, blocksDown, offsets, counts,
		factorX: w0 / width, factorY: h0 / height, mask: null, name,
		compression: Number(fd.getValue('Compression') ?? 1),
		predictor: Number((await fd.loadValue('Predictor')) ?? 1),
		bitsPerSample: toNumbers(fd.getValue('BitsPerSample')),
		jpegTables: jpegTables ? Uint8Array.from(jpegTables as ArrayLike<number>) : null
	};
}

/**
 * Open a delivered orthophoto and validate it.
 * @param path a GeoTIFF / COG on local disk
 * @throws InputError `not_a_tiff`, `truncated_tiff`, `corrupt_tiff`, `no_crs`, `no_georeferencing`,
 *   `unknown_epsg`, `unsupported_sample_format`, `unsupported_compression`, `unsupported_layout`
 */
export async function openOrtho(path: string): Promise<OrthoInfo> {
	const fileName = basename(path);
	let size: number;
	try {
		const st = await stat(path);
		if (!st.isFile()) throw new InputError('not_a_file', { en: `${fileName} is not a file.`, fr: `« ${fileName} » n’est pas un fichier.` });
		size = st.size;
	} catch (e) {
		if (isInputError(e)) throw e;
		const why = (e as Error).message;
		throw new InputError('file_not_found', { en: `${fileName} cannot be read: ${why}`, fr: `Le fichier « ${fileName} » ne peut pas être lu : ${why}` });
	}
	const fh = await open(path, 'r');
	let tiff: GeoTIFF | null = null;
	try {
		const { count, littleEndian } = await walkIfds(fh, size, fileName);
		try {
			tiff = await fromFile(path);
		} catch (e) {
			const why = (e as Error).message;
			throw new InputError('corrupt_tiff', {
				en: `${fileName} could not be read as a TIFF file (${why}). Re-export it.`,
				fr: `Le fichier « ${fileName} » n’a pas pu être lu comme un fichier TIFF (${why}). Exportez-le à nouveau.`
			});
		}
		const images: GeoTIFFImage[] = [];
		for (let i = 0; i < count; i++) {
			try {
				images.push(await tiff.getImage(i));
			} catch (e) {
				const why = (e as Error).message;
				throw new InputError('corrupt_tiff', {
					en: `${fileName} is damaged: image directory ${i} cannot be parsed (${why}).`,
					fr: `Le fichier « ${fileName} » est endommagé : le répertoire d’images ${i} est illisible (${why}).`
				});
			}
		}
		const main = images[0];
		const fd = main.getFileDirectory();
		const width = main.getWidth();
		const height = main.getHeight();
		const spp = main.getSamplesPerPixel();
		const bps = toNumbers(fd.getValue('BitsPerSample'));
		const formats = toNumbers(fd.getValue('SampleFormat'));
		const bits = bps[0] ?? 1;
		const format = formats[0] ?? 1;
		const sameBits = bps.every((b) => b === bits) && formats.every((f) => f === format);
		if (format !== 1 || (bits !== 8 && bits !== 16) || !sameBits) {
			const kind = format === 3 ? `${bits}-bit floating-point` : format === 2 ? `${bits}-bit signed integer` : `${bits}-bit`;
			const frBits = `${bits} bit${bits > 1 ? 's' : ''}`;
			const kindFr = !sameBits
				? 'dont les bandes sont codées différemment'
				: format === 3 ? `codés en virgule flottante sur ${frBits}` : format === 2 ? `codés en entiers signés sur ${frBits}` : `codés sur ${frBits}`;
			throw new InputError('unsupported_sample_format', {
				en: `${fileName} stores ${sameBits ? kind : 'mixed'} samples; orthophotos must be 8-bit (or 16-bit unsigned) images. Convert it, e.g. gdal_translate -ot Byte -scale in.tif out.tif.`,
				fr: `Le fichier « ${fileName} » contient des pixels ${kindFr} ; les orthophotos doivent être des images 8 bits (ou 16 bits non signés). Convertissez-le, par exemple avec gdal_translate -ot Byte -scale in.tif out.tif.`
			}, 422);
		}
		const compression = Number(fd.getValue('Compression') ?? 1);
		if (!(compression in SUPPORTED_COMPRESSIONS)) {
			const name = compression === 50001 ? 'WebP' : compression === 6 ? 'old-style JPEG' : `code ${compression}`;
			const nameFr = compression === 50001 ? 'WebP' : compression === 6 ? 'JPEG ancienne version (old-style JPEG)' : `de code ${compression}`;
			throw new InputError('unsupported_compression', {
				en: `${fileName} uses ${name} compression, which Recette cannot decode. Re-export it with DEFLATE, LZW or JPEG compression (gdal_translate -of COG -co COMPRESS=DEFLATE).`,
				fr: `Le fichier « ${fileName} » utilise la compression ${nameFr}, que Recette ne sait pas décoder. Exportez-le à nouveau avec une compression DEFLATE, LZW ou JPEG (gdal_translate -of COG -co COMPRESS=DEFLATE).`
			}, 422);
		}
		const photometric = Number(fd.getValue('PhotometricInterpretation') ?? (spp >= 3 ? 2 : 1));
		if (![0, 1, 2, 3, 6].includes(photometric) || (photometric === 6 && compression !== 7)) {
			throw new InputError('unsupported_layout', {
				en: `${fileName} uses a colour model (TIFF photometric ${photometric}) that Recette cannot display; re-export it as RGB or greyscale.`,
				fr: `Le fichier « ${fileName} » utilise un modèle de couleurs (TIFF photometric ${photometric}) que Recette ne sait pas afficher ; exportez-le à nouveau en RVB ou en niveaux de gris.`
			}, 422);
		}
		const planar = Number(fd.getValue('PlanarConfiguration') ?? 1) === 2 ? 2 : 1;
		const predictor = Number((await fd.loadValue('Predictor')) ?? 1);
		if (predictor !== 1 && predictor !== 2) {
			throw new InputError('unsupported_layout', {
				en: `${fileName} uses TIFF predictor ${predictor}, which is only valid for floating-point data. Re-export it.`,
				fr: `Le fichier « ${fileName} » utilise le prédicteur TIFF ${predictor}, qui n’est valable que pour des données à virgule flottante. Exportez-le à nouveau.`
			}, 422);
		}

		const keys = main.getGeoKeys() as Record<string, unknown> | null;
		const crs = crsFromGeoKeys(keys, fileName);
		const gt = geoTransform(main, keys ?? {}, fileName);

		// Levels: IFD 0, then reduced-resolution images (NewSubfileType bit 0) that are not masks (bit 2).
		const levels: Level[] = [await buildLevel(main, 0, width, height, { en: 'the full-resolution image', fr: 'l’image en pleine résolution', frOf: 'de l’image en pleine résolution' }, fileName, size, spp, planar)];
		const masks: Level[] = [];
		for (let i = 1; i < images.length; i++) {
			const im = images[i];
			const ifd = im.getFileDirectory();
			const type = Number(ifd.getValue('NewSubfileType') ?? 0);
			const isMask = (type & 4) !== 0 && Number(ifd.getValue('PhotometricInterpretation')) === 4;
			if (isMask) {
				masks.push(await buildLevel(im, i, width, height, { en: `mask ${masks.length}`, fr: `le masque ${masks.length}`, frOf: `du masque ${masks.length}` }, fileName, size, 1, 1));
			} else if ((type & 1) !== 0 && im.getSamplesPerPixel() === spp && im.getWidth() < width) {
				levels.push(await buildLevel(im, i, width, height, { en: `overview ${levels.length}`, fr: `l’aperçu réduit ${levels.length}`, frOf: `de l’aperçu réduit ${levels.length}` }, fileName, size, spp, planar));
			}
		}
		levels.sort((a, b) => b.width - a.width);
		for (const lv of levels) {
			const m = masks.find((k) => k.width === lv.width && k.height === lv.height && k.blockWidth === lv.blockWidth && k.blockHeight === lv.blockHeight);
			if (m && m.bitsPerSample[0] <= 8) lv.mask = m;
		}
		const bytesPerSample = bits === 16 ? 2 : 1;
		const blockBytes = levels[0].blockWidth * levels[0].blockHeight * 4;
		if (blockBytes > MAX_BLOCK_BYTES) {
			const { tiled, blockWidth: bw, blockHeight: bh } = levels[0];
			throw new InputError('unsupported_layout', {
				en: `${fileName} is stored as ${tiled ? 'huge tiles' : 'huge strips'} (${bw} × ${bh} px each): convert it to a tiled Cloud-Optimized GeoTIFF (gdal_translate -of COG).`,
				fr: `Le fichier « ${fileName} » est découpé en ${tiled ? 'tuiles' : 'bandes'} beaucoup trop grandes (${bw} × ${bh} px chacune) : convertissez-le en GeoTIFF tuilé optimisé pour le cloud, ou COG (gdal_translate -of COG).`
			}, 422);
		}

		// Alpha: an ExtraSamples entry of 1 (associated) or 2 (unassociated alpha), unless GDAL's own
		// metadata says the band is something else (the NAIP files tag their NIR band as alpha in
		// ExtraSamples but GDAL's COLORINTERP says "Undefined": GDAL itself shows it as a plain band).
		const extras = toNumbers(fd.getValue('ExtraSamples'));
		const interp = gdalColorInterp(await fd.loadValue('GDAL_METADATA'));
		let alphaBand: number | null = null;
		extras.forEach((v, k) => {
			const band = spp - extras.length + k;
			const gi = interp.get(band);
			if (alphaBand === null && (v === 1 || v === 2) && (gi === undefined || gi === 'alpha')) alphaBand = band;
		});
		if (alphaBand === null) for (const [band, gi] of interp) if (gi === 'alpha' && band < spp) alphaBand = band;

		const nodataRaw = fd.getValue('GDAL_NODATA');
		let nodata: number | null = null;
		if (typeof nodataRaw === 'string') {
			const v = Number(nodataRaw.replace(/\0/g, '').trim());
			if (Number.isFinite(v) && Number.isInteger(v) && v >= 0 && v < 2 ** bits) nodata = v;
		}

		const colourBands = spp >= 3 && photometric !== 3 ? 3 : 1;
		const rgbBands: [number, number, number] = colourBands === 3 ? [0, 1, 2] : [0, 0, 0];

		let palette: Uint8Array | null = null;
		if (photometric === 3) {
			const cm = toNumbers(await fd.loadValue('ColorMap'));
			const n = 2 ** bits;
			if (cm.length < 3 * n) {
				throw new InputError('corrupt_tiff', {
					en: `${fileName} is a palette image without a complete colour map.`,
					fr: `Le fichier « ${fileName} » est une image à palette de couleurs, mais sa palette est incomplète.`
				});
			}
			palette = new Uint8Array(3 * n);
			for (let i = 0; i < n; i++) {
				palette[3 * i] = cm[i] >> 8;
				palette[3 * i + 1] = cm[n + i] >> 8;
				palette[3 * i + 2] = cm[2 * n + i] >> 8;
			}
		}

		const [minX, maxY] = [gt[0], gt[3]];
		const corners = [
			[minX, maxY],
			[gt[0] + width * gt[1], gt[3] + width * gt[4]],
			[gt[0] + height * gt[2], gt[3] + height * gt[5]],
			[gt[0] + width * gt[1] + height * gt[2], gt[3] + width * gt[4] + height * gt[5]]
		];
		const xs = corners.map((c) => c[0]);
		const ys = corners.map((c) => c[1]);
		const bbox: BBox = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];

		const info: OrthoInfo = {
			path,
			fileName,
			crs,
			width,
			height,
			bands: spp,
			bitsPerSample: bits,
			bbox,
			resolution: [Math.hypot(gt[1], gt[4]), Math.hypot(gt[2], gt[5])],
			nodata,
			overviews: levels.length - 1,
			tiled: levels[0].tiled,
			tileWidth: levels[0].blockWidth,
			tileHeight: levels[0].blockHeight,
			compression,
			alphaBand,
			internalMask: levels[0].mask !== null,
			stretch: null
		};
		const handle: OrthoHandle = {
			id: nextHandleId++,
			info,
			path,
			fh: null,
			opening: null,
			busy: 0,
			fileSize: size,
			littleEndian,
			levels,
			gt,
			inv: invertGt(gt),
			compression,
			predictor,
			photometric,
			planar,
			spp,
			bytesPerSample,
			rgbBands,
			palette,
			luts: null,
			closed: false
		};
		if (bits === 16 && !palette) {
			info.stretch = await computeStretch(handle, colourBands);
			handle.luts = info.stretch.min.map((lo, k) => {
				const hi = info.stretch!.max[k];
				const lut = new Uint8Array(65536);
				const scale = 255 / Math.max(1, hi - lo);
				for (let v = 0; v < 65536; v++) lut[v] = Math.max(0, Math.min(255, Math.round((v - lo) * scale)));
				return lut;
			});
		}
		handles.set(info, handle);
		return info;
	} finally {
		// Everything needed later was read above: no descriptor stays open per file (a delivery can
		// have thousands of files); block reads go through the pool below.
		await tiff?.close();
		await fh.close().catch(() => {});
	}
}

/**
 * 2–98 % percentile stretch of 16-bit imagery, from the coarsest level (at most 64 of its blocks,
 * evenly spread), ignoring nodata and transparent pixels.
 */
async function computeStretch(h: OrthoHandle, colourBands: number): Promise<{ min: number[]; max: number[] }> {
	const lv = h.levels[h.levels.length - 1];
	const nBlocks = lv.blocksAcross * lv.blocksDown;
	const step = Math.max(1, Math.ceil(nBlocks / 64));
	const hists = Array.from({ length: colourBands }, () => new Uint32Array(65536));
	const { spp, info } = h;
	const bands = colourBands === 3 ? h.rgbBands : [0];
	for (let b = 0; b < nBlocks; b += step) {
		const bx = b % lv.blocksAcross, by = Math.floor(b / lv.blocksAcross);
		const raw = await readRawBlock(h, lv, bx, by);
		if (!raw) continue;
		const d = raw.data;
		const w = Math.min(raw.width, lv.width - bx * lv.blockWidth);
		const hh = Math.min(raw.height, lv.height - by * lv.blockHeight);
		for (let y = 0; y < hh; y++) {
			for (let x = 0; x < w; x++) {
				const p = (y * raw.width + x) * spp;
				if (info.alphaBand !== null && d[p + info.alphaBand] === 0) continue;
				if (info.nodata !== null) {
					let all = true;
					for (let s = 0; s < spp; s++) if (d[p + s] !== info.nodata) { all = false; break; }
					if (all) continue;
				}
				for (let k = 0; k < bands.length; k++) hists[k][d[p + bands[k]]]++;
			}
		}
	}
	const min: number[] = [], max: number[] = [];
	for (const hist of hists) {
		let total = 0;
		for (let v = 0; v < 65536; v++) total += hist[v];
		let lo = 0, hi = 65535, acc = 0;
		if (total > 0) {
			for (let v = 0; v < 65536; v++) { acc += hist[v]; if (acc >= total * 0.02) { lo = v; break; } }
			acc = 0;
			for (let v = 65535; v >= 0; v--) { acc += hist[v]; if (acc >= total * 0.02) { hi = v; break; } }
		}
		if (hi <= lo) hi = lo + 1;
		min.push(lo);
		max.push(hi);
	}
	return { min, max };
}

/**
 * The open handle behind an OrthoInfo. An OrthoInfo that was copied (e.g. through JSON) has none:
 * the file is then opened again from its path.
 */
export async function getHandle(info: OrthoInfo): Promise<OrthoHandle> {
	const h = handles.get(info);
	if (h) return h;
	const fresh = await openOrtho(info.path);
	const fh = handles.get(fresh)!;
	handles.set(info, fh);
	return fh;
}

/**
 * Release the file descriptor behind an OrthoInfo. Harmless to call twice; a renderer still using
 * the file simply reopens it on its next block read.
 */
export async function closeOrtho(info: OrthoInfo): Promise<void> {
	const h = handles.get(info);
	if (!h) return;
	h.closed = true;
	await releaseFile(h);
}

/** Level-0 pixel window [col0, row0, col1, row1] (fractional, unclipped) of a bbox in the file's CRS. */
export function bboxToPixelWindow(h: OrthoHandle, bbox: BBox): [number, number, number, number] {
	const [i0, i1, i2, i3, i4, i5] = h.inv;
	let c0 = Infinity, r0 = Infinity, c1 = -Infinity, r1 = -Infinity;
	for (const [x, y] of [[bbox[0], bbox[1]], [bbox[0], bbox[3]], [bbox[2], bbox[1]], [bbox[2], bbox[3]]]) {
		const c = i0 + x * i1 + y * i2, r = i3 + x * i4 + y * i5;
		if (c < c0) c0 = c;
		if (c > c1) c1 = c;
		if (r < r0) r0 = r;
		if (r > r1) r1 = r;
	}
	return [c0, r0, c1, r1];
}

/** Fewest pixels, along each side, a box must span at the level hasData() reads. */
export const HAS_DATA_MIN_PIXELS = 16;

/**
 * Index of the coarsest level (factors ascending, level 0 = 1) at which a window `widthPx × heightPx`
 * level-0 pixels still spans at least `minPixels` along its shorter side; 0 when none does.
 */
export function coarsestLevelResolving(factors: number[], widthPx: number, heightPx: number, minPixels = HAS_DATA_MIN_PIXELS): number {
	const side = Math.min(widthPx, heightPx);
	let best = 0;
	for (let k = 1; k < factors.length; k++) if (side / factors[k] >= minPixels) best = k;
	return best;
}

/** hasData() shares one modest block cache across all files (import-time use). */
const probeCache = new BlockCache(64 * 1024 * 1024);

/**
 * Does any pixel inside `bbox` (in the file's own CRS) hold data — not nodata, not transparent?
 * Reads the coarsest overview that still resolves the box (≥ 16 px a side), so a few hundred calls
 * over a delivery cost a few block decodes. Used at import to skip grid tiles without imagery.
 */
export async function hasData(info: OrthoInfo, bbox: BBox): Promise<boolean> {
	const h = await getHandle(info);
	const [c0, r0, c1, r1] = bboxToPixelWindow(h, bbox);
	const cc0 = Math.max(0, c0), rr0 = Math.max(0, r0), cc1 = Math.min(info.width, c1), rr1 = Math.min(info.height, r1);
	if (cc1 <= cc0 || rr1 <= rr0) return false;
	const k = coarsestLevelResolving(h.levels.map((l) => l.factorX), c1 - c0, r1 - r0);
	const lv = h.levels[k];
	const x0 = Math.floor(cc0 / lv.factorX), y0 = Math.floor(rr0 / lv.factorY);
	const x1 = Math.min(lv.width, Math.ceil(cc1 / lv.factorX)), y1 = Math.min(lv.height, Math.ceil(rr1 / lv.factorY));
	for (let by = Math.floor(y0 / lv.blockHeight); by * lv.blockHeight < y1; by++) {
		for (let bx = Math.floor(x0 / lv.blockWidth); bx * lv.blockWidth < x1; bx++) {
			const block = await getRgbaBlock(h, lv, bx, by, probeCache);
			if (!block || !block.anyData) continue;
			if (block.allData) return true;
			if (windowHasData(block, lv, bx, by, x0, y0, x1, y1)) return true;
		}
	}
	return false;
}

function windowHasData(block: RgbaBlock, lv: Level, bx: number, by: number, x0: number, y0: number, x1: number, y1: number): boolean {
	const ox = bx * lv.blockWidth, oy = by * lv.blockHeight;
	const sx = Math.max(x0, ox) - ox, ex = Math.min(x1, ox + block.width) - ox;
	const sy = Math.max(y0, oy) - oy, ey = Math.min(y1, oy + block.height) - oy;
	const { rgba, width } = block;
	for (let y = sy; y < ey; y++) {
		for (let x = sx, p = (y * width + sx) * 4 + 3; x < ex; x++, p += 4) if (rgba[p] !== 0) return true;
	}
	return false;
}

/**
 * Share of the raster holding data, and the bbox (file CRS) of that data, measured on the coarsest
 * level. Useful to warn about deliveries that are mostly empty.
 */
export async function validCoverage(info: OrthoInfo): Promise<{ fraction: number; bbox: BBox | null }> {
	const h = await getHandle(info);
	const lv = h.levels[h.levels.length - 1];
	let valid = 0;
	let minC = Infinity, minR = Infinity, maxC = -Infinity, maxR = -Infinity;
	for (let by = 0; by < lv.blocksDown; by++) {
		for (let bx = 0; bx < lv.blocksAcross; bx++) {
			const block = await getRgbaBlock(h, lv, bx, by, probeCache);
			if (!block || !block.anyData) continue;
			const ox = bx * lv.blockWidth, oy = by * lv.blockHeight;
			const ew = Math.min(block.width, lv.width - ox), eh = Math.min(block.height, lv.height - oy);
			for (let y = 0; y < eh; y++) {
				for (let x = 0; x < ew; x++) {
					if (block.rgba[(y * block.width + x) * 4 + 3] === 0) continue;
					valid++;
					if (ox + x < minC) minC = ox + x;
					if (ox + x + 1 > maxC) maxC = ox + x + 1;
					if (oy + y < minR) minR = oy + y;
					if (oy + y + 1 > maxR) maxR = oy + y + 1;
				}
			}
		}
	}
	if (!valid) return { fraction: 0, bbox: null };
	const [g0, g1, g2, g3, g4, g5] = h.gt;
	const pts = [[minC, minR], [maxC, minR], [minC, maxR], [maxC, maxR]].map(([c, r]) => [
		g0 + c * lv.factorX * g1 + r * lv.factorY * g2,
		g3 + c * lv.factorX * g4 + r * lv.factorY * g5
	]);
	const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
	return { fraction: valid / (lv.width * lv.height), bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
}
