import { describe, expect, it } from 'vitest';
import { decodeCompact, encodeCompact, quantumDigits } from './compact.ts';

const ring = (...xy: number[]) => Float64Array.from(xy);

describe('compact geometry encoding', () => {
	it('round-trips Lambert-93 coordinates to the millimetre, dropping the closing vertex', () => {
		const mp = [[ring(650000.1234, 6862000.5678, 650010, 6862000, 650010, 6862010, 650000.1234, 6862000.5678)]];
		const back = decodeCompact(encodeCompact(mp, quantumDigits(true)));
		expect(Array.from(back[0][0])).toEqual([650000.123, 6862000.568, 650010, 6862000, 650010, 6862010]);
	});

	it('keeps holes, several parts and negative coordinates', () => {
		const mp = [
			[ring(-10, -10, 10, -10, 10, 10, -10, 10), ring(-1, -1, -1, 1, 1, 1, 1, -1)],
			[ring(20, 20, 30, 20, 30, 30)]
		];
		const back = decodeCompact(encodeCompact(mp, 3));
		expect(back.map((p) => p.map((r) => Array.from(r)))).toEqual(mp.map((p) => p.map((r) => Array.from(r))));
	});

	it('round-trips degrees at 1e-9 and large projected values past 2^31 units', () => {
		const deg = [[ring(-99.123456789, 47.987654321, -99.1, 47.9, -99.2, 47.95)]];
		expect(Array.from(decodeCompact(encodeCompact(deg, 9))[0][0])).toEqual(Array.from(deg[0][0]));
		// 7 000 km in mm = 7e9 > 2^31: varints must not wrap.
		const far = [[ring(7_000_000, 9_999_999.999, 7_000_001, 9_999_999, 7_000_000.5, 10_000_000)]];
		expect(Array.from(decodeCompact(encodeCompact(far, 3))[0][0])).toEqual(Array.from(far[0][0]));
	});

	it('uses a few bytes per vertex instead of WKB’s 16', () => {
		const n = 20;
		const xy: number[] = [];
		for (let i = 0; i < n; i++) xy.push(650000 + 50 * Math.cos(i / 3), 6862000 + 50 * Math.sin(i / 3));
		const bytes = encodeCompact([[Float64Array.from(xy)]], 3).length;
		expect(bytes).toBeLessThan(n * 8);
	});
});
