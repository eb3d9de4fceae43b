import { describe, expect, it } from 'vitest';
import type { ImageryLayer } from '$lib/api/types.ts';
import {
	absolutizeUrl,
	attributionHtml,
	BACKGROUND_COLOR,
	bboxToBounds,
	buildBaseStyle,
	clamp,
	featureStateSwitch,
	geojsonBBox,
	IDS,
	isValidBBox,
	mapUiStrings,
	metresPerPixel,
	referenceRasterLayer,
	referenceRasterSource,
	scaleDenominator,
	landcoverFillOpacity,
	landcoverLineOpacity,
	landcoverLineWidth,
	padBBox,
	pointViewBBox,
	rasterSource,
	serviceHomepage,
	statusColorExpression,
	STATUS_COLORS,
	swipeClipPath,
	swipeRatioFromKey,
	swipeRatioFromPointer,
	tileOverlayLayers,
	visibility
} from './utils.ts';
import { TILE_STATUSES } from '../../review/status.ts';

const imagery: ImageryLayer = {
	kind: 'geotiff',
	tiles: ['/api/campaigns/1/imagery/{z}/{x}/{y}.png?vintage=current'],
	tileSize: 256,
	attribution: 'NAIP'
};

describe('absolutizeUrl', () => {
	it('prefixes root-relative templates without encoding placeholders', () => {
		expect(absolutizeUrl('/api/t/{z}/{x}/{y}.png', 'http://localhost:5173')).toBe(
			'http://localhost:5173/api/t/{z}/{x}/{y}.png'
		);
		expect(absolutizeUrl('/a', 'http://h:1/')).toBe('http://h:1/a');
		expect(absolutizeUrl('a/b', 'http://h')).toBe('http://h/a/b');
	});
	it('keeps absolute and protocol-relative URLs', () => {
		expect(absolutizeUrl('https://x.org/{z}/{x}/{y}', 'http://h')).toBe('https://x.org/{z}/{x}/{y}');
		expect(absolutizeUrl('//x.org/{z}', 'https://h')).toBe('https://x.org/{z}');
	});
});

describe('attributions (MapLibre shows them as HTML)', () => {
	const phishing = '<a href="https://evil.example" onclick="alert(1)">click</a>';

	it('are text: markup is escaped, never rendered', () => {
		expect(attributionHtml(phishing)).toBe('&lt;a href=&quot;https://evil.example&quot; onclick=&quot;alert(1)&quot;&gt;click&lt;/a&gt;');
		expect(attributionHtml('IGN & Région <Démo>')).toBe('IGN &amp; Région &lt;Démo&gt;');
		expect(attributionHtml("l'IGN")).toBe('l&#39;IGN');
		expect(attributionHtml('   ')).toBe('');
	});

	it('link only to the imagery service’s own http(s) address', () => {
		expect(serviceHomepage('https://tiles.example.org/{z}/{x}/{y}.png')).toBe('https://tiles.example.org/');
		expect(serviceHomepage('http://wms.example/ows?bbox={bbox-epsg-3857}&layers=A')).toBe('http://wms.example/');
		for (const bad of ['javascript:alert(1)//{z}', 'data:text/html,x', '/api/campaigns/1/imagery/{z}/{x}/{y}.png', 'not a url']) expect(serviceHomepage(bad), bad).toBeNull();
		expect(attributionHtml('© IGN', 'https://data.geopf.fr/')).toBe('<a href="https://data.geopf.fr/" target="_blank" rel="noopener noreferrer">© IGN</a>');
		expect(attributionHtml(phishing, 'https://tiles.example/')).toBe(
			'<a href="https://tiles.example/" target="_blank" rel="noopener noreferrer">&lt;a href=&quot;https://evil.example&quot; onclick=&quot;alert(1)&quot;&gt;click&lt;/a&gt;</a>'
		);
	});

	it('of an external service link to it; of delivered images (our own server) link nowhere', () => {
		const xyz: ImageryLayer = { kind: 'xyz', tiles: ['https://tiles.example/{z}/{x}/{y}.png'], tileSize: 256, attribution: phishing };
		expect(rasterSource(xyz, 'http://h').attribution).toBe(attributionHtml(phishing, 'https://tiles.example/'));
		expect(rasterSource({ ...imagery, attribution: phishing }, 'http://h').attribution).toBe(attributionHtml(phishing));
	});
});

describe('buildBaseStyle', () => {
	it('is offline: background only, no glyphs, sprite or remote style', () => {
		const style = buildBaseStyle({ imagery: null, origin: 'http://h' });
		expect(style.version).toBe(8);
		expect(style.glyphs).toBeUndefined();
		expect(style.sprite).toBeUndefined();
		expect(style.sources).toEqual({});
		expect(style.layers).toEqual([
			{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } }
		]);
	});

	it('adds the imagery raster bounded to the delivery', () => {
		const style = buildBaseStyle({ imagery, origin: 'http://h', bounds: [-97, 40, -96, 41] });
		expect(style.sources[IDS.imagery]).toEqual({
			type: 'raster',
			tiles: ['http://h/api/campaigns/1/imagery/{z}/{x}/{y}.png?vintage=current'],
			tileSize: 256,
			maxzoom: 22,
			attribution: 'NAIP',
			bounds: [-97, 40, -96, 41]
		});
		expect(style.layers.map((l) => l.id)).toEqual(['background', 'imagery']);
	});

	it('prefers the images’ own extent to the delivery extent', () => {
		const source = rasterSource({ ...imagery, bounds: [-96.9, 40.1, -96.5, 40.4] }, 'http://h', [-97, 40, -96, 41]);
		expect(source.bounds).toEqual([-96.9, 40.1, -96.5, 40.4]);
	});

	it('ignores empty tile lists and invalid bounds', () => {
		expect(buildBaseStyle({ imagery: { ...imagery, tiles: [] }, origin: 'http://h' }).layers).toHaveLength(1);
		const source = rasterSource({ ...imagery, tileSize: 0, attribution: '' }, 'http://h', [1, 1, 0, 0]);
		expect(source.bounds).toBeUndefined();
		expect(source.attribution).toBeUndefined();
		expect(source.tileSize).toBe(256);
	});

	it('never uses symbol layers (no glyphs offline)', () => {
		const layers = tileOverlayLayers({ visible: true, opacity: 0.5, outlineOnly: false });
		expect(layers.some((l) => l.type === 'symbol')).toBe(false);
	});
});

describe('expressions', () => {
	it('colours each status with its legend colour, validated tiles included, and falls back to grey', () => {
		const expression = statusColorExpression() as unknown[];
		// ['match', ['get', 'status'], value, colour, …, fallback], evaluated for one status.
		const colourOf = (status: string) => {
			for (let i = 2; i < expression.length - 1; i += 2) if (expression[i] === status) return expression[i + 1];
			return expression[expression.length - 1];
		};
		expect(expression.slice(0, 2)).toEqual(['match', ['get', 'status']]);
		for (const status of TILE_STATUSES) expect(colourOf(status), status).toBe(STATUS_COLORS[status]);
		expect(colourOf('unknown')).toBe(STATUS_COLORS.not_started);
	});

	it('switches on a boolean feature-state', () => {
		expect(featureStateSwitch('hover', 1, 0)).toEqual(['case', ['boolean', ['feature-state', 'hover'], false], 1, 0]);
	});

	it('computes land-cover paint from the display options', () => {
		expect(landcoverFillOpacity({ visible: true, opacity: 0.4, outlineOnly: false })).toBe(0.4);
		expect(landcoverFillOpacity({ visible: true, opacity: 0.4, outlineOnly: true })).toBe(0);
		expect(landcoverFillOpacity({ visible: false, opacity: 0.4, outlineOnly: false })).toBe(0);
		expect(landcoverFillOpacity({ visible: true, opacity: 7, outlineOnly: false })).toBe(1);
		// Outline-only: the slider sets the outlines' opacity; over a fill they stay opaque.
		expect(landcoverLineOpacity({ visible: true, opacity: 0.4, outlineOnly: true, outlineOpacity: 0.3 })).toBe(0.3);
		expect(landcoverLineOpacity({ visible: true, opacity: 0.4, outlineOnly: true })).toBe(1);
		expect(landcoverLineOpacity({ visible: true, opacity: 0.4, outlineOnly: false, outlineOpacity: 0.3 })).toBe(1);
		expect(landcoverLineOpacity({ visible: true, opacity: 0.4, outlineOnly: true, outlineOpacity: 9 })).toBe(1);
		expect(landcoverLineWidth({ visible: true, opacity: 1, outlineOnly: true })).toBeGreaterThan(
			landcoverLineWidth({ visible: true, opacity: 1, outlineOnly: false })
		);
		expect(visibility(false)).toBe('none');
	});

	it('hides every land-cover layer when the overlay is off, keeps the tile boundary', () => {
		const layers = tileOverlayLayers({ visible: false, opacity: 0.5, outlineOnly: false });
		for (const layer of layers) {
			const hidden = (layer.layout as { visibility?: string } | undefined)?.visibility === 'none';
			expect(hidden, layer.id).toBe('source' in layer && layer.source === IDS.landcover);
		}
	});
});

describe('bounds', () => {
	it('converts a bbox to MapLibre bounds', () => {
		expect(bboxToBounds([-97.5, 40.1, -97.4, 40.2])).toEqual([
			[-97.5, 40.1],
			[-97.4, 40.2]
		]);
	});

	it('validates boxes', () => {
		expect(isValidBBox([0, 0, 1, 1])).toBe(true);
		expect(isValidBBox([0, 0, 0, 0])).toBe(true);
		expect(isValidBBox([1, 0, 0, 1])).toBe(false);
		expect(isValidBBox([0, 0, Number.NaN, 1])).toBe(false);
		expect(isValidBBox([0, 0, 1])).toBe(false);
		expect(isValidBBox(null)).toBe(false);
	});

	it('bounds any GeoJSON, with negative coordinates', () => {
		expect(
			geojsonBBox({
				type: 'MultiPolygon',
				coordinates: [
					[[[-97, 40], [-96, 40], [-96, 41], [-97, 40]]],
					[[[-98.5, 39.5], [-98, 39.5], [-98, 40], [-98.5, 39.5]]]
				]
			})
		).toEqual([-98.5, 39.5, -96, 41]);
		expect(
			geojsonBBox({
				type: 'FeatureCollection',
				features: [
					{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [2, 48] } },
					{ type: 'Feature', properties: {}, geometry: null as never }
				]
			})
		).toEqual([2, 48, 2, 48]);
	});

	it('returns null for empty GeoJSON', () => {
		expect(geojsonBBox({ type: 'FeatureCollection', features: [] })).toBeNull();
		expect(geojsonBBox({ type: 'Polygon', coordinates: [] })).toBeNull();
		expect(geojsonBBox(null)).toBeNull();
	});

	it('pads boxes', () => {
		expect(padBBox([0, 0, 10, 20], 0.1)).toEqual([-1, -2, 11, 22]);
		expect(padBBox([5, 5, 5, 5], 0.5)).toEqual([5, 5, 5, 5]);
	});
});

describe('swipe', () => {
	it('clips the top map to the left of the divider', () => {
		expect(swipeClipPath(0.5)).toBe('inset(0 50% 0 0)');
		expect(swipeClipPath(0)).toBe('inset(0 100% 0 0)');
		expect(swipeClipPath(1)).toBe('inset(0 0% 0 0)');
		expect(swipeClipPath(1 / 3)).toBe('inset(0 66.667% 0 0)');
		expect(swipeClipPath(-2)).toBe('inset(0 100% 0 0)');
		expect(swipeClipPath(Number.NaN)).toBe('inset(0 100% 0 0)');
	});

	it('maps the pointer to a ratio, clamped', () => {
		const rect = { left: 100, width: 400 };
		expect(swipeRatioFromPointer(300, rect)).toBe(0.5);
		expect(swipeRatioFromPointer(50, rect)).toBe(0);
		expect(swipeRatioFromPointer(900, rect)).toBe(1);
		expect(swipeRatioFromPointer(300, { left: 0, width: 0 })).toBe(0.5);
	});

	it('moves with the keyboard', () => {
		expect(swipeRatioFromKey(0.5, 'ArrowLeft')).toBeCloseTo(0.45);
		expect(swipeRatioFromKey(0.5, 'ArrowRight', true)).toBeCloseTo(0.75);
		expect(swipeRatioFromKey(0.98, 'ArrowRight')).toBe(1);
		expect(swipeRatioFromKey(0.5, 'Home')).toBe(0);
		expect(swipeRatioFromKey(0.5, 'End')).toBe(1);
		expect(swipeRatioFromKey(0.5, 'PageDown')).toBe(0.25);
		expect(swipeRatioFromKey(0.5, 'a')).toBeNull();
	});

	it('clamps', () => {
		expect(clamp(5, 0, 1)).toBe(1);
		expect(clamp(-5, 0, 1)).toBe(0);
		expect(clamp(Number.NaN, 0, 1)).toBe(0);
	});
});

describe('pointViewBBox', () => {
	it('spans ± the radius on the ground, wider in degrees of longitude away from the equator', () => {
		const [w, s, e, n] = pointViewBBox({ lon: 2.35, lat: 48.85 }, 60);
		// 120 m north–south and east–west, measured back with the local scale.
		expect((n - s) * 111_320).toBeCloseTo(120, 6);
		expect((e - w) * 111_320 * Math.cos((48.85 * Math.PI) / 180)).toBeCloseTo(120, 6);
		expect((w + e) / 2).toBeCloseTo(2.35, 12);
		expect((s + n) / 2).toBeCloseTo(48.85, 12);
	});
});
describe('reference layers', () => {
	const layer = { id: 4, kind: 'wmts' as const, label: 'Plan IGN', attribution: '© IGN <script>', tiles: ['https://data.geopf.fr/wmts?LAYER=X&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}'] };
	it('become raster sources that stop asking tiled services past zoom 19, attribution escaped', () => {
		const source = referenceRasterSource(layer, 'https://recette.example');
		expect(source.tiles).toEqual(layer.tiles);
		expect(source.maxzoom).toBe(19);
		expect(source.attribution).toBe('<a href="https://data.geopf.fr/" target="_blank" rel="noopener noreferrer">© IGN &lt;script&gt;</a>');
		expect(referenceRasterSource({ ...layer, kind: 'wms' }, 'https://recette.example').maxzoom).toBe(22);
		expect(referenceRasterLayer(4)).toMatchObject({ id: 'reference-4', type: 'raster', source: 'reference-4' });
	});
});

describe('mapUiStrings', () => {
	it('gives MapLibre its control labels and the map title', () => {
		const strings = mapUiStrings((key) => `«${key}»`, 'Carte de la tuile A');
		expect(strings['NavigationControl.ZoomIn']).toBe('«map.ui.zoomIn»');
		expect(strings['AttributionControl.ToggleAttribution']).toBe('«map.ui.toggleAttribution»');
		expect(strings['Map.Title']).toBe('Carte de la tuile A');
		expect(mapUiStrings((key) => key)['Map.Title']).toBe('map.ui.title');
	});
});

describe('scaleDenominator', () => {
	it('is the ratio scale at the OGC pixel, to two significant figures', () => {
		// Zoom 0 at the equator: 40 075 017 m over 512 px = 78 272 m/px, / 0.28 mm.
		expect(scaleDenominator(0, 0)).toBe(280_000_000);
		// Each zoom level halves it; latitude shrinks it by cos(lat).
		expect(scaleDenominator(17, 0)).toBe(2_100);
		expect(scaleDenominator(17, 60)).toBe(1_100);
		expect(metresPerPixel(17, 0) * 2).toBeCloseTo(metresPerPixel(16, 0), 9);
	});
	it('is 0 where it means nothing', () => {
		expect(scaleDenominator(0, 90)).toBeLessThan(1e-3);
		expect(scaleDenominator(Number.NaN, 0)).toBe(0);
	});
});
