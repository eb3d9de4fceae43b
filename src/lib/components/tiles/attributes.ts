/**
 * Display of a land-cover feature's attributes (the attribute panel of the tile page).
 */

/**
 * Properties the land-cover endpoint adds to each feature; shown as the class and area lines, not as
 * the delivered feature's attributes.
 */
const DERIVED = new Set(['class_code', 'class_label', 'class_color', 'polygon_area_m2']);

/** The polygon's area in m² (computed by the server in the campaign's CRS), or null if not given. */
export function featureArea(properties: Record<string, unknown>): number | null {
	const area = properties.polygon_area_m2;
	return typeof area === 'number' && Number.isFinite(area) && area >= 0 ? area : null;
}

/**
 * [name, text] pairs of a feature's own attributes, in the file's order, `fid` first. MapLibre hands
 * nested values over as JSON strings already; null and undefined show as an empty string.
 */
export function featureAttributeRows(properties: Record<string, unknown>): [string, string][] {
	const rows: [string, string][] = [];
	for (const [name, value] of Object.entries(properties)) {
		if (DERIVED.has(name)) continue;
		rows.push([name, displayValue(value)]);
	}
	const fid = rows.findIndex(([name]) => name === 'fid');
	if (fid > 0) rows.unshift(...rows.splice(fid, 1));
	return rows;
}

function displayValue(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}
