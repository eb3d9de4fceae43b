import type { BBox } from '../geo/types.ts';
import type { Rect } from './clip.ts';

/**
 * "Which review tiles may this feature touch?" — a uniform bucket index over rectangles, for the
 * splitter's explicit tiles (one per image) and for assigning tiles by territory. Review tiles are
 * similar in size, so a grid of buckets the size of the median tile answers in a few lookups with no
 * tree to build. Queries are clamped to the tiles' extent: a region-sized polygon must not walk
 * millions of empty buckets.
 */
export class RectIndex {
	/** [xmin, ymin, xmax, ymax] of all rectangles (inverted, hence matching nothing, when empty). */
	readonly extent: BBox;
	private readonly bucket: number;
	private readonly buckets = new Map<number, Map<number, number[]>>();
	// stamp[i] === query ⇒ rectangle i already visited in this query (dedupe without a Set).
	private readonly stamp: Uint32Array;
	private query = 0;

	constructor(private readonly rects: readonly Rect[]) {
		const sides = rects.map((t) => Math.max(t.xmax - t.xmin, t.ymax - t.ymin)).sort((a, b) => a - b);
		this.bucket = sides.length ? sides[sides.length >> 1] || 1 : 1;
		let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
		rects.forEach((t, i) => {
			x0 = Math.min(x0, t.xmin); y0 = Math.min(y0, t.ymin); x1 = Math.max(x1, t.xmax); y1 = Math.max(y1, t.ymax);
			for (let by = Math.floor(t.ymin / this.bucket); by <= Math.floor(t.ymax / this.bucket); by++) {
				let row = this.buckets.get(by);
				if (!row) this.buckets.set(by, (row = new Map()));
				for (let bx = Math.floor(t.xmin / this.bucket); bx <= Math.floor(t.xmax / this.bucket); bx++) {
					let list = row.get(bx);
					if (!list) row.set(bx, (list = []));
					list.push(i);
				}
			}
		});
		this.extent = [x0, y0, x1, y1];
		this.stamp = new Uint32Array(rects.length);
	}

	/**
	 * Calls `visit(i)` once for each rectangle sharing a positive area with `bbox` (strict: touching
	 * along an edge is no overlap). The exact test against the geometry is the caller's.
	 */
	forEachOverlapping(bbox: BBox, visit: (index: number) => void): void {
		const [ex0, ey0, ex1, ey1] = this.extent;
		const x0 = Math.max(bbox[0], ex0), y0 = Math.max(bbox[1], ey0), x1 = Math.min(bbox[2], ex1), y1 = Math.min(bbox[3], ey1);
		if (!(x0 < x1 && y0 < y1)) return;
		const query = (this.query = (this.query + 1) >>> 0 || 1);
		for (let by = Math.floor(y0 / this.bucket); by <= Math.floor(y1 / this.bucket); by++) {
			const row = this.buckets.get(by);
			if (!row) continue;
			for (let bx = Math.floor(x0 / this.bucket); bx <= Math.floor(x1 / this.bucket); bx++) {
				const list = row.get(bx);
				if (!list) continue;
				for (const i of list) {
					if (this.stamp[i] === query) continue;
					this.stamp[i] = query;
					const t = this.rects[i];
					if (x0 < t.xmax && x1 > t.xmin && y0 < t.ymax && y1 > t.ymin) visit(i);
				}
			}
		}
	}
}
