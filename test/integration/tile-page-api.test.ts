/**
 * What the tile page reads from the server besides the review: each land-cover polygon's area
 * (computed in the campaign's CRS), the campaign CRS's proj4 definition (for the coordinates
 * readout), and the campaign's reference layers — stored, listed, removed, and allowed by the
 * campaign pages' Content-Security-Policy (and by no other campaign's).
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { campaignImageryOrigins } from '../../src/lib/server/access/csp.ts';
import { campaignDetail, tileLandcover, tilesFeatureCollection } from '../../src/lib/server/campaigns/campaigns.service.ts';
import { importCampaign } from '../../src/lib/server/campaigns/import.service.ts';
import {
	addReferenceLayer,
	listReferenceLayers,
	MAX_REFERENCE_LAYERS,
	referenceLayerSchema,
	removeReferenceLayer
} from '../../src/lib/server/campaigns/reference-layers.ts';
import type { Db } from '../../src/lib/server/db/db.ts';
import { InputError } from '../../src/lib/server/errors.ts';
import { DEMO, FIXTURES, freshDb } from '../helpers/db.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { asUser, signIn } from '../helpers/session.ts';

let ctx: ReturnType<typeof freshDb>;
let db: Db;
beforeEach(() => {
	ctx = freshDb();
	db = ctx.db;
});
afterEach(() => ctx.cleanup());

const actor = { id: 1, email: 'manager@example.org' };
const demo = () => importCampaign(db, { name: 'Démo', landcover: join(DEMO, 'occupation_sol.gpkg'), classField: 'code_cs', tiling: { mode: 'grid', size: 2000 } });
/** Three 256 m squares in Lambert-93 (IGN test data; the .prj names no EPSG code). */
const lambert = () => importCampaign(db, { name: 'Gers', landcover: join(FIXTURES, 'lambert93', 'zones.shp'), classField: 'id_zone', tiling: { mode: 'grid', size: 1000 } });

function addUser(): void {
	db.$client.prepare("INSERT INTO users (id, email, name) VALUES (1, 'manager@example.org', 'M')").run();
}

describe('land-cover polygons on the tile page', () => {
	it('give each polygon its area in m², computed in the campaign CRS (256 m squares in Lambert-93: 65 536 m²)', async () => {
		const id = await lambert();
		const detail = campaignDetail(db, id);
		expect(detail.crs.epsg).toBe(2154);
		const [tile] = tilesFeatureCollection(db, id).features;
		const features = tileLandcover(db, id, tile.id).features;
		expect(features.length).toBeGreaterThan(0);
		for (const f of features) expect(f.properties.polygon_area_m2).toBeCloseTo(65_536, 0);
	});

	it('sum, over all polygons, to the class areas the tiles were cut with', async () => {
		const id = await demo();
		const seen = new Map<unknown, number>();
		for (const tile of tilesFeatureCollection(db, id, true).features) {
			for (const f of tileLandcover(db, id, tile.id).features) seen.set(f.properties.fid, f.properties.polygon_area_m2);
		}
		const total = [...seen.values()].reduce((s, a) => s + a, 0);
		const stored = db.$client.prepare('SELECT sum(a.area) FROM tile_class_areas a JOIN tiles t ON t.id = a.tile_id WHERE t.campaign_id = ?').pluck().get(id) as number;
		expect(seen.size).toBe(2665);
		expect(total).toBeCloseTo(stored, -1);
	});
});

describe('the campaign detail', () => {
	it('gives the proj4 definition of the campaign CRS', async () => {
		const id = await lambert();
		const { crs } = campaignDetail(db, id);
		expect(crs.proj4).toMatch(/\+proj=lcc/);
		expect(crs.proj4).toMatch(/\+lat_1=49/);
		expect(crs.proj4).toMatch(/\+x_0=700000/);
	});
});

describe('reference layers', () => {
	it('are added, listed with their MapLibre URL templates, and removed', async () => {
		addUser();
		const id = await demo();
		expect(listReferenceLayers(db, id)).toEqual([]);
		const plan = addReferenceLayer(db, id, referenceLayerSchema.parse({ kind: 'wmts', url: 'https://data.geopf.fr/wmts', layer: 'GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2', label: 'Plan IGN', attribution: '© IGN <b>' }), actor);
		const cadastre = addReferenceLayer(db, id, referenceLayerSchema.parse({ kind: 'wms', url: 'https://data.geopf.fr/wms-r', layer: 'CADASTRALPARCELS.PARCELLAIRE_EXPRESS', label: 'Cadastre' }), actor);
		const list = listReferenceLayers(db, id);
		expect(list.map((l) => l.label)).toEqual(['Plan IGN', 'Cadastre']);
		expect(list[0]).toMatchObject({ id: plan.id, kind: 'wmts', attribution: '© IGN <b>' });
		expect(list[0].tiles[0]).toContain('LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2');
		expect(list[0].tiles[0]).toContain('FORMAT=image/png');
		expect(list[1].tiles[0]).toContain('BBOX={bbox-epsg-3857}');
		removeReferenceLayer(db, id, cadastre.id, actor);
		expect(listReferenceLayers(db, id).map((l) => l.id)).toEqual([plan.id]);
		const trail = db.$client.prepare('SELECT action FROM audit_events WHERE campaign_id = ? ORDER BY id').pluck().all(id);
		expect(trail).toEqual(['reference_layer.add', 'reference_layer.add', 'reference_layer.remove']);
	});

	it('refuse what no map could show, each with its reason, and store nothing', async () => {
		addUser();
		const id = await demo();
		const refused = (input: object) => {
			try {
				addReferenceLayer(db, id, referenceLayerSchema.parse(input), actor);
			} catch (e) {
				if (e instanceof InputError) return e.messages;
				if (e instanceof Error) return { en: e.message, fr: e.message };
			}
			throw new Error('accepted');
		};
		expect(refused({ kind: 'xyz', url: 'javascript:alert(1)//{z}/{x}/{y}', label: 'x' }).fr).toMatch(/n’est pas une adresse http/);
		expect(refused({ kind: 'xyz', url: "https://a.example;script-src 'unsafe-inline'/{z}/{x}/{y}", label: 'x' }).en).toMatch(/not an http/);
		expect(refused({ kind: 'xyz', url: 'https://tiles.example/tile.png', label: 'x' }).fr).toMatch(/\{z\}, \{x\} et \{y\}/);
		expect(refused({ kind: 'wms', url: 'https://wms.example/ows', label: 'x' }).fr).toMatch(/nom de la couche/);
		expect(refused({ kind: 'wmts', url: 'https://wmts.example/wmts', label: 'x' }).en).toMatch(/needs the name of the layer/);
		expect(() => referenceLayerSchema.parse({ kind: 'xyz', url: 'https://t.example/{z}/{x}/{y}', label: '  ' })).toThrow(/Give the layer a name/);
		expect(listReferenceLayers(db, id)).toEqual([]);
		// A RESTful WMTS template needs no layer name.
		expect(addReferenceLayer(db, id, referenceLayerSchema.parse({ kind: 'wmts', url: 'https://wmts.example/{TileMatrix}/{TileCol}/{TileRow}.png', label: 'REST' }), actor).tiles).toEqual([
			'https://wmts.example/{z}/{x}/{y}.png'
		]);
	});

	it(`stop at ${MAX_REFERENCE_LAYERS} per campaign`, async () => {
		addUser();
		const id = await demo();
		for (let i = 0; i < MAX_REFERENCE_LAYERS; i++) addReferenceLayer(db, id, { kind: 'xyz', url: `https://t${i}.example/{z}/{x}/{y}.png`, label: `L${i}` }, actor);
		expect(() => addReferenceLayer(db, id, { kind: 'xyz', url: 'https://more.example/{z}/{x}/{y}.png', label: 'more' }, actor)).toThrow(/at most 20/);
		expect(listReferenceLayers(db, id)).toHaveLength(MAX_REFERENCE_LAYERS);
	});

	it('are removed only from their own campaign', async () => {
		addUser();
		const a = await demo();
		const b = await demo();
		const layer = addReferenceLayer(db, a, { kind: 'xyz', url: 'https://t.example/{z}/{x}/{y}.png', label: 'T' }, actor);
		expect(() => removeReferenceLayer(db, b, layer.id, actor)).toThrow(/not in this campaign/);
		expect(listReferenceLayers(db, a)).toHaveLength(1);
	});

	it("open their origins in their campaign's pages, and only there", async () => {
		addUser();
		const a = await demo();
		const b = await demo();
		expect(campaignImageryOrigins(db, a)).toEqual([]);
		addReferenceLayer(db, a, { kind: 'wms', url: 'https://data.geopf.fr/wms-r?', layer: 'CADASTRALPARCELS.PARCELLAIRE_EXPRESS', label: 'Cadastre' }, actor);
		addReferenceLayer(db, a, { kind: 'xyz', url: 'http://tiles.example:8080/{z}/{x}/{y}.png', label: 'T' }, actor);
		expect(campaignImageryOrigins(db, a).sort()).toEqual(['http://tiles.example:8080', 'https://data.geopf.fr']);
		expect(campaignImageryOrigins(db, b)).toEqual([]);
	});
});

describe('reference layers over HTTP (the real server, demo accounts)', () => {
	let server: RunningServer;
	const cookies: Record<string, string> = {};
	const as = (who: string) => asUser(server.url, cookies[who]);
	const A = 1;
	const plan = { kind: 'wmts', url: 'https://data.geopf.fr/wmts', layer: 'GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2', label: 'Plan IGN' };

	beforeAll(async () => {
		server = await startServer();
		for (const who of ['manager', 'reviewer1', 'observer']) cookies[who] = await signIn(server.url, `${who}@demo.local`);
	}, 120_000);
	afterAll(() => server?.stop());

	it('only managers add and remove; every role reads; the page of that campaign then allows the origin', async () => {
		const refused = await as('reviewer1')(`/api/campaigns/${A}/reference-layers`, { method: 'POST', body: JSON.stringify(plan) });
		expect(refused.status).toBe(403);
		expect(await refused.json()).toMatchObject({ code: 'forbidden' });

		const added = await as('manager')(`/api/campaigns/${A}/reference-layers`, { method: 'POST', body: JSON.stringify(plan) });
		expect(added.status).toBe(201);
		const layer = await added.json();
		expect(layer).toMatchObject({ label: 'Plan IGN', kind: 'wmts' });

		const seen = await (await as('observer')(`/api/campaigns/${A}/reference-layers`)).json();
		expect(seen.map((l: { id: number }) => l.id)).toEqual([layer.id]);
		const page = await as('reviewer1')(`/campaigns/${A}`);
		expect(page.headers.get('content-security-policy')).toContain('https://data.geopf.fr');

		expect((await as('reviewer1')(`/api/campaigns/${A}/reference-layers/${layer.id}`, { method: 'DELETE' })).status).toBe(403);
		expect((await as('manager')(`/api/campaigns/${A}/reference-layers/${layer.id}`, { method: 'DELETE' })).status).toBe(204);
		const gone = await as('manager')(`/api/campaigns/${A}/reference-layers/${layer.id}`, { method: 'DELETE' });
		expect(gone.status).toBe(404);
		expect((await gone.json()).message).toMatch(/not in this campaign/);
		expect(await (await as('observer')(`/api/campaigns/${A}/reference-layers`)).json()).toEqual([]);
		expect((await as('reviewer1')(`/campaigns/${A}`)).headers.get('content-security-policy')).not.toContain('https://data.geopf.fr');
	});

	it('refuse bad input with a specific message in the user’s language, and store nothing', async () => {
		const post = (body: unknown, lang = 'fr') =>
			as('manager')(`/api/campaigns/${A}/reference-layers`, { method: 'POST', body: JSON.stringify(body), headers: { 'accept-language': lang } });
		const cases: [unknown, RegExp][] = [
			[{ ...plan, url: 'ftp://data.geopf.fr/wmts' }, /n’est pas une adresse http/],
			[{ kind: 'wms', url: 'https://data.geopf.fr/wms-r', label: 'Cadastre' }, /nom de la couche/],
			[{ kind: 'xyz', url: 'https://tiles.example/tile.png', label: 'T' }, /\{z\}, \{x\} et \{y\}/],
			[{ ...plan, kind: 'tms' }, /xyz, wms ou wmts/],
			[{ ...plan, label: '' }, /Donnez un nom à la couche/]
		];
		for (const [body, message] of cases) {
			const r = await post(body);
			expect(r.status, JSON.stringify(body)).toBe(400);
			const answer = await r.json();
			expect(answer.message, JSON.stringify(body)).toMatch(message);
			expect(typeof answer.code).toBe('string');
		}
		const english = await post({ ...plan, url: 'javascript:alert(1)' }, 'en');
		expect(english.status).toBe(400);
		expect((await english.json()).message).toMatch(/not an http:\/\/ or https:\/\/ address/);
		expect((await as('manager')(`/api/campaigns/${A}/reference-layers`, { method: 'POST', body: '{"kind":' })).status).toBe(400);
		expect(await (await as('manager')(`/api/campaigns/${A}/reference-layers`)).json()).toEqual([]);
	});
});
