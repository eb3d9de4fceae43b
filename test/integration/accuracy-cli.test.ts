/**
 * `recette accuracy --counts <csv> --areas <csv>` through the real binary: the published example of
 * Olofsson et al. (2014, Table 8, section 5.2) as a statistician would type it in a spreadsheet
 * (French separators, decimal commas, a BOM), and the refusals the contract names, each with exit 1.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'server', 'cli', 'recette.js');
let dir: string;

async function recette(lang: string, ...args: string[]) {
	try {
		// cwd: a fresh folder, to see that the command creates no database there.
		const r = await run(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, RECETTE_DB: '', RECETTE_LANG: lang } });
		return { code: 0, stdout: r.stdout, stderr: r.stderr };
	} catch (e) {
		const err = e as { code: number; stdout: string; stderr: string };
		return { code: err.code, stdout: err.stdout, stderr: err.stderr };
	}
}
const file = (name: string, text: string) => {
	const path = join(dir, name);
	writeFileSync(path, text);
	return path;
};

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'recette-accuracy-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Table 8 of Olofsson et al. (2014): counts (rows map class, columns reference class), mapped area in ha.
const COUNTS = '\ufeffcarte \\ référence;déforestation;gain;forêt stable;non-forêt stable\ndéforestation;66;0;5;4\ngain;0;55;8;12\nforêt stable;1;0;153;11\nnon-forêt stable;2;1;9;313\n';
const AREAS = 'class;area\ndéforestation;18 000\ngain;13 500\nforêt stable;288 000\nnon-forêt stable;580 500\n';

describe('recette accuracy', () => {
	it('prints the paper’s figures (section 5.2) as JSON, in the input’s area unit', async () => {
		const r = await recette('en', 'accuracy', '--counts', file('counts.csv', COUNTS), '--areas', file('areas.csv', AREAS));
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		const out = JSON.parse(r.stdout);
		expect(Object.keys(out)).toEqual(['overall', 'users', 'producers', 'areas']);
		expect(out.overall.estimate).toBeCloseTo(0.947, 3);
		expect(out.overall.ci95).toBeCloseTo(0.0185, 3);
		expect(out.users['déforestation'].estimate).toBeCloseTo(0.88, 2);
		expect(out.users['déforestation'].ci95).toBeCloseTo(0.07, 2);
		expect(out.producers['déforestation'].estimate).toBeCloseTo(0.75, 2);
		expect(out.producers['déforestation'].ci95).toBeCloseTo(0.21, 2);
		// Section 5.2.2: error-adjusted area of deforestation 21 158 ± 6 158 ha.
		expect(Math.round(out.areas['déforestation'].estimate)).toBe(21_158);
		expect(Math.round(out.areas['déforestation'].ci95)).toBe(6_158);
		expect(Math.round(out.areas['non-forêt stable'].estimate)).toBe(581_386);
		expect(existsSync(join(dir, 'data'))).toBe(false);
	});

	it.each([
		['a non-square matrix', 'carte;A;B\nA;3;1\nB;1;3\nC;0;2\n', 'class,area\nA,10\nB,10\nC,5\n', 'must be square'],
		['an unknown class in the areas', 'carte;A;B\nA;3;1\nB;1;3\n', 'class,area\nA,10\nZ,10\n', 'class “Z” is not in the counts file'],
		['a stratum with fewer than 2 points', 'carte;A;B\nA;1;0\nB;1;3\n', 'class,area\nA,10\nB,10\n', 'at least 2 sample points']
	])('refuses %s with a clear message and exit 1', async (_, counts, areas, message) => {
		const r = await recette('en', 'accuracy', '--counts', file('c.csv', counts), '--areas', file('a.csv', areas));
		expect(r.code).toBe(1);
		expect(r.stdout).toBe('');
		expect(r.stderr).toContain(message);
		expect(r.stderr.trim().split('\n')).toHaveLength(1);
	});

	it('speaks French, says which file it cannot read, and asks for both files', async () => {
		const r = await recette('fr', 'accuracy', '--counts', join(dir, 'absent.csv'), '--areas', file('a.csv', AREAS));
		expect(r.code).toBe(1);
		expect(r.stderr).toContain('Impossible de lire le fichier des effectifs');
		const usage = await recette('en', 'accuracy', '--counts', file('c.csv', COUNTS));
		expect(usage.code).toBe(1);
		expect(usage.stderr).toContain('accuracy needs both files');
	});
});
