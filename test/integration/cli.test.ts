import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { run } from '../../server/cli/main.ts';
import { ReviewStore } from '../../server/collab/store.ts';
import { createDb } from '../../src/lib/server/db/db.ts';
import { DEMO, FIXTURES } from '../helpers/db.ts';

const execFileAsync = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'server', 'cli', 'recette.js');
let dir: string;
let env: NodeJS.ProcessEnv;

interface Outcome {
	code: number;
	stdout: string;
	stderr: string;
}

/** A command run in this process (what the binary runs, without a process start per command). */
async function recette(...args: string[]): Promise<Outcome> {
	let stdout = '';
	let stderr = '';
	const code = await run(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env });
	return { code, stdout, stderr };
}

/** The real binary in its own process: its exit status and streams, as a shell sees them. */
async function recetteBinary(...args: string[]): Promise<Outcome> {
	try {
		const r = await execFileAsync(process.execPath, [BIN, ...args], { env, maxBuffer: 64 << 20 });
		return { code: 0, stdout: r.stdout, stderr: r.stderr };
	} catch (e) {
		const err = e as { code: number; stdout: string; stderr: string };
		return { code: err.code, stdout: err.stdout, stderr: err.stderr };
	}
}
const campaignCount = () => {
	const db = new Database(join(dir, 'recette.db'), { readonly: true });
	try {
		return (db.prepare('SELECT count(*) AS n FROM campaigns').get() as { n: number }).n;
	} finally {
		db.close();
	}
};

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'recette-cli-'));
	// English messages whatever the machine's LANG (the French ones are tested below).
	env = { ...process.env, RECETTE_DB: join(dir, 'recette.db'), RECETTE_LANG: 'en' };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const importArgs = ['--landcover', join(DEMO, 'occupation_sol.gpkg'), '--class-field', 'code_cs', '--ortho', DEMO];

describe('recette CLI', () => {
	let id: string;
	it('imports a campaign from a folder of orthophotos and prints its id on the last line', async () => {
		// --ortho with a folder takes every GeoTIFF in it: use a folder holding only the 2020 file.
		const orthoDir = join(dir, 'ortho');
		const { mkdirSync, copyFileSync } = await import('node:fs');
		mkdirSync(orthoDir);
		copyFileSync(join(DEMO, 'ortho-2020.tif'), join(orthoDir, 'ortho-2020.tif'));
		// The binary itself (recette.js, TypeScript through tsx), as documented.
		const r = await recetteBinary('import', 'Prairie', '--landcover', join(DEMO, 'occupation_sol.gpkg'), '--class-field', 'code_cs', '--ortho', orthoDir, '--previous', join(DEMO, 'ortho-2018.tif'), '--tile-size', '1000');
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		const lines = r.stdout.trim().split('\n');
		id = lines[lines.length - 1];
		expect(id).toMatch(/^\d+$/);
	});

	it('exports tiles as CSV with id, name, feature_count and one area column per class', async () => {
		const r = await recette('tiles', id, '--format', 'csv');
		expect(r.code).toBe(0);
		const [header, ...rows] = r.stdout.trim().split('\n');
		const cols = header.split(',');
		for (const c of ['id', 'name', 'feature_count', 'area_CS1.2.1', 'area_CS1.2.2', 'area_CS2.1.1.1', 'area_CS2.2.1']) expect(cols).toContain(c);
		expect(rows.length).toBeGreaterThan(10);
		const first = Object.fromEntries(rows[0].split(',').map((v, i) => [cols[i], v]));
		expect(first.name).toMatch(/^\d{4}_\d{4}$/);
		const areaSum = cols.filter((c) => c.startsWith('area_')).reduce((s, c) => s + Number(first[c]), 0);
		expect(areaSum).toBeGreaterThan(0);
		expect(areaSum).toBeLessThanOrEqual(1_000_000.01);
	});

	it('exports tiles as GeoJSON with the same properties', async () => {
		const r = await recette('tiles', id, '--format', 'geojson');
		expect(r.code).toBe(0);
		const fc = JSON.parse(r.stdout);
		expect(fc.type).toBe('FeatureCollection');
		const p = fc.features[0].properties;
		expect(typeof p.id).toBe('number');
		expect(p.name).toMatch(/^\d{4}_\d{4}$/);
		expect(typeof p.feature_count).toBe('number');
		expect(Object.keys(p).some((k) => k.startsWith('area_CS'))).toBe(true);
		expect(fc.features[0].geometry.type).toBe('Polygon');
	});

	it('draws the same sample for the same seed', async () => {
		const a = await recette('import', 'S1', ...importArgs.slice(0, 4), '--ortho', join(DEMO, 'ortho-2020.tif'), '--sample', '4', '--seed', '42', '--stratify');
		const b = await recette('import', 'S2', ...importArgs.slice(0, 4), '--ortho', join(DEMO, 'ortho-2020.tif'), '--sample', '4', '--seed', '42', '--stratify');
		const names = async (r: { stdout: string }) =>
			(await recette('tiles', r.stdout.trim().split('\n').pop()!, '--format', 'csv')).stdout.trim().split('\n').slice(1).map((l) => l.split(',')[1]);
		const na = await names(a);
		expect(na).toHaveLength(4);
		expect(await names(b)).toEqual(na);
	});

	it('rebuilds a campaign\'s review projections from its stored documents (projections rebuild)', async () => {
		// A database of its own (the demo campaign), so the accounts listed by other tests stay theirs.
		const own = { ...env, RECETTE_DB: join(dir, 'rebuild.db') };
		const inOwn = async (...args: string[]) => {
			const saved = env;
			env = own;
			try {
				return await recette(...args);
			} finally {
				env = saved;
			}
		};
		const id = (await inOwn('demo')).stdout.trim().split('\n').pop()!;
		expect((await inOwn('user', 'create', 'rebuild@example.org', '--password', 'long enough password')).code).toBe(0);
		const db = createDb(own.RECETTE_DB);
		let tileId: number;
		try {
			const userId = (db.$client.prepare("SELECT id FROM users WHERE email = 'rebuild@example.org'").get() as { id: number }).id;
			tileId = (db.$client.prepare('SELECT id FROM tiles WHERE campaign_id = ? ORDER BY ordinal LIMIT 1').get(Number(id)) as { id: number }).id;
			// A reviewer's verdict, as the collaboration server stores it: one Yjs update in the tile's log.
			const doc = new Y.Doc();
			const verdict = new Y.Map<unknown>();
			doc.getMap('verdicts').set(String(userId), verdict);
			for (const [k, v] of Object.entries({ verdict: 'rejected', comment: 'flou', at: Date.now() })) verdict.set(k, v);
			new ReviewStore(db).append(tileId, Number(id), userId, Date.now(), Y.encodeStateAsUpdate(doc));
		} finally {
			db.$client.close();
		}
		const r = await inOwn('projections', 'rebuild', id);
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/1 review documents, 1 entries/);
		const check = new Database(own.RECETTE_DB, { readonly: true });
		try {
			expect(check.prepare('SELECT verdict, comment FROM verdicts WHERE tile_id = ?').all(tileId)).toEqual([{ verdict: 'rejected', comment: 'flou' }]);
			expect(check.prepare('SELECT status FROM tiles WHERE id = ?').get(tileId)).toEqual({ status: 'reviewed' });
		} finally {
			check.close();
		}
		expect((await inOwn('projections', 'rebuild', '99999')).stderr).toMatch(/does not exist/);
		expect((await inOwn('projections', 'fold', id)).code).toBe(1);
	});

	const bad: [string, () => string[], RegExp][] = [
		['no class field', () => ['import', 'X', '--landcover', join(DEMO, 'occupation_sol.gpkg')], /--class-field/],
		['a class field that does not exist', () => ['import', 'X', '--landcover', join(DEMO, 'occupation_sol.gpkg'), '--class-field', 'nope'], /nope/],
		['an unknown CRS code', () => ['import', 'X', '--landcover', join(FIXTURES, 'lambert93', 'zones.shp'), '--class-field', 'id_zone', '--crs', 'EPSG:999999'], /999999/],
		['a file that is not what its extension says', () => ['import', 'X', '--landcover', join(DEMO, 'ortho-2020.tif'), '--class-field', 'code_cs'], /not|unsupported|format/i],
		['a truncated GeoTIFF', () => ['import', 'X', ...importArgs.slice(0, 4), '--ortho', join(dir, 'truncated.tif')], /truncated/i],
		['an unknown campaign for tiles', () => ['tiles', '99999', '--format', 'csv'], /does not exist/],
		['an unknown export format', () => ['tiles', '1', '--format', 'kml'], /geojson or csv/]
	];
	it('the binary exits 1 with a one-line reason on stderr and nothing on stdout', async () => {
		const r = await recetteBinary('import', 'X', '--landcover', join(DEMO, 'occupation_sol.gpkg'), '--class-field', 'nope');
		expect(r.code).toBe(1);
		expect(r.stdout).toBe('');
		expect(r.stderr).toMatch(/^recette: .*"nope".*\n$/);
		expect(r.stderr.trim().split('\n')).toHaveLength(1);
	});

	for (const [what, args, msg] of bad) {
		it(`exits 1 with a one-line reason on ${what}, creating nothing`, async () => {
			writeFileSync(join(dir, 'truncated.tif'), readFileSync(join(DEMO, 'ortho-2020.tif')).subarray(0, 200_000));
			const before = campaignCount();
			const r = await recette(...args());
			expect(r.code).toBe(1);
			expect(r.stderr.trim().split('\n')).toHaveLength(1);
			expect(r.stderr).toMatch(msg);
			expect(campaignCount()).toBe(before);
		});
	}

	it('runs imports started together to the end, each with its own complete data', async () => {
		// Separate processes, as people start them: they take turns on the database's write lock.
		const names = ['Parallel 1', 'Parallel 2', 'Parallel 3'];
		const runs = await Promise.all(names.map((n) => recetteBinary('import', n, '--landcover', join(DEMO, 'occupation_sol.gpkg'), '--class-field', 'code_cs', '--tile-size', '2000')));
		for (const r of runs) expect(r.code, r.stderr).toBe(0);
		const ids = runs.map((r) => Number(r.stdout.trim().split('\n').pop()));
		expect(new Set(ids).size).toBe(names.length);
		const db = new Database(join(dir, 'recette.db'), { readonly: true });
		try {
			for (const [i, id] of ids.entries()) {
				expect(db.prepare('SELECT name FROM campaigns WHERE id = ?').get(id)).toEqual({ name: names[i] });
				expect(db.prepare('SELECT count(*) AS n FROM landcover_features WHERE campaign_id = ?').get(id)).toEqual({ n: 2665 });
				// Each tile's feature list names features of its own campaign only.
				const own = new Set((db.prepare('SELECT id FROM landcover_features WHERE campaign_id = ?').all(id) as { id: number }[]).map((r) => r.id));
				for (const t of db.prepare('SELECT feature_ids FROM tiles WHERE campaign_id = ?').all(id) as { feature_ids: Buffer }[]) {
					for (let o = 0; o < t.feature_ids.length; o += 4) expect(own.has(t.feature_ids.readInt32LE(o))).toBe(true);
				}
			}
		} finally {
			db.close();
		}
	});

	it('speaks French when the system language is French', async () => {
		const saved = env;
		env = { ...env, RECETTE_LANG: '', LANG: 'fr_FR.UTF-8' };
		try {
			const r = await recette('import', 'X', '--landcover', join(DEMO, 'occupation_sol.gpkg'), '--class-field', 'nope');
			expect(r.code).toBe(1);
			expect(r.stderr).toMatch(/« nope »/);
			expect(r.stderr).toMatch(/champ/i);
		} finally {
			env = saved;
		}
	});
});

describe('people and access commands', () => {
	let campaign: string;
	beforeAll(async () => {
		const r = await recette('import', 'People', ...importArgs, '--tile-size', '2000');
		expect(r.code, r.stderr).toBe(0);
		campaign = r.stdout.trim().split('\n').pop()!;
	}, 60_000);
	const sql = (q: string, ...p: unknown[]) => {
		const db = new Database(join(dir, 'recette.db'), { readonly: true });
		try {
			return db.prepare(q).all(...p);
		} finally {
			db.close();
		}
	};

	it('create an admin, an organisation and give roles, as documented', async () => {
		expect((await recette('user', 'create', 'Chef@Region.fr', '--password', 'long enough', '--name', 'Chef de projet', '--admin')).code).toBe(0);
		expect((await recette('user', 'create', 'agent@commune.fr', '--password', 'long enough')).code).toBe(0);
		expect((await recette('org', 'create', 'Commune de Test', '--kind', 'commune')).code).toBe(0);
		const added = await recette('member', 'add', campaign, 'agent@commune.fr', '--role', 'reviewer', '--org', 'commune de test');
		expect(added.code, added.stderr).toBe(0);
		expect(sql('SELECT email, name, is_admin FROM users ORDER BY email')).toEqual([
			{ email: 'agent@commune.fr', name: '', is_admin: 0 },
			{ email: 'chef@region.fr', name: 'Chef de projet', is_admin: 1 }
		]);
		expect(sql('SELECT m.role, o.name FROM campaign_members m JOIN organisations o ON o.id = m.organisation_id WHERE m.campaign_id = ?', Number(campaign))).toEqual([
			{ role: 'reviewer', name: 'Commune de Test' }
		]);
		// The user also joined the organisation they review for.
		expect(sql('SELECT count(*) AS n FROM organisation_members')).toEqual([{ n: 1 }]);
		expect(sql("SELECT action FROM audit_events WHERE action LIKE 'member.%'")).toEqual([{ action: 'member.add' }]);
	});

	// Arguments are built lazily: the campaign id is only known once beforeAll has run.
	const bad: [string, () => string[], RegExp][] = [
		['a duplicate account', () => ['user', 'create', 'chef@region.fr', '--password', 'long enough'], /already exists/],
		['a short password', () => ['user', 'create', 'x@y.fr', '--password', 'short'], /at least 8/],
		['no password', () => ['user', 'create', 'x@y.fr'], /--password/],
		['a bad e-mail', () => ['user', 'create', 'not-mail', '--password', 'long enough'], /not a valid e-mail/],
		['an unknown organisation kind', () => ['org', 'create', 'Club', '--kind', 'club'], /commune, epci/],
		['a duplicate organisation', () => ['org', 'create', 'COMMUNE DE TEST', '--kind', 'commune'], /already exists/],
		['no kind', () => ['org', 'create', 'Club'], /--kind/],
		['an unknown role', () => ['member', 'add', campaign, 'agent@commune.fr', '--role', 'boss'], /manager, reviewer, contractor or observer/],
		['an unknown account', () => ['member', 'add', campaign, 'nobody@x.fr', '--role', 'observer'], /recette user create/],
		['an unknown organisation', () => ['member', 'add', campaign, 'agent@commune.fr', '--role', 'reviewer', '--org', 'Nowhere'], /No organisation named "Nowhere"/],
		['an unknown campaign', () => ['member', 'add', '9999', 'agent@commune.fr', '--role', 'observer'], /9999 does not exist/]
	];
	for (const [what, args, msg] of bad) {
		it(`exits 1 with one line for ${what}`, async () => {
			const r = await recette(...args());
			expect(r.code).toBe(1);
			expect(r.stderr.trim().split('\n')).toHaveLength(1);
			expect(r.stderr).toMatch(msg);
		});
	}

	it('prints a one-time password link an admin can hand over', async () => {
		const r = await recette('user', 'reset-link', 'agent@commune.fr', '--base-url', 'https://recette.example.fr/');
		expect(r.code).toBe(0);
		expect(r.stdout.trim()).toMatch(/^https:\/\/recette\.example\.fr\/reset\/[\w-]{16}\.[\w-]{43}$/);
	});
});
