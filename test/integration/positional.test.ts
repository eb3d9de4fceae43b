/**
 * Positional accuracy through the real production server: the manager imports checkpoints (a French
 * Excel CSV as the body, a GeoPackage through an upload), two reviewers point them blind, the manager
 * keeps or rejects measures, and positional.json gives exactly what `recette positional` gives for the
 * same kept data. Every role is tried on every door.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCampaign } from '../../src/lib/server/campaigns/import.service.ts';
import { setMember } from '../../src/lib/server/people/members.service.ts';
import { createDb, type Db } from '../../src/lib/server/db/db.ts';
import { resolveEpsg, transformer, WGS84 } from '../../src/lib/server/crs/crs.ts';
import { positionalFromCsv } from '../../src/lib/stats/positional-csv.ts';
import { crossPosition, SYNTHETIC, writeSyntheticDelivery } from '../helpers/positional.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { asUser, signIn } from '../helpers/session.ts';

let server: RunningServer;
let db: Db;
let C: number;
let westTile: number;
let eastTile: number;
const cookies: Record<string, string> = {};
const as = (who: string) => asUser(server.url, who === 'anonymous' ? null : cookies[who]);
const A = crossPosition(SYNTHETIC, SYNTHETIC.crosses[0]);
const B = crossPosition(SYNTHETIC, SYNTHETIC.crosses[1]);
const ids: Record<string, number> = {};
const userId: Record<string, number> = {};

interface Listed {
	id: number;
	code: string;
	mayPoint: boolean;
	position: { x: number; y: number } | null;
	tiles: { id: number }[];
	mine: { x: number; y: number; decision: string } | null;
}

beforeAll(async () => {
	server = await startServer();
	for (const who of ['manager', 'reviewer1', 'reviewer2', 'observer', 'contractor']) cookies[who] = await signIn(server.url, `${who}@demo.local`);
	// The synthetic campaign is imported into the server's own database, as `recette import` would.
	db = createDb(join(server.dir, 'recette.db'));
	const files = await writeSyntheticDelivery(server.dir);
	C = await importCampaign(db, { name: 'Croix', landcover: files.landcover, classField: 'code_cs', ortho: [files.ortho], tiling: { mode: 'grid', size: 100 } });
	const row = (sql: string, ...p: unknown[]) => db.$client.prepare(sql).get(...p) as Record<string, number>;
	for (const who of ['manager', 'reviewer1', 'reviewer2', 'observer', 'contractor']) {
		const u = row('SELECT u.id, m.organisation_id AS org FROM users u JOIN campaign_members m ON m.user_id = u.id AND m.campaign_id = 1 WHERE u.email = ?', `${who}@demo.local`);
		userId[who] = u.id;
		setMember(db, C, u.id, who.startsWith('reviewer') ? 'reviewer' : (who as 'manager' | 'observer' | 'contractor'), u.org, null, { anyOrganisation: true });
	}
	const tiles = db.$client.prepare('SELECT id FROM tiles WHERE campaign_id = ? ORDER BY xmin').all(C) as { id: number }[];
	[westTile, eastTile] = tiles.map((t) => t.id);
	const orgOf = (who: string) => row('SELECT organisation_id AS id FROM campaign_members WHERE campaign_id = ? AND user_id = ?', C, userId[who]).id;
	for (const [who, tile] of [['reviewer1', westTile], ['reviewer2', eastTile]] as const) {
		const r = await as('manager')(`/api/campaigns/${C}/assignments`, { method: 'POST', body: JSON.stringify({ organisationId: orgOf(who), tileIds: [tile], action: 'assign' }) });
		expect(r.status, await r.text()).toBe(200);
	}
}, 180_000);
afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

const list = async (who: string): Promise<Listed[]> => (await (await as(who)(`/api/campaigns/${C}/checkpoints`)).json()).checkpoints;
const measure = (who: string, code: string, body: unknown) => as(who)(`/api/campaigns/${C}/checkpoints/${ids[code]}/measure`, { method: 'PUT', body: JSON.stringify(body) });

describe('importing checkpoints', () => {
	it('takes the CSV French Excel saves as the request body, all of it', async () => {
		const comma = (v: number) => String(v).replace('.', ',');
		const text = `Identifiant;X;Y;Libellé\r\nPC1;${comma(A.x)};${comma(A.y)};Croix ouest – centre\r\nPC2;${comma(B.x)};${comma(B.y)};Croix est\r\nBORD;652100;6862050;Limite des dalles\r\n`;
		const body = new Uint8Array(iconv.encode(text, 'cp1252'));
		const r = await as('manager')(`/api/campaigns/${C}/checkpoints/import?epsg=2154&name=points.csv`, { method: 'POST', body, headers: { 'content-type': 'text/csv' } });
		expect(r.status, await r.clone().text()).toBe(200);
		expect(await r.json()).toEqual({ imported: 3, completed: 0, crs: { epsg: 2154, name: 'RGF93 v1 / Lambert-93' }, format: 'csv' });
		for (const c of await list('manager')) ids[c.code] = c.id;
		expect(Object.keys(ids).sort()).toEqual(['BORD', 'PC1', 'PC2']);
	});

	it('refuses a file with a bad line with 422, naming the line, and imports none of it', async () => {
		const r = await as('manager')(`/api/campaigns/${C}/checkpoints/import?name=more.csv`, { method: 'POST', body: 'id;x;y\nOK;652050;6862050\nKO;652050;beaucoup\n', headers: { 'content-type': 'text/csv' } });
		expect(r.status).toBe(422);
		expect(await r.json()).toEqual({ code: 'checkpoints_invalid', message: 'more.csv: nothing was imported. line 3: y is not a number: "beaucoup".' });
		expect((await list('manager')).map((c) => c.code)).toEqual(['BORD', 'PC1', 'PC2']);
		const fr = await asUser(server.url, cookies.manager)(`/api/campaigns/${C}/checkpoints/import?epsg=abc`, { method: 'POST', body: 'x', headers: { 'accept-language': 'fr', 'content-type': 'text/csv' } });
		expect(await fr.json()).toEqual({ code: 'unknown_epsg', message: '« abc » n’est pas un code EPSG (par exemple 2154).' });
	});

	it('takes a GeoPackage uploaded beforehand (written by GDAL, in WGS 84)', async () => {
		const [lng, lat] = transformer(resolveEpsg(2154), WGS84)(A.x + 40, A.y - 30);
		const src = join(server.dir, 'pts.csv');
		writeFileSync(src, `id,lon,lat\nG1,${lng},${lat}\n`);
		const gpkg = join(server.dir, 'pts.gpkg');
		execFileSync('ogr2ogr', ['-f', 'GPKG', gpkg, src, '-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat', '-a_srs', 'EPSG:4326']);
		const { uploadId } = await (await as('manager')('/api/uploads', { method: 'POST' })).json();
		const put = await as('manager')(`/api/uploads/${uploadId}/files/pts.gpkg`, { method: 'PUT', body: readFileSync(gpkg), headers: { 'content-type': 'application/octet-stream' } });
		expect(put.status).toBe(201);
		const r = await as('manager')(`/api/campaigns/${C}/checkpoints/import`, { method: 'POST', body: JSON.stringify({ uploadId, file: 'pts.gpkg' }) });
		expect(r.status, await r.clone().text()).toBe(200);
		expect(await r.json()).toMatchObject({ imported: 1, format: 'gpkg', crs: { epsg: 4326 } });
		const g1 = (await list('manager')).find((c) => c.code === 'G1')!;
		expect(Math.abs(g1.position!.x - (A.x + 40))).toBeLessThan(1e-5);
		expect((await as('manager')(`/api/campaigns/${C}/checkpoints/${g1.id}`, { method: 'DELETE' })).status).toBe(204);
	});

	it('lets only the manager import, edit and delete', async () => {
		for (const who of ['reviewer1', 'observer', 'contractor']) {
			expect((await as(who)(`/api/campaigns/${C}/checkpoints/import`, { method: 'POST', body: 'id;x;y\nZ;652050;6862050\n', headers: { 'content-type': 'text/csv' } })).status).toBe(403);
			expect((await as(who)(`/api/campaigns/${C}/checkpoints/${ids.PC1}`, { method: 'PATCH', body: JSON.stringify({ description: 'x' }) })).status).toBe(403);
			expect((await as(who)(`/api/campaigns/${C}/checkpoints/${ids.PC1}`, { method: 'DELETE' })).status).toBe(403);
		}
		expect((await as('anonymous')(`/api/campaigns/${C}/checkpoints`)).status).toBe(401);
		expect((await as('contractor')(`/api/campaigns/${C}/checkpoints`)).status).toBe(403);
	});
});

describe('pointing', () => {
	it('keeps the reference from a reviewer until they point, then shows it with the other measures', async () => {
		const before = (await list('reviewer1')).find((c) => c.code === 'PC1')!;
		expect(before).toMatchObject({ position: null, mayPoint: true, mine: null });
		const view = await (await as('reviewer1')(`/api/campaigns/${C}/checkpoints/${ids.PC1}`)).json();
		expect(view.position).toBeNull();
		expect(view.measures).toBeNull();
		expect(Math.hypot(view.view.x - A.x, view.view.y - A.y)).toBeGreaterThan(0.9);
		const at = { x: A.x + 0.0123456789, y: A.y - 0.0234567891 };
		const r = await measure('reviewer1', 'PC1', at);
		expect(r.status, await r.clone().text()).toBe(200);
		const after = await r.json();
		expect(after.mine).toMatchObject({ x: at.x, y: at.y, status: 'pointed', decision: 'pending' });
		expect(after.position).toMatchObject({ x: A.x, y: A.y });
		expect(after.measures).toHaveLength(1);
	});

	it('refuses other organisations’ tiles, observers, contractors, clicks outside the tiles and malformed measures', async () => {
		expect((await measure('reviewer1', 'PC2', B)).status).toBe(403);
		expect((await measure('observer', 'PC1', A)).status).toBe(403);
		expect((await measure('contractor', 'PC1', A)).status).toBe(403);
		expect((await measure('anonymous', 'PC1', A)).status).toBe(401);
		const outside = await measure('reviewer1', 'PC1', { x: 0, y: 0 });
		expect([outside.status, (await outside.json()).code]).toEqual([400, 'outside_tiles']);
		for (const bad of [{ x: 'a', y: 1 }, { x: 1 }, { notVisible: false }, { x: 1, y: 2, notVisible: true }]) expect((await measure('reviewer1', 'PC1', bad)).status).toBe(400);
		expect((await as('reviewer1')(`/api/campaigns/${C}/checkpoints/99999/measure`, { method: 'PUT', body: JSON.stringify(A) })).status).toBe(404);
	});

	it('lets both organisations point the point on their shared edge, and one say « not visible »', async () => {
		expect((await measure('reviewer1', 'BORD', { x: 652100.031, y: 6862050.012 })).status).toBe(200);
		expect((await measure('reviewer2', 'BORD', { x: 652100.049, y: 6862049.994 })).status).toBe(200);
		expect((await measure('reviewer2', 'PC2', { x: B.x + 0.04, y: B.y - 0.03 })).status).toBe(200);
		expect((await measure('manager', 'PC2', { notVisible: true })).status).toBe(200);
		const view = await (await as('reviewer2')(`/api/campaigns/${C}/checkpoints/${ids.BORD}`)).json();
		expect(view.measures.map((m: { name: string }) => m.name).sort()).toEqual(['Hugo Petit (intercommunalité)', 'Léa Bernard (commune)']);
		expect(view.spread.maxApart).toBeCloseTo(Math.hypot(0.018, 0.018), 9);
	});
});

describe('decisions and figures', () => {
	it('only the manager decides; positional.json then equals `recette positional` on the kept data', async () => {
		const decisions = [
			{ checkpointId: ids.PC1, userId: userId.reviewer1, decision: 'kept' },
			{ checkpointId: ids.BORD, userId: userId.reviewer1, decision: 'kept' },
			{ checkpointId: ids.BORD, userId: userId.reviewer2, decision: 'kept' },
			{ checkpointId: ids.PC2, userId: userId.reviewer2, decision: 'kept' },
			{ checkpointId: ids.PC2, userId: userId.manager, decision: 'rejected' }
		];
		expect((await as('reviewer1')(`/api/campaigns/${C}/checkpoints/decisions`, { method: 'POST', body: JSON.stringify({ decisions }) })).status).toBe(403);
		const unknown = await as('manager')(`/api/campaigns/${C}/checkpoints/decisions`, { method: 'POST', body: JSON.stringify({ decisions: [...decisions, { checkpointId: ids.PC1, userId: userId.observer, decision: 'kept' }] }) });
		expect(unknown.status).toBe(404);
		expect((await (await as('manager')(`/api/campaigns/${C}/positional.json`)).json()).progress.kept).toBe(0); // nothing half-done
		expect((await as('manager')(`/api/campaigns/${C}/checkpoints/decisions`, { method: 'POST', body: JSON.stringify({ decisions }) })).status).toBe(200);

		const doc = await (await as('manager')(`/api/campaigns/${C}/positional.json`)).json();
		const csv = [
			'id,x_ref,y_ref,x_map,y_map',
			`BORD,652100,6862050,${(652100.031 + 652100.049) / 2},${(6862050.012 + 6862049.994) / 2}`,
			`PC1,${A.x},${A.y},${A.x + 0.0123456789},${A.y - 0.0234567891}`,
			`PC2,${B.x},${B.y},${B.x + 0.04},${B.y - 0.03}`
		].join('\n');
		const cli = positionalFromCsv(csv);
		const keys = Object.keys(cli) as (keyof typeof cli)[];
		expect(Object.fromEntries(keys.map((k) => [k, doc[k]]))).toEqual(cli);
		expect(doc.progress).toEqual({ surveyed: 3, proposed: 0, unpointed: 0, not_visible: 0, measures: 5, pending: 0, kept: 4, rejected: 1 });
		expect(doc.by_tile.map((g: { tile_id: number; n: number }) => [g.tile_id, g.n])).toEqual([
			[westTile, 2],
			[eastTile, 2]
		]);
		expect(doc.by_organisation.map((g: { organisation: string; n: number }) => [g.organisation, g.n])).toEqual([
			['Communauté de communes des Prairies-Est (démo)', 2],
			['Commune de Prairie-Ouest (démo)', 2]
		]);
		expect(doc.class_cm_stated).toBeGreaterThanOrEqual(20);
		expect(doc.advice[0].fr).toMatch(/^3 points de contrôle/);
	});

	it('gives the figures to every reader, the contractor included, withholding blind points from reviewers', async () => {
		for (const who of ['observer', 'contractor', 'reviewer1']) expect((await as(who)(`/api/campaigns/${C}/positional.json`)).status).toBe(200);
		const r1 = await (await as('reviewer1')(`/api/campaigns/${C}/positional.json`)).json();
		expect(r1.checkpoints.find((c: { code: string }) => c.code === 'PC2')).toMatchObject({ hidden: true, x_ref: null, dx: null });
		const contractor = await (await as('contractor')(`/api/campaigns/${C}/positional.json?class_cm=20`)).json();
		expect(contractor.checkpoints.find((c: { code: string }) => c.code === 'PC2')).toMatchObject({ hidden: false, dx: 0.04, dy: -0.03 });
		expect(contractor.decree.tested_class_cm).toBe(20);
		expect((await as('contractor')(`/api/campaigns/${C}/positional.json?class_cm=abc`)).status).toBe(400);
		const vectors = await (await as('contractor')(`/api/campaigns/${C}/residuals.geojson`)).json();
		expect(vectors.type).toBe('FeatureCollection');
		expect(vectors.features).toHaveLength(6);
		expect(vectors.exaggeration).toBeGreaterThan(1);
		expect((await as('anonymous')(`/api/campaigns/${C}/positional.json`)).status).toBe(401);
	});

	it('records seam offsets, deleted by their author or a manager only', async () => {
		const add = await as('reviewer1')(`/api/campaigns/${C}/seams`, { method: 'POST', body: JSON.stringify({ a: { x: 652099.9, y: 6862030 }, b: { x: 652100.12, y: 6862030.05 }, comment: 'bord de route' }) });
		expect(add.status, await add.clone().text()).toBe(201);
		const seam = await add.json();
		expect(seam.dx).toBeCloseTo(0.22, 9);
		expect((await as('observer')(`/api/campaigns/${C}/seams`, { method: 'POST', body: JSON.stringify({ a: { x: 652099.9, y: 6862030 }, b: { x: 652100.1, y: 6862030 } }) })).status).toBe(403);
		expect((await as('reviewer2')(`/api/campaigns/${C}/seams/${seam.id}`, { method: 'DELETE' })).status).toBe(403);
		expect((await (await as('manager')(`/api/campaigns/${C}/positional.json`)).json()).seams.n).toBe(1);
		expect((await as('reviewer1')(`/api/campaigns/${C}/seams/${seam.id}`, { method: 'DELETE' })).status).toBe(204);
		expect(await (await as('observer')(`/api/campaigns/${C}/seams`)).json()).toEqual([]);
	});
});
