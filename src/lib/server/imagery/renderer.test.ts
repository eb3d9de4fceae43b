import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { copyFileSync, mkdtempSync, openSync, closeSync, writeSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { fromFile, writeArrayBuffer } from 'geotiff';
import proj4 from 'proj4';
import { ORIGIN_SHIFT, lonLatToTile, mercatorToTile, tileBounds, tileRangeForBBox, tileSpan } from '../../geo/webmercator.ts';
import { WEB_MERCATOR, WGS84, resolveEpsg, transformBBox } from '../crs/crs.ts';
import { InputError } from '../errors.ts';
import { closeOrtho, openOrtho, type OrthoInfo } from './geotiff.ts';
import { chooseOverviewLevel, createImageryRenderer, type ImageryRenderer } from './renderer.ts';
import { encodePng } from './png.ts';
import { openFileCount } from './files.ts';
import { addGeoKeys, jpegAsYCbCrTiff } from './testing.ts';

const NAIP_2020 = 'test/fixtures/prairie-naip/ortho-2020.tif';
const NAIP_2018 = 'test/fixtures/prairie-naip/ortho-2018.tif';
const MASK = 'test/fixtures/lambert93/mask-0478208_6275328.tif';

let dir: string;
let naip: OrthoInfo;
let renderer: ImageryRenderer;
beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'recette-render-'));
	naip = await openOrtho(NAIP_2020);
	renderer = await createImageryRenderer([naip]);
});
afterAll(async () => {
	await renderer.close();
	await closeOrtho(naip);
	rmSync(dir, { recursive: true, force: true });
});

async function decode(png: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
	const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
	return { data, width: info.width, height: info.height };
}

/** Mean RGB of the source pixels under a Web Mercator tile, read with geotiff.js's own decoder. */
async function sourceMean(path: string, info: OrthoInfo, z: number, x: number, y: number): Promise<number[]> {
	const [x0, y0, x1, y1] = transformBBox(tileBounds(z, x, y), WEB_MERCATOR, info.crs);
	const c0 = Math.round((x0 - info.bbox[0]) / info.resolution[0]), c1 = Math.round((x1 - info.bbox[0]) / info.resolution[0]);
	const r0 = Math.round((info.bbox[3] - y1) / info.resolution[1]), r1 = Math.round((info.bbox[3] - y0) / info.resolution[1]);
	const tiff = await fromFile(path);
	const img = await tiff.getImage(0);
	const data = (await img.readRasters({ window: [c0, r0, c1, r1], samples: [0, 1, 2], interleave: true })) as unknown as Uint8Array;
	await tiff.close();
	const sum = [0, 0, 0];
	for (let i = 0; i < data.length; i += 3) for (let k = 0; k < 3; k++) sum[k] += data[i + k];
	return sum.map((s) => s / (data.length / 3));
}

function naipCentreTile(z: number): { x: number; y: number } {
	const b = renderer.bounds;
	return lonLatToTile((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, z);
}

describe('renderer over the NAIP ortho', () => {
	it('renders real pixels whose colour matches the source', async () => {
		for (const z of [14, 15, 17]) {
			const { x, y } = naipCentreTile(z);
			const png = await renderer.renderTile(z, x, y, { size: 256, format: 'png' });
			expect(png).not.toBeNull();
			const { data, width, height } = await decode(png!);
			expect([width, height]).toEqual([256, 256]);
			let opaque = 0;
			const sum = [0, 0, 0];
			for (let i = 0; i < data.length; i += 4) {
				if (data[i + 3] === 255) opaque++;
				for (let k = 0; k < 3; k++) sum[k] += data[i + k];
			}
			expect(opaque).toBe(256 * 256); // deep inside the delivery: no hole
			const mean = sum.map((s) => s / (256 * 256));
			const ref = await sourceMean(NAIP_2020, naip, z, x, y);
			for (let k = 0; k < 3; k++) expect(Math.abs(mean[k] - ref[k])).toBeLessThan(4);
			// a real photo, not a flat fill
			expect(new Set(Array.from(data.subarray(0, 4096))).size).toBeGreaterThan(20);
		}
	});

	it('returns null outside the delivery', async () => {
		expect(await renderer.renderTile(15, 0, 0)).toBeNull();
		const { x, y } = naipCentreTile(15);
		expect(await renderer.renderTile(15, x + 40, y)).toBeNull();
		expect(renderer.plan(15, x + 40, y)).toEqual([]);
	});

	it('leaves the part of an edge tile outside the delivery transparent', async () => {
		const b = renderer.bounds;
		const z = 16;
		const { x, y } = lonLatToTile(b[0], (b[1] + b[3]) / 2, z); // tile on the west edge
		const rgba = await renderer.renderRgba(z, x, y, 256);
		expect(rgba).not.toBeNull();
		let clearX = 0, clear = 0, solidX = 0, solid = 0;
		for (let j = 0; j < 256; j++) {
			for (let i = 0; i < 256; i++) {
				const a = rgba![(j * 256 + i) * 4 + 3];
				if (a === 0) { clear++; clearX += i; }
				if (a === 255) { solid++; solidX += i; }
			}
		}
		expect(clear).toBeGreaterThan(1000);
		expect(solid).toBeGreaterThan(1000);
		expect(clearX / clear).toBeLessThan(solidX / solid); // the transparent part is the western one
		// the encoded PNG keeps the alpha channel
		const { data } = await decode((await renderer.renderTile(z, x, y))!);
		expect(data[3]).toBe(0); // NW corner pixel is outside
	});

	it('picks the overview when zoomed out and full resolution when zoomed in', async () => {
		expect(chooseOverviewLevel([1, 2, 4, 8], 0.3)).toBe(0);
		expect(chooseOverviewLevel([1, 2, 4, 8], 1.3)).toBe(0);
		expect(chooseOverviewLevel([1, 2, 4, 8], 1.7)).toBe(1); // 2 ≤ 1.7 × 1.2
		expect(chooseOverviewLevel([1, 2, 4, 8], 5)).toBe(2);
		expect(chooseOverviewLevel([1, 2, 4, 8], 100)).toBe(3);
		expect(chooseOverviewLevel([1], 100)).toBe(0);
		const at = (z: number) => {
			const { x, y } = naipCentreTile(z);
			return renderer.plan(z, x, y, 256)[0];
		};
		// 5 m pixels at 47° N: a z13 output pixel covers ~2.6 source pixels, z17 ~0.16
		expect(at(13).level).toBe(1);
		expect(at(13).srcPixelsPerOutPixel).toBeGreaterThan(2);
		expect(at(12).level).toBe(1);
		expect(at(12).sampling).toBe('nearest'); // beyond the coarsest overview
		expect(at(14).level).toBe(0);
		expect(at(17)).toMatchObject({ level: 0, sampling: 'bilinear' });
		expect(at(17).srcPixelsPerOutPixel).toBeLessThan(0.2);
		// and the zoomed-out tile still renders
		const { x, y } = naipCentreTile(12);
		expect(await renderer.renderTile(12, x, y)).not.toBeNull();
	});

	it('renders 512 px tiles and WebP', async () => {
		const { x, y } = naipCentreTile(15);
		const webp = await renderer.renderTile(15, x, y, { size: 512, format: 'webp' });
		const meta = await sharp(webp!).metadata();
		expect([meta.format, meta.width, meta.height]).toEqual(['webp', 512, 512]);
		await expect(renderer.renderTile(15, x, y, { size: 300 as never })).rejects.toThrow(/Tile size 300/);
		await expect(renderer.renderTile(3, 9, 0)).rejects.toBeInstanceOf(InputError);
	});

	it('mosaics several files: the first one listed wins', async () => {
		const both = await createImageryRenderer([NAIP_2020, NAIP_2018]);
		const old = await createImageryRenderer([NAIP_2018]);
		const { x, y } = naipCentreTile(15);
		const a = await both.renderRgba(15, x, y);
		const b = await renderer.renderRgba(15, x, y);
		const c = await old.renderRgba(15, x, y);
		expect(Buffer.compare(Buffer.from(a!), Buffer.from(b!))).toBe(0);
		expect(Buffer.compare(Buffer.from(a!), Buffer.from(c!))).not.toBe(0);
		// union of the footprints
		expect(both.bounds[2]).toBeGreaterThanOrEqual(renderer.bounds[2]);
		await both.close();
		await old.close();
	});

	it('gives the same pixels when tiles are rendered concurrently (cold cache)', async () => {
		const range = tileRangeForBBox(renderer.bounds, 16);
		const tiles: [number, number][] = [];
		for (let y = range.minY; y <= range.maxY; y++) for (let x = range.minX; x <= range.maxX; x++) tiles.push([x, y]);
		expect(tiles.length).toBeGreaterThan(20);
		const fresh = await createImageryRenderer([NAIP_2020], { cacheBytes: 3 * 1024 * 1024 }); // forces evictions
		const parallel = await Promise.all(tiles.map(([x, y]) => fresh.renderRgba(16, x, y)));
		for (let i = 0; i < tiles.length; i++) {
			const seq = await renderer.renderRgba(16, tiles[i][0], tiles[i][1]);
			expect(parallel[i] === null).toBe(seq === null);
			if (seq) expect(Buffer.compare(Buffer.from(parallel[i]!), Buffer.from(seq))).toBe(0);
		}
		expect(fresh.stats().cachedBytes).toBeLessThanOrEqual(3 * 1024 * 1024);
		await fresh.close();
	});

	it('keeps no file descriptor per opened file', async () => {
		const before = openFileCount();
		const infos = await Promise.all([NAIP_2018, MASK, NAIP_2018].map((p) => openOrtho(p)));
		expect(openFileCount()).toBe(before);
		for (const i of infos) await closeOrtho(i);
	});

	it('encodes valid PNGs with our encoder (RGB when opaque, RGBA otherwise)', async () => {
		const rgba = new Uint8Array(16 * 8 * 4);
		for (let i = 0; i < 16 * 8; i++) rgba.set([i * 2, 255 - i, (i * 7) & 255, 255], i * 4);
		const opaque = await encodePng(rgba, 16, 8);
		const m1 = await sharp(opaque).metadata();
		expect([m1.format, m1.width, m1.height, m1.channels]).toEqual(['png', 16, 8, 3]);
		const back = await sharp(opaque).raw().toBuffer();
		expect(Array.from(back.subarray(0, 6))).toEqual([0, 255, 0, 2, 254, 7]);
		rgba[3] = 0;
		const m2 = await sharp(await encodePng(rgba, 16, 8)).metadata();
		expect(m2.channels).toBe(4);
	});
});

describe('renderer: reprojection of the Lambert-93 mask', () => {
	it('puts the centre of the raster (478336, 6275200 in EPSG:2154) in the tile webmercator.ts computes', async () => {
		const mask = await openOrtho(MASK);
		const r = await createImageryRenderer([mask]);
		const l93 = resolveEpsg(2154);
		const [lon, lat] = proj4(l93.proj4, WGS84.proj4, [478336, 6275200]);
		expect(lon).toBeGreaterThan(0.25);
		expect(lon).toBeLessThan(0.26);
		expect(lat).toBeCloseTo(43.541, 2);
		const z = 18;
		const [mx, my] = proj4(l93.proj4, WEB_MERCATOR.proj4, [478336, 6275200]);
		const t = mercatorToTile(mx, my, z);
		expect(t).toEqual(lonLatToTile(lon, lat, z));
		const rgba = await r.renderRgba(z, t.x, t.y, 256);
		expect(rgba).not.toBeNull();
		const px = Math.floor(((mx + ORIGIN_SHIFT) / tileSpan(z)) * 256) - t.x * 256;
		const py = Math.floor(((ORIGIN_SHIFT - my) / tileSpan(z)) * 256) - t.y * 256;
		const o = (py * 256 + px) * 4;
		expect(rgba![o + 3]).toBe(255);
		// grey value = the class value at the centre pixel (the area around it is uniform, value 9)
		const tiff = await fromFile(MASK);
		const src = (await (await tiff.getImage()).readRasters({ window: [511, 511, 513, 513], interleave: true })) as unknown as Uint8Array;
		await tiff.close();
		expect(Array.from(src)).toEqual([9, 9, 9, 9]);
		expect([rgba![o], rgba![o + 1], rgba![o + 2]]).toEqual([9, 9, 9]);
		await r.close();
		await closeOrtho(mask);
	});

	it('places the whole footprint within a pixel of its exact projection', async () => {
		const r = await createImageryRenderer([MASK]);
		const l93 = resolveEpsg(2154);
		const z = 17;
		const range = tileRangeForBBox(r.bounds, z);
		let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
		for (let ty = range.minY; ty <= range.maxY; ty++) {
			for (let tx = range.minX; tx <= range.maxX; tx++) {
				const rgba = await r.renderRgba(z, tx, ty, 256);
				if (!rgba) continue;
				for (let j = 0; j < 256; j++) {
					for (let i = 0; i < 256; i++) {
						if (rgba[(j * 256 + i) * 4 + 3] < 128) continue;
						const gx = tx * 256 + i + 0.5, gy = ty * 256 + j + 0.5;
						minX = Math.min(minX, gx); maxX = Math.max(maxX, gx);
						minY = Math.min(minY, gy); maxY = Math.max(maxY, gy);
					}
				}
			}
		}
		// exact corners (proj4 on each corner) in global pixel coordinates at z17
		const pxSize = tileSpan(z) / 256;
		const corners = [[478208, 6275072], [478464, 6275072], [478208, 6275328], [478464, 6275328]].map((c) => {
			const [mx, my] = proj4(l93.proj4, WEB_MERCATOR.proj4, c);
			return [(mx + ORIGIN_SHIFT) / pxSize, (ORIGIN_SHIFT - my) / pxSize];
		});
		const ex = corners.map((c) => c[0]), ey = corners.map((c) => c[1]);
		expect(Math.abs(minX - Math.min(...ex))).toBeLessThan(1);
		expect(Math.abs(maxX - Math.max(...ex))).toBeLessThan(1);
		expect(Math.abs(minY - Math.min(...ey))).toBeLessThan(1);
		expect(Math.abs(maxY - Math.max(...ey))).toBeLessThan(1);
		await r.close();
	});
});

describe('renderer: damaged and unusual files', () => {
	it('rejects a corrupt block at render time with an InputError, and keeps working', async () => {
		const p = join(dir, 'damaged.tif');
		copyFileSync(NAIP_2020, p);
		const tiff = await fromFile(p);
		const fd = (await tiff.getImage(0)).getFileDirectory();
		const offsets = Array.from((await fd.loadValue('TileOffsets')) as ArrayLike<number>, Number);
		await tiff.close();
		const f = openSync(p, 'r+');
		writeSync(f, Buffer.alloc(64, 0xab), 0, 64, offsets[0]); // garbage over tile 0's zlib header
		closeSync(f);
		const r = await createImageryRenderer([p]);
		// tile over the NW part of the raster (full-resolution tile 0)
		const [lon, lat] = proj4(naip.crs.proj4, WGS84.proj4, [naip.bbox[0] + 500, naip.bbox[3] - 500]);
		const t = lonLatToTile(lon, lat, 16);
		const err = await r.renderTile(16, t.x, t.y).catch((e) => e);
		expect(err).toBeInstanceOf(InputError);
		expect(err.code).toBe('corrupt_block');
		expect(err.message).toMatch(/^damaged\.tif is damaged: tile 0 of the full-resolution image cannot be decoded/);
		// other blocks still render (SE corner: tile 3)
		const [lon2, lat2] = proj4(naip.crs.proj4, WGS84.proj4, [naip.bbox[2] - 300, naip.bbox[1] + 300]);
		const t2 = lonLatToTile(lon2, lat2, 16);
		expect(await r.renderTile(16, t2.x, t2.y)).not.toBeNull();
		await r.close();
	});

	it('stretches 16-bit imagery and renders strips', async () => {
		const w = 200, h = 100;
		const data = new Uint16Array(w * h * 3);
		for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set([1000 + x * 10, 1000 + x * 10, 1000 + x * 10], (y * w + x) * 3);
		const p = join(dir, 'u16-render.tif');
		const buf = writeArrayBuffer(data as never, { width: w, height: h, ProjectedCSTypeGeoKey: 2154, GTModelTypeGeoKey: 1, GTRasterTypeGeoKey: 1, ModelPixelScale: [1, 1, 0], ModelTiepoint: [0, 0, 0, 478000, 6275000, 0] } as never);
		writeFileSync(p, Buffer.from(buf));
		const r = await createImageryRenderer([p]);
		const range = tileRangeForBBox(r.bounds, 18);
		let min = 255, max = 0, tiles = 0;
		for (let ty = range.minY; ty <= range.maxY; ty++) {
			for (let tx = range.minX; tx <= range.maxX; tx++) {
				const rgba = await r.renderRgba(18, tx, ty, 256);
				if (!rgba) continue;
				tiles++;
				for (let o = 0; o < rgba.length; o += 4) {
					if (rgba[o + 3] !== 255) continue;
					min = Math.min(min, rgba[o]);
					max = Math.max(max, rgba[o]);
				}
			}
		}
		expect(tiles).toBeGreaterThan(0);
		// the 1000–2990 ramp is spread over (almost) the whole 0–255 range
		expect(min).toBeLessThan(60);
		expect(max).toBeGreaterThan(200);
		await r.close();
	});

	it('decodes the common layouts: JPEG (RGB and YCbCr), LZW + predictor, deflate strips, pyramids', async () => {
		const w = 600, h = 400;
		const raw = Buffer.alloc(w * h * 3);
		for (let y = 0; y < h; y++) {
			for (let x = 0; x < w; x++) raw.set([Math.floor((x * 255) / w), Math.floor((y * 255) / h), x < 300 ? 200 : 40], (y * w + x) * 3);
		}
		const src = [0, 1, 2].map((k) => { let s = 0; for (let i = k; i < raw.length; i += 3) s += raw[i]; return s / (w * h); });
		const variants: [string, Record<string, unknown>, number, number][] = [
			['jpeg', { compression: 'jpeg', quality: 90, tile: true, tileWidth: 256, tileHeight: 256, pyramid: true }, 7, 2],
			['lzw', { compression: 'lzw', predictor: 'horizontal', tile: true, tileWidth: 256, tileHeight: 256, pyramid: true }, 5, 2],
			['deflate-strips', { compression: 'deflate', predictor: 'horizontal' }, 8, 0]
		];
		for (const [name, opts, compression, overviews] of variants) {
			const tif = await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).tiff(opts).toBuffer();
			const p = join(dir, `${name}.tif`);
			writeFileSync(p, addGeoKeys(tif, 2154, 478000, 6275000, 0.5));
			const r = await createImageryRenderer([p]);
			const info = r.files[0];
			expect([info.compression, info.overviews, info.bands]).toEqual([compression, overviews, 3]);
			const range = tileRangeForBBox(r.bounds, 19);
			const sum = [0, 0, 0];
			let n = 0;
			for (let ty = range.minY; ty <= range.maxY; ty++) {
				for (let tx = range.minX; tx <= range.maxX; tx++) {
					const t = await r.renderRgba(19, tx, ty);
					if (!t) continue;
					for (let o = 0; o < t.length; o += 4) if (t[o + 3] === 255) { sum[0] += t[o]; sum[1] += t[o + 1]; sum[2] += t[o + 2]; n++; }
				}
			}
			expect(n).toBeGreaterThan(100_000);
			for (let k = 0; k < 3; k++) expect(Math.abs(sum[k] / n - src[k])).toBeLessThan(2.5);
			// zoomed out: the pyramid's overviews are used
			const t16 = tileRangeForBBox(r.bounds, 16);
			expect(r.plan(16, t16.minX, t16.minY)[0].level).toBe(overviews ? 2 : 0);
			await r.close();
		}
		// GDAL's usual JPEG layout: YCbCr photometric, 4:2:0 subsampled
		const jpg = await sharp({ create: { width: 256, height: 256, channels: 3, background: { r: 200, g: 120, b: 40 } } }).jpeg({ quality: 95, chromaSubsampling: '4:2:0' }).toBuffer();
		const p = join(dir, 'ycbcr.tif');
		writeFileSync(p, addGeoKeys(jpegAsYCbCrTiff(jpg, 256, 256), 2154, 478000, 6275000, 0.5));
		const r = await createImageryRenderer([p]);
		const range = tileRangeForBBox(r.bounds, 18);
		const t = (await r.renderRgba(18, range.minX, range.minY)) ?? (await r.renderRgba(18, range.maxX, range.maxY));
		let o = 0;
		while (t![o + 3] !== 255) o += 4;
		for (const [k, v] of [200, 120, 40].entries()) expect(Math.abs(t![o + k] - v)).toBeLessThanOrEqual(3);
		await r.close();
	});

	it('leaves out files that would need too many blocks when zoomed far out (minZoom)', async () => {
		// 1024 px, 16 blocks of 256 px (256 KB as RGBA), no overview; 2.1 MB allows 8 blocks per tile.
		const r = await createImageryRenderer([MASK], { maxBytesPerTile: 2.1 * 1024 * 1024 });
		expect(r.minZoom).toBe(19); // 0.22 m output pixels: at most 2 × 2 blocks per tile
		const whole = tileRangeForBBox(r.bounds, 15);
		expect(await r.renderRgba(15, whole.minX, whole.minY)).toBeNull();
		expect(r.stats().skippedTooCoarse).toBe(1);
		const roomy = await createImageryRenderer([MASK]);
		expect(roomy.minZoom).toBe(0); // the whole file (4 MB decoded) fits the default budget
		expect(await roomy.renderRgba(15, whole.minX, whole.minY)).not.toBeNull();
		expect(renderer.minZoom).toBe(0); // the NAIP file is small, and has an overview
		await r.close();
		await roomy.close();
	});
});
