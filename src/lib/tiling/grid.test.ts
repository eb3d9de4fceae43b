import { describe, it, expect } from 'vitest';
import { cellsForFeatureBBox, gridCellsForBBox, tileName } from './grid.ts';
import type { BBox } from '../geo/types.ts';

describe('gridCellsForBBox', () => {
	it.each<[string, BBox, number, { cols: number[]; rows: number[] }]>([
		['inside one cell', [650100, 6861100, 650900, 6861900], 1000, { cols: [650], rows: [6861] }],
		['bbox ending exactly on a grid line adds no column/row', [650000, 6861000, 651000, 6862000], 1000, { cols: [650], rows: [6861] }],
		['spanning 2×3', [650500, 6860500, 651500, 6862500], 1000, { cols: [650, 651], rows: [6860, 6861, 6862] }],
		['negative coordinates use floor', [-1500, -200, -10, 300], 1000, { cols: [-2, -1], rows: [-1, 0] }],
		['negative bbox ending on a line', [-2000, -2000, -1000, -1000], 1000, { cols: [-2], rows: [-2] }],
		['degenerate point on a grid corner', [651000, 6862000, 651000, 6862000], 1000, { cols: [651], rows: [6862] }],
		['sub-km step', [100, 100, 600, 350], 250, { cols: [0, 1, 2], rows: [0, 1] }]
	])('%s', (_name, bbox, size, expected) => {
		const cells = gridCellsForBBox(bbox, size);
		const cols = [...new Set(cells.map((c) => c.col))].sort((a, b) => a - b);
		const rows = [...new Set(cells.map((c) => c.row))].sort((a, b) => a - b);
		expect(cols).toEqual(expected.cols);
		expect(rows).toEqual(expected.rows);
		expect(cells.length).toBe(cols.length * rows.length);
		for (const c of cells) {
			expect(c.xmin).toBe(c.col * size);
			expect(c.ymin).toBe(c.row * size);
			expect(c.xmax).toBe((c.col + 1) * size);
			expect(c.ymax).toBe((c.row + 1) * size);
		}
		// the union covers the bbox
		expect(Math.min(...cells.map((c) => c.xmin))).toBeLessThanOrEqual(bbox[0]);
		expect(Math.max(...cells.map((c) => c.xmax))).toBeGreaterThanOrEqual(bbox[2]);
		expect(Math.min(...cells.map((c) => c.ymin))).toBeLessThanOrEqual(bbox[1]);
		expect(Math.max(...cells.map((c) => c.ymax))).toBeGreaterThanOrEqual(bbox[3]);
	});

	it('orders cells north to south, then west to east', () => {
		const keys = gridCellsForBBox([0, 0, 2000, 2000], 1000).map((c) => `${c.col}_${c.row}`);
		expect(keys).toEqual(['0_1', '1_1', '0_0', '1_0']);
	});

	it('rejects bad input', () => {
		expect(() => gridCellsForBBox([0, 0, 1, 1], 0)).toThrow(RangeError);
		expect(() => gridCellsForBBox([0, 0, 1, 1], -5)).toThrow(RangeError);
		expect(() => gridCellsForBBox([1, 0, 0, 1], 10)).toThrow(RangeError);
		expect(() => gridCellsForBBox([0, 0, NaN, 1], 10)).toThrow(RangeError);
	});
});

describe('cellsForFeatureBBox', () => {
	it.each<[BBox, number, [number, number, number, number]]>([
		[[650200, 6861200, 650300, 6861300], 1000, [650, 650, 6861, 6861]],
		[[650900, 6861900, 651100, 6862100], 1000, [650, 651, 6861, 6862]],
		// a feature touching the next cell only along its edge does not reach it
		[[650500, 6861500, 651000, 6862000], 1000, [650, 650, 6861, 6861]],
		[[-0.5, -0.5, 0.5, 0.5], 1, [-1, 0, -1, 0]]
	])('%j / %d', (bbox, size, [c0, c1, r0, r1]) => {
		expect(cellsForFeatureBBox(bbox, size)).toEqual({ col0: c0, col1: c1, row0: r0, row1: r1 });
	});
});

describe('tileName (IGN dalle naming, upper-left corner in km)', () => {
	it.each<[number, number, number, string]>([
		[650000, 6862000, 1000, '0650_6862'], // BD ORTHO dalle …-0650-6862-LA93…
		[1000000, 6200000, 1000, '1000_6200'],
		[75000, 6999000, 1000, '0075_6999'],
		[650000, 6865000, 5000, '0650_6865'],
		[650500, 6862250, 250, '0650.5_6862.25'],
		[650000, 6862500, 500, '0650_6862.5'],
		[650200, 6862400, 200, '0650.2_6862.4'],
		[-12000, 5000, 1000, '-0012_0005'],
		[-500, -1500, 500, '-0000.5_-0001.5'],
		[0, 0, 1000, '0000_0000'],
		// float noise from col*size is rounded away
		[0.1 * 3 * 1000, 0, 100, '0000.3_0000'],
		[12345000, 1000, 1000, '12345_0001']
	])('tileName(%d, %d, %d) = %s', (x, y, size, name) => {
		expect(tileName(x, y, size)).toBe(name);
	});
});
