/**
 * Positional accuracy in the acceptance report and decision, through the real production server: the
 * manager sets « precision class ≤ N cm » and « RMSE radial ≤ x m », imports checkpoints, two reviewers
 * point them blind, the manager decides; report.json then carries the positional section (the same
 * figures `recette positional` gives for the kept data) and a decision that follows the criteria. The
 * contractor reads the section as report.json allows (figures, no comment, no name); a reviewer still
 * pointing blind does not get the positions of the points they have not measured.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setMember } from '../../src/lib/server/people/members.service.ts';
import { importCampaign } from '../../src/lib/server/campaigns/import.service.ts';
import { createDb, type Db } from '../../src/lib/server/db/db.ts';
import { positionalFromCsv } from '../../src/lib/stats/positional-csv.ts';
import { crossPosition, SYNTHETIC, writeSyntheticDelivery } from '../helpers/positional.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { asUser, signIn } from '../helpers/session.ts';

let server: RunningServer;
let db: Db;
let C: number;
const cookies: Record<string, string> = {};
const userId: Record<string, number> = {};
const ids: Record<string, number> = {};
const as = (who: string) => asUser(server.url, who === 'anonymous' ? null : cookies[who]);
const A = crossPosition(SYNTHETIC, SYNTHETIC.crosses[0]);
const B = crossPosition(SYNTHETIC, SYNTHETIC.crosses[1]);
/** Free text of a checkpoint: a description is no figure, and report.json gives figures only. */
const DESCRIPTION = 'Regard EU angle rue Pasteur, voir fiche';

/** Where each reviewer clicks (metres, Lambert-93): PC1 west, PC2 east, BORD on the shared edge. */
const CLICKS = {
	PC1: { reviewer1: { x: A.x + 0.0123456789, y: A.y - 0.0234567891 } },
	PC2: { reviewer2: { x: B.x + 0.04, y: B.y - 0.03 } },
	BORD: { reviewer1: { x: 652100.031, y: 6862050.012 }, reviewer2: { x: 652100.049, y: 6862049.994 } }
};

const report = async (who: string) => {
	const r = await as(who)(`/api/campaigns/${C}/report.json`);
	expect(r.status, `${who}: ${await r.clone().text()}`).toBe(200);
	return (await r.json()) as Record<string, any>;
};
const putCriteria = (body: unknown, headers: Record<string, string> = {}) =>
	as('manager')(`/api/campaigns/${C}/acceptance-criteria`, { method: 'PUT', body: JSON.stringify(body), headers });
const criterion = (rep: Record<string, any>, id: string) => rep.decision.criteria.find((c: { id: string }) => c.id === id);

beforeAll(async () => {
	server = await startServer();
	for (const who of ['manager', 'reviewer1', 'reviewer2', 'observer', 'contractor']) cookies[who] = await signIn(server.url, `${who}@demo.local`);
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
	const orgOf = (who: string) => row('SELECT organisation_id AS id FROM campaign_members WHERE campaign_id = ? AND user_id = ?', C, userId[who]).id;
	for (const [who, tile] of [['reviewer1', tiles[0].id], ['reviewer2', tiles[1].id]] as const) {
		const r = await as('manager')(`/api/campaigns/${C}/assignments`, { method: 'POST', body: JSON.stringify({ organisationId: orgOf(who), tileIds: [tile], action: 'assign' }) });
		expect(r.status, await r.text()).toBe(200);
	}
}, 180_000);
afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

describe('positional criteria', () => {
	it('refuses a class that is not whole centimetres and an RMSE that is not metres, in French and English, changing nothing', async () => {
		const en = await putCriteria({ precisionClassCm: 12.5 });
		expect(en.status).toBe(400);
		expect(await en.json()).toEqual({ code: 'invalid_request', message: 'precisionClassCm: a whole number of centimetres from 1 to 10 000 (20 for the 20 cm class)' });
		const fr = await putCriteria({ rmseRadialMax: -1 }, { 'accept-language': 'fr' });
		expect(fr.status).toBe(400);
		expect(await fr.json()).toEqual({ code: 'invalid_request', message: 'rmseRadialMax : une longueur en mètres, plus de 0 et au plus 1 000 (0,25 pour 25 cm)' });
		expect(await (await as('manager')(`/api/campaigns/${C}/acceptance-criteria`)).json()).toMatchObject({ isDefault: true });
	});

	it('are stored with the others, audited, and cannot be told while the campaign has no checkpoint', async () => {
		const ok = await putCriteria({ precisionClassCm: 20, rmseRadialMax: 0.03 });
		expect(ok.status, await ok.clone().text()).toBe(200);
		expect(await ok.json()).toMatchObject({ isDefault: false, criteria: { precisionClassCm: 20, rmseRadialMax: 0.03, overallAccuracy: null } });
		expect(await (await as('contractor')(`/api/campaigns/${C}/acceptance-criteria`)).json()).toMatchObject({ criteria: { precisionClassCm: 20, rmseRadialMax: 0.03 } });
		const audit = await (await as('manager')(`/api/campaigns/${C}/audit`)).json();
		expect(audit.events[0]).toMatchObject({ action: 'acceptance.criteria', details: { precisionClassCm: 20, rmseRadialMax: 0.03 } });

		const rep = await report('manager');
		expect(rep.positional).toBeNull();
		expect(rep.decision.criteria.map((c: { id: string }) => c.id)).toEqual(['precision_class', 'rmse_radial']);
		for (const id of ['precision_class', 'rmse_radial']) {
			expect(criterion(rep, id)).toMatchObject({ status: 'cannot_tell', value: null, why: { en: 'No checkpoints have been imported.' } });
		}
		expect(rep.decision.outcome).toBe('pending');
		expect(rep.decision.criteriaSet).toMatchObject({ precisionClassCm: 20, rmseRadialMax: 0.03 });
	});
});

describe('report.json with checkpoints', () => {
	it('waits while measures await the manager, with the section already there', async () => {
		const comma = (v: number) => String(v).replace('.', ',');
		const text = `Identifiant;X;Y;Libellé\r\nPC1;${comma(A.x)};${comma(A.y)};${DESCRIPTION}\r\nPC2;${comma(B.x)};${comma(B.y)};Croix est\r\nBORD;652100;6862050;Limite des dalles\r\n`;
		const imported = await as('manager')(`/api/campaigns/${C}/checkpoints/import?name=points.csv`, { method: 'POST', body: text, headers: { 'content-type': 'text/csv' } });
		expect(imported.status, await imported.clone().text()).toBe(200);
		const listed = await (await as('manager')(`/api/campaigns/${C}/checkpoints`)).json();
		for (const c of listed.checkpoints) ids[c.code] = c.id;
		for (const [code, byWho] of Object.entries(CLICKS)) {
			for (const [who, at] of Object.entries(byWho)) {
				const r = await as(who)(`/api/campaigns/${C}/checkpoints/${ids[code]}/measure`, { method: 'PUT', body: JSON.stringify(at) });
				expect(r.status, `${who} ${code}: ${await r.clone().text()}`).toBe(200);
			}
		}
		const rep = await report('manager');
		expect(rep.positional.progress).toMatchObject({ surveyed: 3, unpointed: 0, measures: 4, pending: 4, kept: 0 });
		expect(rep.positional.summary.find((r: { key: string }) => r.key === 'n').value).toBe(0);
		expect(criterion(rep, 'precision_class')).toMatchObject({ status: 'cannot_tell', why: { en: "Cannot tell yet: 0 checkpoints have a kept measure; at least 2 are needed; 4 measures await the manager's decision." } });
		expect(rep.decision.outcome).toBe('pending');
	});

	it('gives the figures of `recette positional` on the kept data and decides on them', async () => {
		const decisions = [
			{ checkpointId: ids.PC1, userId: userId.reviewer1, decision: 'kept' },
			{ checkpointId: ids.PC2, userId: userId.reviewer2, decision: 'kept' },
			{ checkpointId: ids.BORD, userId: userId.reviewer1, decision: 'kept' },
			{ checkpointId: ids.BORD, userId: userId.reviewer2, decision: 'kept' }
		];
		expect((await as('manager')(`/api/campaigns/${C}/checkpoints/decisions`, { method: 'POST', body: JSON.stringify({ decisions }) })).status).toBe(200);
		const cli = positionalFromCsv(
			[
				'id,x_ref,y_ref,x_map,y_map',
				`BORD,652100,6862050,${(652100.031 + 652100.049) / 2},${(6862050.012 + 6862049.994) / 2}`,
				`PC1,${A.x},${A.y},${CLICKS.PC1.reviewer1.x},${CLICKS.PC1.reviewer1.y}`,
				`PC2,${B.x},${B.y},${CLICKS.PC2.reviewer2.x},${CLICKS.PC2.reviewer2.y}`
			].join('\n')
		);
		const rep = await report('manager');
		const p = rep.positional;
		const summary = Object.fromEntries(p.summary.map((r: { key: string; value: unknown }) => [r.key, r.value]));
		expect(summary).toMatchObject({ n: 3, mean_dx: cli.mean_dx, mean_dy: cli.mean_dy, rmse_x: cli.rmse_x, rmse_y: cli.rmse_y, rmse_r: cli.rmse_r, max_r: cli.max_r, nssda95: cli.nssda95, asprs_class: cli.asprs_class });
		// The orthophoto's 20 cm pixel bounds the class that may be stated (decree, article 8.2).
		expect(summary.class_cm_stated).toBe(20);
		// The contract's class is the one the section tests and states in its method.
		expect(summary.decree_pass).toBe(true);
		expect(p.figures.decree.tested_class_cm).toBe(20);
		expect(p.method.some((m: { en: string }) => m.en.includes('The contract’s class, 20 cm, is the one tested.'))).toBe(true);
		expect(p.checkpoints.map((c: { code: string; dx: number }) => [c.code, c.dx])).toEqual([
			['BORD', 0.04],
			['PC1', 0.012346],
			['PC2', 0.04]
		]);
		expect(p.vectors.features.filter((f: { properties: { kind: string } }) => f.properties.kind === 'arrow')).toHaveLength(3);
		expect(p.advice.length).toBeGreaterThan(0);

		// RMSE_r ≈ 4 cm > 3 cm: not met, and the delivery is rejected.
		expect(cli.rmse_r).toBeGreaterThan(0.03);
		expect(criterion(rep, 'precision_class')).toMatchObject({ status: 'met', threshold: 20, value: 20 });
		expect(criterion(rep, 'rmse_radial')).toMatchObject({ status: 'not_met', threshold: 0.03 });
		expect(criterion(rep, 'rmse_radial').value).toBeCloseTo(cli.rmse_r, 6);
		expect(criterion(rep, 'rmse_radial').caveat.en).toBe('Decided on 3 checkpoints, fewer than the 20 NSSDA asks for.');
		expect(rep.decision.outcome).toBe('rejected');

		// The contract's limit at 5 cm: every criterion met, the delivery accepted.
		expect((await putCriteria({ precisionClassCm: 20, rmseRadialMax: 0.05 })).status).toBe(200);
		const after = await report('manager');
		expect(after.decision.criteria.map((c: { status: string }) => c.status)).toEqual(['met', 'met']);
		expect(after.decision.outcome).toBe('accepted');
		// A class finer than the pixel is not met, whatever the residuals.
		expect((await putCriteria({ precisionClassCm: 10 })).status).toBe(200);
		const finer = await report('manager');
		expect(criterion(finer, 'precision_class')).toMatchObject({ status: 'not_met', value: 20 });
		expect(criterion(finer, 'precision_class').why.fr).toMatch(/article 8\.2/);
		expect(finer.decision.outcome).toBe('rejected');
		expect((await putCriteria({ precisionClassCm: 20, rmseRadialMax: 0.05 })).status).toBe(200);
	});

	it('lets the contractor read the section — every figure, no comment, no name', async () => {
		const r = await as('contractor')(`/api/campaigns/${C}/report.json`);
		expect(r.status).toBe(200);
		const text = await r.text();
		const rep = JSON.parse(text);
		expect(rep.decision.outcome).toBe('accepted');
		expect(rep.positional.checkpoints.find((c: { code: string }) => c.code === 'PC2')).toMatchObject({ hidden: false, dx: 0.04, dy: -0.03 });
		for (const secret of [DESCRIPTION, '@demo.local', 'Léa Bernard', 'Hugo Petit']) expect(text, secret).not.toContain(secret);
	});

	it('withholds from a reviewer the positions of the checkpoints they point blind, but not the decision', async () => {
		// reviewer1 measured PC1 and BORD, never PC2 (on the other organisation's tile).
		const rep = await report('reviewer1');
		const pc2 = rep.positional.checkpoints.find((c: { code: string }) => c.code === 'PC2');
		expect(pc2).toMatchObject({ hidden: true, x_ref: null, y_ref: null, dx: null, distance: null });
		expect(rep.positional.figures.checkpoints.find((c: { code: string }) => c.code === 'PC2')).toMatchObject({ hidden: true, x_ref: null });
		expect(rep.positional.vectors.features.map((f: { properties: { code: string } }) => f.properties.code)).not.toContain('PC2');
		expect(rep.positional.checkpoints.find((c: { code: string }) => c.code === 'PC1')).toMatchObject({ hidden: false, dx: 0.012346 });
		expect(rep.decision.outcome).toBe('accepted');
		const r2 = await report('reviewer2');
		expect(r2.positional.checkpoints.find((c: { code: string }) => c.code === 'PC1')).toMatchObject({ hidden: true, x_ref: null });
	});
});
