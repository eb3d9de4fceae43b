/**
 * report.json's figures on the real demo campaign in a fresh database (no HTTP): control points
 * stratified by review tile give Stehman's (2014) estimator, checked against the formulas written out
 * here; before any point, nothing is estimated and the decision waits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoPeople } from '../../src/lib/server/demo/people.ts';
import { buildReport } from '../../src/lib/server/acceptance/report.service.ts';
import { importDemoCampaign } from '../../src/lib/server/demo/campaign.ts';
import { generatePoints, labelPoint, listPoints, type FullPoint } from '../../src/lib/server/control-points/control-points.service.ts';
import type { Db } from '../../src/lib/server/db/db.ts';
import { freshDb } from '../helpers/db.ts';

let db: Db;
let cleanup: () => void;
let campaignId: number;
const manager = { isAdmin: false, role: 'manager' as const, organisationIds: [], reviewUnassigned: false };

beforeAll(async () => {
	({ db, cleanup } = freshDb());
	campaignId = await importDemoCampaign(db);
	await ensureDemoPeople(db);
}, 60_000);
afterAll(() => cleanup());

describe('report.json figures', () => {
	it('estimates nothing and decides nothing before control points exist', () => {
		const r = buildReport(db, campaignId);
		expect(r.controlPoints).toBeNull();
		expect(r.accuracy).toBeNull();
		expect(r.agreement.labels).toBeNull();
		expect(r.decision.outcome).toBe('pending');
		expect(r.decision.criteria.map((c) => c.status)).toEqual(['cannot_tell', 'cannot_tell']);
		expect(r.tiles).toMatchObject({ total: 30, review: 30, withVerdict: 0, rejectedRate: { estimate: null, reason: 'no_data' } });
		expect(r.agreement.verdicts.fleiss.reason).toBe('fewer_than_two_ratings');
	});

	it('with strata = tiles, gives Stehman’s (2014) estimates, written out here', () => {
		const drawn = generatePoints(db, campaignId, { strata: 'tiles', seed: 'stehman', targetSe: 0.1, anticipated: 0.85, anticipatedByClass: {}, minimum: 2, sizes: {}, replace: false }, null);
		expect(drawn.strata).toBe(30);
		const points = listPoints(db, campaignId, manager, 1, false).points as FullPoint[];
		// One reviewer; the first six points are map errors.
		points.forEach((p, i) => labelPoint(db, campaignId, p.id, 2, { classCode: i < 6 ? (p.mapClass === 'CS2.2.1' ? 'CS1.2.1' : 'CS2.2.1') : p.mapClass, comment: '' }));
		const r = buildReport(db, campaignId);
		expect(r.method.accuracyEstimator).toBe('stehman2014');
		expect(r.controlPoints!.points).toMatchObject({ total: points.length, withReference: points.length, withoutReference: 0 });

		// Overall accuracy = Σ_h N_h ȳ_h / N (eq. 25 of the paper), N_h the land-cover area of tile h;
		// V = Σ_h N_h² s²_h / n_h / N², s²_h the sample variance of the 0/1 agreement in tile h.
		const strata = r.controlPoints!.strata;
		const N = strata.reduce((s, h) => s + h.area, 0);
		let mean = 0;
		let variance = 0;
		for (const h of strata) {
			const inStratum = points.map((p, i) => ({ p, i })).filter(({ p }) => p.stratum === h.stratum);
			const n = inStratum.length;
			const agree = inStratum.filter(({ i }) => i >= 6).length;
			const y = agree / n;
			mean += (h.area * y) / N;
			variance += (h.area * h.area * ((agree * (1 - y) ** 2 + (n - agree) * y * y) / (n - 1))) / n / (N * N);
		}
		expect(r.accuracy!.overall.estimate).toBeCloseTo(mean, 12);
		expect(r.accuracy!.overall.se).toBeCloseTo(Math.sqrt(variance), 12);
		// The areas of the reference classes add up to the population's area.
		const areas = Object.values(r.accuracy!.areas).reduce((s, a) => s + (a.estimate ?? 0), 0);
		expect(areas).toBeCloseTo(N, 3);
		// A single reviewer: every point has one label, no pair, no agreement to estimate.
		expect(r.agreement.labels!.pairsTotal).toBe(0);
		expect(r.agreement.labels!.fleiss.reason).toBe('fewer_than_two_ratings');
	});
});
