/**
 * Tile assignment on a real database with the real demo delivery (EPSG:26914, 30 tiles of 1 km from
 * 485000 5205000 to 491000 5210000) and the hand-drawn territories of test/fixtures/territories.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/lib/server/audit/audit.service.ts';
import { createOrganisation } from '../../src/lib/server/people/organisations.service.ts';
import { setMember } from '../../src/lib/server/people/members.service.ts';
import { createInvitation } from '../../src/lib/server/people/invitations.service.ts';
import { createUser } from '../../src/lib/server/people/users.service.ts';
import {
	assignByTerritory,
	assignFromCsv,
	changeAssignments,
	listAssignments,
	myTiles
} from '../../src/lib/server/assignments/assignments.service.ts';
import { importDemoCampaign } from '../../src/lib/server/demo/campaign.ts';
import { writeGpkg } from '../../src/lib/server/landcover/gpkg-write.ts';
import type { Db } from '../../src/lib/server/db/db.ts';
import { InputError } from '../../src/lib/server/errors.ts';
import { FIXTURES, freshDb } from '../helpers/db.ts';

const TERRITORIES = join(FIXTURES, 'territories');
const OUEST = 'Commune de Prairie-Ouest (démo)';
const EST = 'Communauté de communes des Prairies-Est (démo)';

let ctx: ReturnType<typeof freshDb>;
let db: Db;
let campaignId: number;
let ouest: number;
let est: number;
const actor = { id: 0, email: 'manager@test.local' };

beforeEach(async () => {
	ctx = freshDb();
	db = ctx.db;
	campaignId = await importDemoCampaign(db);
	ouest = createOrganisation(db, { name: OUEST, kind: 'commune' }, null).id;
	est = createOrganisation(db, { name: EST, kind: 'epci' }, null).id;
	const manager = await createUser(db, { email: actor.email, name: 'Manager' }, null);
	actor.id = manager.id;
});
afterEach(() => ctx.cleanup());

const tileId = (name: string) => (db.$client.prepare('SELECT id FROM tiles WHERE campaign_id = ? AND name = ?').get(campaignId, name) as { id: number }).id;
/** Names of the tiles assigned to an organisation, sorted. */
const tilesOf = (orgId: number) =>
	(db.$client.prepare('SELECT t.name FROM tile_assignments a JOIN tiles t ON t.id = a.tile_id WHERE a.organisation_id = ? ORDER BY t.name').all(orgId) as { name: string }[]).map((r) => r.name);
const assignmentCount = () => (db.$client.prepare('SELECT count(*) AS n FROM tile_assignments').get() as { n: number }).n;
const auditActions = () => listAudit(db, { campaignId }).filter((e) => e.action.startsWith('assignment.'));

/** The InputError a call throws (fails the test when it does not throw one). */
async function inputError(fn: () => unknown): Promise<InputError> {
	try {
		await fn();
	} catch (e) {
		if (e instanceof InputError) return e;
		throw e;
	}
	throw new Error('expected an InputError');
}

describe('assigning a map selection', () => {
	it('assigns, counts per organisation, lists per tile, and records one audit event', () => {
		const ids = [tileId('0485_5206'), tileId('0486_5206')];
		const res = changeAssignments(db, campaignId, { organisationId: ouest, tileIds: ids, action: 'assign' }, actor);
		expect(res).toMatchObject({ changed: 2, tileCount: 2 });
		// A tile may belong to two organisations.
		changeAssignments(db, campaignId, { organisationId: est, tileIds: [ids[0]], action: 'assign' }, actor);
		const overview = listAssignments(db, campaignId);
		expect(overview.tiles[ids[0]]).toEqual([ouest, est].sort((a, b) => a - b));
		expect(overview.tiles[ids[1]]).toEqual([ouest]);
		expect(overview.organisations.find((o) => o.id === ouest)?.tileCount).toBe(2);
		expect(overview.organisations.find((o) => o.id === est)?.tileCount).toBe(1);
		const events = auditActions();
		expect(events).toHaveLength(2);
		expect(events[1].details).toMatchObject({ source: 'map', requested: 2, added: 2 });
		expect(events[1].actorEmail).toBe(actor.email);
	});

	it('re-assigning changes nothing; unassigning removes only that organisation', () => {
		const ids = [tileId('0485_5206'), tileId('0486_5206')];
		changeAssignments(db, campaignId, { organisationId: ouest, tileIds: ids, action: 'assign' }, actor);
		changeAssignments(db, campaignId, { organisationId: est, tileIds: ids, action: 'assign' }, actor);
		expect(changeAssignments(db, campaignId, { organisationId: ouest, tileIds: ids, action: 'assign' }, actor).changed).toBe(0);
		const res = changeAssignments(db, campaignId, { organisationId: ouest, tileIds: [ids[0]], action: 'unassign' }, actor);
		expect(res).toMatchObject({ changed: 1, tileCount: 1 });
		expect(tilesOf(ouest)).toEqual(['0486_5206']);
		expect(tilesOf(est)).toEqual(['0485_5206', '0486_5206']);
		expect(auditActions()[0]).toMatchObject({ action: 'assignment.unassign', details: { removed: 1 } });
	});

	it('replaces: the selected tiles go to that organisation alone, and the others are told which they lost', () => {
		const ids = ['0485_5206', '0486_5206', '0487_5206'].map(tileId);
		changeAssignments(db, campaignId, { organisationId: ouest, tileIds: ids.slice(0, 2), action: 'assign' }, actor);
		changeAssignments(db, campaignId, { organisationId: est, tileIds: [ids[0]], action: 'assign' }, actor);
		const res = changeAssignments(db, campaignId, { organisationId: est, tileIds: ids, action: 'assign', mode: 'replace' }, actor);
		expect(res).toMatchObject({ mode: 'replace', requested: 3, changed: 2, unchanged: 1, tileCount: 3 });
		expect(res.removedFrom).toEqual([{ organisationId: ouest, name: OUEST, tiles: 2 }]);
		expect(tilesOf(ouest)).toEqual([]);
		expect(tilesOf(est)).toEqual(['0485_5206', '0486_5206', '0487_5206']);
		expect(auditActions()[0].details).toMatchObject({ source: 'map', mode: 'replace', organisationId: est, name: EST, requested: 3, added: 2, removedFrom: [{ organisationId: ouest, tiles: 2 }] });
		// Adding (the default) keeps the other holders.
		expect(changeAssignments(db, campaignId, { organisationId: ouest, tileIds: [ids[0]], action: 'assign' }, actor)).toMatchObject({ mode: 'add', changed: 1, removedFrom: [] });
		expect(listAssignments(db, campaignId).tiles[ids[0]]).toEqual([ouest, est].sort((a, b) => a - b));
	});

	it('a replace that fails changes nothing, not even the other organisations’ tiles', async () => {
		const ids = ['0485_5206'].map(tileId);
		changeAssignments(db, campaignId, { organisationId: ouest, tileIds: ids, action: 'assign' }, actor);
		const e = await inputError(() => changeAssignments(db, campaignId, { organisationId: est, tileIds: [...ids, 987654], action: 'assign', mode: 'replace' }, actor));
		expect(e.code).toBe('unknown_tiles');
		expect(tilesOf(ouest)).toEqual(['0485_5206']);
		expect(tilesOf(est)).toEqual([]);
	});

	it('counts who reviews for each organisation, so a manager can be warned before giving tiles to nobody', async () => {
		const counts = () => Object.fromEntries(listAssignments(db, campaignId).organisations.map((o) => [o.name, [o.reviewerCount, o.pendingInvitations]]));
		expect(counts()).toEqual({ [OUEST]: [0, 0], [EST]: [0, 0] });
		const user = await createUser(db, { email: 'lea@test.local', name: 'Léa' }, null);
		setMember(db, campaignId, user.id, 'reviewer', ouest, null, { anyOrganisation: true });
		const observer = await createUser(db, { email: 'paul@test.local', name: 'Paul' }, null);
		setMember(db, campaignId, observer.id, 'observer', est, null, { anyOrganisation: true });
		createInvitation(db, campaignId, { role: 'reviewer', organisationId: est, maxUses: 1, expiresInDays: 3 }, actor, { anyOrganisation: true });
		createInvitation(db, campaignId, { role: 'observer', organisationId: est, maxUses: 1, expiresInDays: 3 }, actor, { anyOrganisation: true });
		expect(counts()).toEqual({ [OUEST]: [1, 0], [EST]: [0, 1] });
	});

	it('rejects a tile of another campaign and writes nothing', async () => {
		const other = await importDemoCampaign(db);
		const stranger = (db.$client.prepare('SELECT id FROM tiles WHERE campaign_id = ? LIMIT 1').get(other) as { id: number }).id;
		const e = await inputError(() => changeAssignments(db, campaignId, { organisationId: ouest, tileIds: [tileId('0485_5206'), stranger], action: 'assign' }, actor));
		expect(e.code).toBe('unknown_tiles');
		expect(e.status).toBe(400);
		expect(e.messages.fr).toContain(String(stranger));
		expect(assignmentCount()).toBe(0);
		expect(auditActions()).toHaveLength(0);
	});

	it('rejects an organisation that does not exist', async () => {
		const e = await inputError(() => changeAssignments(db, campaignId, { organisationId: 9999, tileIds: [tileId('0485_5206')], action: 'assign' }, actor));
		expect(e.code).toBe('unknown_organisation');
		expect(e.status).toBe(404);
		expect(assignmentCount()).toBe(0);
	});

	it('assigns thousands of ids in one go (the statement does not choke on a long list)', () => {
		const all = (db.$client.prepare('SELECT id FROM tiles WHERE campaign_id = ?').all(campaignId) as { id: number }[]).map((r) => r.id);
		// Duplicates count once: a lasso over the same tiles twice is still 30 tiles.
		const res = changeAssignments(db, campaignId, { organisationId: est, tileIds: Array.from({ length: 5000 }, (_, i) => all[i % all.length]), action: 'assign' }, actor);
		expect(res).toMatchObject({ requested: 30, changed: 30, tileCount: 30 });
	});
});

describe('assigning by territory', () => {
	it('assigns the tiles a polygon covers, not those it only touches, by the organisation its attribute names', async () => {
		const res = await assignByTerritory(db, campaignId, join(TERRITORIES, 'communes-demo-26914.geojson'), { field: 'nom' }, actor);
		// The 2 × 2 km square: 4 tiles; tiles 0487_* (east edge) and 0485_5208/0486_5208 (north edge) only touch it.
		expect(tilesOf(ouest)).toEqual(['0485_5206', '0485_5207', '0486_5206', '0486_5207']);
		// The triangle straddles the x = 490000 edge of the top row.
		expect(tilesOf(est)).toEqual(['0489_5210', '0490_5210']);
		expect(res.polygons).toBe(3);
		expect(res.unmatchedValues).toEqual(['Commune de Nulle-Part']);
		expect(res.byOrganisation.map((o) => [o.name, o.tiles, o.added]).sort()).toEqual([[EST, 2, 2], [OUEST, 4, 4]]);
		const events = auditActions();
		expect(events).toHaveLength(1);
		expect(events[0].details).toMatchObject({ source: 'territory', field: 'nom', added: 6 });
	});

	it('reads the same territory from a GeoPackage (the format commune boundaries often come in)', async () => {
		// The GeoJSON fixture's polygons, written as a GeoPackage layer in the same CRS.
		const geojson = JSON.parse(readFileSync(join(TERRITORIES, 'communes-demo-26914.geojson'), 'utf8')) as {
			features: { properties: Record<string, string>; geometry: { coordinates: number[][][] } }[];
		};
		const gpkg = join(ctx.dir, 'communes.gpkg');
		writeGpkg(
			gpkg,
			{ table: 'communes', srsId: 26914, srsName: 'NAD83 / UTM zone 14N', geometryType: 'MULTIPOLYGON', fields: [{ name: 'nom', type: 'TEXT' }, { name: 'insee', type: 'TEXT' }] },
			geojson.features.map((f) => ({ properties: f.properties, geometry: [f.geometry.coordinates.map((ring) => Float64Array.from(ring.flat()))] }))
		);
		const res = await assignByTerritory(db, campaignId, gpkg, { field: 'nom' }, actor);
		expect(tilesOf(ouest)).toEqual(['0485_5206', '0485_5207', '0486_5206', '0486_5207']);
		expect(tilesOf(est)).toEqual(['0489_5210', '0490_5210']);
		expect(res.unmatchedValues).toEqual(['Commune de Nulle-Part']);
	});

	it('reprojects a territory drawn in WGS 84 onto the campaign grid', async () => {
		const res = await assignByTerritory(db, campaignId, join(TERRITORIES, 'secteur-nord-4326.geojson'), { organisationId: est }, actor);
		expect(tilesOf(est)).toEqual(['0486_5209', '0487_5209']);
		expect(res.unmatchedValues).toEqual([]);
	});

	it('refuses when no attribute value names an organisation, writing nothing', async () => {
		const e = await inputError(() => assignByTerritory(db, campaignId, join(TERRITORIES, 'communes-demo-26914.geojson'), { field: 'insee' }, actor));
		expect(e.code).toBe('no_organisation_matched');
		expect(e.status).toBe(422);
		expect(e.messages.en).toContain('"99001"');
		expect(assignmentCount()).toBe(0);
	});

	it('names the attributes when the chosen one does not exist', async () => {
		const e = await inputError(() => assignByTerritory(db, campaignId, join(TERRITORIES, 'communes-demo-26914.geojson'), { field: 'commune' }, actor));
		expect(e.code).toBe('unknown_field');
		expect(e.messages.fr).toContain('nom, insee');
	});

	it('refuses a territory that misses every tile (here: Lambert-93 zones in the Gers)', async () => {
		const e = await inputError(() => assignByTerritory(db, campaignId, join(FIXTURES, 'lambert93', 'zones.shp'), { organisationId: ouest }, actor));
		expect(e.code).toBe('territory_outside');
		expect(assignmentCount()).toBe(0);
	});

	it('needs exactly one of organisation and attribute', async () => {
		const path = join(TERRITORIES, 'secteur-nord-4326.geojson');
		expect((await inputError(() => assignByTerritory(db, campaignId, path, {}, actor))).code).toBe('territory_target');
		expect((await inputError(() => assignByTerritory(db, campaignId, path, { organisationId: est, field: 'nom' }, actor))).code).toBe('territory_target');
	});
});

describe('assigning by CSV', () => {
	it('reads what French Excel writes: BOM, semicolons, CRLF, quotes, names in any case', () => {
		const res = assignFromCsv(db, campaignId, readFileSync(join(TERRITORIES, 'attribution-excel.csv'), 'utf8'), actor);
		expect(res.lines).toBe(3);
		expect(tilesOf(ouest)).toEqual(['0485_5206', '0490_5210']);
		expect(tilesOf(est)).toEqual(['0490_5210']);
		expect(auditActions()).toHaveLength(1);
	});

	it('accepts commas and tile ids', () => {
		const id = tileId('0488_5208');
		assignFromCsv(db, campaignId, `tile,organisation\n${id},${EST}\n0489_5208,${EST}\n`, actor);
		expect(tilesOf(est)).toEqual(['0488_5208', '0489_5208']);
	});

	it('rejects the whole file, naming the bad lines, when one line is wrong', async () => {
		const csv = `tile;organisation\n0485_5206;${OUEST}\n9999_9999;${OUEST}\n0486_5206;Mairie inconnue\n`;
		const e = await inputError(() => assignFromCsv(db, campaignId, csv, actor));
		expect(e.code).toBe('csv_invalid');
		expect(e.messages.fr).toContain('ligne 3 : tuile « 9999_9999 » inconnue');
		expect(e.messages.en).toContain('line 4: unknown organisation "Mairie inconnue"');
		expect(assignmentCount()).toBe(0);
		expect(auditActions()).toHaveLength(0);
	});

	it('says which columns it needs', async () => {
		const e = await inputError(() => assignFromCsv(db, campaignId, 'nom;commune\n0485_5206;x\n', actor));
		expect(e.code).toBe('csv_columns');
	});

	it('quotes a huge bad value shortened, never whole', async () => {
		const huge = `Mairie ${'très '.repeat(200_000)}longue`;
		const e = await inputError(() => assignFromCsv(db, campaignId, `tile;organisation\n0485_5206;${huge}\n${'9'.repeat(300_000)};${OUEST}\n`, actor));
		expect(e.code).toBe('csv_invalid');
		expect(e.messages.fr).toContain(`ligne 2 : organisation « ${huge.slice(0, 80)}… » inconnue`);
		expect(e.messages.en).toContain(`line 3: unknown tile "${'9'.repeat(80)}…"`);
		expect(e.messages.en.length).toBeLessThan(400);
		const header = await inputError(() => assignFromCsv(db, campaignId, `${'colonne'.repeat(100_000)};commune\n0485_5206;x\n`, actor));
		expect(header.code).toBe('csv_columns');
		expect(header.messages.fr.length).toBeLessThan(400);
	});
});

describe('my tiles', () => {
	it('lists the tiles of the reviewer’s organisation, unfinished first, with progress', async () => {
		const user = await createUser(db, { email: 'lea@test.local', name: 'Léa' }, null);
		// As the operator would (any organisation of the directory).
		setMember(db, campaignId, user.id, 'reviewer', ouest, null, { anyOrganisation: true });
		changeAssignments(db, campaignId, { organisationId: ouest, tileIds: ['0485_5206', '0485_5207', '0486_5206'].map(tileId), action: 'assign' }, actor);
		changeAssignments(db, campaignId, { organisationId: est, tileIds: ['0490_5210'].map(tileId), action: 'assign' }, actor);
		db.$client.prepare("UPDATE tiles SET status = 'reviewed' WHERE id = ?").run(tileId('0485_5206'));
		db.$client.prepare("UPDATE tiles SET status = 'in_review' WHERE id = ?").run(tileId('0486_5206'));
		const mine = myTiles(db, { ...user });
		expect(mine).toHaveLength(1);
		expect(mine[0].counts).toEqual({ total: 3, not_started: 1, in_review: 1, reviewed: 1, validated: 0 });
		expect(mine[0].tiles.map((t) => t.name)).toEqual(['0486_5206', '0485_5207', '0485_5206']);
		expect(mine[0].organisations.map((o) => o.name)).toEqual([OUEST]);
		expect(mine[0]).toMatchObject({ role: 'reviewer', mayReview: true });
		expect(mine[0].tiles.every((t) => t.myVerdict === false && typeof t.ordinal === 'number')).toBe(true);
		// One campaign only, when asked.
		expect(myTiles(db, user, campaignId)).toHaveLength(1);
		expect(myTiles(db, user, campaignId + 1000)).toEqual([]);
	});

	it('marks the tiles the reviewer already gave a verdict on, and names the managers to ask', async () => {
		const user = await createUser(db, { email: 'lea@test.local', name: 'Léa' }, null);
		setMember(db, campaignId, user.id, 'reviewer', ouest, null, { anyOrganisation: true });
		setMember(db, campaignId, actor.id, 'manager', null, null);
		const ids = ['0485_5206', '0485_5207'].map(tileId);
		changeAssignments(db, campaignId, { organisationId: ouest, tileIds: ids, action: 'assign' }, actor);
		db.$client.prepare(`INSERT INTO verdicts (tile_id, user_id, campaign_id, verdict, comment, at) VALUES (?, ?, ?, 'accepted', '', '2026-01-01T00:00:00Z')`).run(ids[1], user.id, campaignId);
		const [mine] = myTiles(db, user);
		expect(Object.fromEntries(mine.tiles.map((t) => [t.name, t.myVerdict]))).toEqual({ '0485_5206': false, '0485_5207': true });
		expect(mine.managers).toEqual(['Manager']);
	});

	it('leaves out campaigns where an observer’s organisation has no tiles', async () => {
		const user = await createUser(db, { email: 'paul@test.local', name: 'Paul' }, null);
		setMember(db, campaignId, user.id, 'observer', est, null, { anyOrganisation: true });
		expect(myTiles(db, user)).toEqual([]);
		changeAssignments(db, campaignId, { organisationId: est, tileIds: [tileId('0490_5210')], action: 'assign' }, actor);
		expect(myTiles(db, user)[0].counts.total).toBe(1);
		// Followed, not reviewed: the home page must not call them "tiles to review".
		expect(myTiles(db, user)[0]).toMatchObject({ role: 'observer', mayReview: false });
	});
});
