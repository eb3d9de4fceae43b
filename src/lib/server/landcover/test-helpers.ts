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
	/** The name's raw bytes (default: `name` in UTF-8), e.g. CP437 as old zip tools write them. */
	nameBytes?: Uint8Array;
	/** General purpose flags (bit 11: the name is UTF-8). */
	flags?: number;
}

/** Build a ZIP byte by byte, to craft archives whose headers lie (zip-bomb tests). CRCs are left at 0. */
export function rawZip(entries: RawZipEntry[]): Uint8Array {
	const chunks: Uint8Array[] = [];
	const central: Uint8Array[] = [];
	let offset = 0;
	const enc = new TextEncoder();
	for (const e of entries) {
		const name = e.nameBytes ?? enc.encode(e.name);
		const csize = e.data.length + (e.padding ?? 0);
		const lh = new Uint8Array(30 + name.length);
		const l = new DataView(lh.buffer);
		l.setUint32(0, 0x04034b50, true);
		l.setUint16(4, 20, true);
		l.setUint16(6, e.flags ?? 0, true);
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
		c.setUint16(8, e.flags ?? 0, true);
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

/** A .dbf column for {@link buildDbf}: 'C' text, 'N' number; `length` in bytes, as the file declares it. */
export interface DbfColumn {
	/** Raw bytes of the name (≤ 10), or an ASCII string. */
	name: string | Uint8Array;
	type: 'C' | 'N';
	length: number;
}

/**
 * Build a dBASE III .dbf byte by byte, the way desktop GIS write it: text cells are raw bytes already
 * encoded by the caller (Windows-1252, UTF-8…), padded with spaces, or cut to the column's width.
 * `ldid` is the language driver byte (offset 29; 0 = not said).
 */
export function buildDbf(columns: DbfColumn[], rows: (Uint8Array | number | null)[][], ldid = 0): Uint8Array {
	const headerLength = 32 + 32 * columns.length + 1;
	const recordLength = 1 + columns.reduce((n, c) => n + c.length, 0);
	const out = new Uint8Array(headerLength + rows.length * recordLength + 1).fill(0x20, headerLength);
	const dv = new DataView(out.buffer);
	out[0] = 0x03;
	out.set([126, 1, 15], 1); // last update: 2026-01-15
	dv.setUint32(4, rows.length, true);
	dv.setUint16(8, headerLength, true);
	dv.setUint16(10, recordLength, true);
	out[29] = ldid;
	columns.forEach((c, i) => {
		const p = 32 + 32 * i;
		const name = typeof c.name === 'string' ? new TextEncoder().encode(c.name) : c.name;
		out.set(name.subarray(0, 10), p);
		out[p + 11] = c.type.charCodeAt(0);
		out[p + 16] = c.length;
	});
	out[headerLength - 1] = 0x0d;
	rows.forEach((row, r) => {
		let p = headerLength + r * recordLength + 1;
		columns.forEach((c, i) => {
			const v = row[i];
			const bytes = v === null ? new Uint8Array(0) : typeof v === 'number' ? new TextEncoder().encode(String(v).padStart(c.length)) : v;
			out.set(bytes.subarray(0, c.length), p);
			p += c.length;
		});
	});
	out[out.length - 1] = 0x1a;
	return out;
}

/** A .shp of axis-aligned squares [x, y, side] (one clockwise ring each, the shapefile exterior orientation). */
export function buildShp(squares: [number, number, number][]): Uint8Array {
	const recBytes = 8 + 44 + 4 + 5 * 16;
	const out = new Uint8Array(100 + squares.length * recBytes);
	const dv = new DataView(out.buffer);
	dv.setInt32(0, 9994, false);
	dv.setInt32(24, out.length / 2, false);
	dv.setInt32(28, 1000, true);
	dv.setInt32(32, 5, true);
	const xs = squares.flatMap(([x, , s]) => [x, x + s]);
	const ys = squares.flatMap(([, y, s]) => [y, y + s]);
	[Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((v, i) => dv.setFloat64(36 + 8 * i, v, true));
	squares.forEach(([x, y, s], i) => {
		const p = 100 + i * recBytes;
		dv.setInt32(p, i + 1, false);
		dv.setInt32(p + 4, (recBytes - 8) / 2, false);
		const c = p + 8;
		dv.setInt32(c, 5, true);
		[x, y, x + s, y + s].forEach((v, k) => dv.setFloat64(c + 4 + 8 * k, v, true));
		dv.setInt32(c + 36, 1, true);
		dv.setInt32(c + 40, 5, true);
		dv.setInt32(c + 44, 0, true);
		// clockwise: up the left side, along the top, down the right side
		[[x, y], [x, y + s], [x + s, y + s], [x + s, y], [x, y]].forEach(([px, py], k) => {
			dv.setFloat64(c + 48 + 16 * k, px, true);
			dv.setFloat64(c + 56 + 16 * k, py, true);
		});
	});
	return out;
}
