import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openLandcover } from './open.ts';
import { rawZip, tempDir, ZONES_DIR, type RawZipEntry } from './test-helpers.ts';
import { listZip } from './zip.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const ascii = (s: string) => new TextEncoder().encode(s);
/** "Occupé" in code page 437, as zip tools without Unicode support write names (é = 0x82). */
const OCCUPE_CP437 = new Uint8Array([...ascii('Occup'), 0x82]);
const stored = (name: string, data: Uint8Array, nameBytes?: Uint8Array, flags = 0): RawZipEntry => ({ name, nameBytes, flags, data, method: 0, size: data.length });

describe('ZIP entry names', () => {
	it('reads names as code page 437 unless the UTF-8 flag (bit 11) is set', () => {
		const data = new Uint8Array(1);
		const names = listZip(
			rawZip([
				stored('', data, new Uint8Array([...OCCUPE_CP437, ...ascii('.shp')])),
				stored('', data, new Uint8Array([...ascii('Pr'), 0x82, ...ascii('s/for'), 0x88, ...ascii('t.dbf')])), // ê = 0x88
				stored('Occupé.prj', data, undefined, 0x800)
			]),
			'x.zip'
		).map((e) => e.name);
		expect(names).toEqual(['Occupé.shp', 'Prés/forêt.dbf', 'Occupé.prj']);
	});

	it('reads UTF-8 names written without the flag (Info-ZIP on Linux, macOS) as UTF-8', () => {
		expect(listZip(rawZip([stored('Forêt – cœur.shp', new Uint8Array(1))]), 'x.zip')[0].name).toBe('Forêt – cœur.shp');
	});

	it('opens a zipped shapefile whose file names are in code page 437', async () => {
		const part = (ext: string) => stored('', readFileSync(`${ZONES_DIR}/zones.${ext}`), new Uint8Array([...OCCUPE_CP437, ...ascii(`.${ext}`)]));
		const p = tmp.path('occupe.zip');
		writeFileSync(p, rawZip(['shp', 'dbf', 'prj', 'cpg'].map(part)));
		const ds = await openLandcover(p);
		expect(ds.layer).toBe('Occupé');
		expect(ds.layers).toEqual(['Occupé']);
		expect(ds.crs.epsg).toBe(2154);
	});
});
