import { describe, expect, it } from 'vitest';
import { columnKey, describeProblems, mapColumns, readCheckpointCsv, type ReadResult } from './checkpoint-file.ts';

function points(r: ReadResult) {
	if (r.problems.length) throw new Error(describeProblems(r.problems).en);
	return r.points;
}
function problems(r: ReadResult) {
	return [...r.problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)).map((p) => `${p.line}: ${p.en}`);
}

describe('columns', () => {
	it('finds columns by French or English names, whatever the case and accents', () => {
		expect(columnKey(' Libellé ')).toBe('libelle');
		expect(columnKey('N° point')).toBe('n_point');
		expect(mapColumns(['Identifiant', 'Est', 'Nord', 'Altitude', 'Libellé', 'Croquis'])).toEqual({ code: 0, x: 1, y: 2, z: 3, description: 4, sketch: 5 });
		expect(mapColumns(['id', 'longitude', 'latitude'])).toEqual({ code: 0, x: 1, y: 2 });
		// The first column of a name wins.
		expect(mapColumns(['x', 'id', 'y', 'E'])).toMatchObject({ x: 0, code: 1, y: 2 });
	});
});

describe('readCheckpointCsv', () => {
	it('reads what French Excel writes: `;`, decimal commas, BOM, CRLF, accents, a trailing empty row', () => {
		const text = '\ufeffIdentifiant;X;Y;Z;Description;Croquis\r\nPC1;652000,125;6862000,5;35,2;Plaque d’égout – angle nord;https://example.fr/pc1.jpg\r\nPC2;652100;6862100;;Passage piéton;PC2.pdf\r\n;;;;;\r\n';
		expect(points(readCheckpointCsv(text))).toEqual([
			{ line: 2, code: 'PC1', x: 652000.125, y: 6862000.5, z: 35.2, description: 'Plaque d’égout – angle nord', sketch: 'https://example.fr/pc1.jpg' },
			{ line: 3, code: 'PC2', x: 652100, y: 6862100, z: null, description: 'Passage piéton', sketch: 'PC2.pdf' }
		]);
	});

	it('reads comma-separated files with decimal points, and keeps full precision', () => {
		const r = points(readCheckpointCsv('id,x,y\nA,652000.123456789,6862000.987654321\nB,1,2\n'));
		expect(r[0]).toMatchObject({ code: 'A', x: 652000.123456789, y: 6862000.987654321 });
	});

	it('lists every bad line at once, with what is wrong, and keeps the good points for further checks', () => {
		const text = ['id;x;y;z', 'A;1;2;', ';3;4;', 'B;abc;5;', 'C;6;;', 'D;7;8;haut', 'A;9;10;'].join('\n');
		expect(readCheckpointCsv(text).points.map((p) => p.code)).toEqual(['A', 'A']);
		expect(problems(readCheckpointCsv(text))).toEqual([
			'3: the identifier is empty',
			'4: x is not a number: "abc"',
			'5: y is empty',
			'6: z is not a number: "haut"',
			'7: identifier "A" is already used on line 2'
		]);
	});

	it('says which columns are missing, and what it found', () => {
		expect(problems(readCheckpointCsv('nom;abscisse;y\nA;1;2'))).toEqual(['1: the header must name an identifier, x and y column; missing: x / e / longitude (found: nom, abscisse, y)']);
	});

	it('explains the decimal comma when `,` splits the numbers', () => {
		expect(problems(readCheckpointCsv('id,x,y\nA,652000,5,6862000,5'))[0]).toMatch(/^2: 5 values where the header has 3 .*";"/);
	});

	it('refuses an empty file, a header alone, an unclosed quote and overlong identifiers', () => {
		expect(problems(readCheckpointCsv(''))).toEqual(['null: the file is empty']);
		expect(problems(readCheckpointCsv('id;x;y\n'))).toEqual(['1: the file has a header but no point']);
		expect(problems(readCheckpointCsv('id;x;y\n"A;1;2\n'))).toEqual(['2: a quoted value is never closed (a missing ")']);
		expect(problems(readCheckpointCsv(`id;x;y\n${'P'.repeat(65)};1;2`))).toEqual(['2: the identifier is longer than 64 characters']);
	});
});

describe('describeProblems', () => {
	it('lists twelve problems and counts the rest, in both languages', () => {
		const many = Array.from({ length: 15 }, (_, i) => ({ line: i + 2, en: 'x is empty', fr: 'x est vide' }));
		const m = describeProblems(many);
		expect(m.en).toMatch(/^line 2: x is empty; line 3: x is empty;.*line 13: x is empty \(and 3 more problems\)$/);
		expect(m.fr).toMatch(/^ligne 2 : x est vide ; .*\(et 3 autres problèmes\)$/);
	});
});
