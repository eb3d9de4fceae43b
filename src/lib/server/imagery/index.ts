/** Server-side imagery: delivered GeoTIFF/COG orthophotos → Web Mercator XYZ tiles. */
export { openOrtho, closeOrtho, hasData, validCoverage, coarsestLevelResolving, type OrthoInfo } from './geotiff.ts';
export {
	createImageryRenderer,
	chooseOverviewLevel,
	encodeTile,
	type ImageryRenderer,
	type RendererOptions,
	type RenderOptions,
	type TilePlan,
	type TileFormat,
	type TileSize
} from './renderer.ts';
export { createTileCache, type TileCache, type TileKey } from './cache.ts';
