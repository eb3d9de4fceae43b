/**
 * Streaming split of a land-cover delivery into review tiles: per tile, the area of each class and the number
 * of features present. Features are added one at a time (the import pipeline streams them from the file), so
 * memory is O(tiles × classes), not O(features), unless feature ids are kept.
 *
 * Geometries must already be in the projected CRS of the tiles (the caller reprojects first).
 */
import type { BBox, MultiPolygon } from '../geo/types.ts';
import {
	ClipScratch,
	bufferClippedArea2,
	clipRingToBand,
	multiPolygonArea,
	multiPolygonClippedArea
} from './clip.ts';
import { RectIndex } from './rect-index.ts';

/** An explicit review tile, e.g. one per delivered image, given by its rectangle. */
export interface ExplicitCell {
	/** Tile key; defaults to "col_row" when col/row are given, else to the cell's index in the list. */
	id?: string;
	/** Alias of `id` (SplitTile calls it `key`); `id` wins when both are given. */
	key?: string;
	col?: number;
	row?: number;
	xmin: number;
	ymin: number;
	xmax: number;
	ymax: number;
}

export type SplitterOptions = { keepFeatureIds?: boolean } & (
	| { grid: { size: number }; cells?: undefined }
	| { cells: ExplicitCell[]; grid?: undefined }
);

/** A feature as the splitter needs it (a LandcoverFeature fits). */
export interface SplitFeature {
	fid: number;
	classCode: string;
	geometry: MultiPolygon;
	/** Bbox of the geometry, in the same CRS. */
	bbox: BBox;
}

export interface SplitTile {
	/** "col_row" for grid cells, the given id (or "col_row", or index) for explicit cells. */
	key: string;
	/** Grid indices, for grid cells and explicit cells that carry them. */
	col?: number;
	row?: number;
	xmin: number;
	ymin: number;
	xmax: number;
	ymax: number;
	/** Features with clipped area > 0 in this tile. */
	featureCount: number;
	/** Clipped area per class code, in CRS units² (m²). */
	areas: Map<string, number>;
	/** fids of the features counted in featureCount, in insertion order (only with keepFeatureIds). */
	featureFids?: number[];
}

export interface Splitter {
	/**
	 * Add one feature: each tile it overlaps receives its clipped area only. Returns the number of tiles that
	 * received a positive area (0 for a feature outside every explicit tile or with an empty/invalid geometry).
	 */
	add(feature: SplitFeature): number;
	/**
	 * The tiles. Grid mode: only cells that received area, north to south then west to east (row descending,
	 * col ascending). Explicit mode: every given cell, in the given order, empty ones included.
	 */
	result(): SplitTile[];
}

/**
 * Areas below this fraction of the tile area are float noise from clipping (a polygon touching the tile along an
 * edge, bridges along borders), not land cover: for a 1 km tile, 1e-12 × 1e6 m² = 1 mm².
 */
const NOISE_FRACTION = 1e-12;

/**
 * Above this many (cells × vertices) a feature is cut into horizontal bands first (one S–H pass per band), so a
 * huge forest polygon spanning hundreds of cells costs O(rows·n + cells·n/rows) instead of O(cells·n).
 */
const BAND_THRESHOLD = 50_000;

function vertexCount(mp: MultiPolygon): number {
	let n = 0;
	for (const poly of mp) for (const ring of poly) n += ring.length >> 1;
	return n;
}

function validBBox(b: BBox): boolean {
	return (
		b !== undefined &&
		Number.isFinite(b[0]) &&
		Number.isFinite(b[1]) &&
		Number.isFinite(b[2]) &&
		Number.isFinite(b[3]) &&
		b[2] >= b[0] &&
		b[3] >= b[1]
	);
}

function newTile(key: string, xmin: number, ymin: number, xmax: number, ymax: number, keepIds: boolean): SplitTile {
	const t: SplitTile = { key, xmin, ymin, xmax, ymax, featureCount: 0, areas: new Map() };
	if (keepIds) t.featureFids = [];
	return t;
}

function credit(tile: SplitTile, f: SplitFeature, area: number): void {
	tile.featureCount++;
	tile.areas.set(f.classCode, (tile.areas.get(f.classCode) ?? 0) + area);
	if (tile.featureFids) tile.featureFids.push(f.fid);
}

/**
 * Create a streaming splitter over either a metric grid (`grid: { size }`, cells aligned on multiples of size,
 * see grid.ts) or explicit rectangles (`cells`, which may overlap: a feature then counts in each).
 * @throws RangeError on a non-positive grid size, an invalid explicit cell or a duplicate explicit key.
 */
export function createSplitter(options: SplitterOptions): Splitter {
	const keepIds = options.keepFeatureIds === true;
	if (options.cells) return createExplicitSplitter(options.cells, keepIds);
	if (!options.grid) throw new RangeError('createSplitter needs either grid: { size } or cells: [...].');
	return createGridSplitter(options.grid.size, keepIds);
}

function createGridSplitter(size: number, keepIds: boolean): Splitter {
	if (!(size > 0) || !Number.isFinite(size)) {
		throw new RangeError(`Grid size must be a positive number of metres, got ${size}.`);
	}
	// row → col → tile; numeric keys avoid building a string per (feature, cell).
	const rows = new Map<number, Map<number, SplitTile>>();
	const eps = NOISE_FRACTION * size * size;
	const scratch = new ClipScratch();
	let bandAcc = new Float64Array(16);
	let polyAcc = new Float64Array(16);

	// Features usually arrive spatially clustered: remember the last tile to skip two Map lookups.
	let last: SplitTile | null = null;

	function tileAt(col: number, row: number): SplitTile {
		if (last !== null && last.col === col && last.row === row) return last;
		let r = rows.get(row);
		if (!r) rows.set(row, (r = new Map()));
		let t = r.get(col);
		if (!t) {
			t = newTile(`${col}_${row}`, col * size, row * size, (col + 1) * size, (row + 1) * size, keepIds);
			t.col = col;
			t.row = row;
			r.set(col, t);
		}
		last = t;
		return t;
	}

	/** Per-cell areas of a big feature, one horizontal band (grid row) at a time. */
	function addBanded(f: SplitFeature, col0: number, col1: number, row0: number, row1: number): number {
		const ncols = col1 - col0 + 1;
		if (bandAcc.length < ncols) {
			bandAcc = new Float64Array(ncols);
			polyAcc = new Float64Array(ncols);
		}
		let credited = 0;
		for (let row = row0; row <= row1; row++) {
			const ymin = row * size;
			const ymax = ymin + size;
			bandAcc.fill(0, 0, ncols);
			for (const poly of f.geometry) {
				polyAcc.fill(0, 0, ncols);
				for (let ri = 0; ri < poly.length; ri++) {
					const m = clipRingToBand(poly[ri], ymin, ymax, scratch);
					if (m < 3) {
						if (ri === 0) break; // exterior absent from this band: so are its holes
						continue;
					}
					const buf = scratch.a;
					// Restrict the columns to the x-extent of the band piece.
					let bx0 = Infinity;
					let bx1 = -Infinity;
					for (let i = 0; i < m; i++) {
						const x = buf[2 * i];
						if (x < bx0) bx0 = x;
						if (x > bx1) bx1 = x;
					}
					const c0 = Math.max(col0, Math.floor(bx0 / size));
					const c1 = Math.min(col1, Math.max(c0, Math.ceil(bx1 / size) - 1));
					for (let col = c0; col <= c1; col++) {
						const a2 = Math.abs(bufferClippedArea2(buf, m, col * size, ymin, col * size + size, ymax));
						polyAcc[col - col0] += ri === 0 ? a2 : -a2;
					}
				}
				for (let i = 0; i < ncols; i++) if (polyAcc[i] > 0) bandAcc[i] += polyAcc[i] / 2;
			}
			for (let i = 0; i < ncols; i++) {
				if (bandAcc[i] > eps) {
					credit(tileAt(col0 + i, row), f, bandAcc[i]);
					credited++;
				}
			}
		}
		return credited;
	}

	function add(f: SplitFeature): number {
		const b = f.bbox;
		if (!validBBox(b) || f.geometry.length === 0) return 0;
		// Same ranges as cellsForFeatureBBox, inlined to avoid an object per feature.
		const col0 = Math.floor(b[0] / size);
		const col1 = Math.max(col0, Math.ceil(b[2] / size) - 1);
		const row0 = Math.floor(b[1] / size);
		const row1 = Math.max(row0, Math.ceil(b[3] / size) - 1);
		if (col0 === col1 && row0 === row1) {
			// Common case: the bbox lies in one cell, so the whole feature does — no clipping at all.
			const a = multiPolygonArea(f.geometry);
			if (a > eps) {
				credit(tileAt(col0, row0), f, a);
				return 1;
			}
			return 0;
		}
		const ncells = (col1 - col0 + 1) * (row1 - row0 + 1);
		if (ncells > 4 && ncells * vertexCount(f.geometry) > BAND_THRESHOLD) {
			return addBanded(f, col0, col1, row0, row1);
		}
		let credited = 0;
		for (let row = row1; row >= row0; row--) {
			const ymin = row * size;
			for (let col = col0; col <= col1; col++) {
				const xmin = col * size;
				const a = multiPolygonClippedArea(f.geometry, xmin, ymin, xmin + size, ymin + size);
				if (a > eps) {
					credit(tileAt(col, row), f, a);
					credited++;
				}
			}
		}
		return credited;
	}

	function result(): SplitTile[] {
		const out: SplitTile[] = [];
		const rowKeys = [...rows.keys()].sort((a, b) => b - a);
		for (const r of rowKeys) {
			const cols = rows.get(r)!;
			const colKeys = [...cols.keys()].sort((a, b) => a - b);
			for (const c of colKeys) out.push(cols.get(c)!);
		}
		return out;
	}

	return { add, result };
}

function createExplicitSplitter(cells: ExplicitCell[], keepIds: boolean): Splitter {
	const tiles: SplitTile[] = [];
	const keys = new Set<string>();
	cells.forEach((c, i) => {
		if (
			![c.xmin, c.ymin, c.xmax, c.ymax].every(Number.isFinite) ||
			!(c.xmax > c.xmin) ||
			!(c.ymax > c.ymin)
		) {
			throw new RangeError(
				`Tile ${c.id ?? c.key ?? i} has an empty or invalid rectangle [${c.xmin}, ${c.ymin}, ${c.xmax}, ${c.ymax}].`
			);
		}
		const key = c.id ?? c.key ?? (c.col !== undefined && c.row !== undefined ? `${c.col}_${c.row}` : String(i));
		if (keys.has(key)) throw new RangeError(`Two tiles have the same key "${key}".`);
		keys.add(key);
		const t = newTile(key, c.xmin, c.ymin, c.xmax, c.ymax, keepIds);
		if (c.col !== undefined) t.col = c.col;
		if (c.row !== undefined) t.row = c.row;
		tiles.push(t);
	});

	const index = new RectIndex(tiles);

	function add(f: SplitFeature): number {
		const b = f.bbox;
		if (!validBBox(b) || f.geometry.length === 0 || tiles.length === 0) return 0;
		let whole = -1; // area of the whole feature, computed once if some tile contains it entirely
		let credited = 0;
		index.forEachOverlapping(b, (i) => {
			const t = tiles[i];
			let a: number;
			if (b[0] >= t.xmin && b[2] <= t.xmax && b[1] >= t.ymin && b[3] <= t.ymax) {
				if (whole < 0) whole = multiPolygonArea(f.geometry);
				a = whole;
			} else {
				a = multiPolygonClippedArea(f.geometry, t.xmin, t.ymin, t.xmax, t.ymax);
			}
			if (a > NOISE_FRACTION * (t.xmax - t.xmin) * (t.ymax - t.ymin)) {
				credit(t, f, a);
				credited++;
			}
		});
		return credited;
	}

	return { add, result: () => tiles };
}

/**
 * The class with the largest area, or null when no class has a positive area. Ties are broken by code order
 * (plain string comparison, locale-independent) so the result is deterministic.
 */
export function dominantClass(areas: Map<string, number> | Record<string, number>): string | null {
	const entries = areas instanceof Map ? areas.entries() : Object.entries(areas);
	let best: string | null = null;
	let bestArea = 0;
	for (const [code, area] of entries) {
		if (!(area > 0)) continue;
		if (area > bestArea || (area === bestArea && best !== null && code < best)) {
			best = code;
			bestArea = area;
		}
	}
	return best;
}
