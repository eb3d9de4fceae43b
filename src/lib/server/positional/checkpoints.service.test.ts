/**
 * Checkpoints end to end below HTTP: import (French CSV, other CRSs, GeoPackages written by GDAL),
 * blind pointing, measures, decisions, and the figures the API, the report and the export give, on a
 * real database and a real synthetic Lambert-93 delivery.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb } from '../../../../test/helpers/db.ts';
import { crossPosition, SYNTHETIC, writeSyntheticDelivery } from '../../../../test/helpers/positional.ts';
import type { Grant } from '../../access/permissions.ts';
import { positionalJson } from '../../stats/positional-csv.ts';
import { loadGrant } from '../access/authorize.ts';
import { setMember } from '../people/members.service.ts';
import { createOrganisation } from '../people/organisations.service.ts';
import { createUser } from '../people/users.service.ts';
import { changeAssignments } from '../assignments/assignments.service.ts';
import { importCampaign } from '../campaigns/import.service.ts';
import { resolveEpsg, transformer, WGS84 } from '../crs/crs.ts';
import type { Db } from '../db/db.ts';
import { InputError } from '../errors.ts';
import { writeGeoPackage } from '../landcover/gpkg-write.ts';
import {
	checkpointView,
	decideMeasures,
	deleteCheckpoint,
	editCheckpoint,
	importCheckpoints,
	listCheckpointsFor,
	proposeCheckpoint,
	recordMeasure,
	type Viewer
} from './checkpoints.service.ts';
import { checkpointsLayer, positionalCriteria, positionalDocument, positionalReportSection, residualVectors } from './positional.service.ts';
import { addSeam, deleteSeam, listSeams } from './seams.service.ts';

let t: ReturnType<typeof freshDb>;
let db: Db;
let campaignId: number;
let west: number;
let east: number;
const people: Record<'manager' | 'west' | 'east' | 'observer', number> = { manager: 0, west: 0, east: 0, observer: 0 };
const actor = { id: 0, email: 'manager@example.org' };

const viewer = (who: keyof typeof people): Viewer => ({ userId: people[who], grant: loadGrant(db, { id: people[who], email: '', name: '', isAdmin: false, isDemo: false }, campaignId) as Grant });
const csv = (text: string, epsg?: number) => ({ bytes: new TextEncoder().encode(text), name: 'points.csv', epsg });

/** The error a call throws (tests assert on its code and both messages). */
function failure(fn: () => unknown): InputError {
	try {
		fn();
	} catch (e) {
		if (e instanceof InputError) return e;
		throw e;
	}
	throw new Error('expected an InputError');
}

const A = crossPosition(SYNTHETIC, SYNTHETIC.crosses[0]); // in the west tile
const B = crossPosition(SYNTHETIC, SYNTHETIC.crosses[1]); // in the east tile

beforeAll(async () => {
	t = freshDb();
	db = t.db;
	const files = await writeSyntheticDelivery(t.dir);
	campaignId = await importCampaign(db, { name: 'Croix', landcover: files.landcover, classField: 'code_cs', ortho: [files.ortho], tiling: { mode: 'grid', size: 100 } });
	const tiles = db.$client.prepare('SELECT id, xmin FROM tiles WHERE campaign_id = ? ORDER BY xmin').all(campaignId) as { id: number; xmin: number }[];
	[west, east] = tiles.map((r) => r.id);
	for (const who of Object.keys(people) as (keyof typeof people)[]) people[who] = (await createUser(db, { email: `${who}@example.org`, name: who, password: 'password-long' }, null)).id;
	actor.id = people.manager;
	const ouest = createOrganisation(db, { name: 'Commune Ouest', kind: 'commune' }, null);
	const est = createOrganisation(db, { name: 'Commune Est', kind: 'commune' }, null);
	setMember(db, campaignId, people.manager, 'manager', null, null);
	setMember(db, campaignId, people.west, 'reviewer', ouest.id, null, { anyOrganisation: true });
	setMember(db, campaignId, people.east, 'reviewer', est.id, null, { anyOrganisation: true });
	setMember(db, campaignId, people.observer, 'observer', null, null);
	changeAssignments(db, campaignId, { organisationId: ouest.id, tileIds: [west], action: 'assign' }, null);
	changeAssignments(db, campaignId, { organisationId: est.id, tileIds: [east], action: 'assign' }, null);
}, 60_000);
afterAll(() => t?.cleanup());

describe('import', () => {
	it('reads the CSV French Excel saves (Windows-1252, `;`, decimal commas), keeps full precision, and finds each point’s tiles', () => {
		const text = `Identifiant;X;Y;Z;Libellé;Croquis\r\nPC1;${String(A.x).replace('.', ',')};${String(A.y).replace('.', ',')};35,25;Croix ouest – angle;https://example.fr/pc1.jpg\r\nPC2;${String(B.x).replace('.', ',')};${B.y};;Croix est, côté « sud »;\r\nBORD;652100;6862050;;Sur la limite des deux dalles;\r\n`;
		const bytes = iconv.encode(text, 'cp1252');
		expect(bytes.includes(0x96)).toBe(true); // the en dash, as Windows-1252 writes it
		const r = importCheckpoints(db, campaignId, { bytes, name: 'points.csv' }, actor);
		expect(r).toEqual({ imported: 3, completed: 0, crs: { epsg: 2154, name: 'RGF93 v1 / Lambert-93' }, format: 'csv' });
		const list = listCheckpointsFor(db, campaignId, viewer('manager')).checkpoints;
		expect(list.map((c) => c.code)).toEqual(['BORD', 'PC1', 'PC2']);
		const pc1 = list.find((c) => c.code === 'PC1')!;
		expect(pc1).toMatchObject({ description: 'Croix ouest – angle', sketch: 'https://example.fr/pc1.jpg', source: 'imported', surveyed: true, original: null });
		expect(pc1.position).toMatchObject({ x: A.x, y: A.y, z: 35.25 });
		expect(pc1.tiles.map((x) => x.id)).toEqual([west]);
		expect(list.find((c) => c.code === 'PC2')!.description).toBe('Croix est, côté « sud »');
		// On the shared edge: in both tiles, so both organisations may point it.
		expect(list.find((c) => c.code === 'BORD')!.tiles.map((x) => x.id)).toEqual([west, east]);
		expect(db.$client.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'checkpoints.import'").get()).toEqual({ n: 1 });
	});

	it('transforms coordinates given in another CRS (WGS 84 longitude/latitude) and keeps the originals', () => {
		const [lng, lat] = transformer(resolveEpsg(2154), WGS84)(A.x + 10, A.y - 10);
		importCheckpoints(db, campaignId, csv(`id,longitude,latitude\nGPS1,${lng},${lat}\n`, 4326), actor);
		const cp = listCheckpointsFor(db, campaignId, viewer('manager')).checkpoints.find((c) => c.code === 'GPS1')!;
		expect(Math.abs(cp.position!.x - (A.x + 10))).toBeLessThan(1e-5);
		expect(Math.abs(cp.position!.y - (A.y - 10))).toBeLessThan(1e-5);
		expect(cp.original).toEqual({ epsg: 4326, x: lng, y: lat });
		deleteCheckpoint(db, campaignId, cp.id, actor);
	});

	it('refuses a file with bad lines whole, listing every line, and imports nothing', () => {
		const before = listCheckpointsFor(db, campaignId, viewer('manager')).checkpoints.length;
		const e = failure(() => importCheckpoints(db, campaignId, csv(`id;x;y\nN1;${A.x};${A.y}\nN2;abc;6862050\nN3;6862050;652050\nPC1;652010;6862010\nN1;652020;6862020\n`), actor));
		expect(e.code).toBe('checkpoints_invalid');
		expect(e.status).toBe(422);
		expect(e.messages.en).toBe(
			'points.csv: nothing was imported. line 3: x is not a number: "abc"; ' +
				'line 4: point "N3" at (6862050, 652050) is outside the campaign\'s tiles (x and y look swapped); ' +
				'line 5: identifier "PC1" is already a checkpoint of this campaign: delete it first, or give this point another identifier; ' +
				'line 6: identifier "N1" is already used on line 2.'
		);
		expect(e.messages.fr).toMatch(/^points\.csv : rien n’a été importé\. ligne 3 : x n’est pas un nombre : « abc » ; ligne 4 : le point « N3 » .* \(x et y semblent inversés\)/);
		expect(listCheckpointsFor(db, campaignId, viewer('manager')).checkpoints.length).toBe(before);
	});

	it('suggests giving the EPSG code when a point lies outside in the campaign’s CRS', () => {
		expect(failure(() => importCheckpoints(db, campaignId, csv('id;x;y\nW;2.35;48.85\n'), actor)).messages.en).toMatch(/outside the campaign's tiles \(are its coordinates in EPSG:2154\? give the file's EPSG code otherwise\)/);
		expect(failure(() => importCheckpoints(db, campaignId, csv('id;x;y\nW;2;48\n', 999999), actor)).code).toBe('unknown_epsg');
	});

	it('reads a GeoPackage point layer written by GDAL, in WGS 84 with heights, from bytes and from a file', () => {
		const toWgs = transformer(resolveEpsg(2154), WGS84);
		const [lng, lat] = toWgs(B.x - 20, B.y + 5);
		const src = join(t.dir, 'gdal.csv');
		writeFileSync(src, `nom,lon,lat,z,commentaire\nG1,${lng},${lat},41.5,Plaque\n`);
		const gpkg = join(t.dir, 'gdal.gpkg');
		execFileSync('ogr2ogr', ['-f', 'GPKG', gpkg, src, '-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat', '-oo', 'Z_POSSIBLE_NAMES=z', '-a_srs', 'EPSG:4326', '-nln', 'points_controle']);
		const r = importCheckpoints(db, campaignId, { path: gpkg, name: 'gdal.gpkg' }, actor);
		expect(r).toMatchObject({ imported: 1, format: 'gpkg', crs: { epsg: 4326 } });
		const g1 = listCheckpointsFor(db, campaignId, viewer('manager')).checkpoints.find((c) => c.code === 'G1')!;
		expect(Math.abs(g1.position!.x - (B.x - 20))).toBeLessThan(1e-5);
		expect(g1.position!.z).toBe(41.5);
		expect(g1.description).toBe('Plaque');
		deleteCheckpoint(db, campaignId, g1.id, actor);
		// The same bytes, sent as a request body.
		const fromBytes = importCheckpoints(db, campaignId, { bytes: new Uint8Array(readFileSync(gpkg)), name: 'gdal.gpkg' }, actor);
		expect(fromBytes.imported).toBe(1);
		deleteCheckpoint(db, campaignId, listCheckpointsFor(db, campaignId, viewer('manager')).checkpoints.find((c) => c.code === 'G1')!.id, actor);
	});

	it('names the layers when a GeoPackage has none or several point layers, and the bad features', () => {
		const many = join(t.dir, 'several.gpkg');
		const layer = (table: string, geometryType: 'POINT' | 'POLYGON', coords: unknown) => ({
			table,
			srsId: 2154,
			geometryType,
			fields: [{ name: 'id', type: 'TEXT' as const }],
			features: [{ geometry: { type: geometryType === 'POINT' ? 'Point' : 'Polygon', coordinates: coords } as never, properties: { id: 'X' } }]
		});
		writeGeoPackage(many, { layers: [layer('a', 'POINT', [A.x, A.y]), layer('b', 'POINT', [B.x, B.y])] });
		expect(failure(() => importCheckpoints(db, campaignId, { path: many, name: 'several.gpkg' }, actor)).messages.en).toBe('several.gpkg has several point layers ("a" (POINT), "b" (POINT)): say which one holds the checkpoints.');
		const none = join(t.dir, 'none.gpkg');
		writeGeoPackage(none, { layers: [layer('zones', 'POLYGON', [[[A.x, A.y], [B.x, A.y], [B.x, B.y], [A.x, A.y]]])] });
		expect(failure(() => importCheckpoints(db, campaignId, { path: none, name: 'none.gpkg' }, actor)).messages.en).toBe('none.gpkg has no point layer: its layers are "zones" (POLYGON).');
		const dup = join(t.dir, 'dup.gpkg');
		writeGeoPackage(dup, { layers: [{ ...layer('pts', 'POINT', [A.x, A.y]), features: [{ geometry: { type: 'Point', coordinates: [A.x, A.y] }, properties: { id: 'D' } }, { geometry: { type: 'Point', coordinates: [1, 1] }, properties: { id: 'D' } }, { geometry: null, properties: { id: 'E' } }] }] });
		expect(failure(() => importCheckpoints(db, campaignId, { path: dup, name: 'dup.gpkg', layer: 'pts' }, actor)).messages.en).toBe('dup.gpkg: nothing was imported. feature 2: identifier "D" is already used on feature 1; feature 3: it has no geometry.');
	});
});

describe('blind pointing and measures', () => {
	const pc = (code: string, who: keyof typeof people = 'manager') => listCheckpointsFor(db, campaignId, viewer(who)).checkpoints.find((c) => c.code === code)!;

	it('never sends a reviewer the reference before they point: not in the list, not as the view’s centre', () => {
		const seen = pc('PC1', 'west');
		expect(seen.position).toBeNull();
		expect(seen.mayPoint).toBe(true);
		expect(pc('PC2', 'west').mayPoint).toBe(false);
		const view = checkpointView(db, campaignId, seen.id, viewer('west'));
		const off = Math.hypot(view.view.x - A.x, view.view.y - A.y);
		expect(off).toBeGreaterThanOrEqual(5 * 0.2 - 1e-9);
		expect(off).toBeLessThanOrEqual(20 * 0.2 + 1e-9);
		expect(view.measures).toBeNull();
		expect(view.pixelSize).toBeCloseTo(0.2, 12);
		// Another reviewer gets another view; the same reviewer the same one.
		expect(checkpointView(db, campaignId, pc('BORD').id, viewer('east')).view).not.toEqual(checkpointView(db, campaignId, pc('BORD').id, viewer('west')).view);
		expect(checkpointView(db, campaignId, seen.id, viewer('west')).view).toEqual(view.view);
		// Observers and managers, who do not point blind, see it.
		expect(pc('PC1', 'observer').position).toMatchObject({ x: A.x, y: A.y });
	});

	it('keeps a measure at full precision, then shows the reference and everyone’s measures', () => {
		const id = pc('PC1').id;
		const at = { x: A.x + 0.0312345678, y: A.y - 0.0187654321 };
		const view = recordMeasure(db, campaignId, id, viewer('west'), at);
		expect(view.mine).toMatchObject({ status: 'pointed', x: at.x, y: at.y, decision: 'pending' });
		expect(view.position).toMatchObject({ x: A.x, y: A.y });
		expect(view.measures).toHaveLength(1);
		expect(view.measures![0].dx).toBeCloseTo(0.0312345678, 9);
		expect(view.spread).toMatchObject({ n: 1, rms: 0, maxApart: 0 });
	});

	it('refuses a checkpoint on another organisation’s tile, a click outside the tiles and an unsurveyed point', () => {
		expect(failure(() => recordMeasure(db, campaignId, pc('PC2').id, viewer('west'), B)).status).toBe(403);
		expect(failure(() => recordMeasure(db, campaignId, pc('PC2').id, viewer('observer'), B)).status).toBe(403);
		expect(failure(() => recordMeasure(db, campaignId, pc('PC1').id, viewer('west'), { x: 0, y: 0 })).code).toBe('outside_tiles');
		const proposed = proposeCheckpoint(db, campaignId, viewer('east'), { x: B.x + 30, y: B.y + 10, description: 'Angle de clôture' }, actor);
		expect(proposed.code).toBe('P-1');
		expect(failure(() => recordMeasure(db, campaignId, proposed.id, viewer('east'), B)).code).toBe('not_surveyed');
		expect(failure(() => proposeCheckpoint(db, campaignId, viewer('east'), { x: A.x, y: A.y, description: 'Pas chez moi' }, actor)).code).toBe('not_your_tile');
		expect(failure(() => proposeCheckpoint(db, campaignId, viewer('east'), { x: B.x, y: B.y, description: '' }, actor)).code).toBe('description_required');
	});

	it('completes a proposed point with its surveyed position by import, keeping the proposer’s description', () => {
		importCheckpoints(db, campaignId, csv(`id;x;y\nP-1;${B.x + 30.5};${B.y + 10.25}\n`), actor);
		const p = pc('P-1');
		expect(p).toMatchObject({ source: 'proposed', surveyed: true, description: 'Angle de clôture', position: { x: B.x + 30.5, y: B.y + 10.25 } });
		editCheckpoint(db, campaignId, p.id, { sketch: 'P-1.jpg' }, actor);
		expect(pc('P-1').sketch).toBe('P-1.jpg');
		deleteCheckpoint(db, campaignId, p.id, actor);
	});

	it('lets two organisations point a point on their shared edge; pointing again goes back to pending', () => {
		const id = pc('BORD').id;
		recordMeasure(db, campaignId, id, viewer('west'), { x: 652100.04, y: 6862050.02 });
		recordMeasure(db, campaignId, id, viewer('east'), { x: 652100.06, y: 6862050.0 });
		decideMeasures(db, campaignId, [{ checkpointId: id, userId: people.west, decision: 'kept' }], actor);
		recordMeasure(db, campaignId, id, viewer('west'), { x: 652100.02, y: 6862050.02 });
		const view = checkpointView(db, campaignId, id, viewer('manager'));
		expect(view.measures!.map((m) => [m.name, m.decision])).toEqual([
			['east', 'pending'],
			['west', 'pending']
		]);
		// (0.06, 0) and (0.02, 0.02): 0.04 × √(1.25) apart
		expect(view.spread!.maxApart).toBeCloseTo(Math.hypot(0.04, 0.02), 9);
	});
});

describe('figures', () => {
	const id = (code: string) => listCheckpointsFor(db, campaignId, viewer('manager')).checkpoints.find((c) => c.code === code)!.id;

	it('cannot tell while measures are pending or checkpoints unpointed, then equals the CLI on the kept data', () => {
		expect(positionalCriteria(db, campaignId, [{ kind: 'rmse_radial', maxMetres: 0.5 }])[0].status).toBe('cannot_tell');
		recordMeasure(db, campaignId, id('PC2'), viewer('east'), { x: B.x - 0.05, y: B.y + 0.012 });
		recordMeasure(db, campaignId, id('PC1'), viewer('manager'), { x: A.x + 0.5, y: A.y + 0.5 });
		decideMeasures(
			db,
			campaignId,
			[
				{ checkpointId: id('PC1'), userId: people.west, decision: 'kept' },
				{ checkpointId: id('PC1'), userId: people.manager, decision: 'rejected' },
				{ checkpointId: id('PC2'), userId: people.east, decision: 'kept' },
				{ checkpointId: id('BORD'), userId: people.west, decision: 'kept' },
				{ checkpointId: id('BORD'), userId: people.east, decision: 'kept' }
			],
			actor
		);
		const doc = positionalDocument(db, campaignId);
		const expected = positionalJson([
			{ id: 'BORD', xRef: 652100, yRef: 6862050, xMap: (652100.02 + 652100.06) / 2, yMap: (6862050.02 + 6862050.0) / 2 },
			{ id: 'PC1', xRef: A.x, yRef: A.y, xMap: A.x + 0.0312345678, yMap: A.y - 0.0187654321 },
			{ id: 'PC2', xRef: B.x, yRef: B.y, xMap: B.x - 0.05, yMap: B.y + 0.012 }
		]);
		const { n, mean_dx, mean_dy, rmse_x, rmse_y, rmse_r, max_r, nssda95, class_cm, asprs_class } = doc;
		expect({ n, mean_dx, mean_dy, rmse_x, rmse_y, rmse_r, max_r, nssda95, class_cm, asprs_class }).toEqual(expected);
		expect(doc.class_cm_stated).toBe(Math.max(expected.class_cm!, 20)); // never finer than the 20 cm pixel
		expect(doc.checkpoints.map((c) => c.code)).toEqual(['BORD', 'PC1', 'PC2']);
		expect(doc.progress).toEqual({ surveyed: 3, proposed: 0, unpointed: 0, not_visible: 0, measures: 5, pending: 0, kept: 4, rejected: 1 });
		// Per tile: BORD counts for both tiles; per organisation: its territory.
		expect(doc.by_tile.map((g) => [g.tile_id, g.n])).toEqual([
			[west, 2],
			[east, 2]
		]);
		expect(doc.by_organisation.map((g) => [g.organisation, g.n])).toEqual([
			['Commune Est', 2],
			['Commune Ouest', 2]
		]);
		expect(doc.checkpoints.find((c) => c.code === 'PC2')).toMatchObject({ dx: -0.05, dy: 0.012, kept_measures: 1, tiles: [expect.any(String)], organisations: ['Commune Est'] });
		expect(doc.advice[0].en).toMatch(/^3 checkpoints: NSSDA/);
		const [rmse, cls] = positionalCriteria(db, campaignId, [{ kind: 'rmse_radial', maxMetres: 0.1 }, { kind: 'precision_class', classCm: 20 }]);
		expect(rmse.status).toBe('met');
		expect(cls.status).toBe('met');
	});

	it('withholds from a reviewer the residuals of the checkpoints they have not pointed', () => {
		const doc = positionalDocument(db, campaignId, {}, viewer('west'));
		expect(doc.checkpoints.find((c) => c.code === 'PC2')).toMatchObject({ hidden: true, x_ref: null, dx: null });
		expect(doc.checkpoints.find((c) => c.code === 'PC1')).toMatchObject({ hidden: false, x_ref: A.x });
		const vectors = residualVectors(db, campaignId, viewer('west'));
		expect(vectors.features.map((f) => f.properties!.code).sort()).toEqual(['BORD', 'BORD', 'PC1', 'PC1']);
	});

	it('draws each residual from the reference to reference + k × residual, in WGS 84', () => {
		const v = residualVectors(db, campaignId);
		const arrow = v.features.find((f) => f.properties!.code === 'PC2' && f.properties!.kind === 'arrow')!;
		const tip = (arrow.geometry as { coordinates: number[][][] }).coordinates[0][1];
		const want = transformer(resolveEpsg(2154), WGS84)(B.x - 0.05 * v.exaggeration, B.y + 0.012 * v.exaggeration);
		expect(tip[0]).toBeCloseTo(want[0], 10);
		expect(tip[1]).toBeCloseTo(want[1], 10);
		expect(v.exaggeration).toBeGreaterThan(10);
	});

	it('gives the report its section: table, method in both languages, spread and advice, vector map', () => {
		const s = positionalReportSection(db, campaignId, { classCm: 20 });
		expect(s.summary.find((r) => r.key === 'rmse_r')!.value).toBe(positionalDocument(db, campaignId).rmse_r);
		expect(s.summary.find((r) => r.key === 'decree_pass')).toMatchObject({ value: true });
		expect(s.method.length).toBeGreaterThan(4);
		expect(s.method[3].fr).toContain('La classe du marché, 20 cm, est celle testée.');
		expect(s.figures.decree!.tested_class_cm).toBe(20);
		expect(s.vectors.features.length).toBe(6);
	});

	it('writes the contractor’s `checkpoints` layer as a GeoPackage GDAL reads, with residuals', () => {
		const path = join(t.dir, 'export.gpkg');
		writeGeoPackage(path, { layers: [checkpointsLayer(db, campaignId)] });
		const info = execFileSync('ogrinfo', ['-al', '-q', path], { encoding: 'utf8' });
		expect(info).toMatch(/code \(String\) = PC2/);
		expect(info).toMatch(/dx \(Real\) = -0\.05/);
		expect(execFileSync('ogrinfo', ['-so', path, 'checkpoints'], { encoding: 'utf8' })).toMatch(/Geometry: Point[\s\S]*Feature Count: 3[\s\S]*Lambert-93/);
	});

	it('gives the contractor figures only, a reviewer no checkpoint they point blind, and follows the tile filter', () => {
		const names = (l: ReturnType<typeof checkpointsLayer>) => l.fields.map((f) => f.name);
		const codes = (l: ReturnType<typeof checkpointsLayer>) => [...l.features].map((f) => f.properties.code);
		const full = checkpointsLayer(db, campaignId);
		expect(names(full)).toEqual(expect.arrayContaining(['description', 'sketch']));
		expect([...full.features].find((f) => f.properties.code === 'PC1')!.properties.description).toBe('Croix ouest – angle');
		const contractor = checkpointsLayer(db, campaignId, { audience: 'released' });
		expect(names(contractor)).not.toContain('description');
		expect(names(contractor)).not.toContain('sketch');
		expect(JSON.stringify([...contractor.features])).not.toContain('Croix ouest');
		expect([...contractor.features].find((f) => f.properties.code === 'PC2')!.properties).toMatchObject({ dx: -0.05, dy: 0.012, kept_measures: 1 });
		// The west reviewer measured PC1 and BORD, never PC2: its reference stays out of their file.
		expect(codes(checkpointsLayer(db, campaignId, {}, viewer('west')))).toEqual(['BORD', 'PC1']);
		expect(codes(checkpointsLayer(db, campaignId, {}, viewer('observer')))).toEqual(['BORD', 'PC1', 'PC2']);
		// The tile filter chooses checkpoints (BORD lies in both tiles); their figures stay the campaign's.
		const east_ = checkpointsLayer(db, campaignId, { tileIds: [east] });
		expect(codes(east_)).toEqual(['BORD', 'PC2']);
		expect([...east_.features].find((f) => f.properties.code === 'BORD')!.properties.dx).toBe([...full.features].find((f) => f.properties.code === 'BORD')!.properties.dx);
	});

	it('summarises seam offsets like residuals; reviewers delete their own, managers any', () => {
		const s1 = addSeam(db, campaignId, viewer('west'), { a: { x: 652099.9, y: 6862060 }, b: { x: 652100.1, y: 6862060.03 }, comment: 'marquage' });
		addSeam(db, campaignId, viewer('east'), { a: { x: 652100.1, y: 6862070 }, b: { x: 652099.9, y: 6862070 } });
		expect(s1.dx).toBeCloseTo(0.2, 9);
		expect(positionalDocument(db, campaignId).seams.n).toBe(2);
		expect(failure(() => addSeam(db, campaignId, viewer('west'), { a: { x: 652010, y: 6862010 }, b: { x: 652090, y: 6862010 } })).code).toBe('seam_too_long');
		expect(failure(() => deleteSeam(db, campaignId, s1.id, viewer('east'), actor)).status).toBe(403);
		deleteSeam(db, campaignId, s1.id, viewer('manager'), actor);
		expect(listSeams(db, campaignId).map((s) => s.name)).toEqual(['east']);
	});
});
