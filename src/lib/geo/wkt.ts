/**
 * Well-Known Text (OGC Simple Features) of GeoJSON-shaped geometries, for the CSV exports' geometry
 * column: spreadsheets keep it as text, QGIS reads it back ("Add delimited text layer", WKT field).
 * Pure.
 */

export type WktGeometry =
	| { type: 'Point'; coordinates: number[] }
	| { type: 'LineString'; coordinates: number[][] }
	| { type: 'Polygon'; coordinates: number[][][] }
	| { type: 'MultiPolygon'; coordinates: number[][][][] };

/**
 * `g` as WKT, e.g. `POINT (650100.5 6862200.25)`. With `digits`, coordinates are rounded to that
 * many decimals (3 = millimetres in a metric CRS) and written without trailing zeros.
 * @throws Error on a non-finite coordinate or an empty part (a malformed geometry, never written).
 */
export function toWkt(g: WktGeometry, digits?: number): string {
	const num = (v: number) => {
		if (!Number.isFinite(v)) throw new Error(`WKT: coordinate ${v} is not a finite number`);
		if (digits === undefined) return String(v);
		const r = Number(v.toFixed(digits));
		return String(Object.is(r, -0) ? 0 : r);
	};
	const pos = (p: number[]) => `${num(p[0])} ${num(p[1])}`;
	const list = (ps: number[][]) => {
		if (!ps.length) throw new Error('WKT: empty coordinate list');
		return `(${ps.map(pos).join(', ')})`;
	};
	const rings = (rs: number[][][]) => {
		if (!rs.length) throw new Error('WKT: polygon without rings');
		return `(${rs.map(list).join(', ')})`;
	};
	switch (g.type) {
		case 'Point':
			return `POINT (${pos(g.coordinates)})`;
		case 'LineString':
			return `LINESTRING ${list(g.coordinates)}`;
		case 'Polygon':
			return `POLYGON ${rings(g.coordinates)}`;
		case 'MultiPolygon':
			if (!g.coordinates.length) throw new Error('WKT: multipolygon without parts');
			return `MULTIPOLYGON (${g.coordinates.map(rings).join(', ')})`;
	}
}
