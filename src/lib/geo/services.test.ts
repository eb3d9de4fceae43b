import { describe, expect, it } from 'vitest';
import { serviceTileUrls } from './services.ts';

describe('serviceTileUrls', () => {
	it('passes an XYZ template through', () => {
		expect(serviceTileUrls({ kind: 'xyz', url: 'https://tiles.example.org/{z}/{x}/{y}.png' })).toEqual([
			'https://tiles.example.org/{z}/{x}/{y}.png'
		]);
	});
	it('builds a WMS 1.3.0 GetMap in EPSG:3857 with the bbox placeholder unencoded', () => {
		const [u] = serviceTileUrls({ kind: 'wms', url: 'https://data.geopf.fr/wms-r?', layer: 'ORTHOIMAGERY.ORTHOPHOTOS' });
		expect(u.startsWith('https://data.geopf.fr/wms-r?SERVICE=WMS&REQUEST=GetMap&VERSION=1.3.0')).toBe(true);
		expect(u).toContain('LAYERS=ORTHOIMAGERY.ORTHOPHOTOS');
		expect(u).toContain('CRS=EPSG:3857&BBOX={bbox-epsg-3857}&WIDTH=256&HEIGHT=256');
	});
	it('appends to a WMS URL that already has a query', () => {
		const [u] = serviceTileUrls({ kind: 'wms', url: 'https://x.org/wms?map=ortho', layer: 'a b' });
		expect(u).toMatch(/^https:\/\/x\.org\/wms\?map=ortho&SERVICE=WMS/);
		expect(u).toContain('LAYERS=a%20b');
	});
	it('builds a WMTS KVP GetTile on the PM matrix set', () => {
		const [u] = serviceTileUrls({ kind: 'wmts', url: 'https://data.geopf.fr/wmts', layer: 'ORTHOIMAGERY.ORTHOPHOTOS' });
		expect(u).toBe(
			'https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=ORTHOIMAGERY.ORTHOPHOTOS&STYLE=normal&TILEMATRIXSET=PM&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&FORMAT=image/jpeg'
		);
	});
	it('asks a WMTS for PNG when told (plans and overlays)', () => {
		const [u] = serviceTileUrls({ kind: 'wmts', url: 'https://data.geopf.fr/wmts', layer: 'GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2', format: 'image/png' });
		expect(u).toMatch(/&FORMAT=image\/png$/);
	});
	it('maps a RESTful WMTS template onto MapLibre placeholders', () => {
		expect(serviceTileUrls({ kind: 'wmts', url: 'https://x.org/wmts/ortho/PM/{TileMatrix}/{TileRow}/{TileCol}.jpg' })).toEqual([
			'https://x.org/wmts/ortho/PM/{z}/{y}/{x}.jpg'
		]);
	});
});
