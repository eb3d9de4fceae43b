/**
 * A small synthetic delivery in Lambert-93 for the positional accuracy tests: an orthophoto (GeoTIFF,
 * grey background) with dark crosses whose centres sit at known coordinates, and a one-polygon land
 * cover. Each cross is centred on (col + ½, row) in pixel units — mid-pixel across, on a pixel edge
 * down — so a measure snapped to pixel centres or to pixel corners misses it by half a pixel.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { addGeoKeys } from '../../src/lib/server/imagery/testing.ts';
import { writeGeoPackage } from '../../src/lib/server/landcover/gpkg-write.ts';

export interface Cross {
	/** Column of the vertical bar (its centre is at col + ½). */
	col: number;
	/** Row boundary the horizontal bar (two pixels tall: rows row − 1 and row) is centred on. */
	row: number;
}

export interface SyntheticOrtho {
	/** Upper-left corner, Lambert-93 metres. */
	originX: number;
	originY: number;
	pixelSize: number;
	width: number;
	height: number;
	crosses: Cross[];
}

/** Default: 200 m × 100 m at 20 cm (1000 × 500 px) from (652000, 6862100); two 100 m tiles. */
export const SYNTHETIC: SyntheticOrtho = {
	originX: 652000,
	originY: 6862100,
	pixelSize: 0.2,
	width: 1000,
	height: 500,
	crosses: [
		{ col: 137, row: 211 },
		{ col: 702, row: 318 }
	]
};

/** Where a cross's centre truly is, in Lambert-93. */
export function crossPosition(o: SyntheticOrtho, c: Cross): { x: number; y: number } {
	return { x: o.originX + (c.col + 0.5) * o.pixelSize, y: o.originY - c.row * o.pixelSize };
}

/** Write the orthophoto: grey 180 background, near-black crosses 13 px wide. */
export async function writeCrossOrtho(path: string, o: SyntheticOrtho = SYNTHETIC): Promise<void> {
	const raw = Buffer.alloc(o.width * o.height * 3, 180);
	const dark = (x: number, y: number) => {
		if (x < 0 || y < 0 || x >= o.width || y >= o.height) return;
		raw.fill(20, (y * o.width + x) * 3, (y * o.width + x) * 3 + 3);
	};
	for (const c of o.crosses) {
		for (let dy = -6; dy <= 5; dy++) dark(c.col, c.row + dy);
		for (let dx = -6; dx <= 6; dx++) {
			dark(c.col + dx, c.row - 1);
			dark(c.col + dx, c.row);
		}
	}
	const tif = await sharp(raw, { raw: { width: o.width, height: o.height, channels: 3 } }).tiff({ compression: 'lzw' }).toBuffer();
	writeFileSync(path, addGeoKeys(tif, 2154, o.originX, o.originY, o.pixelSize));
}

/** One land-cover polygon covering the orthophoto (class CS1.1.1.1), Lambert-93 GeoPackage. */
export function writeLandcover(path: string, o: SyntheticOrtho = SYNTHETIC): void {
	const x0 = o.originX, y1 = o.originY, x1 = o.originX + o.width * o.pixelSize, y0 = o.originY - o.height * o.pixelSize;
	writeGeoPackage(path, {
		layers: [
			{
				table: 'occupation',
				srsId: 2154,
				fields: [{ name: 'code_cs', type: 'TEXT' }],
				features: [{ geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] }, properties: { code_cs: 'CS1.1.1.1' } }]
			}
		]
	});
}

/** Both files in `dir`; returns their paths. */
export async function writeSyntheticDelivery(dir: string, o: SyntheticOrtho = SYNTHETIC): Promise<{ ortho: string; landcover: string }> {
	const ortho = join(dir, 'ortho-croix.tif');
	const landcover = join(dir, 'occupation.gpkg');
	await writeCrossOrtho(ortho, o);
	writeLandcover(landcover, o);
	return { ortho, landcover };
}
