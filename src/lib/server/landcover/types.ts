import type { BBox, CrsInfo, LandcoverFeature } from '../../geo/types.ts';

export type LandcoverFormat = 'gpkg' | 'geojson' | 'shapefile' | 'flatgeobuf';

export interface OpenLandcoverOptions {
	/** Attribute holding the class code (e.g. `code_cs`); checked at open time when given. */
	classField?: string;
	/** Layer to read: GeoPackage table name or, in a zip holding several shapefiles, the .shp base name. */
	layer?: string;
	/**
	 * Most bytes we agree to hold uncompressed: the sum of the zip entries we extract, and the largest
	 * GeoJSON we parse. Default 2 GiB.
	 */
	maxUncompressedBytes?: number;
	/**
	 * Let the GeoPackage reader run SQLite in a worker thread for big layers (default true): the main
	 * thread then only decodes, which roughly halves its share of the import.
	 */
	threads?: boolean;
}

/** Counters filled while iterating {@link LandcoverDataset.features}; reset at each new iteration. */
export interface LandcoverReadStats {
	/** Features yielded. */
	polygons: number;
	/** Features skipped because their geometry is not a (multi)polygon, by type name ("Point": 3). */
	skippedByType: Record<string, number>;
	/** Features skipped because their geometry is null or empty. */
	skippedEmpty: number;
}

/**
 * An opened land-cover delivery. Coordinates and `bbox` are in the dataset's native CRS (`crs`).
 * Always call `close()` (GeoPackage keeps an SQLite handle open).
 */
export interface LandcoverDataset {
	format: LandcoverFormat;
	/** File name (no directory), for messages. */
	name: string;
	crs: CrsInfo;
	/** Attribute names, in file order (no geometry column, no GeoPackage fid). */
	fields: string[];
	/** Number of records (including null/non-polygon geometries), or null if the format cannot tell. */
	featureCount: number | null;
	/** Extent in the native CRS (may be slightly larger than exact: GeoPackage R-trees store float32). */
	bbox: BBox | null;
	/** Layer being read (GeoPackage table, .shp base name), null for single-layer formats. */
	layer: string | null;
	/** All polygon layers available in the file (first one is read when no `layer` option is given). */
	layers: string[];
	/** The class field given at open time, or null. */
	classField: string | null;
	/**
	 * Iterate the polygon features. Synchronous for every format: a plain `for…of` is the fastest loop
	 * (`for await` works too). Non-polygon and empty geometries are skipped and counted in `stats`.
	 * @throws InputError `empty_dataset` at the end when every feature was skipped; `corrupt_file` on damage.
	 */
	features(): Iterable<LandcoverFeature>;
	/** Up to `n` distinct non-null values of `field`, as strings, sorted. */
	sampleValues(field: string, n?: number): string[];
	/** Skip counters of the last (or current) iteration. */
	readonly stats: LandcoverReadStats;
	close(): void;
}
