/**
 * `recette positional --checkpoints <file.csv>` through the real binary: the JSON contract on stdout,
 * and for the documented bad inputs exit status 1 with a one-line reason on stderr.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'server', 'cli', 'recette.js');
let dir: string;

async function recette(lang: 'en' | 'fr', ...args: string[]) {
	try {
		const r = await run(process.execPath, [BIN, ...args], { env: { ...process.env, RECETTE_DB: join(dir, 'recette.db'), RECETTE_LANG: lang } });
		return { code: 0, stdout: r.stdout, stderr: r.stderr };
	} catch (e) {
		const err = e as { code: number; stdout: string; stderr: string };
		return { code: err.code, stdout: err.stdout, stderr: err.stderr };
	}
}
function file(name: string, content: string | Buffer): string {
	const path = join(dir, name);
	writeFileSync(path, content);
	return path;
}

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'recette-positional-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The hand set of src/lib/stats/positional.test.ts: residuals (3, 4), (−6, 8), (0, −2), (3, −2) cm.
const HAND = 'id,x_ref,y_ref,x_map,y_map\nA,652000,6862000,652000.03,6862000.04\nB,652100,6862100,652099.94,6862100.08\nC,-10,-20,-10,-20.02\nD,652300,6862300,652300.03,6862299.98\n';

describe('recette positional', () => {
	it('prints the contract’s figures as one JSON line, without touching any database', async () => {
		const r = await recette('en', 'positional', '--checkpoints', file('hand.csv', HAND));
		expect(r.code).toBe(0);
		expect(r.stderr).toBe('');
		expect(r.stdout.endsWith('\n')).toBe(true);
		const out = JSON.parse(r.stdout);
		expect(Object.keys(out)).toEqual(['n', 'mean_dx', 'mean_dy', 'rmse_x', 'rmse_y', 'rmse_r', 'max_r', 'nssda95', 'class_cm', 'asprs_class']);
		expect(out).toMatchObject({ n: 4, mean_dx: 0, mean_dy: 0.02, rmse_x: 0.036742, rmse_y: 0.046904, rmse_r: 0.059582, max_r: 0.1, class_cm: 5, asprs_class: '6-cm' });
		expect(existsSync(join(dir, 'recette.db'))).toBe(false);
	});

	it('reads the file French Excel saves: Windows-1252, `;`, decimal commas', async () => {
		const text = 'id;x_ref;y_ref;x_map;y_map\r\nPlaque–1;652000;6862000;652000,03;6862000,04\r\nB;652100;6862100;652099,94;6862100,08\r\nC;-10;-20;-10;-20,02\r\nD;652300;6862300;652300,03;6862299,98\r\n';
		const r = await recette('en', 'positional', '--checkpoints', file('excel.csv', iconv.encode(text, 'cp1252')));
		expect(r.code).toBe(0);
		expect(JSON.parse(r.stdout)).toMatchObject({ n: 4, mean_dy: 0.02, rmse_r: 0.059582, max_r: 0.1, class_cm: 5, asprs_class: '6-cm' });
	});

	it.each([
		['fewer than 2 points', 'id,x_ref,y_ref,x_map,y_map\nA,1,2,1.1,2.1\n', 'recette: The checkpoint file has 1 point; at least 2 are needed (NSSDA asks for 20, ASPRS for 30).'],
		['a non-numeric value', 'id,x_ref,y_ref,x_map,y_map\nA,1,2,1.1,2.1\nB,3,deux,3.1,4.1\n', 'recette: Checkpoint file line 3: y_ref of point "B" is not a number: "deux".'],
		['duplicated ids', 'id,x_ref,y_ref,x_map,y_map\nA,1,2,1.1,2.1\nA,3,4,3.1,4.1\n', 'recette: Checkpoint file line 3: id "A" is already used on line 2; each checkpoint needs its own id.']
	])('refuses %s: exit 1, one line on stderr, nothing on stdout', async (_, content, message) => {
		const r = await recette('en', 'positional', '--checkpoints', file('bad.csv', content));
		expect(r.code).toBe(1);
		expect(r.stdout).toBe('');
		expect(r.stderr).toBe(`${message}\n`);
	});

	it('says it in French under a French locale, and names a missing file or option', async () => {
		const r = await recette('fr', 'positional', '--checkpoints', file('one.csv', 'id;x_ref;y_ref;x_map;y_map\nA;1;2;1;2\n'));
		expect([r.code, r.stderr]).toEqual([1, 'recette: Le fichier de points de contrôle contient 1 point ; il en faut au moins 2 (la NSSDA en demande 20, l’ASPRS 30).\n']);
		expect(await recette('en', 'positional', '--checkpoints', join(dir, 'missing.csv'))).toMatchObject({ code: 1, stderr: `recette: Cannot read ${join(dir, 'missing.csv')}: no such file.\n` });
		expect(await recette('en', 'positional')).toMatchObject({ code: 1, stderr: 'recette: positional needs a checkpoint file: recette positional --checkpoints <file.csv> (columns id,x_ref,y_ref,x_map,y_map).\n' });
	});
});
