/**
 * Reading, decoding and caching the blocks (tiles or strips) of an opened orthophoto.
 *
 * Decoded blocks are normalised once to 8-bit RGBA (colour model, 16-bit stretch, nodata, alpha band
 * and internal mask all resolved) so that the renderer's inner loop deals with one layout only, and
 * kept in a byte-bounded LRU cache so that neighbouring map tiles never decode a block twice.
 */
import { inflateSync } from 'node:zlib';
import { getDecoder } from 'geotiff';
import { InputError, isInputError, type Localized } from '../errors.ts';
import { readFileBytes } from './files.ts';
import type { Level, OrthoHandle } from './geotiff.ts';

/** A decoded block as 8-bit RGBA, `width × height` (a tile is always full size, even at the edges). */
export interface RgbaBlock {
	rgba: Uint8Array;
	width: number;
	height: number;
	/** Some pixel has alpha > 0. */
	anyData: boolean;
	/** Every pixel has alpha 255 (within the image: padding beyond the edge is ignored). */
	allData: boolean;
}

/** One raw decoded block, samples interleaved (planar 2 is interleaved on read). */
export interface RawBlock {
	data: Uint8Array | Uint16Array;
	width: number;
	height: number;
}

/**
 * LRU cache of decoded blocks, bounded in bytes. Concurrent requests for the same block share one
 * decode. `null` (a sparse block: no bytes in the file) is cached too.
 */
export class BlockCache {
	readonly maxBytes: number;
	private bytes = 0;
	private map = new Map<string, RgbaBlock | null>();
	private inflight = new Map<string, Promise<RgbaBlock | null>>();
	hits = 0;
	misses = 0;

	constructor(maxBytes = 256 * 1024 * 1024) {
		this.maxBytes = maxBytes;
	}

	get size(): number {
		return this.bytes;
	}

	peek(key: string): RgbaBlock | null | undefined {
		const v = this.map.get(key);
		if (v === undefined) return undefined;
		// Map keeps insertion order: re-inserting marks the entry as most recently used.
		this.map.delete(key);
		this.map.set(key, v);
		this.hits++;
		return v;
	}

	async get(key: string, load: () => Promise<RgbaBlock | null>): Promise<RgbaBlock | null> {
		const hit = this.peek(key);
		if (hit !== undefined) return hit;
		let p = this.inflight.get(key);
		if (!p) {
			this.misses++;
			p = load().then(
				(v) => {
					this.inflight.delete(key);
					this.set(key, v);
					return v;
				},
				(e) => {
					this.inflight.delete(key);
					throw e;
				}
			);
			this.inflight.set(key, p);
		}
		return p;
	}

	private set(key: string, v: RgbaBlock | null): void {
		const size = v ? v.rgba.byteLength : 16;
		if (size > this.maxBytes) return;
		this.map.set(key, v);
		this.bytes += size;
		for (const [k, old] of this.map) {
			if (this.bytes <= this.maxBytes) break;
			this.map.delete(k);
			this.bytes -= old ? old.rgba.byteLength : 16;
		}
	}

	clear(): void {
		this.map.clear();
		this.bytes = 0;
	}
}

/** `why` is the decoder's own (English) message, or a bilingual one of ours. */
function corrupt(h: OrthoHandle, lv: Level, index: number, why: string | Localized): InputError {
	const reason = typeof why === 'string' ? { en: why, fr: why } : why;
	const kind = lv.tiled ? 'tile' : 'strip';
	const kindFr = lv.tiled ? 'tuile' : 'bande';
	const name = h.info.fileName;
	return new InputError('corrupt_block', {
		en: `${name} is damaged: ${kind} ${index} of ${lv.name.en} cannot be decoded (${reason.en}). Re-export or copy the file again.`,
		fr: `Le fichier « ${name} » est endommagé : la ${kindFr} ${index} ${lv.name.frOf} ne peut pas être décodée (${reason.fr}). Exportez-le ou copiez-le à nouveau.`
	}, 422);
}

/** Why a decoded block is unusable: it came out shorter than its size says. */
function shortBlock(got: number, expected: number): Localized {
	return { en: `got ${got} bytes, expected ${expected}`, fr: `${got} octets obtenus au lieu de ${expected}` };
}

type Decoder = { decode(buf: ArrayBufferLike): Promise<ArrayBufferLike> };
const decoders = new WeakMap<Level, Promise<Decoder>>();

function geotiffDecoder(h: OrthoHandle, lv: Level, isMask: boolean): Promise<Decoder> {
	let d = decoders.get(lv);
	if (!d) {
		const params: Record<string, unknown> = {
			tileWidth: lv.blockWidth,
			tileHeight: lv.blockHeight,
			planarConfiguration: isMask ? 1 : h.planar,
			bitsPerSample: lv.bitsPerSample,
			predictor: lv.predictor,
			samplesPerPixel: isMask ? 1 : h.spp
		};
		if (lv.jpegTables) params.JPEGTables = lv.jpegTables;
		d = getDecoder(lv.compression, params as never) as unknown as Promise<Decoder>;
		decoders.set(lv, d);
	}
	return d;
}

/** Undo TIFF predictor 2 (horizontal differencing), in place. */
function undoHorizontalPredictor(a: Uint8Array | Uint16Array, width: number, rows: number, stride: number): void {
	const rowLen = width * stride;
	for (let y = 0; y < rows; y++) {
		const o = y * rowLen;
		for (let i = o + stride, e = o + rowLen; i < e; i++) a[i] += a[i - stride];
	}
}

/**
 * Read and decode one block's bytes (one sample plane for planar 2, or a mask block).
 * Deflate goes through Node's native zlib (several times faster than the pure-JS inflate inside
 * geotiff.js); everything else through geotiff.js's decoders.
 */
async function decodeBlockBytes(h: OrthoHandle, lv: Level, index: number, rows: number, samples: number, bytesPerSample: number, isMask: boolean): Promise<Uint8Array | null> {
	const offset = lv.offsets[index];
	const count = lv.counts[index];
	if (!count) return null;
	const buf = Buffer.allocUnsafe(count);
	const bytesRead = await readFileBytes(h, buf, count, offset);
	if (bytesRead !== count) {
		throw corrupt(h, lv, index, {
			en: `the file ends at byte ${offset + bytesRead}, it was truncated after opening`,
			fr: `le fichier se termine à l’octet ${offset + bytesRead} : il a été tronqué après son ouverture`
		});
	}
	const compression = lv.compression;
	const bits = isMask ? lv.bitsPerSample[0] : bytesPerSample * 8;
	const rowBytes = Math.ceil((lv.blockWidth * samples * bits) / 8);
	const expected = rowBytes * rows;
	let out: Uint8Array;
	try {
		if (compression === 1) {
			out = buf;
		} else if (compression === 8 || compression === 32946) {
			out = inflateSync(buf);
			if (lv.predictor === 2 && bits >= 8) {
				if (bits === 16) {
					const a16 = toUint16(out, h.littleEndian);
					undoHorizontalPredictor(a16, lv.blockWidth, rows, samples);
					out = new Uint8Array(a16.buffer, a16.byteOffset, a16.byteLength);
					if (out.byteLength < expected) throw corrupt(h, lv, index, shortBlock(out.byteLength, expected));
					return out; // already in native byte order
				}
				undoHorizontalPredictor(out, lv.blockWidth, rows, samples);
			}
		} else {
			const decoder = await geotiffDecoder(h, lv, isMask);
			const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
			out = new Uint8Array(await decoder.decode(ab));
		}
	} catch (e) {
		if (isInputError(e)) throw e;
		throw corrupt(h, lv, index, (e as Error).message);
	}
	if (out.byteLength < expected) throw corrupt(h, lv, index, shortBlock(out.byteLength, expected));
	if (bits === 16) {
		const a16 = toUint16(out, h.littleEndian);
		return new Uint8Array(a16.buffer, a16.byteOffset, a16.byteLength);
	}
	return out;
}

/** View bytes as native-order uint16 (copying when misaligned, swapping for big-endian files). */
function toUint16(bytes: Uint8Array, littleEndian: boolean): Uint16Array {
	const n = bytes.byteLength >> 1;
	let a: Uint16Array;
	if (bytes.byteOffset % 2 === 0) a = new Uint16Array(bytes.buffer, bytes.byteOffset, n);
	else a = new Uint16Array(bytes.slice(0, n * 2).buffer);
	if (!littleEndian) {
		// Swap in a copy when the bytes are our own fresh buffer is not guaranteed; swapping in place is
		// fine here because every caller passes a buffer it owns.
		for (let i = 0; i < n; i++) a[i] = ((a[i] & 0xff) << 8) | (a[i] >> 8);
	}
	return a;
}

/** Rows actually stored in block row `by` (strips: the last one may be shorter). */
function blockRows(lv: Level, by: number): number {
	return lv.tiled ? lv.blockHeight : Math.min(lv.blockHeight, lv.height - by * lv.blockHeight);
}

/** Read one block with all its samples interleaved; null for a sparse block (no data written). */
export async function readRawBlock(h: OrthoHandle, lv: Level, bx: number, by: number): Promise<RawBlock | null> {
	const rows = blockRows(lv, by);
	const per = lv.blocksAcross * lv.blocksDown;
	const index = by * lv.blocksAcross + bx;
	const bps = h.bytesPerSample;
	const n = lv.blockWidth * rows;
	if (h.planar === 1) {
		const bytes = await decodeBlockBytes(h, lv, index, rows, h.spp, bps, false);
		if (!bytes) return null;
		const data = bps === 2 ? new Uint16Array(bytes.buffer, bytes.byteOffset, n * h.spp) : bytes.subarray(0, n * h.spp);
		return { data, width: lv.blockWidth, height: rows };
	}
	const data = bps === 2 ? new Uint16Array(n * h.spp) : new Uint8Array(n * h.spp);
	let any = false;
	for (let s = 0; s < h.spp; s++) {
		const bytes = await decodeBlockBytes(h, lv, s * per + index, rows, 1, bps, false);
		if (!bytes) {
			if (h.info.nodata !== null) for (let i = 0; i < n; i++) data[i * h.spp + s] = h.info.nodata;
			continue;
		}
		any = true;
		const plane = bps === 2 ? new Uint16Array(bytes.buffer, bytes.byteOffset, n) : bytes;
		for (let i = 0; i < n; i++) data[i * h.spp + s] = plane[i];
	}
	return any ? { data, width: lv.blockWidth, height: rows } : null;
}

/** Per-pixel 0/1 mask of a block from the level's internal mask IFD (1-bit or 8-bit). */
async function readMask(h: OrthoHandle, lv: Level, bx: number, by: number): Promise<Uint8Array | null> {
	const m = lv.mask!;
	const rows = blockRows(m, by);
	const index = by * m.blocksAcross + bx;
	const bytes = await decodeBlockBytes(h, m, index, rows, 1, 1, true);
	const n = m.blockWidth * rows;
	const out = new Uint8Array(n);
	if (!bytes) return out; // sparse mask block: nothing valid
	if (m.bitsPerSample[0] === 1) {
		const rowBytes = Math.ceil(m.blockWidth / 8);
		for (let y = 0; y < rows; y++) {
			for (let x = 0; x < m.blockWidth; x++) out[y * m.blockWidth + x] = (bytes[y * rowBytes + (x >> 3)] >> (7 - (x & 7))) & 1;
		}
	} else {
		for (let i = 0; i < n; i++) out[i] = bytes[i] ? 1 : 0;
	}
	return out;
}

/** Convert a raw block to RGBA: colour model, stretch, nodata, alpha band, mask. */
export function rawToRgba(h: OrthoHandle, lv: Level, bx: number, by: number, raw: RawBlock, mask: Uint8Array | null): RgbaBlock {
	const { spp, photometric, palette, luts } = h;
	const [rb, gb, bb] = h.rgbBands;
	const alphaBand = h.info.alphaBand;
	const nodata = h.info.nodata;
	const d = raw.data;
	const n = raw.width * raw.height;
	const rgba = new Uint8Array(n * 4);
	const grey = rb === gb && gb === bb;
	const shift16 = h.bytesPerSample === 2 ? 8 : 0;
	// Pixels beyond the image edge (padding of edge tiles) are left transparent and not counted.
	const validW = Math.min(raw.width, lv.width - bx * lv.blockWidth);
	const validH = Math.min(raw.height, lv.height - by * lv.blockHeight);
	let opaque = 0, some = 0;
	for (let y = 0; y < validH; y++) {
		for (let x = 0; x < validW; x++) {
			const i = y * raw.width + x;
			const p = i * spp;
			const o = i * 4;
			let a = 255;
			if (alphaBand !== null) a = d[p + alphaBand] >> shift16;
			if (nodata !== null && a !== 0) {
				let all = true;
				for (let s = 0; s < spp; s++) if (d[p + s] !== nodata) { all = false; break; }
				if (all) a = 0;
			}
			if (mask !== null && mask[i] === 0) a = 0;
			if (a === 0) continue;
			let r: number, g: number, b: number;
			if (palette) {
				const v = d[p] * 3;
				r = palette[v]; g = palette[v + 1]; b = palette[v + 2];
			} else if (luts) {
				r = luts[0][d[p + rb]];
				g = grey ? r : luts[1][d[p + gb]];
				b = grey ? r : luts[2][d[p + bb]];
			} else if (photometric === 6) {
				// JPEG-compressed YCbCr (geotiff.js returns the raw components): JFIF conversion.
				const Y = d[p], cb = d[p + 1] - 128, cr = d[p + 2] - 128;
				r = Y + 1.402 * cr; g = Y - 0.344136 * cb - 0.714136 * cr; b = Y + 1.772 * cb;
				r = r < 0 ? 0 : r > 255 ? 255 : r; g = g < 0 ? 0 : g > 255 ? 255 : g; b = b < 0 ? 0 : b > 255 ? 255 : b;
			} else {
				r = d[p + rb]; g = d[p + gb]; b = d[p + bb];
				if (photometric === 0) { r = 255 - r; g = 255 - g; b = 255 - b; }
			}
			rgba[o] = r; rgba[o + 1] = g; rgba[o + 2] = b; rgba[o + 3] = a;
			some++;
			if (a === 255) opaque++;
		}
	}
	return { rgba, width: raw.width, height: raw.height, anyData: some > 0, allData: opaque === validW * validH };
}

/** A block as RGBA through `cache` (decoded at most once while it stays cached). */
export function getRgbaBlock(h: OrthoHandle, lv: Level, bx: number, by: number, cache: BlockCache): Promise<RgbaBlock | null> | RgbaBlock | null {
	const key = `${h.id}/${lv.ifd}/${bx}/${by}`;
	const hit = cache.peek(key);
	if (hit !== undefined) return hit;
	return cache.get(key, async () => {
		const raw = await readRawBlock(h, lv, bx, by);
		if (!raw) return null;
		const mask = lv.mask ? await readMask(h, lv, bx, by) : null;
		return rawToRgba(h, lv, bx, by, raw, mask);
	});
}
