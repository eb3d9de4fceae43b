/**
 * MapLibre raster-source URL templates for a campaign's external imagery service.
 * Pure so the rules (which parameters a WMS/WMTS needs) are tested without a map.
 */
export interface ExternalService {
	kind: 'xyz' | 'wms' | 'wmts';
	url: string;
	layer?: string | null;
	/**
	 * Image format asked of a WMTS without a URL template (KVP GetTile): JPEG suits imagery, the
	 * default; PNG is what overlays (cadastre, boundaries) and plan layers are published in.
	 */
	format?: 'image/jpeg' | 'image/png';
}

function withQuery(url: string, params: Record<string, string>): string {
	const sep = url.includes('?') ? (/[?&]$/.test(url) ? '' : '&') : '?';
	// MapLibre placeholders ({z}, {bbox-epsg-3857}) must stay unencoded, so build the query by hand.
	return url + sep + Object.entries(params).map(([k, v]) => `${k}=${v}`).join('&');
}

/** URL template(s) MapLibre fills in for each tile. */
export function serviceTileUrls(s: ExternalService, tileSize = 256): string[] {
	if (s.kind === 'xyz') return [s.url];
	if (s.kind === 'wms') {
		return [
			withQuery(s.url, {
				SERVICE: 'WMS',
				REQUEST: 'GetMap',
				VERSION: '1.3.0',
				LAYERS: encodeURIComponent(s.layer ?? ''),
				STYLES: '',
				CRS: 'EPSG:3857',
				BBOX: '{bbox-epsg-3857}',
				WIDTH: String(tileSize),
				HEIGHT: String(tileSize),
				FORMAT: 'image/png',
				TRANSPARENT: 'true'
			})
		];
	}
	// WMTS: a RESTful template is used as is; otherwise KVP GetTile on the Web-Mercator matrix set
	// ("PM" is the name IGN's Géoplateforme and most French platforms give it).
	if (/\{(z|TileMatrix)\}/.test(s.url)) {
		return [s.url.replace('{TileMatrix}', '{z}').replace('{TileRow}', '{y}').replace('{TileCol}', '{x}')];
	}
	return [
		withQuery(s.url, {
			SERVICE: 'WMTS',
			REQUEST: 'GetTile',
			VERSION: '1.0.0',
			LAYER: encodeURIComponent(s.layer ?? ''),
			STYLE: 'normal',
			TILEMATRIXSET: 'PM',
			TILEMATRIX: '{z}',
			TILEROW: '{y}',
			TILECOL: '{x}',
			FORMAT: s.format ?? 'image/jpeg'
		})
	];
}

/**
 * The origin of an imagery service's URL template as a CSP source, or null. Only plain host names
 * and IP addresses: WHATWG URLs accept `;` or `'` in a host name, which would let a URL typed by a
 * manager add directives to the policy.
 */
export function imageryOrigin(location: string): string | null {
	let url: URL;
	try {
		url = new URL(location.replace(/\{[^}]*\}/g, '0'));
	} catch {
		return null;
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
	return /^https?:\/\/(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d+)?$/i.test(url.origin) ? url.origin : null;
}
