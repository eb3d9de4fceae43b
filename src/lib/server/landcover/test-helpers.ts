/** Helpers for the land-cover reader tests (not used at run time). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LandcoverFeature, MultiPolygon } from '../../geo/types.ts';
import type { LandcoverDataset } from './types.ts';

export const PRAIRIE_GPKG = 'test/fixtures/prairie-naip/occupation_sol.gpkg';
export const ZONES_DIR = 'test/fixtures/lambert93';

export function tempDir(): { dir: string; path: (name: string) => string; cleanup: () => void } {
	const dir = mkdtempSync(join(tmpdir(), 'recette-landcover-'));
	return { dir, path: (n) => join(dir, n), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function ringArea(r: Float64Array): number {
	let a = 0;
	for (let i = 0, j = r.length - 2; i < r.length; j = i, i += 2) a += r[j] * r[i + 1] - r[i] * r[j + 1];
	return a / 2;
}

/** Shoelace area: exteriors minus holes, whatever the ring orientation. */
export function area(mp: MultiPolygon): number {
	let a = 0;
	for (const p of mp) {
		a += Math.abs(ringArea(p[0]));
		for (let k = 1; k < p.length; k++) a -= Math.abs(ringArea(p[k]));
	}
	return a;
}

export function collect(ds: LandcoverDataset): LandcoverFeature[] {
	return [...ds.features()];
}

export function toGeoJsonGeometry(mp: MultiPolygon) {
	const poly = (p: Float64Array[]) => p.map((r) => Array.from({ length: r.length / 2 }, (_, i) => [r[2 * i], r[2 * i + 1]]));
	return mp.length === 1 ? { type: 'Polygon', coordinates: poly(mp[0]) } : { type: 'MultiPolygon', coordinates: mp.map(poly) };
}

export interface RawZipEntry {
	name: string;
	/** Bytes stored in the archive (already deflated when method is 8). */
	data: Uint8Array;
	method: 0 | 8;
	/** Uncompressed size written in both headers (may lie). */
	size: number;
	/** Extra bytes appended after the data and counted in the compressed size. */
	padding?: number;
}

/** Build a ZIP byte by byte, to craft archives whose headers lie (zip-bomb tests). CRCs are left at 0. */
export function rawZip(entries: RawZipEntry[]): Uint8Array {
	const chunks: Uint8Array[] = [];
	const central: Uint8Array[] = [];
	let offset = 0;
	const enc = new TextEncoder();
	for (const e of entries) {
		const name = enc.encode(e.name);
		const csize = e.data.length + (e.padding ?? 0);
		const lh = new Uint8Array(30 + name.length);
		const l = new DataView(lh.buffer);
		l.setUint32(0, 0x04034b50, true);
		l.setUint16(4, 20, true);
		l.setUint16(8, e.method, true);
		l.setUint32(18, csize, true);
		l.setUint32(22, e.size, true);
		l.setUint16(26, name.length, true);
		lh.set(name, 30);
		const ch = new Uint8Array(46 + name.length);
		const c = new DataView(ch.buffer);
		c.setUint32(0, 0x02014b50, true);
		c.setUint16(4, 20, true);
		c.setUint16(6, 20, true);
		c.setUint16(10, e.method, true);
		c.setUint32(20, csize, true);
		c.setUint32(24, e.size, true);
		c.setUint16(28, name.length, true);
		c.setUint32(42, offset, true);
		ch.set(name, 46);
		central.push(ch);
		chunks.push(lh, e.data, new Uint8Array(e.padding ?? 0));
		offset += lh.length + csize;
	}
	const cdSize = central.reduce((n, b) => n + b.length, 0);
	const eocd = new Uint8Array(22);
	const d = new DataView(eocd.buffer);
	d.setUint32(0, 0x06054b50, true);
	d.setUint16(8, entries.length, true);
	d.setUint16(10, entries.length, true);
	d.setUint32(12, cdSize, true);
	d.setUint32(16, offset, true);
	const all = [...chunks, ...central, eocd];
	const out = new Uint8Array(all.reduce((n, b) => n + b.length, 0));
	let o = 0;
	for (const b of all) {
		out.set(b, o);
		o += b.length;
	}
	return out;
}
