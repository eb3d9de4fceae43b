import { describe, expect, it } from 'vitest';
import type { BBox } from '../geo/types.ts';
import { RectIndex } from './rect-index.ts';

const overlapping = (index: RectIndex, bbox: BBox) => {
	const out: number[] = [];
	index.forEachOverlapping(bbox, (i) => out.push(i));
	return out.sort((a, b) => a - b);
};

describe('RectIndex', () => {
	// A 3 × 2 grid of 1 km tiles in Lambert-93-like coordinates, plus one big image overlapping them.
	const tiles = [
		...[0, 1, 2].flatMap((c) => [0, 1].map((r) => ({ xmin: 650_000 + c * 1000, ymin: 6_860_000 + r * 1000, xmax: 651_000 + c * 1000, ymax: 6_861_000 + r * 1000 }))),
		{ xmin: 650_500, ymin: 6_860_500, xmax: 652_500, ymax: 6_861_500 }
	];
	const index = new RectIndex(tiles);

	it('finds each overlapping rectangle once, even when it spans several buckets', () => {
		expect(overlapping(index, [650_900, 6_860_900, 651_100, 6_861_100])).toEqual([0, 1, 2, 3, 6]);
	});

	it('does not count touching along an edge as overlapping', () => {
		// Exactly the first tile: its neighbours only share its edges.
		expect(overlapping(index, [650_000, 6_860_000, 651_000, 6_861_000])).toEqual([0, 6]);
	});

	it('answers a region-sized query by its overlap with the tiles, and nothing outside them', () => {
		expect(overlapping(index, [0, 0, 1e7, 1e8])).toEqual([0, 1, 2, 3, 4, 5, 6]);
		expect(overlapping(index, [700_000, 6_860_000, 701_000, 6_861_000])).toEqual([]);
		expect(index.extent).toEqual([650_000, 6_860_000, 653_000, 6_862_000]);
	});

	it('is empty without rectangles', () => {
		expect(overlapping(new RectIndex([]), [0, 0, 1, 1])).toEqual([]);
	});
});
