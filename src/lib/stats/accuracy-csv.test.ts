import { describe, it, expect } from 'vitest';
import { accuracyFromCsv } from './accuracy-csv.ts';
import { StatsInputError } from './errors.ts';
import { OLOFSSON_2014 as EX } from './examples.fixture.ts';

// Olofsson et al. (2014) Table 8 as a QGIS/LibreOffice user would save it: `;`, the mapped areas in hectares
// with a decimal comma where it applies.
const COUNTS = [
	'carte \\ référence;deforestation;forest gain;stable forest;stable non-forest',
	'deforestation;66;0;5;4',
	'forest gain;0;55;8;12',
	'stable forest;1;0;153;11',
	'stable non-forest;2;1;9;313'
].join('\r\n');
const AREAS = ['class;area', 'deforestation;18 000', 'forest gain;13500,0', 'stable forest;288000', 'stable non-forest;580500'].join('\n');

const codeOf = (f: () => unknown): string => {
	try {
		f();
	} catch (e) {
		expect(e).toBeInstanceOf(StatsInputError);
		const s = e as StatsInputError;
		expect(s.messages.en).not.toBe('');
		expect(s.messages.fr).not.toBe('');
		return s.code;
	}
	return 'no error';
};

describe('accuracyFromCsv: the `recette accuracy` contract on Olofsson et al. (2014) Table 8', () => {
	const out = accuracyFromCsv(COUNTS, AREAS);

	it('prints exactly {overall, users, producers, areas}, each figure exactly {estimate, se, ci95}', () => {
		expect(Object.keys(out)).toEqual(['overall', 'users', 'producers', 'areas']);
		expect(Object.keys(out.overall)).toEqual(['estimate', 'se', 'ci95']);
		for (const part of [out.users, out.producers, out.areas]) {
			expect(Object.keys(part)).toEqual([...EX.classes]);
			for (const c of EX.classes) expect(Object.keys(part[c])).toEqual(['estimate', 'se', 'ci95']);
		}
		// What the CLI prints survives a JSON round trip unchanged.
		expect(JSON.parse(JSON.stringify(out))).toEqual(out);
	});

	it('gives the paper’s section 5.2 figures: areas in hectares (the input unit), ci95 the half-width', () => {
		EX.classes.forEach((c, i) => {
			expect(Math.round(out.areas[c].estimate!)).toBe(EX.areasHa[i][0]);
			expect(Math.round(out.areas[c].ci95!)).toBe(EX.areasHa[i][1]);
			expect(Math.abs(out.users[c].estimate! - EX.users[i][0])).toBeLessThanOrEqual(0.005);
			expect(Math.abs(out.producers[c].estimate! - EX.producers[i][0])).toBeLessThanOrEqual(0.005);
		});
		expect(out.overall.estimate!).toBeCloseTo(0.947, 3);
		expect(out.overall.ci95!).toBeCloseTo(0.018, 3);
		expect(out.overall.ci95!).toBeCloseTo(1.96 * out.overall.se!, 15);
	});

	it('reads commas, tabs, a BOM, a `sep=` line, quoted names and reference columns in another order', () => {
		const cols = [3, 0, 2, 1]; // shuffled reference columns
		const lines = COUNTS.split('\r\n').map((l) => l.split(';'));
		const shuffled = lines.map((cells) => [cells[0], ...cols.map((j) => cells[j + 1])]);
		const tab = '\ufeff' + shuffled.map((cells) => cells.join('\t')).join('\n');
		const areas = 'sep=,\nclass,area\n"deforestation",18000\nforest gain,13500\nstable forest,"288000"\nstable non-forest,580500\n';
		expect(accuracyFromCsv(tab, areas)).toEqual(out);
	});

	it('takes pixel counts as areas, and gives areas in pixels', () => {
		const px = AREAS.replace('18 000', '200000').replace('13500,0', '150000').replace('288000', '3200000').replace('580500', '6450000');
		expect(Math.round(accuracyFromCsv(COUNTS, px).areas.deforestation.estimate!)).toBe(235_086);
	});

	it('reads an empty cell as 0 and ignores trailing empty columns', () => {
		const blanks = COUNTS.replace('forest gain;0;55;8;12', 'forest gain;;55;8;12').split('\r\n').map((l) => l + ';;').join('\n');
		expect(accuracyFromCsv(blanks, AREAS)).toEqual(out);
	});

	it('a class nobody saw in the reference: its producer’s accuracy is null, not an error', () => {
		const counts = 'map;a;b;c\na;5;0;1\nb;1;0;4\nc;0;0;6';
		const r = accuracyFromCsv(counts, 'a;1\nb;1\nc;2');
		expect(r.producers.b).toEqual({ estimate: null, se: null, ci95: null });
		expect(r.areas.b).toEqual({ estimate: 0, se: 0, ci95: 0 });
	});
});

describe('accuracyFromCsv: clear errors (exit 1 in the CLI)', () => {
	const good = 'map;a;b\na;3;1\nb;1;3';
	const areas = 'class;area\na;10\nb;20';
	it.each<[string, string, string, string]>([
		['a non-square matrix (a missing row)', 'map;a;b\na;3;1', areas, 'matrix_not_square'],
		['a non-square matrix (an extra column)', 'map;a;b\na;3;1;4\nb;1;3;0', areas, 'matrix_not_square'],
		['a non-square matrix (a short row)', 'map;a;b\na;3\nb;1;3', areas, 'matrix_not_square'],
		['a map class that is not a reference class', 'map;a;b\na;3;1\nz;1;3', areas, 'unknown_class'],
		['an area for an unknown class', good, 'a;10\nb;20\nc;5', 'unknown_class'],
		['a stratum with fewer than 2 points', 'map;a;b\na;1;0\nb;1;3', areas, 'stratum_too_small'],
		['a stratum with no point', 'map;a;b\na;0;0\nb;1;3', areas, 'stratum_too_small'],
		['a class without area', good, 'class;area\na;10', 'missing_area'],
		['a fractional count', 'map;a;b\na;3,5;1\nb;1;3', areas, 'bad_count'],
		['a negative count', 'map;a;b\na;-3;1\nb;1;3', areas, 'bad_count'],
		['a word for a count', 'map;a;b\na;three;1\nb;1;3', areas, 'bad_count'],
		['an area that is not a number', good, 'class;area\na;10\nb;lots', 'bad_area'],
		['an ambiguous area (both , and .)', good, 'class;area\na;1,000.5\nb;20', 'bad_area'],
		['a map class listed twice', 'map;a;b\na;3;1\na;1;3', areas, 'duplicate_class'],
		['a reference class listed twice', 'map;a;a\na;3;1\nb;1;3', areas, 'duplicate_class'],
		['an area given twice', good, 'a;10\nb;20\na;5', 'duplicate_class'],
		['an empty counts file', '', areas, 'empty_file'],
		['an empty areas file', good, '\n\n', 'empty_file'],
		['an unclosed quote', 'map;"a;b\na;3;1', areas, 'csv_unclosed_quote'],
		['a header without classes', 'map\na;3', areas, 'no_classes'],
		['zero total area', good, 'a;0\nb;0', 'no_mapped_area']
	])('%s', (_label, counts, areaText, code) => {
		expect(codeOf(() => accuracyFromCsv(counts, areaText))).toBe(code);
	});

	it('names the file, the line and the class in both languages', () => {
		try {
			accuracyFromCsv('map;a;b\na;3;1\nb;x;3', 'a;1\nb;1');
			throw new Error('did not throw');
		} catch (e) {
			const s = e as StatsInputError;
			expect(s.localized('en')).toContain('line 3');
			expect(s.localized('en')).toContain('“a”');
			expect(s.localized('fr')).toContain('ligne 3');
			expect(s.localized('fr')).toContain('effectifs');
		}
	});

	it('a class with no area and no points is allowed (a class seen only in the reference)', () => {
		const r = accuracyFromCsv('map;a;b;c\na;3;1;1\nb;1;3;0\nc;0;0;0', 'a;10\nb;20\nc;0');
		expect(r.users.c).toEqual({ estimate: null, se: null, ci95: null });
		expect(r.areas.c.estimate).toBeGreaterThan(0);
	});
});
