/**
 * The acceptance report's PDF and the progress dashboard's figures through the real production server
 * (demo campaign), and `recette report --pdf` on the same database. The PDF is read back with an
 * independent reader, poppler's `pdftotext`: the decision and the overall accuracy report.json gives
 * must be in its text, in the language asked for — and, with kept checkpoint measures, the positional
 * accuracy section (RMSE, classes, the positional criteria, method, advice on the number of points).
 *
 * Review work is written as the collaboration server's projection writes it (verdicts, their
 * review_history rows with server times, tile statuses), at known times, so the burn-up can be checked.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../server/cli/main.ts';
import { criteriaSchema, setCriteria } from '../../src/lib/server/acceptance/criteria.service.ts';
import { generatePoints, labelPoint, listPoints, type FullPoint } from '../../src/lib/server/control-points/control-points.service.ts';
import { createDb } from '../../src/lib/server/db/db.ts';
import { decideMeasures, importCheckpoints, recordMeasure } from '../../src/lib/server/positional/checkpoints.service.ts';
import { criterionFigure, pct } from '../../src/lib/reports/report-text.ts';
import type { Report } from '../../src/lib/server/acceptance/report.service.ts';
import type { Progress } from '../../src/lib/server/reports/progress.service.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { asUser, signIn } from '../helpers/session.ts';

let server: RunningServer;
let C: number;
const cookies: Record<string, string> = {};
const as = (who: string) => asUser(server.url, who === 'anonymous' ? null : cookies[who]);
const tmp = mkdtempSync(join(tmpdir(), 'recette-report-pdf-'));
/** Tiles given a verdict below, and when (ms). */
const DAY = 86_400_000;
const start = Date.parse('2026-03-02T09:00:00Z');
/** Where the manager points each checkpoint, from its reference (metres): RMSE_r = √(0.0152/3 + 0.0093/3) ≈ 9.04 cm. */
const OFFSETS = [
	{ dx: 0.1, dy: -0.05 },
	{ dx: -0.04, dy: 0.08 },
	{ dx: 0.06, dy: 0.02 }
];

/** Text of a PDF, as poppler lays it out (rows kept on their line), whitespace folded. */
function pdfText(pdf: Buffer | Uint8Array): string {
	const file = join(tmp, `read-${Math.random().toString(36).slice(2)}.pdf`);
	writeFileSync(file, pdf);
	return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

beforeAll(async () => {
	server = await startServer();
	for (const who of ['manager', 'reviewer1', 'reviewer2', 'contractor', 'observer']) cookies[who] = await signIn(server.url, `${who}@demo.local`);
	C = ((await (await as('manager')('/api/campaigns')).json()) as { id: number }[])[0].id;

	const db = createDb(join(server.dir, 'recette.db'), { migrateNow: false });
	try {
		const user = (email: string) => db.$client.prepare('SELECT id FROM users WHERE email = ?').pluck().get(email) as number;
		const [r1, r2] = [user('reviewer1@demo.local'), user('reviewer2@demo.local')];
		// Control points stratified by class, labelled by a reviewer: every ninth point is a map error.
		generatePoints(db, C, { strata: 'classes', seed: 'pdf', targetSe: 0.05, anticipated: 0.85, anticipatedByClass: {}, minimum: 5, sizes: {}, replace: false }, null);
		const manager = { isAdmin: false, role: 'manager' as const, organisationIds: [], reviewUnassigned: false };
		const points = listPoints(db, C, manager, 1, false).points as FullPoint[];
		points.forEach((p, i) => labelPoint(db, C, p.id, r1, { classCode: i % 9 === 0 ? (p.mapClass === 'CS2.2.1' ? 'CS1.2.1' : 'CS2.2.1') : p.mapClass, comment: '' }));

		// Six tiles reviewed, one a day from 2 March (reviewer 1: the first five; reviewer 2: the sixth,
		// rejected), a seventh started on 4 March without a verdict.
		const tiles = db.$client.prepare('SELECT id FROM tiles WHERE campaign_id = ? AND in_sample = 1 ORDER BY ordinal').pluck().all(C) as number[];
		const verdict = db.$client.prepare('INSERT INTO verdicts (tile_id, user_id, campaign_id, verdict, comment, at) VALUES (?, ?, ?, ?, ?, ?)');
		const history = db.$client.prepare("INSERT INTO review_history (campaign_id, tile_id, user_id, at, target, key, action, before, after) VALUES (?, ?, ?, ?, ?, ?, 'create', NULL, ?)");
		const status = db.$client.prepare('UPDATE tiles SET status = ? WHERE id = ?');
		for (let i = 0; i < 6; i++) {
			const at = start + i * DAY;
			const who = i < 5 ? r1 : r2;
			const v = i < 5 ? 'accepted' : 'rejected';
			verdict.run(tiles[i], who, C, v, '', new Date(at).toISOString());
			history.run(C, tiles[i], who, at, 'verdict', String(who), JSON.stringify({ verdict: v }));
			status.run('reviewed', tiles[i]);
		}
		history.run(C, tiles[6], r1, start + 2 * DAY, 'defect', 'd1', '{}');
		status.run('in_review', tiles[6]);

		// Three checkpoints at the centres of tiles nobody reviewed, pointed by the manager and kept,
		// under the contract's « class ≤ 50 cm » and « RMSE radial ≤ 10 cm » besides the default criteria.
		const managerId = user('manager@demo.local');
		const actor = { id: managerId, email: 'manager@demo.local' };
		const rect = db.$client.prepare('SELECT xmin, ymin, xmax, ymax FROM tiles WHERE id = ?');
		const lines = [10, 15, 20].map((i, k) => {
			const r = rect.get(tiles[i]) as { xmin: number; ymin: number; xmax: number; ymax: number };
			return `PC${k + 1};${(r.xmin + r.xmax) / 2};${(r.ymin + r.ymax) / 2}`;
		});
		importCheckpoints(db, C, { bytes: new TextEncoder().encode(['id;x;y', ...lines].join('\n')), name: 'points.csv' }, actor);
		const checkpoints = db.$client.prepare('SELECT id, x, y FROM checkpoints WHERE campaign_id = ? ORDER BY code').all(C) as { id: number; x: number; y: number }[];
		checkpoints.forEach((c, k) => recordMeasure(db, C, c.id, { userId: managerId, grant: manager }, { x: c.x + OFFSETS[k].dx, y: c.y + OFFSETS[k].dy }));
		decideMeasures(db, C, checkpoints.map((c) => ({ checkpointId: c.id, userId: managerId, decision: 'kept' as const })), actor);
		setCriteria(db, C, criteriaSchema.parse({ overallAccuracy: 0.9, eachClassUsers: 0.85, precisionClassCm: 50, rmseRadialMax: 0.1 }), actor);
	} finally {
		db.$client.close();
	}
}, 180_000);
afterAll(async () => {
	await server?.stop();
	rmSync(tmp, { recursive: true, force: true });
});

describe('GET /api/campaigns/:id/report.pdf', () => {
	it('is a PDF whose text gives report.json’s decision and overall accuracy, in the language asked for', async () => {
		const report = (await (await as('manager')(`/api/campaigns/${C}/report.json`)).json()) as Report;
		expect(report.accuracy?.overall.estimate).toBeGreaterThan(0.5);
		// Not the default "pending": the figures decide (the rejected tile does not, no criterion on it).
		expect(report.decision.outcome).not.toBe('pending');

		const en = await as('manager')(`/api/campaigns/${C}/report.pdf`);
		expect(en.status).toBe(200);
		expect(en.headers.get('content-type')).toBe('application/pdf');
		expect(en.headers.get('content-disposition')).toMatch(/attachment; filename="acceptance-report-\d+\.pdf"/);
		const bytes = Buffer.from(await en.arrayBuffer());
		expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
		const text = pdfText(bytes);
		const outcomeEn = { accepted: 'Delivery accepted', accepted_with_reservations: 'Delivery accepted with reservations', rejected: 'Delivery rejected', pending: 'Decision pending' }[report.decision.outcome];
		expect(text).toContain(outcomeEn);
		expect(text).toContain(report.decision.why.en.replace(/\s+/g, ' '));
		const o = report.accuracy!.overall;
		expect(text).toContain(`Overall accuracy ${pct(o.estimate, 'en')} ± ${pct(o.ci95, 'en')} (SE ${pct(o.se, 'en')})`.replace(/\u00a0/g, ' '));
		// Each criterion: threshold, value and state (the words of a wrapped cell may move to the next line).
		const said = { met: 'Met', not_met: 'Not met', cannot_tell: 'Cannot tell yet' };
		const nbsp = (x: string) => x.replace(/\u00a0/g, ' ');
		for (const c of report.decision.criteria) expect(text, c.id).toContain(nbsp(`${criterionFigure(c.id, c.threshold, 'en')} ${criterionFigure(c.id, c.value, 'en')} ${said[c.status]}`));
		expect(text).toContain('Overall accuracy 90.0 %');
		// Method, sample design and the map with its legend counts (5 accepted, 1 rejected, 1 in review).
		expect(text).toContain('Stratified estimator of Olofsson et al. (2014)');
		expect(text).toContain('Seed “pdf”');
		expect(text).toContain('Map of the tiles');
		expect(text).toContain('Accepted (5)');
		expect(text).toContain('Rejected (1)');
		expect(text).toContain('Not started (23)');

		// French from the UI's cookie: same figures, French words and decimal commas.
		const fr = pdfText(Buffer.from(await (await as('manager')(`/api/campaigns/${C}/report.pdf`, { headers: { cookie: `${cookies.manager}; lang=fr` } })).arrayBuffer()));
		const outcomeFr = { accepted: 'Livraison acceptée', accepted_with_reservations: 'Livraison acceptée avec réserves', rejected: 'Livraison refusée', pending: 'Décision en attente' }[report.decision.outcome];
		expect(fr).toContain(outcomeFr);
		expect(fr).toContain(`Exactitude globale ${pct(o.estimate, 'fr')} ± ${pct(o.ci95, 'fr')}`.replace(/\u00a0/g, ' '));
		expect(fr).toContain('Carte des tuiles');
	}, 60_000);

	it('has the positional accuracy section: figures and classes, positional criteria, method, advice on the number of points', async () => {
		const report = (await (await as('manager')(`/api/campaigns/${C}/report.json`)).json()) as Report;
		const p = report.positional!;
		const value = (key: string) => p.summary.find((r) => r.key === key)!.value;
		expect(value('n')).toBe(3);
		expect(value('rmse_r') as number).toBeCloseTo(Math.sqrt((0.0152 + 0.0093) / 3), 6);
		const rmse = (c: string) => report.decision.criteria.find((x) => x.id === c)!;
		expect(rmse('rmse_radial')).toMatchObject({ status: 'met', threshold: 0.1 });
		expect(rmse('precision_class').threshold).toBe(50);

		const text = pdfText(Buffer.from(await (await as('manager')(`/api/campaigns/${C}/report.pdf`)).arrayBuffer()));
		expect(text).toContain('Positional accuracy of the orthophoto');
		// The summary table: radial RMSE in centimetres, the decree's class, the ASPRS class.
		expect(text).toContain('Radial RMSE 9.0 cm');
		expect(text).toContain('RMSE x 7.1 cm');
		expect(text).toContain('RMSE y 5.6 cm');
		expect(text).toContain('Checkpoints counted 3');
		expect(text).toContain(`Class of the decree of 16 September 2003 ${value('class_cm_stated')} cm`);
		expect(text).toContain(`ASPRS Edition 2 horizontal class ${value('asprs_class')}`);
		expect(text).toContain('NSSDA horizontal accuracy at 95 %');
		// The positional criteria with their state, and the caveat on fewer than 20 points.
		expect(text).toContain('10.0 cm 9.0 cm Met');
		expect(text).toContain(`50 cm ${value('class_cm_stated')} cm ${rmse('precision_class').status === 'met' ? 'Met' : 'Not met'}`);
		expect(text).toContain('fewer than the 20 NSSDA asks for');
		// The method and the standards' advice on how many points are enough.
		expect(text).toContain('Checkpoints are well-defined points whose position was surveyed');
		expect(text).toContain('3 checkpoints: NSSDA');
		expect(text).toContain('asks for at least 20');

		const fr = pdfText(Buffer.from(await (await as('manager')(`/api/campaigns/${C}/report.pdf`, { headers: { cookie: `${cookies.manager}; lang=fr` } })).arrayBuffer()));
		expect(fr).toContain('Précision de position de l’orthophotographie');
		expect(fr).toContain('EMQ radiale 9,0 cm');
		expect(fr).toContain('10,0 cm 9,0 cm Satisfait');
	}, 60_000);

	it('is for those who read report.json: contractors and observers too, not the anonymous', async () => {
		for (const who of ['contractor', 'observer', 'reviewer1']) expect((await as(who)(`/api/campaigns/${C}/report.pdf`)).status, who).toBe(200);
		const anonymous = await as('anonymous')(`/api/campaigns/${C}/report.pdf`);
		expect(anonymous.status).toBe(401);
		expect((await anonymous.json()).code).toBeTruthy();
		expect((await as('contractor')('/api/campaigns/999999/report.pdf')).status).toBe(403);
	}, 60_000);

	it('has a map layer the page draws: review tiles with status and consensus verdict, no reviewer', async () => {
		const r = await as('contractor')(`/api/campaigns/${C}/report-tiles.geojson`);
		expect(r.status).toBe(200);
		const fc = (await r.json()) as { features: { properties: Record<string, unknown> }[] };
		expect(fc.features).toHaveLength(30);
		const verdicts = fc.features.map((f) => f.properties.verdict);
		expect(verdicts.filter((v) => v === 'accepted')).toHaveLength(5);
		expect(verdicts.filter((v) => v === 'rejected')).toHaveLength(1);
		expect(Object.keys(fc.features[0].properties).sort()).toEqual(['name', 'status', 'verdict']);
	});
});

describe('GET /api/campaigns/:id/progress.json', () => {
	it('dates the reviewed tiles from the server’s history and estimates the completion', async () => {
		const r = await as('manager')(`/api/campaigns/${C}/progress.json`);
		expect(r.status).toBe(200);
		const p = (await r.json()) as Progress;
		expect(p.status).toMatchObject({ reviewed: 6, in_review: 1, not_started: 23 });
		expect(p.burnUp).toMatchObject({ total: 30, finished: 6, started: 7, remaining: 24 });
		const days = p.burnUp.days;
		expect(days[0]).toEqual({ date: '2026-03-02', started: 1, finished: 1 });
		expect(days.find((d) => d.date === '2026-03-04')).toEqual({ date: '2026-03-04', started: 4, finished: 3 });
		expect(days.find((d) => d.date === '2026-03-07')).toMatchObject({ finished: 6 });
		expect(days.at(-1)!.date).toBe(new Date().toISOString().slice(0, 10));
		// Nothing finished in the last 14 days (the history is from March): no date, and why.
		if (Date.now() - (start + 5 * DAY) > 14 * DAY) expect(p.burnUp).toMatchObject({ estimatedCompletion: null, reason: 'no_recent_progress' });
		// Territories: the demo gives 15 tiles to each commune; reviewer 1's five are in the west.
		expect(p.byTerritory.reduce((s, x) => s + x.tiles, 0)).toBe(30);
		const west = p.byTerritory.find((x) => x.organisation === 'Commune de Prairie-Ouest (démo)')!;
		expect(west.tiles).toBe(15);
		// Reviewers' organisations, with their cumulative tiles on the burn-up's days.
		const byOrg = Object.fromEntries(p.byOrganisation.map((o) => [o.organisation, o]));
		expect(byOrg['Commune de Prairie-Ouest (démo)']).toMatchObject({ reviewers: 1, tilesWithVerdict: 5 });
		expect(byOrg['Communauté de communes des Prairies-Est (démo)']).toMatchObject({ reviewers: 1, tilesWithVerdict: 1 });
		expect(byOrg['Commune de Prairie-Ouest (démo)'].cumulative).toHaveLength(days.length);
		expect(byOrg['Commune de Prairie-Ouest (démo)'].cumulative.slice(0, 6)).toEqual([1, 2, 3, 4, 5, 5]);
	});

	it('is for the campaign’s managers', async () => {
		for (const who of ['reviewer1', 'contractor', 'observer']) expect((await as(who)(`/api/campaigns/${C}/progress.json`)).status, who).toBe(403);
		expect((await as('anonymous')(`/api/campaigns/${C}/progress.json`)).status).toBe(401);
	});
});

describe('recette report <campaign-id> --pdf <file>', () => {
	const cli = async (...argv: string[]) => {
		let out = '';
		let err = '';
		const code = await run(argv, {
			stdout: { write: (s: string) => ((out += s), true) } as never,
			stderr: { write: (s: string) => ((err += s), true) } as never,
			env: { RECETTE_DB: join(server.dir, 'recette.db'), RECETTE_LANG: 'en' }
		});
		return { code, out, err };
	};

	it('writes the same report as the server', async () => {
		const file = join(tmp, 'cli.pdf');
		const { code, out, err } = await cli('report', String(C), '--pdf', file);
		expect(err).toBe('');
		expect(code).toBe(0);
		expect(out).toContain(file);
		const report = (await (await as('manager')(`/api/campaigns/${C}/report.json`)).json()) as Report;
		const text = pdfText(readFileSync(file));
		expect(text).toContain(`Overall accuracy ${pct(report.accuracy!.overall.estimate, 'en')}`.replace(/\u00a0/g, ' '));
		const fr = join(tmp, 'cli-fr.pdf');
		expect((await cli('report', String(C), '--pdf', fr, '--lang', 'fr')).code).toBe(0);
		expect(pdfText(readFileSync(fr))).toContain('Exactitude globale');
	}, 60_000);

	it('refuses bad input with one line and writes nothing', async () => {
		const file = join(tmp, 'never.pdf');
		for (const argv of [['report', String(C)], ['report', 'abc', '--pdf', file], ['report', '999999', '--pdf', file], ['report', String(C), '--pdf', file, '--lang', 'de']]) {
			const { code, err, out } = await cli(...argv);
			expect(code, argv.join(' ')).toBe(1);
			expect(err).toMatch(/^recette: .+\n$/);
			expect(out).toBe('');
		}
		expect(existsSync(file)).toBe(false);
		const unwritable = await cli('report', String(C), '--pdf', join(tmp, 'no-such-folder', 'x.pdf'));
		expect(unwritable.code).toBe(1);
		expect(unwritable.err).toMatch(/Cannot write/);
	});
});
