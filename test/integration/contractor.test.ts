/**
 * The contractor loop through the real server: the manager releases defects, the contractor sees
 * exactly those (as released: never drafts, never another campaign's), answers them, the manager
 * closes a dispute; the defect report exports per role, read back with independent readers
 * (better-sqlite3 against the GeoPackage spec's required tables, GDAL's ogrinfo/ogr2ogr/validate_gpkg,
 * JSON.parse, the project's CSV reader); a second review round keeps the first round's results.
 */
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readCsv } from '../../src/lib/csv/csv.ts';
import { addDefect, eventually, joinTile, until, type CollabClient } from '../helpers/collab.ts';
import { DEMO, FIXTURES } from '../helpers/db.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { asUser, signIn } from '../helpers/session.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'server', 'cli', 'recette.js');
const PY = '/usr/bin/python3';
const hasGdal = spawnSync(PY, ['-c', 'import osgeo'], { encoding: 'utf8' }).status === 0 && spawnSync('ogrinfo', ['--version']).status === 0;

let server: RunningServer;
const A = 1;
let B: number;
type Who = 'manager' | 'reviewer1' | 'reviewer2' | 'contractor' | 'observer' | 'managerOfB' | 'reviewerOfB';
const cookies: Partial<Record<Who, string>> = {};
const ids: Partial<Record<Who, number>> = {};
const as = (who: Who) => asUser(server.url, cookies[who]!);
const clients: CollabClient[] = [];
let westTiles: number[];
let eastTiles: number[];
let centers: Record<number, [number, number]>;
let tileNames: Record<number, string>;
let crsEpsg: number;
let tileB: number;

async function recette(...args: string[]): Promise<string> {
	const { stdout } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, RECETTE_DB: join(server.dir, 'recette.db'), RECETTE_LANG: 'en' } });
	return stdout.trim();
}

const json = async (r: Response | Promise<Response>) => {
	const res = await r;
	const text = await res.text();
	try {
		return { status: res.status, body: JSON.parse(text) };
	} catch {
		return { status: res.status, body: text };
	}
};

/** A defect the way the tile page makes it, at the centre of its tile (shifted by `dx` degrees). */
const defect = (who: Who, tileId: number, severity: string, comment: string, dx = 0) => ({
	geometry: { type: 'Point', coordinates: [centers[tileId][0] + dx, centers[tileId][1]] },
	category: 'geometry_blur',
	severity,
	comment,
	author: ids[who],
	createdAt: new Date().toISOString()
});

const defectIds = async (who: Who, campaign = A) => ((await (await as(who)(`/api/campaigns/${campaign}/defects`)).json()).features as { id: string }[]).map((f) => f.id).sort();
const released = async (who: Who, query = '', campaign = A) => json(as(who)(`/api/campaigns/${campaign}/released-defects${query}`));

beforeAll(async () => {
	server = await startServer();
	B = Number((await recette('import', 'Campaign B', '--landcover', join(FIXTURES, 'lambert93', 'zones.shp'), '--class-field', 'id_zone', '--tile-size', '100')).split('\n').pop());
	await recette('user', 'create', 'b.manager@example.org', '--password', 'manager-pw');
	await recette('member', 'add', String(B), 'b.manager@example.org', '--role', 'manager');
	await recette('user', 'create', 'b.reviewer@example.org', '--password', 'reviewer-pw');
	await recette('member', 'add', String(B), 'b.reviewer@example.org', '--role', 'reviewer');
	for (const who of ['manager', 'reviewer1', 'reviewer2', 'contractor', 'observer'] as const) cookies[who] = await signIn(server.url, `${who}@demo.local`);
	cookies.managerOfB = await signIn(server.url, 'b.manager@example.org', 'manager-pw');
	cookies.reviewerOfB = await signIn(server.url, 'b.reviewer@example.org', 'reviewer-pw');
	for (const who of Object.keys(cookies) as Who[]) ids[who] = (await (await as(who)('/api/auth/me')).json()).user.id;
	westTiles = (await (await as('reviewer1')('/api/me/tiles')).json())[0].tiles.map((t: { id: number }) => t.id);
	eastTiles = (await (await as('reviewer2')('/api/me/tiles')).json())[0].tiles.map((t: { id: number }) => t.id);
	centers = {};
	tileNames = {};
	for (const campaign of [A, B]) {
		const tiles = await (await as(campaign === A ? 'manager' : 'managerOfB')(`/api/campaigns/${campaign}/tiles`)).json();
		for (const f of tiles.features) {
			const ring = f.geometry.coordinates[0];
			centers[f.id] = [(ring[0][0] + ring[2][0]) / 2, (ring[0][1] + ring[2][1]) / 2];
			tileNames[f.id] = f.properties.name;
		}
	}
	crsEpsg = (await (await as('manager')(`/api/campaigns/${A}`)).json()).crs.epsg;
	tileB = (await (await as('managerOfB')(`/api/campaigns/${B}/tiles`)).json()).features[0].id;
}, 180_000);

afterAll(async () => {
	for (const c of clients) c.destroy();
	await server?.stop();
});

const join_ = (who: Who, tileId: number, campaign = A) => {
	const c = joinTile(server.url, cookies[who]!, campaign, tileId);
	clients.push(c);
	return c;
};

describe('releasing defects to the contractor', () => {
	let T1: number, T2: number;
	let r1: CollabClient;

	it('the contractor sees nothing before a release: no drafts in the list or the exports', async () => {
		[T1, T2] = westTiles;
		r1 = join_('reviewer1', T1);
		await r1.synced;
		addDefect(r1.doc, 'd1', defect('reviewer1', T1, 'major', 'Flou sur le bâti', -0.001));
		addDefect(r1.doc, 'd2', defect('reviewer1', T1, 'minor', '=HYPERLINK("http://evil.example")', 0.001));
		addDefect(r1.doc, 'd3', defect('reviewer1', T1, 'blocking', 'Trou ; données absentes'));
		const r1b = join_('reviewer1', T2);
		await r1b.synced;
		addDefect(r1b.doc, 'd4', defect('reviewer1', T2, 'minor', 'ombre'));
		// A defect of campaign B (its manager reviews any tile), released there below: never in A's lists.
		const b = join_('managerOfB', tileB, B);
		await b.synced;
		addDefect(b.doc, 'b1', defect('managerOfB', tileB, 'blocking', 'campagne B'));
		await eventually(() => defectIds('manager'), (l) => l.length === 4, 5000, 'the four defects');
		await eventually(() => defectIds('managerOfB', B), (l) => l.length === 1, 5000, 'B’s defect');

		const list = await released('contractor');
		expect(list.status).toBe(200);
		expect(list.body.features).toEqual([]);
		const geojson = await json(as('contractor')(`/api/campaigns/${A}/exports/defects.geojson`));
		expect(geojson.status).toBe(200);
		expect(geojson.body.features).toEqual([]);
		// The reviewers' own list stays closed to the contractor.
		expect((await as('contractor')(`/api/campaigns/${A}/defects`)).status).toBe(403);
	});

	it('a manager releases a filtered part; the contractor sees exactly that, as released', async () => {
		expect((await as('contractor')(`/api/campaigns/${A}/releases`, { method: 'POST', body: '{}' })).status).toBe(403);
		expect((await as('reviewer1')(`/api/campaigns/${A}/releases`, { method: 'POST', body: '{}' })).status).toBe(403);
		const bad = await json(as('manager')(`/api/campaigns/${A}/releases`, { method: 'POST', body: JSON.stringify({ category: ['no_such_category'] }) }));
		expect(bad).toMatchObject({ status: 400, body: { code: 'unknown_category' } });
		const none = await json(as('manager')(`/api/campaigns/${A}/releases`, { method: 'POST', body: JSON.stringify({ tileIds: [eastTiles[0]] }) }));
		expect(none).toMatchObject({ status: 422, body: { code: 'nothing_to_release' } });

		const r = await json(as('manager')(`/api/campaigns/${A}/releases`, { method: 'POST', body: JSON.stringify({ severity: ['major', 'blocking'] }) }));
		expect(r).toMatchObject({ status: 201, body: { added: 2, updated: 0, unchanged: 0 } });
		const list = await released('contractor');
		expect(list.body.features.map((f: { properties: { defectId: string } }) => f.properties.defectId).sort()).toEqual(['d1', 'd3']);
		const d1 = list.body.features.find((f: { properties: { defectId: string } }) => f.properties.defectId === 'd1');
		expect(d1.properties).toMatchObject({ tileId: T1, tileName: tileNames[T1], severity: 'major', comment: 'Flou sur le bâti', round: 1, answer: null, author: { id: ids.reviewer1 } });
		expect(d1.properties.categoryLabel).toEqual({ fr: 'Flou', en: 'Blur' });
		// The contractor is not told how the released defects compare with the reviewers' drafts.
		expect(d1.properties.live).toBeUndefined();
		// Campaign B: another manager's release is B's alone; A's contractor has no access to B.
		const b = await json(as('managerOfB')(`/api/campaigns/${B}/releases`, { method: 'POST', body: '{}' }));
		expect(b).toMatchObject({ status: 201, body: { added: 1 } });
		expect((await released('managerOfB', '', B)).body.features.map((f: { properties: { defectId: string } }) => f.properties.defectId)).toEqual(['b1']);
		expect((await released('contractor')).body.features).toHaveLength(2);
		expect((await as('contractor')(`/api/campaigns/${B}/released-defects`)).status).toBe(403);
		expect((await as('contractor')(`/api/campaigns/${B}/exports/defects.gpkg`)).status).toBe(403);
		// The release is in the audit trail, with who and when.
		const trail = (await (await as('manager')(`/api/campaigns/${A}/audit`)).json()).events;
		expect(trail.find((e: { action: string }) => e.action === 'defects.release')).toMatchObject({ actorId: ids.manager, details: { added: 2, filter: { severity: ['major', 'blocking'] } } });
		const releases = await json(as('contractor')(`/api/campaigns/${A}/releases`));
		expect(releases.body.releases).toHaveLength(1);
		expect(releases.body.pending).toBeNull();
		expect((await json(as('manager')(`/api/campaigns/${A}/releases`))).body.pending).toEqual({ unreleased: 2, changed: 0 });
	});

	it('a reviewer’s later edit does not change what was released, until the manager releases again', async () => {
		(r1.doc.getMap('defects').get('d1') as Y.Map<unknown>).set('comment', 'Flou sur le bâti, repris');
		await eventually(
			async () => (await released('manager')).body.features.find((f: { properties: { defectId: string } }) => f.properties.defectId === 'd1').properties.live,
			(v) => v === 'changed',
			5000,
			'the manager to see the change'
		);
		const before = await released('contractor');
		expect(before.body.features.find((f: { properties: { defectId: string } }) => f.properties.defectId === 'd1').properties.comment).toBe('Flou sur le bâti');
		expect((await json(as('manager')(`/api/campaigns/${A}/releases`))).body.pending).toEqual({ unreleased: 2, changed: 1 });

		const again = await json(as('manager')(`/api/campaigns/${A}/releases`, { method: 'POST', body: '{}' }));
		expect(again.body).toMatchObject({ added: 2, updated: 1, unchanged: 1 });
		const after = await released('contractor');
		expect(after.body.features).toHaveLength(4);
		const d1 = after.body.features.find((f: { properties: { defectId: string } }) => f.properties.defectId === 'd1');
		expect(d1.properties.comment).toBe('Flou sur le bâti, repris');
		// The number the contractor quotes does not change with a new version.
		expect(d1.id).toBe(before.body.features.find((f: { properties: { defectId: string } }) => f.properties.defectId === 'd1').id);
		// Filters on the list: severity, tile, and a clear refusal of a value that is none.
		expect((await released('contractor', '?severity=minor')).body.features.map((f: { properties: { defectId: string } }) => f.properties.defectId).sort()).toEqual(['d2', 'd4']);
		expect((await released('contractor', `?tile=${T2}`)).body.features.map((f: { properties: { defectId: string } }) => f.properties.defectId)).toEqual(['d4']);
		expect((await released('contractor', '?severity=critical')).body).toMatchObject({ code: 'invalid_filter' });
		expect((await released('contractor', `?tile=${eastTiles[0]}`)).body.features).toEqual([]);
	});
});

describe('the contractor’s answers and the manager’s decisions', () => {
	const rid = async (defectId: string) => (await released('contractor')).body.features.find((f: { properties: { defectId: string } }) => f.properties.defectId === defectId).id as number;
	const answer = (who: Who, id: number, body: object) => json(as(who)(`/api/campaigns/${A}/released-defects/${id}/answer`, { method: 'PUT', body: JSON.stringify(body) }));
	const decide = (who: Who, id: number, body: object) => json(as(who)(`/api/campaigns/${A}/released-defects/${id}/dispute`, { method: 'POST', body: JSON.stringify(body) }));

	it('the contractor answers; a dispute needs a comment; only the contractor answers', async () => {
		expect(await answer('contractor', await rid('d1'), { answer: 'accepted' })).toMatchObject({ status: 200, body: { answer: 'accepted' } });
		expect(await answer('contractor', await rid('d3'), { answer: 'disputed', comment: '  ' })).toMatchObject({ status: 400, body: { code: 'comment_required' } });
		expect(await answer('contractor', await rid('d3'), { answer: 'disputed', comment: 'La zone est hors du lot livré' })).toMatchObject({ status: 200 });
		expect(await answer('contractor', await rid('d2'), { answer: 'fixed', comment: 'Livraison v2' })).toMatchObject({ status: 200 });
		expect(await answer('contractor', await rid('d4'), { answer: 'maybe' })).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
		expect((await answer('manager', await rid('d4'), { answer: 'accepted' })).status).toBe(403);
		expect((await answer('reviewer1', await rid('d4'), { answer: 'accepted' })).status).toBe(403);
		expect((await answer('contractor', 999_999, { answer: 'accepted' })).status).toBe(404);
	});

	it('managers, reviewers and observers see the answers', async () => {
		for (const who of ['manager', 'reviewer1', 'observer'] as const) {
			const list = await released(who);
			const by = Object.fromEntries(list.body.features.map((f: { properties: { defectId: string; answer: unknown } }) => [f.properties.defectId, f.properties.answer]));
			expect(by.d1).toMatchObject({ answer: 'accepted', outcome: null });
			expect(by.d3).toMatchObject({ answer: 'disputed', comment: 'La zone est hors du lot livré', outcome: null });
			expect(by.d2).toMatchObject({ answer: 'fixed', comment: 'Livraison v2' });
			expect(by.d4).toBeNull();
			expect(list.body.counts).toMatchObject({ total: 4, unanswered: 1, accepted: 1, disputed: 1, fixed: 1, openDisputes: 1 });
		}
	});

	it('the manager closes a dispute once; the answer is then final', async () => {
		const d3 = await rid('d3');
		expect((await decide('contractor', d3, { outcome: 'agreed' })).status).toBe(403);
		expect(await decide('manager', await rid('d1'), { outcome: 'agreed' })).toMatchObject({ status: 409, body: { code: 'not_disputed' } });
		expect((await decide('manager', d3, { outcome: 'maintained', comment: 'La zone fait partie du lot' })).status).toBe(204);
		expect(await decide('manager', d3, { outcome: 'agreed' })).toMatchObject({ status: 409, body: { code: 'dispute_closed' } });
		expect(await answer('contractor', d3, { answer: 'accepted' })).toMatchObject({ status: 409, body: { code: 'dispute_closed' } });
		const seen = (await released('contractor')).body.features.find((f: { id: number }) => f.id === d3).properties.answer;
		expect(seen).toMatchObject({ answer: 'disputed', outcome: 'maintained', outcomeComment: 'La zone fait partie du lot' });
		const actions = ((await (await as('manager')(`/api/campaigns/${A}/audit`)).json()).events as { action: string }[]).map((e) => e.action);
		expect(actions.filter((a) => a === 'defect.answer')).toHaveLength(3);
		expect(actions).toContain('defect.dispute_close');
	});
});

describe('the defect report exports', () => {
	const download = async (who: Who, file: string, query = '') => {
		const r = await as(who)(`/api/campaigns/${A}/exports/${file}${query}`);
		return { status: r.status, type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition'), bytes: Buffer.from(await r.arrayBuffer()) };
	};

	it('GeoPackage: the spec’s tables, three layers in the campaign’s CRS, the contractor’s released defects with answers', async () => {
		const got = await download('contractor', 'defects.gpkg');
		expect(got.status).toBe(200);
		expect(got.type).toBe('application/geopackage+sqlite3');
		expect(got.disposition).toBe(`attachment; filename="defects-${A}.gpkg"`);
		const path = join(server.dir, 'contractor.gpkg');
		writeFileSync(path, got.bytes);
		const g = new Database(path, { readonly: true });
		try {
			expect(g.pragma('application_id', { simple: true })).toBe(0x47504b47);
			const tables = (g.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]).sort();
			for (const t of ['gpkg_spatial_ref_sys', 'gpkg_contents', 'gpkg_geometry_columns', 'defects', 'corrections', 'tiles']) expect(tables).toContain(t);
			expect(g.prepare('SELECT table_name, geometry_type_name, srs_id FROM gpkg_geometry_columns ORDER BY table_name').all()).toEqual([
				{ table_name: 'corrections', geometry_type_name: 'MULTIPOLYGON', srs_id: crsEpsg },
				{ table_name: 'defects', geometry_type_name: 'GEOMETRY', srs_id: crsEpsg },
				{ table_name: 'tiles', geometry_type_name: 'POLYGON', srs_id: crsEpsg }
			]);
			expect(g.prepare('SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id = ?').get(crsEpsg)).toEqual({ organization: 'EPSG', organization_coordsys_id: crsEpsg });
			const cols = (g.prepare('PRAGMA table_info(defects)').all() as { name: string }[]).map((c) => c.name);
			for (const c of ['defect_id', 'tile_name', 'category', 'category_label', 'severity', 'comment', 'author', 'organisation', 'created_at', 'answer']) expect(cols).toContain(c);
			const rows = g.prepare('SELECT defect_id, tile_name, severity, answer, comment, category_label FROM defects ORDER BY defect_id').all();
			expect(rows).toEqual([
				{ defect_id: 'd1', tile_name: tileNames[westTiles[0]], severity: 'major', answer: 'accepted', comment: 'Flou sur le bâti, repris', category_label: 'Blur' },
				{ defect_id: 'd2', tile_name: tileNames[westTiles[0]], severity: 'minor', answer: 'fixed', comment: '=HYPERLINK("http://evil.example")', category_label: 'Blur' },
				{ defect_id: 'd3', tile_name: tileNames[westTiles[0]], severity: 'blocking', answer: 'disputed', comment: 'Trou ; données absentes', category_label: 'Blur' },
				{ defect_id: 'd4', tile_name: tileNames[westTiles[1]], severity: 'minor', answer: null, comment: 'ombre', category_label: 'Blur' }
			]);
			const tileCols = (g.prepare('PRAGMA table_info(tiles)').all() as { name: string }[]).map((c) => c.name);
			for (const c of ['tile_name', 'verdict', 'defects_blocking', 'defects_major', 'defects_minor']) expect(tileCols).toContain(c);
			expect(g.prepare('SELECT defects_major, defects_minor, defects_blocking FROM tiles WHERE tile_name = ?').get(tileNames[westTiles[0]])).toEqual({ defects_major: 1, defects_minor: 1, defects_blocking: 1 });
			const corrCols = (g.prepare('PRAGMA table_info(corrections)').all() as { name: string }[]).map((c) => c.name);
			expect(corrCols).toEqual(expect.arrayContaining(['from', 'to']));
		} finally {
			g.close();
		}
		if (!hasGdal) return;
		const validate = spawnSync(PY, ['-m', 'osgeo_utils.samples.validate_gpkg', path], { encoding: 'utf8' });
		expect(`${validate.stdout}${validate.stderr}`.trim(), 'validate_gpkg').toBe('');
		const info = spawnSync('ogrinfo', ['-so', path, 'defects'], { encoding: 'utf8' }).stdout;
		expect(info).toMatch(/Geometry: Unknown \(any\)/);
		expect(info).toMatch(/Feature Count: 4/);
		expect(info).toMatch(new RegExp(`ID\\["EPSG",${crsEpsg}\\]\\]`));
		// GDAL reprojects the file's points back to WGS84: they land where the reviewer put them.
		const back = JSON.parse(spawnSync('ogr2ogr', ['-f', 'GeoJSON', '-t_srs', 'EPSG:4326', '/vsistdout/', path, 'defects'], { encoding: 'utf8' }).stdout);
		const d4 = back.features.find((f: { properties: { defect_id: string } }) => f.properties.defect_id === 'd4');
		expect(d4.geometry.coordinates[0]).toBeCloseTo(centers[westTiles[1]][0], 6);
		expect(d4.geometry.coordinates[1]).toBeCloseTo(centers[westTiles[1]][1], 6);
	});

	it('per role: managers get the reviewers’ current defects, or the contractor’s view with released=1', async () => {
		// A defect nobody released yet.
		const c = join_('reviewer1', westTiles[2]);
		await c.synced;
		addDefect(c.doc, 'd5', defect('reviewer1', westTiles[2], 'major', 'non transmis'));
		await eventually(() => defectIds('manager'), (l) => l.includes('d5'), 5000, 'd5');
		const ids = (body: { features: { properties: { defect_id: string } }[] }) => body.features.map((f) => f.properties.defect_id).sort();
		const manager = JSON.parse((await download('manager', 'defects.geojson')).bytes.toString());
		expect(ids(manager)).toEqual(['d1', 'd2', 'd3', 'd4', 'd5']);
		expect(manager.features.find((f: { properties: { defect_id: string } }) => f.properties.defect_id === 'd5').properties).toMatchObject({ answer: null, released_id: null });
		for (const who of ['observer', 'reviewer2'] as const) expect(ids(JSON.parse((await download(who, 'defects.geojson')).bytes.toString()))).toEqual(['d1', 'd2', 'd3', 'd4', 'd5']);
		expect(ids(JSON.parse((await download('manager', 'defects.geojson', '?released=1')).bytes.toString()))).toEqual(['d1', 'd2', 'd3', 'd4']);
		const contractor = JSON.parse((await download('contractor', 'defects.geojson')).bytes.toString());
		expect(ids(contractor)).toEqual(['d1', 'd2', 'd3', 'd4']);
		// RFC 7946: WGS84 longitude/latitude, no crs member.
		expect(contractor.crs).toBeUndefined();
		expect(contractor.features.find((f: { properties: { defect_id: string } }) => f.properties.defect_id === 'd4').geometry).toEqual({ type: 'Point', coordinates: centers[westTiles[1]] });
		// Filters, and clear refusals.
		expect(ids(JSON.parse((await download('contractor', 'defects.geojson', `?severity=blocking,major&tile=${westTiles[0]}`)).bytes.toString()))).toEqual(['d1', 'd3']);
		expect((await download('contractor', 'defects.geojson', '?severity=critical')).status).toBe(400);
		expect((await download('contractor', 'defects.geojson', '?severty=major')).status).toBe(400);
		expect((await download('contractor', 'defects.shp')).status).toBe(404);
		expect((await download('managerOfB', 'defects.geojson')).status).toBe(403);
	});

	it('CSV for French Excel: BOM, ";", formulas made text, WKT in the campaign’s CRS', async () => {
		const got = await download('contractor', 'defects.csv', '?severity=minor');
		expect(got.status).toBe(200);
		expect(got.type).toBe('text/csv; charset=utf-8');
		const text = got.bytes.toString('utf8');
		expect(text.charCodeAt(0)).toBe(0xfeff);
		expect(text.split('\r\n')[0].replace('\uFEFF', '')).toMatch(/^defect_id;tile_name;category;category_label;severity;comment;author;organisation;created_at;answer;/);
		const [header, ...rows] = readCsv(text).map((r) => r.cells);
		const col = (name: string) => header.indexOf(name);
		expect(rows.map((r) => r[col('defect_id')]).sort()).toEqual(['d2', 'd4']);
		const d2 = rows.find((r) => r[col('defect_id')] === 'd2')!;
		expect(d2[col('comment')]).toBe(`'=HYPERLINK("http://evil.example")`);
		expect(d2[col('answer')]).toBe('fixed');
		expect(d2[col('crs')]).toBe(`EPSG:${crsEpsg}`);
		const m = /^POINT \((-?[\d.]+) (-?[\d.]+)\)$/.exec(d2[col('geometry_wkt')]);
		expect(m, d2[col('geometry_wkt')]).not.toBeNull();
		if (!hasGdal) return;
		// The WKT is in the campaign's CRS: PROJ takes it back to where the reviewer clicked.
		const back = spawnSync('gdaltransform', ['-s_srs', `EPSG:${crsEpsg}`, '-t_srs', 'EPSG:4326', '-output_xy'], { input: `${m![1]} ${m![2]}\n`, encoding: 'utf8' }).stdout.trim().split(/\s+/).map(Number);
		expect(back[0]).toBeCloseTo(centers[westTiles[0]][0] + 0.001, 6);
		expect(back[1]).toBeCloseTo(centers[westTiles[0]][1], 6);
	});

	it('the command line writes the same contract', async () => {
		const out = join(server.dir, 'cli.gpkg');
		expect(await recette('export', String(A), '--format', 'gpkg', '--out', out, '--released', '--severity', 'minor')).toMatch(/^2 defect\(s\), 0 correction\(s\), \d+ tile\(s\) written to /);
		const g = new Database(out, { readonly: true });
		expect(g.prepare('SELECT defect_id FROM defects ORDER BY defect_id').pluck().all()).toEqual(['d2', 'd4']);
		g.close();
		const csv = join(server.dir, 'cli.csv');
		await recette('export', String(A), '--format', 'csv', '--out', csv, '--tile', tileNames[westTiles[1]]);
		expect(readCsv(readFileSync(csv, 'utf8')).length).toBe(2);
		await expect(recette('export', String(A), '--format', 'shp', '--out', csv)).rejects.toMatchObject({ stderr: expect.stringMatching(/--format must be gpkg, geojson or csv/) });
		await expect(recette('export', String(A), '--format', 'csv', '--out', csv, '--tile', 'nowhere')).rejects.toMatchObject({ stderr: expect.stringMatching(/No tile of this campaign is named nowhere/) });
	});
});

describe('a second review round', () => {
	it('opens on the tiles answered "fixed" with the new delivery’s files; round 1 is kept for comparison', async () => {
		const [T1, T2] = westTiles;
		// A verdict on T1 in round 1.
		const r1 = join_('reviewer1', T1);
		await r1.synced;
		r1.doc.transact(() => {
			const v = new Y.Map<unknown>();
			v.set('verdict', 'rejected');
			v.set('comment', 'à reprendre');
			v.set('at', new Date().toISOString());
			r1.doc.getMap('verdicts').set(String(ids.reviewer1), v);
		});
		await eventually(async () => (await (await as('manager')(`/api/campaigns/${A}/verdicts`)).json()).length, (n: number) => n === 1, 5000, 'the verdict');

		// What "open on the tiles answered fixed" would take in, told to the manager's round panel
		// whatever the defects page is filtered on: T1 (d2 answered fixed).
		expect((await json(as('manager')(`/api/campaigns/${A}/releases`))).body.fixedTiles).toBe(1);
		expect((await as('contractor')(`/api/campaigns/${A}/rounds`, { method: 'POST', body: '{"fixed":true}' })).status).toBe(403);
		expect(await json(as('manager')(`/api/campaigns/${A}/rounds`, { method: 'POST', body: '{}' }))).toMatchObject({ status: 400, body: { code: 'no_tiles' } });
		// The new delivery's orthophoto, uploaded like any file (the demo's other vintage stands in for it).
		const up = await (await as('manager')('/api/uploads', { method: 'POST' })).json();
		const put = await as('manager')(`/api/uploads/${up.uploadId}/files/ortho-v2.tif`, {
			method: 'PUT',
			body: new Blob([readFileSync(join(DEMO, 'ortho-2018.tif'))]),
			headers: { 'content-type': 'application/octet-stream' },
			duplex: 'half'
		} as RequestInit);
		expect(put.status).toBe(201);
		const opened = await json(as('manager')(`/api/campaigns/${A}/rounds`, { method: 'POST', body: JSON.stringify({ fixed: true, uploadId: up.uploadId, ortho: ['ortho-v2.tif'], note: 'Livraison v2' }) }));
		expect(opened).toMatchObject({ status: 201, body: { round: 2, tiles: [{ id: T1, fromRound: 1 }], files: ['ortho-v2.tif'] } });

		// The live document starts round 2 empty, at the peers too; T2 is untouched.
		await until(() => r1.doc.getMap('defects').size === 0 && r1.doc.getMap('verdicts').size === 0, 5000, 'the peer to see round 2');
		// T1 is in round 2 now: its "fixed" answer belongs to round 1 and takes no tile in again.
		expect((await json(as('manager')(`/api/campaigns/${A}/releases`))).body.fixedTiles).toBe(0);
		expect(await defectIds('manager')).toEqual(['d4', 'd5']);
		expect(await (await as('manager')(`/api/campaigns/${A}/verdicts`)).json()).toEqual([]);
		const tiles = await (await as('manager')(`/api/campaigns/${A}/tiles`)).json();
		expect(tiles.features.find((f: { id: number }) => f.id === T1).properties.status).toBe('not_started');

		// The tile page's view: round 2, its imagery, and round 1 as it was closed.
		const view = await json(as('reviewer1')(`/api/campaigns/${A}/tiles/${T1}/round`));
		expect(view.body).toMatchObject({ round: 2, note: 'Livraison v2', imagery: { tiles: [`/api/campaigns/${A}/imagery/{z}/{x}/{y}.png?round=2`] }, previousImagery: null });
		expect(view.body.previous.defects.map((d: { id: string }) => d.id).sort()).toEqual(['d1', 'd2', 'd3']);
		expect(view.body.previous).toMatchObject({ round: 1, consensus: 'rejected', verdicts: [{ userId: ids.reviewer1, verdict: 'rejected' }] });
		expect((await json(as('contractor')(`/api/campaigns/${A}/tiles/${T1}/round`))).body).toMatchObject({ round: 2, previous: null });
		expect((await json(as('manager')(`/api/campaigns/${A}/tiles/${T2}/round`))).body).toMatchObject({ round: 1, imagery: null, previous: null });
		// Round 2's imagery is served (where the new delivery has pixels: the middle of the campaign).
		const [w, s, e, n] = (await (await as('manager')(`/api/campaigns/${A}`)).json()).bbox;
		const [lon, lat] = [(w + e) / 2, (s + n) / 2];
		const z = 15;
		const x = Math.floor(((lon + 180) / 360) * 2 ** z);
		const y = Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z);
		const img = await as('reviewer1')(`/api/campaigns/${A}/imagery/${z}/${x}/${y}.png?round=2`);
		expect(img.status).toBe(200);
		expect(img.headers.get('content-type')).toBe('image/png');
		expect((await as('reviewer1')(`/api/campaigns/${A}/imagery/${z}/${x}/${y}.png?round=1`)).status).toBe(400);

		// Round 2's review, then the comparison.
		addDefect(r1.doc, 'r2-1', defect('reviewer1', T1, 'minor', 'reste un flou'));
		await eventually(() => defectIds('manager'), (l) => l.includes('r2-1'), 5000, 'the round-2 defect');
		const cmp = await json(as('manager')(`/api/campaigns/${A}/rounds/comparison`));
		expect(cmp.status).toBe(200);
		const [round1, round2] = cmp.body.rounds;
		expect(round1).toMatchObject({ round: 1, openedAt: null, defects: { total: 5, minor: 2, major: 2, blocking: 1 }, verdicts: { rejected: 1 } });
		expect(round2).toMatchObject({ round: 2, tiles: 1, defects: { total: 1, minor: 1, major: 0, blocking: 0 }, verdicts: { rejected: 0 } });
		expect(cmp.body.tiles).toEqual([
			{
				tileId: T1,
				name: tileNames[T1],
				rounds: [
					{ round: 1, defects: { minor: 1, major: 1, blocking: 1, total: 3 }, consensus: 'rejected' },
					{ round: 2, defects: { minor: 1, major: 0, blocking: 0, total: 1 }, consensus: null }
				]
			}
		]);
		// Round 1's released defects and answers stay with the contractor; managers see they belong to a closed round.
		const contractorList = await released('contractor');
		expect(contractorList.body.features.map((f: { properties: { defectId: string } }) => f.properties.defectId).sort()).toEqual(['d1', 'd2', 'd3', 'd4']);
		const managerView = await released('manager');
		expect(managerView.body.features.find((f: { properties: { defectId: string } }) => f.properties.defectId === 'd1').properties.live).toBe('later_round');
		const rounds = await json(as('observer')(`/api/campaigns/${A}/rounds`));
		expect(rounds.body.map((r: { number: number; tileCount: number; files: string[] }) => [r.number, r.files])).toEqual([[1, []], [2, ['ortho-v2.tif']]]);
		expect(((await (await as('manager')(`/api/campaigns/${A}/audit`)).json()).events as { action: string; details: { round?: number } }[]).find((e) => e.action === 'round.open')?.details.round).toBe(2);
	});
});

describe('the checkpoints layer of the GeoPackage', () => {
	/** Free text of a surveyed point: no figure, so not in the contractor's file (as report.json). */
	const NOTE = 'Plaque EU, angle de la mairie — voir fiche';
	const cp: Record<string, { id: number; x: number; y: number }> = {};
	/** Where each reviewer clicks, from the reference (metres): the residuals the layer must give. */
	const OFFSETS: Record<string, { who: Who; dx: number; dy: number }> = {
		W1: { who: 'reviewer1', dx: 0.12, dy: -0.05 },
		W2: { who: 'reviewer1', dx: -0.03, dy: 0.04 },
		E1: { who: 'reviewer2', dx: 0.06, dy: 0.08 }
	};
	const gpkgOf = async (who: Who, name: string, query = '') => {
		const r = await as(who)(`/api/campaigns/${A}/exports/defects.gpkg${query}`);
		expect(r.status, `${who}: ${r.status}`).toBe(200);
		const path = join(server.dir, name);
		writeFileSync(path, Buffer.from(await r.arrayBuffer()));
		return path;
	};

	it('imports checkpoints, the reviewers point them, the manager keeps the measures', async () => {
		// At the centres of three tiles, in the campaign's CRS (read from the database: the API gives WGS84).
		const db = new Database(join(server.dir, 'recette.db'), { readonly: true });
		const rect = db.prepare('SELECT xmin, ymin, xmax, ymax FROM tiles WHERE id = ?');
		const at = (t: number) => {
			const r = rect.get(t) as { xmin: number; ymin: number; xmax: number; ymax: number };
			return `${(r.xmin + r.xmax) / 2},${(r.ymin + r.ymax) / 2}`;
		};
		const text = `id,x,y,description\nW1,${at(westTiles[3])},"${NOTE}"\nW2,${at(westTiles[4])},\nE1,${at(eastTiles[1])},croix\n`;
		db.close();
		const imported = await json(as('manager')(`/api/campaigns/${A}/checkpoints/import?name=points.csv`, { method: 'POST', body: text, headers: { 'content-type': 'text/csv' } }));
		expect(imported, JSON.stringify(imported.body)).toMatchObject({ status: 200, body: { imported: 3 } });
		for (const c of (await json(as('manager')(`/api/campaigns/${A}/checkpoints`))).body.checkpoints) cp[c.code] = { id: c.id, x: c.position.x, y: c.position.y };
		for (const [code, o] of Object.entries(OFFSETS)) {
			const r = await as(o.who)(`/api/campaigns/${A}/checkpoints/${cp[code].id}/measure`, { method: 'PUT', body: JSON.stringify({ x: cp[code].x + o.dx, y: cp[code].y + o.dy }) });
			expect(r.status, `${o.who} ${code}: ${await r.clone().text()}`).toBe(200);
		}
		const decisions = Object.entries(OFFSETS).map(([code, o]) => ({ checkpointId: cp[code].id, userId: ids[o.who], decision: 'kept' }));
		expect((await as('manager')(`/api/campaigns/${A}/checkpoints/decisions`, { method: 'POST', body: JSON.stringify({ decisions }) })).status).toBe(200);
	});

	it('the contractor’s file gets a valid `checkpoints` point layer with the residuals, figures only', async () => {
		const path = await gpkgOf('contractor', 'contractor-checkpoints.gpkg');
		const figures = (await json(as('contractor')(`/api/campaigns/${A}/positional.json`))).body;
		expect(figures.n).toBe(3);
		const g = new Database(path, { readonly: true });
		try {
			expect(g.prepare("SELECT geometry_type_name, srs_id FROM gpkg_geometry_columns WHERE table_name = 'checkpoints'").get()).toEqual({ geometry_type_name: 'POINT', srs_id: crsEpsg });
			expect(g.prepare("SELECT data_type FROM gpkg_contents WHERE table_name = 'checkpoints'").pluck().get()).toBe('features');
			const cols = (g.prepare('PRAGMA table_info(checkpoints)').all() as { name: string }[]).map((c) => c.name);
			expect(cols).toEqual(expect.arrayContaining(['code', 'tiles', 'kept_measures', 'x_map', 'y_map', 'dx', 'dy', 'distance', 'azimuth_deg', 'outlier']));
			expect(cols).not.toContain('description');
			expect(cols).not.toContain('sketch');
			const rows = g.prepare('SELECT code, dx, dy, distance, azimuth_deg, kept_measures, tiles, outlier FROM checkpoints ORDER BY code').all() as Record<string, number | string | null>[];
			expect(rows.map((r) => r.code)).toEqual(['E1', 'W1', 'W2']);
			for (const r of rows) {
				const o = OFFSETS[r.code as string];
				// positional.json rounds to the micrometre; the reference went through a transformation.
				expect(r.dx as number, `${r.code} dx`).toBeCloseTo(o.dx, 5);
				expect(r.dy as number, `${r.code} dy`).toBeCloseTo(o.dy, 5);
				expect(r.distance as number).toBeCloseTo(Math.hypot(o.dx, o.dy), 5);
				const want = figures.checkpoints.find((c: { code: string }) => c.code === r.code);
				expect(r).toMatchObject({ dx: want.dx, dy: want.dy, distance: want.distance, azimuth_deg: want.azimuth_deg, kept_measures: 1, outlier: want.outlier });
			}
			expect(rows.find((r) => r.code === 'W1')!.tiles).toBe(tileNames[westTiles[3]]);
		} finally {
			g.close();
		}
		expect(readFileSync(path).includes(Buffer.from('Plaque EU'))).toBe(false);
		if (!hasGdal) return;
		const validate = spawnSync(PY, ['-m', 'osgeo_utils.samples.validate_gpkg', path], { encoding: 'utf8' });
		expect(`${validate.stdout}${validate.stderr}`.trim(), 'validate_gpkg').toBe('');
		const info = spawnSync('ogrinfo', ['-so', path, 'checkpoints'], { encoding: 'utf8' }).stdout;
		expect(info).toMatch(/Geometry: Point/);
		expect(info).toMatch(/Feature Count: 3/);
		expect(info).toMatch(new RegExp(`ID\\["EPSG",${crsEpsg}\\]\\]`));
		expect(info).toMatch(/dx: Real/);
		// The point is the reference, as imported, in the campaign's CRS.
		const back = JSON.parse(spawnSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', path, 'checkpoints'], { encoding: 'utf8' }).stdout);
		const w1 = back.features.find((f: { properties: { code: string } }) => f.properties.code === 'W1');
		expect(w1.geometry.coordinates[0]).toBeCloseTo(cp.W1.x, 6);
		expect(w1.geometry.coordinates[1]).toBeCloseTo(cp.W1.y, 6);
		expect(w1.properties.dx).toBeCloseTo(0.12, 5);
	});

	it('those who read reviews get the description; a reviewer never the checkpoints they point blind; tile filter applies', async () => {
		const read = (path: string) => {
			const g = new Database(path, { readonly: true });
			try {
				return g.prepare('SELECT * FROM checkpoints ORDER BY code').all() as Record<string, unknown>[];
			} finally {
				g.close();
			}
		};
		expect(read(await gpkgOf('manager', 'manager-checkpoints.gpkg')).find((r) => r.code === 'W1')).toMatchObject({ description: NOTE });
		// The manager's contractor view is the contractor's: no description.
		expect(read(await gpkgOf('manager', 'manager-released.gpkg', '?released=1'))[0]).not.toHaveProperty('description');
		// reviewer1 pointed W1 and W2, never E1 (on the other organisation's tile).
		expect(read(await gpkgOf('reviewer1', 'reviewer1-checkpoints.gpkg')).map((r) => r.code)).toEqual(['W1', 'W2']);
		expect(read(await gpkgOf('contractor', 'contractor-east.gpkg', `?tile=${eastTiles[1]}`)).map((r) => r.code)).toEqual(['E1']);
		// The command line is the operator's: every checkpoint, counted in its message.
		const out = join(server.dir, 'cli-checkpoints.gpkg');
		expect(await recette('export', String(A), '--format', 'gpkg', '--out', out)).toMatch(/, 3 checkpoint\(s\) written to /);
		expect(read(out)).toHaveLength(3);
	});
});
