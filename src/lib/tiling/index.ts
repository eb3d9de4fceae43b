/** Splitting a delivery into review tiles: grid, clipping, streaming split. */
export { cellAt, cellsForFeatureBBox, gridCellsForBBox, tileName, type Cell, type CellRange } from './grid.ts';
export {
	clipMultiPolygonToRect,
	clipRingToRect,
	clippedArea,
	multiPolygonArea,
	multiPolygonClippedArea,
	polygonArea,
	polygonClippedArea,
	ringArea,
	ringClippedArea,
	type Rect
} from './clip.ts';
export {
	createSplitter,
	dominantClass,
	type ExplicitCell,
	type SplitFeature,
	type SplitTile,
	type Splitter,
	type SplitterOptions
} from './split.ts';
