/**
 * The acceptance report at the scale of a département: a generated campaign of 40 000 tiles, 200 000
 * defects and 10 000 labelled control points (bench/large-campaign.ts), written straight into SQLite.
 * Prints `name=value` lines; each figure is the best of 5 warm runs.
 *
 *   npx tsx bench/report.ts            report.json_ms (building the report object from the database),
 *                                      report.pdf_ms (the PDF from the database: report, tiles, map of
 *                                      40 000 rectangles, fonts embedded; best of 3, target ≤ 3 000 ms)
 *   npm run build && npx tsx bench/report.ts
 *                                      also report.json_http_ms (the endpoint, signed in, through the
 *                                      production server: access check, JSON encoding, transfer)
 *
 * Each figure is one entry of SECTIONS below; later figures (report.pdf_ms, export.gpkg_ms) add theirs
 * there, with the same context.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport } from '../src/lib/server/acceptance/report.service.ts';
import { createUser } from '../src/lib/server/people/users.service.ts';
import { reportPdf } from '../src/lib/server/reports/report-pdf.ts';
import { createDb, type Db } from '../src/lib/server/db/db.ts';
import { startServer, type RunningServer } from '../test/helpers/server.ts';
import { buildLargeCampaign, type LargeCampaign } from './large-campaign.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

interface Context {
	db: Db;
	dir: string;
	campaign: LargeCampaign;
	/** The production server on the same database, signed in as the campaign's manager (null without a build). */
	http: { server: RunningServer; cookie: string } | null;
}

/** Best of `runs` timings (ms) of `f`, after one warm-up run. */
async function best(f: () => unknown, runs = 5): Promise<number> {
	await f();
	let min = Infinity;
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		await f();
		min = Math.min(min, performance.now() - t0);
	}
	return min;
}

const SECTIONS: { name: string; run: (ctx: Context) => Promise<void> }[] = [
	{
		name: 'report.json',
		run: async ({ db, campaign }) => {
			const ms = await best(() => buildReport(db, campaign.campaignId));
			console.log(`report.json_ms=${ms.toFixed(1)}`);
			const bytes = JSON.stringify(buildReport(db, campaign.campaignId)).length;
			console.log(`report.json_bytes=${bytes}`);
		}
	},
	{
		name: 'report.json over HTTP',
		run: async ({ http, campaign }) => {
			if (!http) return console.log('report.json_http_ms=skipped (no build/: run `npm run build` first)');
			const url = `${http.server.url}/api/campaigns/${campaign.campaignId}/report.json`;
			const ms = await best(async () => {
				const r = await fetch(url, { headers: { cookie: http.cookie } });
				if (r.status !== 200) throw new Error(`report.json: ${r.status} ${await r.text()}`);
				await r.arrayBuffer();
			});
			console.log(`report.json_http_ms=${ms.toFixed(1)}`);
		}
	},
	{
		// The positional section reads every tile's rectangle and assignment: measured on the same campaign
		// once it has checkpoints (a département-wide orthophoto contract: a few hundred), each pointed by
		// two reviewers and kept, with both positional criteria set. Sections after this one see them too.
		name: 'report.json with checkpoints',
		run: async ({ db, campaign }) => {
			const n = addCheckpoints(db, campaign.campaignId, 400);
			const ms = await best(() => buildReport(db, campaign.campaignId));
			const report = buildReport(db, campaign.campaignId);
			if (report.positional?.figures.n !== n) throw new Error(`expected ${n} counted checkpoints, got ${report.positional?.figures.n}`);
			console.log(`report.json_checkpoints=${n}`);
			console.log(`report.json_with_checkpoints_ms=${ms.toFixed(1)}`);
		}
	},
	{
		name: 'report.pdf',
		run: async ({ db, campaign }) => {
			// Best of 3: each run is seconds long, and the machine is shared.
			const ms = await best(() => reportPdf(db, campaign.campaignId, 'fr'), 3);
			console.log(`report.pdf_ms=${ms.toFixed(0)}`);
			console.log(`report.pdf_bytes=${(await reportPdf(db, campaign.campaignId, 'fr')).length}`);
		}
	}
	// export.gpkg_ms: add its section here.
];

/**
 * `n` surveyed checkpoints at the centres of tiles spread over the campaign, each measured by two of its
 * reviewers a few centimetres off and kept; the criteria gain « class ≤ 20 cm » and « RMSE_r ≤ 0.3 m ».
 */
function addCheckpoints(db: Db, campaignId: number, n: number): number {
	const sql = db.$client;
	const tiles = sql.prepare('SELECT id, xmin, ymin, xmax, ymax FROM tiles WHERE campaign_id = ? ORDER BY id').all(campaignId) as { id: number; xmin: number; ymin: number; xmax: number; ymax: number }[];
	const reviewers = sql.prepare("SELECT user_id, organisation_id FROM campaign_members WHERE campaign_id = ? AND role = 'reviewer' ORDER BY user_id LIMIT 2").all(campaignId) as { user_id: number; organisation_id: number }[];
	const now = Date.now();
	sql.transaction(() => {
		const checkpoint = sql.prepare("INSERT INTO checkpoints (campaign_id, code, x, y, surveyed, source, description, sketch, blind_seed, created_at) VALUES (?, ?, ?, ?, 1, 'imported', '', '', ?, ?)");
		const inTile = sql.prepare('INSERT INTO checkpoint_tiles (checkpoint_id, tile_id, campaign_id) VALUES (?, ?, ?)');
		const measure = sql.prepare("INSERT INTO checkpoint_measures (checkpoint_id, user_id, campaign_id, organisation_id, status, x, y, at, decision) VALUES (?, ?, ?, ?, 'pointed', ?, ?, ?, 'kept')");
		for (let i = 0; i < n; i++) {
			const t = tiles[Math.floor(((i + 0.5) * tiles.length) / n)];
			const x = (t.xmin + t.xmax) / 2;
			const y = (t.ymin + t.ymax) / 2;
			const id = Number(checkpoint.run(campaignId, `PC${i + 1}`, x, y, `bench-${i}`, now).lastInsertRowid);
			inTile.run(id, t.id, campaignId);
			reviewers.forEach((r, k) => measure.run(id, r.user_id, campaignId, r.organisation_id, x + 0.03 * Math.cos(i + k), y + 0.03 * Math.sin(i * 1.7 + k), now));
		}
		const row = sql.prepare('SELECT criteria FROM acceptance_criteria WHERE campaign_id = ?').pluck().get(campaignId) as string | undefined;
		const criteria = { ...(row ? JSON.parse(row) : {}), precisionClassCm: 20, rmseRadialMax: 0.3 };
		sql.prepare('INSERT INTO acceptance_criteria (campaign_id, criteria, updated_at) VALUES (?, ?, ?) ON CONFLICT (campaign_id) DO UPDATE SET criteria = excluded.criteria').run(campaignId, JSON.stringify(criteria), now);
	})();
	return n;
}

const dir = mkdtempSync(join(tmpdir(), 'recette-bench-report-'));
const path = join(dir, 'recette.db');
const db = createDb(path);
let http: Context['http'] = null;
try {
	const t0 = performance.now();
	const campaign = buildLargeCampaign(db);
	console.log(`campaign.tiles=${campaign.tiles}`);
	console.log(`campaign.defects=${campaign.defects}`);
	console.log(`campaign.verdicts=${campaign.verdicts}`);
	console.log(`campaign.points=${campaign.points}`);
	console.log(`campaign.labels=${campaign.labels}`);
	console.log(`campaign.build_ms=${(performance.now() - t0).toFixed(0)}`);
	db.$client.pragma('wal_checkpoint(TRUNCATE)');

	if (existsSync(join(import.meta.dirname, '..', 'build', 'handler.js'))) {
		// The campaign's manager signs in through the API, as any client would.
		const email = db.$client.prepare('SELECT email FROM users WHERE id = ?').pluck().get(campaign.managerId) as string;
		db.$client.prepare('DELETE FROM users WHERE id = ?').run(campaign.managerId);
		const manager = await createUser(db, { email, name: 'Bench', password: 'bench-password' }, null);
		db.$client.prepare("INSERT INTO campaign_members (campaign_id, user_id, role) VALUES (?, ?, 'manager')").run(campaign.campaignId, manager.id);
		const server = await startServer({ RECETTE_DEMO: '0' }, { dir, keep: true });
		const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'bench-password' }) });
		const cookie = login.headers.getSetCookie().find((c) => c.startsWith('recette_session='))?.split(';')[0];
		if (!cookie) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
		http = { server, cookie };
	}
	for (const section of SECTIONS) await section.run({ db, dir, campaign, http });
} finally {
	await http?.server.stop();
	db.$client.close();
	rmSync(dir, { recursive: true, force: true });
}
