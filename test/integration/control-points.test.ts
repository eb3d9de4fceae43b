/**
 * Control points and the acceptance report through the production server: the manager draws a
 * seeded stratified sample, two reviewers label in blind mode, the manager adjudicates the ties, and
 * report.json gives the figures a hand computation gives (Olofsson et al. 2014 formulas written out
 * below), the decision, and nothing a contractor should not read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addDefect, eventually, joinTile, type CollabClient } from '../helpers/collab.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { asUser, signIn } from '../helpers/session.ts';

let server: RunningServer;
const A = 1;
const cookies: Record<string, string> = {};
const ids: Record<string, number> = {};
const as = (who: string | null) => asUser(server.url, who ? cookies[who] : null);
const clients: CollabClient[] = [];

interface FullPoint {
	id: number;
	ordinal: number;
	x: number;
	y: number;
	lon: number;
	lat: number;
	tileId: number;
	mayLabel: boolean;
	stratum: string;
	mapClass: string;
	featureId: number;
	labels: { userId: number; classCode: string | null; comment: string }[];
	status: string;
	reference: string | null;
}
interface List {
	blind: boolean;
	classes: { code: string }[];
	counts: Record<string, number>;
	points: FullPoint[];
}

const CLASSES = ['CS1.2.1', 'CS1.2.2', 'CS2.1.1.1', 'CS2.2.1'];
const draw = (extra: Record<string, unknown> = {}) => ({ seed: 'recette-r15', targetSe: 0.05, minimum: 0, sizes: Object.fromEntries(CLASSES.map((c) => [c, 3])), ...extra });

beforeAll(async () => {
	server = await startServer();
	for (const who of ['manager', 'reviewer1', 'reviewer2', 'contractor', 'observer']) {
		cookies[who] = await signIn(server.url, `${who}@demo.local`);
		ids[who] = (await (await as(who)('/api/auth/me')).json()).user.id;
	}
}, 120_000);
afterAll(async () => {
	for (const c of clients) c.destroy();
	await server?.stop();
});

const list = async (who: string, query = ''): Promise<List> => {
	const r = await as(who)(`/api/campaigns/${A}/control-points${query}`);
	expect(r.status, await r.clone().text()).toBe(200);
	return r.json();
};
const label = (who: string, pointId: number, classCode: string | null, comment = '') =>
	as(who)(`/api/campaigns/${A}/control-points/${pointId}/label`, { method: 'PUT', body: JSON.stringify({ classCode, comment }) });

/** Even-odd test of a WGS84 point in a GeoJSON polygon's rings. */
function inRings(rings: number[][][], x: number, y: number): boolean {
	let inside = false;
	for (const ring of rings) {
		for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
			const [xi, yi] = ring[i];
			const [xj, yj] = ring[j];
			if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
		}
	}
	return inside;
}

describe('drawing control points', () => {
	it('proposes sizes from the target SE and anticipated accuracies, for managers only, and refuses bad parameters', async () => {
		expect((await as('reviewer1')(`/api/campaigns/${A}/control-points/proposal`)).status).toBe(403);
		const r = await as('manager')(`/api/campaigns/${A}/control-points/proposal?targetSe=0.05&minimum=5&anticipated.CS2.2.1=0.95`);
		expect(r.status).toBe(200);
		const p = await r.json();
		expect(p.items.map((i: { stratum: string }) => i.stratum)).toEqual(CLASSES);
		// Olofsson et al. 2014 eq. 13 with these weights: n = (Σ W_i √(U_i(1 − U_i)))² / SE².
		const W = p.items.map((i: { weight: number }) => i.weight);
		const U = [0.85, 0.85, 0.85, 0.95];
		const n = Math.ceil((W.reduce((s: number, w: number, i: number) => s + w * Math.sqrt(U[i] * (1 - U[i])), 0) / 0.05) ** 2 - 1e-9);
		expect(p.formula.n).toBe(n);
		expect(p.total).toBe(p.items.reduce((s: number, i: { size: number }) => s + i.size, 0));
		for (const i of p.items) expect(i.proposed).toBeGreaterThanOrEqual(5);
		for (const [query, code] of [
			['anticipated=2', 'invalid_anticipated'],
			['strata=regions', 'invalid_strata'],
			['targetSe=abc', 'invalid_number'],
			['size.NOPE=3', 'unknown_stratum'],
			['anticipated.CS9=0.8', 'unknown_class']
		]) {
			const bad = await as('manager')(`/api/campaigns/${A}/control-points/proposal?${query}`);
			expect(bad.status, query).toBe(400);
			expect((await bad.json()).code).toBe(code);
		}
	});

	it('only a manager draws; each stratum needs 2 points; the same seed gives the same points', async () => {
		for (const who of ['reviewer1', 'contractor', 'observer']) {
			expect((await as(who)(`/api/campaigns/${A}/control-points`, { method: 'POST', body: JSON.stringify(draw()) })).status, who).toBe(403);
		}
		const thin = await as('manager')(`/api/campaigns/${A}/control-points`, { method: 'POST', body: JSON.stringify(draw({ sizes: { 'CS1.2.1': 1 } })) });
		expect(thin.status).toBe(400);
		expect((await thin.json()).code).toBe('stratum_too_small');
		const made = await as('manager')(`/api/campaigns/${A}/control-points`, { method: 'POST', body: JSON.stringify(draw({ seed: 'other' })) });
		expect(made.status).toBe(201);
		const other = (await list('manager')).points.map((p) => [p.x, p.y]);
		expect(await (await as('manager')(`/api/campaigns/${A}/control-points`, { method: 'POST', body: JSON.stringify(draw()) })).json()).toEqual({ points: 12, strata: 4 });
		const a = await list('manager');
		await as('manager')(`/api/campaigns/${A}/control-points`, { method: 'POST', body: JSON.stringify(draw()) });
		const b = await list('manager');
		expect(b.points.map((p) => [p.stratum, p.x, p.y, p.tileId])).toEqual(a.points.map((p) => [p.stratum, p.x, p.y, p.tileId]));
		expect(a.points.map((p) => [p.x, p.y])).not.toEqual(other);
		const audit = await (await as('manager')(`/api/campaigns/${A}/audit`)).json();
		expect(audit.events.some((e: { action: string; details: { points: number } }) => e.action === 'control_points.generate' && e.details.points === 12)).toBe(true);
	});

	it('puts each point inside a polygon of its stratum’s class, in its home tile', async () => {
		const { points } = await list('manager');
		expect(points.filter((p) => p.mapClass === p.stratum)).toHaveLength(12);
		for (const c of CLASSES) expect(points.filter((p) => p.stratum === c)).toHaveLength(3);
		const tiles = (await (await as('manager')(`/api/campaigns/${A}/tiles`)).json()).features as { id: number; geometry: { coordinates: number[][][] } }[];
		for (const p of points) {
			const tile = tiles.find((t) => t.id === p.tileId)!;
			expect(inRings(tile.geometry.coordinates, p.lon, p.lat), `point ${p.ordinal} in its tile`).toBe(true);
			// An independent reading of the map: the tile's land cover, as the tile page gets it.
			const landcover = await (await as('manager')(`/api/campaigns/${A}/tiles/${p.tileId}/landcover`)).json();
			const polygon = landcover.features.find((f: { properties: { fid: number } }) => f.properties.fid === p.featureId);
			expect(polygon.properties.class_code).toBe(p.mapClass);
			const parts: number[][][][] = polygon.geometry.type === 'Polygon' ? [polygon.geometry.coordinates] : polygon.geometry.coordinates;
			expect(parts.some((rings) => inRings(rings, p.lon, p.lat)), `point ${p.ordinal} in polygon ${p.featureId}`).toBe(true);
		}
		// Labelling order mixes the strata: it never runs through one class after another.
		const strataInOrder = points.map((p) => p.stratum);
		expect(strataInOrder.slice(0, 3).every((s) => s === strataInOrder[0])).toBe(false);
	});
});

describe('blind labelling', () => {
	it('reviewers see where points are, never the map class; contractors see nothing; observers everything', async () => {
		const blind = await list('reviewer1');
		expect(blind.blind).toBe(true);
		for (const p of blind.points) {
			for (const hidden of ['mapClass', 'stratum', 'labels', 'featureId', 'x', 'reference']) expect(p).not.toHaveProperty(hidden);
		}
		expect(blind.classes.map((c) => c.code)).toEqual(expect.arrayContaining(CLASSES));
		expect((await as('contractor')(`/api/campaigns/${A}/control-points`)).status).toBe(403);
		expect((await list('observer')).points[0]).toHaveProperty('mapClass');
		// A manager may ask for the blind view (the labelling page does).
		expect((await list('manager', '?blind=1')).points[0]).not.toHaveProperty('mapClass');
	});

	it('only whoever may review the point’s tile labels it; contractor and observer never', async () => {
		const { points } = await list('reviewer1');
		const west = points.find((p) => p.mayLabel)!;
		const east = points.find((p) => !p.mayLabel)!;
		expect(west && east).toBeTruthy();
		expect((await label('reviewer2', west.id, 'CS2.2.1')).status).toBe(403);
		expect((await label('reviewer1', east.id, 'CS2.2.1')).status).toBe(403);
		for (const who of ['contractor', 'observer']) expect((await label(who, west.id, 'CS2.2.1')).status, who).toBe(403);
		const unknown = await label('reviewer1', west.id, 'CS9.9');
		expect(unknown.status).toBe(400);
		expect((await unknown.json()).code).toBe('unknown_class');
		expect((await label('reviewer1', 999_999, 'CS2.2.1')).status).toBe(404);
		expect((await label('reviewer1', west.id, 'CS2.2.1', 'x'.repeat(4001))).status).toBe(400);
		// One label per reviewer and point, changeable, and withdrawable.
		expect((await label('reviewer1', west.id, 'CS2.2.1')).status).toBe(200);
		expect((await label('reviewer1', west.id, 'CS1.2.2')).status).toBe(200);
		let full = (await list('manager')).points.find((p) => p.id === west.id)!;
		expect(full.labels).toEqual([expect.objectContaining({ userId: ids.reviewer1, classCode: 'CS1.2.2' })]);
		expect((await as('reviewer1')(`/api/campaigns/${A}/control-points/${west.id}/label`, { method: 'DELETE' })).status).toBe(204);
		full = (await list('manager')).points.find((p) => p.id === west.id)!;
		expect(full.labels).toEqual([]);
	});
});

describe('two reviewers, the manager’s adjudication, and report.json', () => {
	let points: FullPoint[];
	let tileId: number;

	it('labels as two reviewers; ties wait for the manager, who alone adjudicates', async () => {
		// Both partners review every tile, so that both label every point.
		const tiles = (await (await as('manager')(`/api/campaigns/${A}/tiles`)).json()).features.map((f: { id: number }) => f.id);
		for (const organisationId of [2, 3]) {
			const r = await as('manager')(`/api/campaigns/${A}/assignments`, { method: 'POST', body: JSON.stringify({ organisationId, tileIds: tiles, action: 'assign' }) });
			expect(r.status).toBe(200);
		}
		points = (await list('manager')).points;
		const other = (c: string) => (c === 'CS2.2.1' ? 'CS1.2.1' : 'CS2.2.1');
		for (const [i, p] of points.entries()) {
			// Point 0: both say another class (a map error). Point 1: a tie (r1 other, r2 the map).
			// Point 2: r2 cannot tell. Point 3: a tie (r1 the map, r2 a third class). Others: both agree with the map.
			const r1 = i === 0 || i === 1 ? other(p.mapClass) : p.mapClass;
			const r2 = i === 0 ? other(p.mapClass) : i === 2 ? null : i === 3 ? 'CS1.2.2' === p.mapClass ? 'CS2.1.1.1' : 'CS1.2.2' : p.mapClass;
			expect((await label('reviewer1', p.id, r1, i === 0 ? 'COMMENTAIRE-PRIVE de relecture' : '')).status).toBe(200);
			expect((await label('reviewer2', p.id, r2)).status).toBe(200);
		}
		const full = await list('manager');
		expect(full.counts).toMatchObject({ points: 12, labelled: 12, decided: 10, toAdjudicate: 2 });
		expect(full.points.filter((p) => p.status === 'tie').map((p) => p.id)).toEqual([points[1].id, points[3].id]);

		const report = await (await as('manager')(`/api/campaigns/${A}/report.json`)).json();
		expect(report.controlPoints.points).toMatchObject({ total: 12, withReference: 10, withoutReference: 2, toAdjudicate: 2 });
		expect(report.decision.criteria.find((c: { id: string }) => c.id === 'overall_accuracy').status).toBe('cannot_tell');

		const adjudicate = (who: string, p: FullPoint, classCode: string | null) =>
			as(who)(`/api/campaigns/${A}/control-points/${p.id}/adjudication`, { method: 'PUT', body: JSON.stringify({ classCode, comment: 'vu sur le terrain' }) });
		expect((await adjudicate('reviewer1', points[1], points[1].mapClass)).status).toBe(403);
		expect((await adjudicate('manager', points[1], 'CS9.9')).status).toBe(400);
		expect((await adjudicate('manager', points[1], points[1].mapClass)).status).toBe(200);
		expect((await adjudicate('manager', points[3], 'CS1.2.2' === points[3].mapClass ? 'CS2.1.1.1' : 'CS1.2.2')).status).toBe(200);
		const after = await list('manager');
		expect(after.counts).toMatchObject({ decided: 12, toAdjudicate: 0 });
	});

	it('gives the figures of the Olofsson et al. (2014) formulas, computed here by hand', async () => {
		const r = await as('manager')(`/api/campaigns/${A}/report.json`);
		expect(r.status).toBe(200);
		const report = await r.json();
		const full = (await list('manager')).points;
		expect(report.method.accuracyEstimator).toBe('olofsson2014');
		const classes: string[] = report.accuracy.classes;
		expect(classes).toEqual(CLASSES);
		const area: Record<string, number> = Object.fromEntries(report.controlPoints.strata.map((s: { stratum: string; area: number }) => [s.stratum, s.area]));
		const A_ = CLASSES.reduce((s, c) => s + area[c], 0);
		const W = CLASSES.map((c) => area[c] / A_);
		const n = CLASSES.map((c) => CLASSES.map((k) => full.filter((p) => p.mapClass === c && p.reference === k).length));
		expect(report.accuracy.counts).toEqual(n);
		const ni = n.map((row) => row.reduce((s, v) => s + v, 0));
		expect(ni).toEqual([3, 3, 3, 3]);
		const U = CLASSES.map((_, i) => n[i][i] / ni[i]);
		const overall = W.reduce((s, w, i) => s + w * U[i], 0);
		const varOverall = W.reduce((s, w, i) => s + (w * w * U[i] * (1 - U[i])) / (ni[i] - 1), 0);
		expect(report.accuracy.overall.estimate).toBeCloseTo(overall, 12);
		expect(report.accuracy.overall.se).toBeCloseTo(Math.sqrt(varOverall), 12);
		expect(report.accuracy.overall.ci95).toBeCloseTo(1.96 * Math.sqrt(varOverall), 12);
		CLASSES.forEach((c, i) => {
			expect(report.accuracy.users[c].estimate).toBeCloseTo(U[i], 12);
			expect(report.accuracy.users[c].se).toBeCloseTo(Math.sqrt((U[i] * (1 - U[i])) / (ni[i] - 1)), 12);
			// Area of reference class k: A · Σ_i W_i n_ik / n_i, beside the mapped area.
			const share = CLASSES.reduce((s, _, r) => s + (W[r] * n[r][i]) / ni[r], 0);
			expect(report.accuracy.areas[c].estimate).toBeCloseTo(A_ * share, 6);
			expect(report.accuracy.areas[c].mapped).toBe(area[c]);
		});
		// Two map errors among 12: 2/3 user's accuracy somewhere ⇒ "each class ≥ 85 %" is not met.
		expect(report.decision.outcome).toBe('rejected');
		expect(report.decision.criteria.find((c: { id: string }) => c.id === 'each_class_users').status).toBe('not_met');

		// Agreement of the two reviewers on the 11 points both named a class for: 9 agree.
		expect(report.agreement.reviewers).toEqual([
			{ key: 'R1', organisation: 'Commune de Prairie-Ouest (démo)' },
			{ key: 'R2', organisation: 'Communauté de communes des Prairies-Est (démo)' }
		]);
		expect(report.agreement.labels.pairs).toHaveLength(1);
		expect(report.agreement.labels.pairs[0]).toMatchObject({ a: 'R1', b: 'R2', items: 11 });
		expect(report.agreement.labels.pairs[0].observedAgreement).toBeCloseTo(9 / 11, 12);
		expect(report.agreement.hotspots.pointsTotal).toBe(2);
		expect(report.agreement.hotspots.points.map((p: { pointId: number }) => p.pointId).sort()).toEqual([points[1].id, points[3].id].sort());
	});

	it('counts defects and verdicts from the review projections, with the tie of verdicts listed as a hot spot', async () => {
		tileId = points[4].tileId;
		const r1 = joinTile(server.url, cookies.reviewer1, A, tileId);
		const r2 = joinTile(server.url, cookies.reviewer2, A, tileId);
		clients.push(r1, r2);
		await Promise.all([r1.synced, r2.synced]);
		const at = new Date().toISOString();
		const defect = (author: number, severity: string, category: string) => ({ geometry: { type: 'Point', coordinates: [points[4].lon, points[4].lat] }, category, severity, comment: 'COMMENTAIRE-DEFAUT', author, createdAt: at });
		addDefect(r1.doc, 'd1', defect(ids.reviewer1, 'blocking', 'radiometry_saturation'));
		addDefect(r1.doc, 'd2', defect(ids.reviewer1, 'minor', 'radiometry_saturation'));
		addDefect(r2.doc, 'd3', defect(ids.reviewer2, 'major', 'landcover_boundary'));
		const verdict = (c: CollabClient, user: number, value: string) =>
			c.doc.transact(() => {
				const v = new Y.Map<unknown>();
				v.set('verdict', value);
				v.set('comment', 'COMMENTAIRE-VERDICT');
				v.set('at', at);
				c.doc.getMap('verdicts').set(String(user), v);
			});
		verdict(r1, ids.reviewer1, 'accepted');
		verdict(r2, ids.reviewer2, 'rejected');
		const report = await eventually(
			async () => (await (await as('manager')(`/api/campaigns/${A}/report.json`)).json()) as Record<string, any>,
			(rep) => rep.defects.total === 3 && rep.agreement.verdicts.itemsRatedTwice === 1,
			5000,
			'the projections in the report'
		);
		expect(report.defects.bySeverity).toEqual({ minor: 1, major: 1, blocking: 1 });
		expect(report.defects.byCategory.map((c: { code: string; total: number }) => [c.code, c.total])).toEqual([
			['radiometry_saturation', 2],
			['landcover_boundary', 1]
		]);
		// One 1 km² tile examined: 3 defects per km².
		expect(report.defects.examinedTiles).toBe(1);
		expect(report.defects.perKm2).toBeCloseTo(3, 9);
		expect(report.defects.blocking).toEqual({ total: 1, left: 1, answeredNotFixed: 0 });
		expect(report.defects.byReviewerOrganisation).toEqual([
			{ organisation: 'Commune de Prairie-Ouest (démo)', total: 2, bySeverity: { minor: 1, major: 0, blocking: 1 } },
			{ organisation: 'Communauté de communes des Prairies-Est (démo)', total: 1, bySeverity: { minor: 0, major: 1, blocking: 0 } }
		]);
		// accepted vs rejected: a tie, counted as rejected (the most severe), and a hot spot.
		expect(report.tiles.consensus).toEqual({ accepted: 0, accepted_with_reservations: 0, rejected: 1 });
		expect(report.tiles.split).toBe(1);
		expect(report.tiles.rejectedRate.estimate).toBe(1);
		expect(report.agreement.hotspots.tiles).toEqual([expect.objectContaining({ tileId, verdicts: { accepted: 1, accepted_with_reservations: 0, rejected: 1 } })]);
		expect(report.agreement.verdicts.pairs[0]).toMatchObject({ a: 'R1', b: 'R2', items: 1, observedAgreement: 0 });
	});
});

describe('acceptance criteria and who reads report.json', () => {
	it('offers the suggested criteria until the manager sets the campaign’s own', async () => {
		const got = await (await as('contractor')(`/api/campaigns/${A}/acceptance-criteria`)).json();
		expect(got).toMatchObject({ isDefault: true, criteria: { overallAccuracy: 0.9, eachClassUsers: 0.85 } });
		const put = (who: string, body: unknown) => as(who)(`/api/campaigns/${A}/acceptance-criteria`, { method: 'PUT', body: JSON.stringify(body) });
		expect((await put('reviewer1', { overallAccuracy: 0.8 })).status).toBe(403);
		expect((await put('contractor', { overallAccuracy: 0.8 })).status).toBe(403);
		expect((await put('manager', { overallAccuracy: 90 })).status).toBe(400);
		expect((await put('manager', { listedClassesUsers: { classes: ['CS9.9'], min: 0.8 } })).status).toBe(400);
		expect((await put('manager', { samplingPlan: { sampleSize: 31, acceptanceNumber: 1, seed: 'p' } })).status).toBe(400);
		expect((await put('manager', { samplingPlan: { sampleSize: 5, acceptanceNumber: 6, seed: 'p' } })).status).toBe(400);
		const ok = await put('manager', {
			overallAccuracy: 0.8,
			listedClassesUsers: { classes: ['CS2.2.1'], min: 0.5 },
			noBlockingDefectLeft: true,
			samplingPlan: { sampleSize: 5, acceptanceNumber: 1, seed: 'plan-2026' }
		});
		expect(ok.status).toBe(200);
		expect(await ok.json()).toMatchObject({ isDefault: false, criteria: { overallAccuracy: 0.8, eachClassUsers: null, noBlockingDefectLeft: true } });
		const report = await (await as('manager')(`/api/campaigns/${A}/report.json`)).json();
		expect(report.decision.criteria.map((c: { id: string }) => c.id)).toEqual(['overall_accuracy', 'listed_classes_users', 'no_blocking_defect_left', 'sampling_plan']);
		expect(report.decision.criteria.find((c: { id: string }) => c.id === 'no_blocking_defect_left')).toMatchObject({ status: 'not_met', value: 1 });
		expect(report.decision.outcome).toBe('rejected');
		expect(report.samplingPlan.tiles).toHaveLength(5);
		// The plan's draw is kept: setting the same plan again gives the same tiles.
		await put('manager', { overallAccuracy: 0.8, samplingPlan: { sampleSize: 5, acceptanceNumber: 1, seed: 'plan-2026' } });
		const again = await (await as('manager')(`/api/campaigns/${A}/report.json`)).json();
		expect(again.samplingPlan.tiles.map((t: { tileId: number }) => t.tileId)).toEqual(report.samplingPlan.tiles.map((t: { tileId: number }) => t.tileId));
	});

	it('the contractor and the observer read report.json — figures only, no comment, no name', async () => {
		expect((await as(null)(`/api/campaigns/${A}/report.json`)).status).toBe(401);
		for (const who of ['contractor', 'observer']) {
			const r = await as(who)(`/api/campaigns/${A}/report.json`);
			expect(r.status, who).toBe(200);
			const text = await r.text();
			expect(JSON.parse(text).format).toBe('recette-report/1');
			for (const secret of ['COMMENTAIRE', 'vu sur le terrain', '@demo.local', 'Léa Bernard']) expect(text, `${who}: ${secret}`).not.toContain(secret);
		}
	});
});
