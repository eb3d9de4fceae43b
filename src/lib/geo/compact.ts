/**
 * Compact storage encoding for land-cover (multi)polygons.
 *
 * The split stores every delivered polygon; at hundreds of thousands of polygons the bytes written
 * dominate the import (WKB spends 16 bytes per vertex). Here coordinates are quantised to a fixed
 * quantum (1 mm in metric CRSs, 1e-9° ≈ 0.1 mm in geographic ones — far below any land-cover
 * survey's precision) and written as zigzag varint deltas: typically 2–3 bytes per coordinate.
 *
 * Layout: byte 0 = format version (1); byte 1 = quantum as a negative power of ten (3 ⇒ 1e-3);
 * then varints: polygon count, and per polygon its ring count, and per ring its vertex count
 * followed by the vertices as deltas from the previous vertex (the first from (0, 0), so values
 * can exceed 2³¹ and are handled with floating-point arithmetic, exact below 2⁵³).
 */
import type { MultiPolygon } from './types.ts';

const VERSION = 1;

/** Decimal exponent of the quantum used for a CRS: 3 (mm) when projected, 9 when in degrees. */
export function quantumDigits(projected: boolean): number {
	return projected ? 3 : 9;
}

// Module-level output buffer and cursor: the encoder runs for every vertex of every delivered
// polygon, and plain variables beat a writer object or a closure there (measured).
let out = new Uint8Array(1 << 16);
let pos = 0;

/** Varint of a non-negative integer: 32-bit operations below 2^30 (every delta), division above. */
function put(v: number): void {
	if (v < 0x40000000) {
		while (v >= 0x80) {
			out[pos++] = (v & 0x7f) | 0x80;
			v >>>= 7;
		}
	} else {
		while (v >= 0x80) {
			out[pos++] = (v % 0x80) | 0x80;
			v = Math.floor(v / 0x80);
		}
	}
	out[pos++] = v;
}

/** Encode a multipolygon; rings may be open or closed (the closing vertex is dropped). */
export function encodeCompact(mp: MultiPolygon, digits: number): Uint8Array {
	const scale = 10 ** digits;
	let need = 16;
	for (const p of mp) {
		need += 10;
		for (const r of p) need += 10 + r.length * 10;
	}
	if (out.length < need) out = new Uint8Array(need * 2);
	out[0] = VERSION;
	out[1] = digits;
	pos = 2;
	put(mp.length);
	let px = 0;
	let py = 0;
	for (const poly of mp) {
		put(poly.length);
		for (const ring of poly) {
			let n = ring.length >> 1;
			if (n > 1 && ring[0] === ring[ring.length - 2] && ring[1] === ring[ring.length - 1]) n--;
			put(n);
			for (let i = 0; i < n; i++) {
				const x = Math.round(ring[2 * i] * scale);
				const y = Math.round(ring[2 * i + 1] * scale);
				// Zigzag: 0, -1, 1, -2 … → 0, 1, 2, 3 … so small negative deltas stay short.
				const dx = x - px;
				const dy = y - py;
				put(dx >= 0 ? dx * 2 : -dx * 2 - 1);
				put(dy >= 0 ? dy * 2 : -dy * 2 - 1);
				px = x;
				py = y;
			}
		}
	}
	return out.slice(0, pos);
}

/** Decode to open rings (no repeated closing vertex), coordinates in CRS units. */
export function decodeCompact(buf: Uint8Array): MultiPolygon {
	if (buf[0] !== VERSION) throw new Error(`Unknown compact geometry version ${buf[0]}`);
	const scale = 10 ** buf[1];
	let pos = 2;
	const uvarint = () => {
		let v = 0;
		let mul = 1;
		for (;;) {
			const b = buf[pos++];
			v += (b & 0x7f) * mul;
			if (b < 0x80) return v;
			mul *= 0x80;
		}
	};
	const svarint = () => {
		const u = uvarint();
		return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
	};
	let px = 0;
	let py = 0;
	const out: MultiPolygon = [];
	const polys = uvarint();
	for (let p = 0; p < polys; p++) {
		const rings = uvarint();
		const poly: Float64Array[] = [];
		for (let r = 0; r < rings; r++) {
			const n = uvarint();
			const ring = new Float64Array(n * 2);
			for (let i = 0; i < n; i++) {
				px += svarint();
				py += svarint();
				ring[2 * i] = px / scale;
				ring[2 * i + 1] = py / scale;
			}
			poly.push(ring);
		}
		out.push(poly);
	}
	return out;
}
