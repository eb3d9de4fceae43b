import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { writeArrayBuffer } from 'geotiff';
import { InputError } from '../errors.ts';
import { closeOrtho, coarsestLevelResolving, hasData, openOrtho, validCoverage, type OrthoInfo } from './geotiff.ts';

const NAIP_2020 = 'test/fixtures/prairie-naip/ortho-2020.tif';
const NAIP_2018 = 'test/fixtures/prairie-naip/ortho-2018.tif';
const MASK = 'test/fixtures/lambert93/mask-0478208_6275328.tif';

let dir: string;
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'recette-imagery-'));
});
afterAll(() => {
	rmSync(dir, { recursive: true, force: true });
});

/** Expect openOrtho(path) to reject with InputError `code` whose message matches `re`. */
async function expectInputError(path: string, code: string, re: RegExp): Promise<InputError> {
	let err: unknown;
	try {
		const info = await openOrtho(path);
		await closeOrtho(info);
	} catch (e) {
		err = e;
	}
	expect(err).toBeInstanceOf(InputError);
	const ie = err as InputError;
	expect(ie.code).toBe(code);
	expect(ie.message).toMatch(re);
	expect(ie.message).not.toContain('\n');
	return ie;
}

/** Find the byte offset of a little-endian IFD entry (tag, type, count 1, value) in a classic TIFF. */
function findEntry(buf: Buffer, tag: number, value: number): number {
	for (let i = 0; i + 12 <= buf.length; i += 2) {
		if (buf.readUInt16LE(i) === tag && buf.readUInt32LE(i + 4) === 1) {
			const type = buf.readUInt16LE(i + 2);
			const v = type === 3 ? buf.readUInt16LE(i + 8) : buf.readUInt32LE(i + 8);
			if ((type === 3 || type === 4) && v === value) return i;
		}
	}
	throw new Error(`entry ${tag}=${value} not found`);
}

/** A small georeferenced GeoTIFF written by geotiff.js (uncompressed, one strip). */
function writeGeoTiff(path: string, data: Uint8Array | Uint16Array | Float32Array, width: number, height: number, meta: Record<string, unknown>): void {
	const buf = writeArrayBuffer(data as never, { width, height, GTModelTypeGeoKey: 1, GTRasterTypeGeoKey: 1, ModelPixelScale: [1, 1, 0], ModelTiepoint: [0, 0, 0, 478000, 6275000, 0], ...meta } as never);
	writeFileSync(path, Buffer.from(buf));
}

describe('openOrtho: the sample deliveries', () => {
	it('reads the NAIP COGs (4-band uint8, EPSG:26914, 5 m, one overview, nodata 0)', async () => {
		const expected = [
			{ p: NAIP_2020, height: 723, bbox: [485899, 5205631, 490569, 5209246] },
			{ p: NAIP_2018, height: 724, bbox: [485902, 5205628, 490572, 5209248] } // not quite the same grid
		];
		for (const { p, height, bbox } of expected) {
			const info = await openOrtho(p);
			expect(info.fileName).toBe(p.split('/').pop());
			expect(info.crs.epsg).toBe(26914);
			expect(info.crs.projected).toBe(true);
			expect([info.width, info.height]).toEqual([934, height]);
			expect(info.bands).toBe(4);
			expect(info.bitsPerSample).toBe(8);
			expect(info.bbox).toEqual(bbox);
			expect(info.resolution).toEqual([5, 5]);
			expect(info.nodata).toBe(0);
			expect(info.overviews).toBe(1);
			expect(info.tiled).toBe(true);
			expect([info.tileWidth, info.tileHeight]).toEqual([512, 512]);
			expect(info.compression).toBe(8);
			// ExtraSamples calls band 4 alpha, GDAL's COLORINTERP says it is a plain band (NIR): not alpha.
			expect(info.alphaBand).toBeNull();
			expect(info.stretch).toBeNull();
			// OrthoInfo is plain data
			expect(JSON.parse(JSON.stringify(info))).toEqual(info);
			await closeOrtho(info);
		}
	});

	it('reads the Lambert-93 mask (1-band uint8, LZW, EPSG:2154, 25 cm)', async () => {
		const info = await openOrtho(MASK);
		expect(info.crs.epsg).toBe(2154);
		expect(info.crs.name).toMatch(/Lambert-93/);
		expect([info.width, info.height, info.bands, info.bitsPerSample]).toEqual([1024, 1024, 1, 8]);
		expect(info.bbox).toEqual([478208, 6275072, 478464, 6275328]);
		expect(info.resolution).toEqual([0.25, 0.25]);
		expect(info.nodata).toBeNull();
		expect(info.overviews).toBe(0);
		expect([info.tileWidth, info.tileHeight, info.compression]).toEqual([256, 256, 5]);
		await closeOrtho(info);
	});

	it('reads 16-bit imagery stored in strips and derives a 2–98 % stretch', async () => {
		const w = 200, h = 100;
		const data = new Uint16Array(w * h * 3);
		for (let y = 0; y < h; y++) for (let x = 0; x < 100; x++) data.set([1000 + x * 10, 2000 + x, 3000 + y], (y * w + x) * 3);
		const p = join(dir, 'u16.tif');
		writeGeoTiff(p, data, w, h, { ProjectedCSTypeGeoKey: 2154, GDAL_NODATA: '0' });
		const info = await openOrtho(p);
		expect(info.bitsPerSample).toBe(16);
		expect(info.tiled).toBe(false);
		expect(info.nodata).toBe(0);
		expect(info.stretch!.min[0]).toBeGreaterThanOrEqual(1010);
		expect(info.stretch!.min[0]).toBeLessThan(1050);
		expect(info.stretch!.max[0]).toBeGreaterThan(1950);
		expect(info.stretch!.max[0]).toBeLessThanOrEqual(1990);
		// left half has data, right half is nodata 0
		expect(await hasData(info, [478000, 6274900, 478090, 6275000])).toBe(true);
		expect(await hasData(info, [478110, 6274900, 478200, 6275000])).toBe(false);
		expect((await validCoverage(info)).fraction).toBeCloseTo(0.5, 5);
		await closeOrtho(info);
	});
});

describe('openOrtho: bad deliveries', () => {
	it('rejects a PNG renamed .tif', async () => {
		const p = join(dir, 'photo.tif');
		await sharp({ create: { width: 8, height: 8, channels: 3, background: '#3a6' } }).png().toFile(p);
		await expectInputError(p, 'not_a_tiff', /^photo\.tif is not a TIFF file: it is a PNG image/);
	});

	it('rejects a text file renamed .tif', async () => {
		const p = join(dir, 'notes.tif');
		writeFileSync(p, 'id;name\n1;ortho dalle 12\n');
		await expectInputError(p, 'not_a_tiff', /notes\.tif is not a TIFF file: it looks like a text file/);
		const empty = join(dir, 'empty.tif');
		writeFileSync(empty, '');
		await expectInputError(empty, 'not_a_tiff', /empty\.tif is not a TIFF file: it is empty/);
	});

	it('rejects a plain TIFF without GeoKeys', async () => {
		const p = join(dir, 'ortho.tif');
		await sharp({ create: { width: 64, height: 64, channels: 3, background: '#884422' } }).tiff().toFile(p);
		await expectInputError(p, 'no_crs', /^ortho\.tif has no coordinate reference system \(GeoKeys\)/);
	});

	it('rejects an unknown EPSG code in the GeoKeys', async () => {
		const p = join(dir, 'bad-epsg.tif');
		const buf = readFileSync(MASK);
		// GeoKeyDirectory entry ProjectedCSTypeGeoKey (3072), inline SHORT value 2154 → 2155 (not a CRS code).
		const key = Buffer.from([0x00, 0x0c, 0x00, 0x00, 0x01, 0x00, 0x6a, 0x08]);
		const at = buf.indexOf(key);
		expect(at).toBeGreaterThan(0);
		buf.writeUInt16LE(2155, at + 6);
		writeFileSync(p, buf);
		await expectInputError(p, 'unknown_epsg', /^bad-epsg\.tif: .*2155/);
	});

	it('rejects a user-defined CRS without an EPSG code', async () => {
		const p = join(dir, 'userdef.tif');
		writeGeoTiff(p, new Uint8Array(16 * 16), 16, 16, { ProjectedCSTypeGeoKey: 32767 });
		await expectInputError(p, 'no_crs', /user-defined coordinate reference system/);
	});

	it('rejects unsupported sample formats (float, signed)', async () => {
		const p = join(dir, 'dem.tif');
		writeGeoTiff(p, new Float32Array(16 * 16), 16, 16, { ProjectedCSTypeGeoKey: 2154 });
		await expectInputError(p, 'unsupported_sample_format', /dem\.tif stores 32-bit floating-point samples/);
	});

	it('rejects a truncated copy (blocks past the end of the file)', async () => {
		const p = join(dir, 'cut.tif');
		copyFileSync(NAIP_2020, p);
		const size = statSync(p).size;
		truncateSync(p, Math.floor(size * 0.6));
		const e = await expectInputError(p, 'truncated_tiff', /^cut\.tif is truncated: tile \d+ of the full-resolution image ends at byte [\d ]+ but the file has [\d ]+ bytes/);
		expect(e.message).toContain(String(Math.floor(size * 0.6)).replace(/\B(?=(\d{3})+(?!\d))/g, ' '));
		expect(e.localized('fr')).toMatch(/^Le fichier « cut\.tif » est tronqué : la tuile \d+ de l’image en pleine résolution se termine à l’octet [\d ]+/);
		// cut inside the header / image directories
		truncateSync(p, 6);
		await expectInputError(p, 'truncated_tiff', /cut\.tif is truncated/);
		copyFileSync(NAIP_2020, p);
		truncateSync(p, 300);
		await expectInputError(p, 'truncated_tiff', /cut\.tif is truncated: image directory 0/);
	});

	it('checks the overview blocks too', async () => {
		// Point the overview's only tile past the end of the file (the full-resolution tiles stay valid).
		const buf = readFileSync(NAIP_2020);
		const at = findEntry(buf, 324, 1292); // overview TileOffsets = [1292]
		buf.writeUInt32LE(buf.length - 10, at + 8);
		const p = join(dir, 'ovr.tif');
		writeFileSync(p, buf);
		await expectInputError(p, 'truncated_tiff', /ovr\.tif is truncated: tile 0 of overview 1 ends at byte/);
	});
});

describe('hasData', () => {
	let naip: OrthoInfo;
	let mask: OrthoInfo;
	beforeAll(async () => {
		naip = await openOrtho(NAIP_2020);
		mask = await openOrtho(MASK);
	});
	afterAll(async () => {
		await closeOrtho(naip);
		await closeOrtho(mask);
	});

	it('answers for boxes inside, across and outside the raster', async () => {
		expect(await hasData(naip, naip.bbox)).toBe(true);
		expect(await hasData(naip, [486000, 5206000, 486100, 5206100])).toBe(true);
		expect(await hasData(naip, [490000, 5209000, 491000, 5210000])).toBe(true); // straddles the NE corner
		expect(await hasData(naip, [491000, 5206000, 492000, 5207000])).toBe(false); // east of it
		expect(await hasData(mask, [478300, 6275100, 478310, 6275110])).toBe(true);
		expect(await hasData(mask, [478500, 6275100, 478600, 6275200])).toBe(false);
	});

	it('uses the coarsest level that still resolves the box, and is fast', async () => {
		expect(coarsestLevelResolving([1, 2], 1000, 800)).toBe(1);
		expect(coarsestLevelResolving([1, 2], 20, 20)).toBe(0); // 10 px at the overview: too coarse
		expect(coarsestLevelResolving([1, 2, 4, 8], 200, 300)).toBe(3);
		// 500 m grid over the delivery, as the import does
		const t0 = performance.now();
		let n = 0, yes = 0;
		for (let x = 485500; x < 491000; x += 250) {
			for (let y = 5205000; y < 5210000; y += 250) {
				n++;
				if (await hasData(naip, [x, y, x + 250, y + 250])) yes++;
			}
		}
		const ms = performance.now() - t0;
		expect(n).toBe(440);
		expect(yes).toBeGreaterThan(250);
		expect(yes).toBeLessThan(n);
		expect(ms).toBeLessThan(2000);
	});
});
