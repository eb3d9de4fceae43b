/**
 * Web Mercator XYZ tiles from delivered orthophotos (any CRS proj4 knows).
 *
 * Inverse mapping: for each output pixel we find the source pixel. Running proj4 per pixel would cost
 * 65 536 transforms per 256 px tile, so — like GDAL's approximate transformer — we transform a coarse
 * grid of control points (17 × 17 per tile) and interpolate bilinearly between them. Over one map
 * tile a projection is smooth enough that the interpolation error stays far below a pixel: measured
 * against exact proj4 for UTM 14N and Lambert-93, at most 0.002 output pixel at z8, 0.0005 at z10 and
 * under 0.0001 from z12 on (renderer.test.ts checks the rendered footprint against proj4 corners).
 */
import sharp from 'sharp';
import type { BBox, CrsInfo } from '../../geo/types.ts';
import { metersPerPixel, tileBounds } from '../../geo/webmercator.ts';
import { WEB_MERCATOR, WGS84, transformBBox, transformer } from '../crs/crs.ts';
import { InputError } from '../errors.ts';
import { BlockCache, getRgbaBlock, type RgbaBlock } from './blocks.ts';
import { encodePng, isOpaque } from './png.ts';
import { closeOrtho, getHandle, openOrtho, type Level, type OrthoHandle, type OrthoInfo } from './geotiff.ts';

export type TileFormat = 'png' | 'webp';
export type TileSize = 256 | 512;

export interface RendererOptions {
	/** Bytes of decoded blocks kept in memory (LRU), 256 MB by default. */
	cacheBytes?: number;
	/**
	 * Most decoded bytes (RGBA) one tile may need from one file, 128 MB by default; beyond it the file
	 * is left out of that tile (zoomed far out over a file without overviews). See `minZoom`.
	 */
	maxBytesPerTile?: number;
	/** Control-grid cells per tile side (the grid has cells + 1 points a side). Must divide the tile size. */
	gridCells?: number;
}

export interface RenderOptions {
	size?: TileSize;
	format?: TileFormat;
}

/** What the renderer decided for one file of one tile (for tests and diagnostics). */
export interface TilePlan {
	file: string;
	/** 0 = full resolution, k = k-th overview. */
	level: number;
	/** Full-resolution source pixels per output pixel. */
	srcPixelsPerOutPixel: number;
	sampling: 'bilinear' | 'nearest';
}

export interface ImageryRenderer {
	/**
	 * Render tile z/x/y as PNG or WebP. Resolves to null when no file has data in the tile (the HTTP
	 * route answers 204). Rejects with InputError `corrupt_block` when a block of a file is damaged.
	 */
	renderTile(z: number, x: number, y: number, opts?: RenderOptions): Promise<Buffer | null>;
	/** The same tile as raw RGBA (size × size × 4 bytes), or null. */
	renderRgba(z: number, x: number, y: number, size?: TileSize): Promise<Uint8Array | null>;
	/** Which overview level each intersecting file would be read at. */
	plan(z: number, x: number, y: number, size?: TileSize): TilePlan[];
	/** Union of the files' extents, WGS84 [west, south, east, north]. */
	readonly bounds: BBox;
	/**
	 * Lowest zoom at which every file can be drawn within the per-tile decode budget (256 px tiles).
	 * Below it, files without enough overviews are left out of tiles rather than decoded whole: use it
	 * as the raster source's minzoom.
	 */
	readonly minZoom: number;
	readonly files: OrthoInfo[];
	/** Block cache counters; skippedTooCoarse counts file × tile pairs left out (see minZoom). */
	stats(): { blockHits: number; blockMisses: number; cachedBytes: number; skippedTooCoarse: number };
	/** Drop the cache and close the files this renderer opened itself (not OrthoInfos handed to it). */
	close(): Promise<void>;
}

/**
 * GDAL's rule of thumb: take the coarsest overview whose downsampling factor does not exceed the
 * wanted one by more than `threshold` (1.2: slightly soft is better than reading 4× more pixels).
 * @param factors level-0 pixels per pixel of each level, ascending (factors[0] = 1)
 * @param srcPixelsPerOutPixel full-resolution source pixels per output pixel
 * @returns the level index
 */
export function chooseOverviewLevel(factors: number[], srcPixelsPerOutPixel: number, threshold = 1.2): number {
	let best = 0;
	for (let k = 1; k < factors.length; k++) if (factors[k] <= srcPixelsPerOutPixel * threshold) best = k;
	return best;
}

/**
 * Beyond this many level pixels per output pixel (no overview coarse enough), bilinear sampling of
 * 4 neighbours would alias just as much as nearest while costing 4× the reads, and proper area
 * averaging would mean reading every source pixel: use nearest there. Below it, bilinear.
 */
const NEAREST_ABOVE = 2;

interface Source {
	info: OrthoInfo;
	handle: OrthoHandle;
	crs: CrsInfo;
	mercBBox: BBox;
	toSrc: (x: number, y: number) => [number, number];
	factors: number[];
	owned: boolean;
}

/**
 * Control grid for one tile and one file: level-0 pixel coordinates (continuous: pixel i spans [i, i+1))
 * of (cells + 1)² evenly spaced points over the tile, row-major from the north-west corner.
 */
function controlGrid(src: Source, z: number, x: number, y: number, cells: number, gx: Float64Array, gy: Float64Array): void {
	const [mx0, my0, mx1, my1] = tileBounds(z, x, y);
	const [i0, i1, i2, i3, i4, i5] = src.handle.inv;
	const n = cells + 1;
	for (let r = 0; r < n; r++) {
		const my = my1 - ((my1 - my0) * r) / cells;
		for (let c = 0; c < n; c++) {
			const mx = mx0 + ((mx1 - mx0) * c) / cells;
			const [sx, sy] = src.toSrc(mx, my);
			const k = r * n + c;
			if (Number.isFinite(sx) && Number.isFinite(sy)) {
				gx[k] = i0 + sx * i1 + sy * i2;
				gy[k] = i3 + sx * i4 + sy * i5;
			} else {
				gx[k] = NaN;
				gy[k] = NaN;
			}
		}
	}
}

/** Full-resolution source pixels per output pixel, from the centre cell of the control grid (finest axis). */
function gridRatio(gx: Float64Array, gy: Float64Array, cells: number, size: number): number {
	const n = cells + 1;
	const c = cells >> 1;
	const k = c * n + c;
	const px = size / cells;
	const ax = Math.hypot(gx[k + 1] - gx[k], gy[k + 1] - gy[k]) / px;
	const ay = Math.hypot(gx[k + n] - gx[k], gy[k + n] - gy[k]) / px;
	const r = Math.min(ax, ay);
	return Number.isFinite(r) && r > 0 ? r : 1;
}

/** The packed-RGBA fast path reads pixels as 32-bit words: R must be the low byte. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Write one sample into `out`, under-compositing when an earlier file left the pixel partly transparent. */
function put(out: Uint8Array, o: number, r: number, g: number, b: number, a: number): void {
	const ea = out[o + 3];
	if (ea === 0) {
		out[o] = r + 0.5; out[o + 1] = g + 0.5; out[o + 2] = b + 0.5; out[o + 3] = a + 0.5;
		return;
	}
	// This (later) file shows only through what the earlier one left transparent.
	const na = (a * (255 - ea)) / 255;
	const ta = ea + na;
	out[o] = (out[o] * ea + r * na) / ta + 0.5;
	out[o + 1] = (out[o + 1] * ea + g * na) / ta + 0.5;
	out[o + 2] = (out[o + 2] * ea + b * na) / ta + 0.5;
	out[o + 3] = ta + 0.5;
}

/**
 * The source pixels a tile needs, copied out of the cached blocks into one contiguous RGBA window
 * (level pixel coordinates [x0, x0 + w) × [y0, y0 + h)). Bilinear sampling then needs no block
 * arithmetic per pixel; the copy is a few row memcpys (the window is at most ~2× the tile a side,
 * since bilinear is only used when an overview roughly matches the output resolution).
 */
interface Window {
	data: Uint8Array;
	x0: number;
	y0: number;
	w: number;
	h: number;
	/** Every pixel of the window is opaque: the sampler can skip alpha handling. */
	opaque: boolean;
}

function fillWindow(scratch: { buf: Uint8Array }, lv: Level, blocks: (RgbaBlock | null)[], bx0: number, by0: number, nbx: number, x0: number, y0: number, x1: number, y1: number): Window {
	const w = x1 - x0, h = y1 - y0;
	const bytes = w * h * 4;
	if (scratch.buf.length < bytes) scratch.buf = new Uint8Array(Math.max(bytes, scratch.buf.length * 2));
	const data = scratch.buf;
	const bw = lv.blockWidth, bh = lv.blockHeight;
	let opaque = true;
	for (let k = 0; k < blocks.length; k++) {
		const bx = bx0 + (k % nbx), by = by0 + Math.floor(k / nbx);
		const ox = bx * bw, oy = by * bh;
		const cx0 = Math.max(x0, ox), cx1 = Math.min(x1, ox + bw), cy0 = Math.max(y0, oy), cy1 = Math.min(y1, oy + bh);
		if (cx1 <= cx0 || cy1 <= cy0) continue;
		const blk = blocks[k];
		const rowBytes = (cx1 - cx0) * 4;
		if (!blk) {
			opaque = false;
			for (let y = cy0; y < cy1; y++) data.fill(0, ((y - y0) * w + (cx0 - x0)) * 4, ((y - y0) * w + (cx0 - x0)) * 4 + rowBytes);
			continue;
		}
		if (!blk.allData) opaque = false;
		const src = blk.rgba;
		for (let y = cy0; y < cy1; y++) {
			const so = ((y - oy) * bw + (cx0 - ox)) * 4;
			data.set(src.subarray(so, so + rowBytes), ((y - y0) * w + (cx0 - x0)) * 4);
		}
	}
	return { data, x0, y0, w, h, opaque };
}

/**
 * Bilinear sampling of one file's window into `out` (RGBA, size × size). Earlier files win: pixels
 * already opaque are skipped, partly transparent ones are composited over this file.
 * `fresh`: nothing was drawn into `out` yet (first file), so there is nothing to composite.
 */
function sampleBilinear(out: Uint8Array, size: number, gx: Float64Array, gy: Float64Array, cells: number, W: number, H: number, win: Window, fresh: boolean): void {
	const n = cells + 1;
	const cell = size / cells;
	const src = win.data;
	const ww = win.w, wh = win.h, stride = ww * 4;
	// Work in window coordinates of pixel centres: f = s − 0.5 − origin.
	const shX = 0.5 + win.x0, shY = 0.5 + win.y0;
	const loX = -shX, hiX = W - shX, loY = -shY, hiY = H - shY;
	const maxX = ww - 1, maxY = wh - 1;
	const fast = win.opaque && fresh && LITTLE_ENDIAN;
	const src32 = new Uint32Array(src.buffer, src.byteOffset, src.byteLength >> 2);
	const out32 = new Uint32Array(out.buffer, out.byteOffset, out.byteLength >> 2);
	for (let j = 0; j < size; j++) {
		const v = (j + 0.5) / cell;
		let cy = v | 0;
		if (cy >= cells) cy = cells - 1;
		const ty = v - cy;
		for (let cx = 0; cx < cells; cx++) {
			const k00 = cy * n + cx, k01 = k00 + 1, k10 = k00 + n, k11 = k10 + 1;
			const lx = gx[k00] + (gx[k10] - gx[k00]) * ty;
			const ly = gy[k00] + (gy[k10] - gy[k00]) * ty;
			const rx = gx[k01] + (gx[k11] - gx[k01]) * ty;
			const ry = gy[k01] + (gy[k11] - gy[k01]) * ty;
			if (lx !== lx || ly !== ly || rx !== rx || ry !== ry) continue; // NaN: outside the projection's domain
			const dx = (rx - lx) / cell, dy = (ry - ly) / cell;
			let fx = lx + dx * 0.5 - shX, fy = ly + dy * 0.5 - shY;
			const iEnd = (cx + 1) * cell;
			if (fast) {
				// Hot path: a fully opaque window, nothing drawn yet, and this whole 16–32 px run lies inside
				// the window (a straight run is inside a rectangle iff both ends are). Then no per-pixel
				// tests are needed and the arithmetic is done in 16.16 fixed point on packed RGBA words:
				// R and B interpolated together in one 32-bit multiply-add, G apart (~2× the double path).
				const ex = fx + dx * (cell - 1), ey = fy + dy * (cell - 1);
				if (fx >= 0 && ex >= 0 && fy >= 0 && ey >= 0 && fx < maxX && ex < maxX && fy < maxY && ey < maxY) {
					let qx = (fx * 65536) | 0, qy = (fy * 65536) | 0;
					const qdx = (dx * 65536) | 0, qdy = (dy * 65536) | 0;
					for (let i = cx * cell, o = j * size + i; i < iEnd; i++, o++, qx += qdx, qy += qdy) {
						const p = (qy >> 16) * ww + (qx >> 16);
						const ix = (qx >> 8) & 255, iy = (qy >> 8) & 255;
						const w11 = (ix * iy + 128) >> 8, w01 = ix - w11, w10 = iy - w11, w00 = 256 - ix - iy + w11;
						const a = src32[p], b = src32[p + 1], c = src32[p + ww], d = src32[p + ww + 1];
						const rb = (((a & 0xff00ff) * w00 + (b & 0xff00ff) * w01 + (c & 0xff00ff) * w10 + (d & 0xff00ff) * w11 + 0x800080) >>> 8) & 0xff00ff;
						const g = (((a >>> 8) & 255) * w00 + ((b >>> 8) & 255) * w01 + ((c >>> 8) & 255) * w10 + ((d >>> 8) & 255) * w11 + 128) >> 8;
						out32[o] = rb | (g << 8) | 0xff000000;
					}
					continue;
				}
			}
			for (let i = cx * cell, o = (j * size + i) * 4; i < iEnd; i++, o += 4, fx += dx, fy += dy) {
				if (!fresh && out[o + 3] === 255) continue;
				if (fx < loX || fx >= hiX || fy < loY || fy >= hiY) continue;
				let x0 = Math.floor(fx), y0 = Math.floor(fy);
				const ax = fx - x0, ay = fy - y0;
				let x1 = x0 + 1, y1 = y0 + 1;
				if (x0 < 0) x0 = 0;
				if (y0 < 0) y0 = 0;
				if (x1 > maxX) x1 = maxX;
				if (y1 > maxY) y1 = maxY;
				const p00 = y0 * stride + x0 * 4, p01 = y0 * stride + x1 * 4, p10 = y1 * stride + x0 * 4, p11 = y1 * stride + x1 * 4;
				const w11 = ax * ay, w10 = ay - w11, w01 = ax - w11, w00 = 1 - ax - ay + w11;
				const a00 = src[p00 + 3], a01 = src[p01 + 3], a10 = src[p10 + 3], a11 = src[p11 + 3];
				let r: number, g: number, b: number, a: number;
				if ((a00 & a01 & a10 & a11) === 255) {
					r = w00 * src[p00] + w01 * src[p01] + w10 * src[p10] + w11 * src[p11];
					g = w00 * src[p00 + 1] + w01 * src[p01 + 1] + w10 * src[p10 + 1] + w11 * src[p11 + 1];
					b = w00 * src[p00 + 2] + w01 * src[p01 + 2] + w10 * src[p10 + 2] + w11 * src[p11 + 2];
					a = 255;
				} else {
					// Alpha-weighted (premultiplied) interpolation: nodata neighbours lend no colour, they only
					// soften the edge.
					const q00 = w00 * a00, q01 = w01 * a01, q10 = w10 * a10, q11 = w11 * a11;
					a = q00 + q01 + q10 + q11;
					if (a < 1) continue;
					r = (q00 * src[p00] + q01 * src[p01] + q10 * src[p10] + q11 * src[p11]) / a;
					g = (q00 * src[p00 + 1] + q01 * src[p01 + 1] + q10 * src[p10 + 1] + q11 * src[p11 + 1]) / a;
					b = (q00 * src[p00 + 2] + q01 * src[p01 + 2] + q10 * src[p10 + 2] + q11 * src[p11 + 2]) / a;
				}
				put(out, o, r, g, b, a);
			}
		}
	}
}

/** Nearest-neighbour sampling straight from the blocks (heavy downsampling: see NEAREST_ABOVE). */
function sampleNearest(out: Uint8Array, size: number, gx: Float64Array, gy: Float64Array, cells: number, lv: Level, blocks: (RgbaBlock | null)[], bx0: number, by0: number, nbx: number): void {
	const W = lv.width, H = lv.height, bw = lv.blockWidth, bh = lv.blockHeight;
	const n = cells + 1;
	const cell = size / cells;
	for (let j = 0; j < size; j++) {
		const v = (j + 0.5) / cell;
		let cy = v | 0;
		if (cy >= cells) cy = cells - 1;
		const ty = v - cy;
		for (let cx = 0; cx < cells; cx++) {
			const k00 = cy * n + cx, k01 = k00 + 1, k10 = k00 + n, k11 = k10 + 1;
			const lx = gx[k00] + (gx[k10] - gx[k00]) * ty;
			const ly = gy[k00] + (gy[k10] - gy[k00]) * ty;
			const rx = gx[k01] + (gx[k11] - gx[k01]) * ty;
			const ry = gy[k01] + (gy[k11] - gy[k01]) * ty;
			if (lx !== lx || ly !== ly || rx !== rx || ry !== ry) continue;
			const dx = (rx - lx) / cell, dy = (ry - ly) / cell;
			let sx = lx + dx * 0.5, sy = ly + dy * 0.5;
			const iEnd = (cx + 1) * cell;
			for (let i = cx * cell, o = (j * size + i) * 4; i < iEnd; i++, o += 4, sx += dx, sy += dy) {
				if (out[o + 3] === 255) continue;
				if (sx < 0 || sy < 0 || sx >= W || sy >= H) continue;
				const px = sx | 0, py = sy | 0;
				const bxi = (px / bw) | 0, byi = (py / bh) | 0;
				const blk = blocks[(byi - by0) * nbx + (bxi - bx0)];
				if (!blk) continue;
				const p = ((py - byi * bh) * bw + (px - bxi * bw)) * 4;
				const src = blk.rgba;
				const a = src[p + 3];
				if (a === 0) continue;
				put(out, o, src[p], src[p + 1], src[p + 2], a);
			}
		}
	}
}

function checkTile(z: number, x: number, y: number, size: number): void {
	if (!Number.isInteger(z) || z < 0 || z > 30 || !Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= 2 ** z || y >= 2 ** z) {
		throw new InputError('bad_tile', {
			en: `Tile ${z}/${x}/${y} does not exist (z must be 0–30 and x, y between 0 and 2^z − 1).`,
			fr: `La tuile ${z}/${x}/${y} n’existe pas (z doit être compris entre 0 et 30, x et y entre 0 et 2^z − 1).`
		});
	}
	if (size !== 256 && size !== 512) {
		throw new InputError('bad_tile_size', { en: `Tile size ${size} is not supported (use 256 or 512).`, fr: `La taille de tuile ${size} n’est pas prise en charge (utilisez 256 ou 512).` });
	}
}

function intersects(a: BBox, b: BBox): boolean {
	return a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1];
}

/**
 * Create a renderer over one or more orthophotos (one vintage of a delivery). Where files overlap,
 * the FIRST file in the list wins (later ones only fill what earlier ones leave transparent), so list
 * the preferred files first.
 * @param files opened OrthoInfos (left open by close()) or paths (opened and closed by the renderer)
 */
export async function createImageryRenderer(files: (OrthoInfo | string)[], opts: RendererOptions = {}): Promise<ImageryRenderer> {
	const cells = opts.gridCells ?? 16;
	if (256 % cells !== 0) throw new Error(`gridCells must divide 256 (got ${cells}).`);
	const cache = new BlockCache(opts.cacheBytes ?? 256 * 1024 * 1024);
	const sources: Source[] = [];
	try {
		for (const f of files) {
			const owned = typeof f === 'string';
			const info = owned ? await openOrtho(f) : f;
			const handle = await getHandle(info);
			sources.push({
				info,
				handle,
				crs: info.crs,
				mercBBox: transformBBox(info.bbox, info.crs, WEB_MERCATOR, 32),
				toSrc: transformer(WEB_MERCATOR, info.crs),
				factors: handle.levels.map((l) => Math.min(l.factorX, l.factorY)),
				owned
			});
		}
	} catch (e) {
		for (const s of sources) if (s.owned) await closeOrtho(s.info);
		throw e;
	}
	let bounds: BBox = [Infinity, Infinity, -Infinity, -Infinity];
	for (const s of sources) {
		const b = transformBBox(s.info.bbox, s.crs, WGS84, 32);
		bounds = [Math.min(bounds[0], b[0]), Math.min(bounds[1], b[1]), Math.max(bounds[2], b[2]), Math.max(bounds[3], b[3])];
	}

	// Decoded bytes one tile may need from one file.
	const budget = opts.maxBytesPerTile ?? 128 * 1024 * 1024;
	let skipped = 0;
	let minZoom = 0;
	for (const s of sources) {
		const lv = s.handle.levels[s.handle.levels.length - 1];
		// Ground size of the coarsest level's pixels, in metres.
		const metres = s.info.resolution[0] * lv.factorX * (s.crs.projected ? 1 : 111_320);
		const lat = Math.max(-80, Math.min(80, (bounds[1] + bounds[3]) / 2));
		let z = 0;
		for (; z < 24; z++) {
			const ratio = metersPerPixel(z, 256, lat) / metres;
			// Worst case: the tile's window straddles one more block each way; a tile wider than the
			// file needs the whole level, no more.
			const across = Math.min(lv.blocksAcross, Math.ceil((256 * ratio) / lv.blockWidth) + 1);
			const down = Math.min(lv.blocksDown, Math.ceil((256 * ratio) / lv.blockHeight) + 1);
			if (across * down * lv.blockWidth * lv.blockHeight * 4 <= budget) break;
		}
		minZoom = Math.max(minZoom, z);
	}

	const n = cells + 1;
	// Scratch grids reused across tiles (filled and consumed synchronously within one file's pass).
	const gx = new Float64Array(n * n), gy = new Float64Array(n * n);
	let closed = false;
	// Window scratch buffer, filled and consumed synchronously (no await in between).
	const scratch = { buf: new Uint8Array(0) };

	function planFor(src: Source, ratio: number): { level: number; nearest: boolean } {
		const level = chooseOverviewLevel(src.factors, ratio);
		return { level, nearest: ratio / src.factors[level] > NEAREST_ABOVE };
	}

	async function renderRgba(z: number, x: number, y: number, size: TileSize = 256): Promise<Uint8Array | null> {
		checkTile(z, x, y, size);
		if (closed) throw new Error('renderer is closed');
		const tile = tileBounds(z, x, y);
		let out: Uint8Array | null = null;
		for (const src of sources) {
			if (!intersects(src.mercBBox, tile)) continue;
			controlGrid(src, z, x, y, cells, gx, gy);
			const { level, nearest } = planFor(src, gridRatio(gx, gy, cells, size));
			const lv = src.handle.levels[level];
			let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
			for (let k = 0; k < n * n; k++) {
				const a = (gx[k] /= lv.factorX), b = (gy[k] /= lv.factorY);
				if (a < minX) minX = a;
				if (a > maxX) maxX = a;
				if (b < minY) minY = b;
				if (b > maxY) maxY = b;
			}
			if (!(maxX > 0 && maxY > 0 && minX < lv.width && minY < lv.height)) continue;
			// Blocks under the grid's hull (bilinear interpolation never leaves it), plus a pixel for the filter.
			const wx0 = Math.max(0, Math.floor(minX - 1)), wy0 = Math.max(0, Math.floor(minY - 1));
			const wx1 = Math.min(lv.width, Math.ceil(maxX + 2)), wy1 = Math.min(lv.height, Math.ceil(maxY + 2));
			const bx0 = Math.floor(wx0 / lv.blockWidth), by0 = Math.floor(wy0 / lv.blockHeight);
			const bx1 = Math.floor((wx1 - 1) / lv.blockWidth), by1 = Math.floor((wy1 - 1) / lv.blockHeight);
			const nbx = bx1 - bx0 + 1;
			// Zoomed far out over a file with too few overviews, a tile would need (almost) the whole
			// full-resolution raster decoded: leave that file out of the tile instead (see minZoom).
			if (nbx * (by1 - by0 + 1) * lv.blockWidth * lv.blockHeight * 4 > budget) {
				skipped++;
				continue;
			}
			const blocks: (RgbaBlock | null)[] = new Array(nbx * (by1 - by0 + 1));
			let pending: Promise<void>[] | null = null;
			for (let by = by0; by <= by1; by++) {
				for (let bx = bx0; bx <= bx1; bx++) {
					const idx = (by - by0) * nbx + (bx - bx0);
					const r = getRgbaBlock(src.handle, lv, bx, by, cache);
					if (r instanceof Promise) (pending ??= []).push(r.then((b) => void (blocks[idx] = b)));
					else blocks[idx] = r;
				}
			}
			let sgx = gx, sgy = gy;
			if (pending) {
				// The grid scratch arrays are shared by concurrent renders: keep a private copy across the await.
				sgx = gx.slice();
				sgy = gy.slice();
				await Promise.all(pending);
			}
			if (!blocks.some((b) => b && b.anyData)) continue;
			const fresh = !out;
			out ??= new Uint8Array(size * size * 4);
			if (nearest) sampleNearest(out, size, sgx, sgy, cells, lv, blocks, bx0, by0, nbx);
			else sampleBilinear(out, size, sgx, sgy, cells, lv.width, lv.height, fillWindow(scratch, lv, blocks, bx0, by0, nbx, wx0, wy0, wx1, wy1), fresh);
		}
		if (!out) return null;
		for (let o = 3; o < out.length; o += 4) if (out[o] !== 0) return out;
		return null; // intersects a file's extent but only its nodata: same as outside
	}

	return {
		files: sources.map((s) => s.info),
		bounds,
		minZoom,
		renderRgba,
		async renderTile(z, x, y, o = {}) {
			const size = o.size ?? 256;
			const format = o.format ?? 'png';
			if (format !== 'png' && format !== 'webp') {
				throw new InputError('bad_tile_format', {
					en: `Tile format "${format}" is not supported (use png or webp).`,
					fr: `Le format de tuile « ${format} » n’est pas pris en charge (utilisez png ou webp).`
				});
			}
			const rgba = await renderRgba(z, x, y, size);
			if (!rgba) return null;
			return encodeTile(rgba, size, format);
		},
		plan(z, x, y, size = 256) {
			checkTile(z, x, y, size);
			const tile = tileBounds(z, x, y);
			const plans: TilePlan[] = [];
			for (const src of sources) {
				if (!intersects(src.mercBBox, tile)) continue;
				controlGrid(src, z, x, y, cells, gx, gy);
				const ratio = gridRatio(gx, gy, cells, size);
				const { level, nearest } = planFor(src, ratio);
				plans.push({ file: src.info.fileName, level, srcPixelsPerOutPixel: ratio, sampling: nearest ? 'nearest' : 'bilinear' });
			}
			return plans;
		},
		stats: () => ({ blockHits: cache.hits, blockMisses: cache.misses, cachedBytes: cache.size, skippedTooCoarse: skipped }),
		async close() {
			closed = true;
			cache.clear();
			for (const s of sources) if (s.owned) await closeOrtho(s.info);
		}
	};
}

/**
 * Encode an RGBA tile. PNG through our own encoder (png.ts: filtered rows + fast zlib, about twice
 * as fast and half the size of sharp's fastest PNG settings); WebP through sharp at low effort.
 * Fully opaque tiles are written without alpha.
 */
export async function encodeTile(rgba: Uint8Array, size: number, format: TileFormat): Promise<Buffer> {
	if (format === 'png') return encodePng(rgba, size, size);
	let img = sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), { raw: { width: size, height: size, channels: 4 } });
	if (isOpaque(rgba)) img = img.removeAlpha();
	return img.webp({ quality: 85, effort: 1 }).toBuffer();
}
