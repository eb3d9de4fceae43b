/**
 * The metric review grid: square cells aligned on multiples of `size` in the dataset's projected CRS.
 *
 * Cell (col, row) covers [col·size, (col+1)·size] × [row·size, (row+1)·size], with col = floor(x/size) and
 * row = floor(y/size), so the grid is global (two deliveries over the same area get the same cells) and works
 * for negative coordinates too (floor, not truncation).
 */
import type { BBox } from '../geo/types.ts';

/** One grid cell. Bounds are in the projected CRS of the grid. */
export interface Cell {
	col: number;
	row: number;
	xmin: number;
	ymin: number;
	xmax: number;
	ymax: number;
}

/** Inclusive col/row ranges of the cells a bbox has area in (empty when col1 < col0 or row1 < row0). */
export interface CellRange {
	col0: number;
	col1: number;
	row0: number;
	row1: number;
}

function checkSize(size: number): void {
	if (!(size > 0) || !Number.isFinite(size)) {
		throw new RangeError(`Grid size must be a positive number of metres, got ${size}.`);
	}
}

/**
 * Inclusive index range [i0, i1] of the grid intervals [i·size, (i+1)·size] that overlap [min, max].
 *
 * The upper index is ceil(max/size) − 1 rather than floor(max/size): a bbox ending exactly on a grid line
 * (e.g. xmax = 651 000 with size 1 000) only touches the next column along a line, which holds no area, so it
 * must not create an empty extra column. A degenerate interval (min = max) still gets the interval it lies in.
 */
function indexRange(min: number, max: number, size: number): [number, number] {
	const i0 = Math.floor(min / size);
	const i1 = Math.max(i0, Math.ceil(max / size) - 1);
	return [i0, i1];
}

/**
 * The col/row ranges of the grid cells a feature's bbox overlaps with non-zero area.
 * Cells merely touched along the bbox border are excluded (they cannot receive any of the feature's area).
 */
export function cellsForFeatureBBox(bbox: BBox, size: number): CellRange {
	checkSize(size);
	const [col0, col1] = indexRange(bbox[0], bbox[2], size);
	const [row0, row1] = indexRange(bbox[1], bbox[3], size);
	return { col0, col1, row0, row1 };
}

/** The cell with the given indices. */
export function cellAt(col: number, row: number, size: number): Cell {
	return { col, row, xmin: col * size, ymin: row * size, xmax: (col + 1) * size, ymax: (row + 1) * size };
}

/**
 * All cells of the grid of step `size` that cover `bbox`, ordered north to south (row descending) then west to
 * east (col ascending), i.e. reading order on a map.
 *
 * @throws RangeError when size is not positive or the bbox is not finite / inverted.
 */
export function gridCellsForBBox(bbox: BBox, size: number): Cell[] {
	checkSize(size);
	const [xmin, ymin, xmax, ymax] = bbox;
	if (![xmin, ymin, xmax, ymax].every(Number.isFinite) || xmax < xmin || ymax < ymin) {
		throw new RangeError(`Cannot grid an invalid bbox [${bbox.join(', ')}].`);
	}
	const { col0, col1, row0, row1 } = cellsForFeatureBBox(bbox, size);
	const cells: Cell[] = [];
	for (let row = row1; row >= row0; row--) {
		for (let col = col0; col <= col1; col++) cells.push(cellAt(col, row, size));
	}
	return cells;
}

/** Number of decimals needed to write `v` exactly, up to `max` (used for sub-kilometre grid steps). */
function decimalsOf(v: number, max: number): number {
	for (let d = 0; d < max; d++) {
		const scaled = v * 10 ** d;
		if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, Math.abs(scaled))) return d;
	}
	return max;
}

/** Kilometre value: integer part zero-padded to 4 digits, sign kept, needed decimals only. */
function formatKm(metres: number, maxDecimals: number): string {
	const km = metres / 1000;
	const fixed = Math.abs(km).toFixed(maxDecimals);
	let [intPart, frac = ''] = fixed.split('.');
	frac = frac.replace(/0+$/, '');
	// "-0" must not appear for values that round to zero.
	const negative = km < 0 && Number(fixed) !== 0;
	return (negative ? '-' : '') + intPart.padStart(4, '0') + (frac ? '.' + frac : '');
}

/**
 * IGN "dalle" name of a tile: `XXXX_YYYY`, the kilometre coordinates of the tile's UPPER-LEFT corner
 * (xmin, ymax), integer part zero-padded to 4 digits — the convention of BD ORTHO® / RGE ALTI® dalles, whose
 * file names carry the upper-left corner in km (e.g. `…-0650-6862-LA93-0M20…` for the 1 km dalle whose
 * upper-left corner is x = 650 000 m, y = 6 862 000 m in Lambert-93).
 *
 * - size a multiple of 1 000 m: integer km, `tileName(650000, 6862000, 1000)` → `"0650_6862"`.
 * - otherwise each value keeps the decimals it needs (at most those of size/1000, so float noise is rounded
 *   away): `tileName(650500, 6862250, 250)` → `"0650.5_6862.25"`.
 * - negative values keep their sign: `tileName(-12000, 5000, 1000)` → `"-0012_0005"`.
 */
export function tileName(xmin: number, ymax: number, size: number): string {
	checkSize(size);
	const maxDecimals = decimalsOf(size / 1000, 6);
	return `${formatKm(xmin, maxDecimals)}_${formatKm(ymax, maxDecimals)}`;
}
