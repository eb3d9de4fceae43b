/**
 * Geometry types shared by readers, tiling and rendering.
 *
 * Coordinates are kept in flat Float64Arrays ([x0, y0, x1, y1, …]) because the split hot path handles
 * hundreds of thousands of polygons: flat typed arrays avoid one JS array per vertex.
 */

/** [minX, minY, maxX, maxY] in the units of the CRS it belongs to. */
export type BBox = [number, number, number, number];

/** One linear ring, flat [x0, y0, x1, y1, …]; the closing vertex (= first) may or may not be repeated. */
export type Ring = Float64Array;

/** A polygon: first ring is the exterior, the others are holes. */
export type Polygon = Ring[];

/** Land-cover geometries are (multi)polygons; a single polygon is a one-element array. */
export type MultiPolygon = Polygon[];

/** A coordinate reference system as resolved from an EPSG code or a WKT/PRJ definition. */
export interface CrsInfo {
	/** EPSG code, e.g. 2154 for Lambert-93. */
	epsg: number;
	/** Human-readable name, e.g. "RGF93 v1 / Lambert-93". */
	name: string;
	/** proj4 definition string. */
	proj4: string;
	/** true for projected (metric) CRSs; false for geographic (degrees). */
	projected: boolean;
}

/** One land-cover feature as read from a delivery file, in the dataset's own CRS. */
export interface LandcoverFeature {
	/** Feature id from the file (GeoPackage fid, GeoJSON id, shapefile record number). */
	fid: number;
	/** Value of the reviewed class attribute (e.g. code_cs), as a string; '' when null. */
	classCode: string;
	geometry: MultiPolygon;
	bbox: BBox;
	/** All attributes of the feature (for the attribute popup). */
	properties: Record<string, unknown>;
}
