import { describe, it, expect } from 'vitest';
import { parseDecimal, positionalFromCsv, PositionalCsvError, readCheckpointsCsv } from './positional-csv.ts';

// The hand set of positional.test.ts (residuals A (0.03, 0.04), B (−0.06, 0.08), C (0, −0.02),
// D (0.03, −0.02)), written as a CLI user would: Lambert-93 coordinates, metres.
const COMMA = [
	'id,x_ref,y_ref,x_map,y_map',
	'A,652000.00,6862000.00,652000.03,6862000.04',
	'B,652100.00,6862100.00,652099.94,6862100.08',
	'C,652200.00,6862200.00,652200.00,6862199.98',
	'D,652300.00,6862300.00,652300.03,6862299.98',
	''
].join('\n');

/** The same file as French Excel saves it: BOM, `;`, decimal commas, CRLF, columns in another order, trailing empty rows. */
const FRENCH_EXCEL =
	'\ufeff' +
	[
		'ID;X_MAP;Y_MAP;X_REF;Y_REF;Remarque',
		'A;652000,03;6862000,04;652000;6862000;plaque égout',
		'B;652099,94;6862100,08;652100;6862100;"angle trottoir; nord"',
		'C;652200;6862199,98;652200;6862200;',
		'D;652300,03;6862299,98;652300;6862300;',
		';;;;;',
		''
	].join('\r\n');

function errorOf(text: string): PositionalCsvError {
	try {
		positionalFromCsv(text);
	} catch (e) {
		if (e instanceof PositionalCsvError) return e;
		throw e;
	}
	throw new Error('expected a PositionalCsvError');
}

describe('positionalFromCsv', () => {
	it('prints exactly the contract keys, in metres, with the hand-computed figures', () => {
		const json = positionalFromCsv(COMMA);
		expect(Object.keys(json)).toEqual(['n', 'mean_dx', 'mean_dy', 'rmse_x', 'rmse_y', 'rmse_r', 'max_r', 'nssda95', 'class_cm', 'asprs_class']);
		expect(json.n).toBe(4);
		expect(json.mean_dx).toBe(0);
		expect(json.mean_dy).toBeCloseTo(0.02, 6);
		expect(json.rmse_x).toBeCloseTo(Math.sqrt(0.00135), 6);
		expect(json.rmse_y).toBeCloseTo(Math.sqrt(0.0022), 6);
		expect(json.rmse_r).toBeCloseTo(Math.sqrt(0.00355), 6);
		expect(json.max_r).toBeCloseTo(0.1, 6);
		expect(json.nssda95).toBeCloseTo(2.4477 * 0.5 * (Math.sqrt(0.00135) + Math.sqrt(0.0022)), 6);
		expect(json.class_cm).toBe(5);
		expect(json.asprs_class).toBe('6-cm');
		// Rounded to the micrometre: no floating-point tails in what the user reads.
		for (const v of Object.values(json)) if (typeof v === 'number') expect(Math.round(v * 1e6) / 1e6).toBe(v);
		expect(JSON.parse(JSON.stringify(json))).toEqual(json);
	});

	it('reads the file French Excel writes (BOM, `;`, decimal commas, CRLF, any column order, empty rows)', () => {
		expect(positionalFromCsv(FRENCH_EXCEL)).toEqual(positionalFromCsv(COMMA));
	});

	it('reads tab-separated files and the `sep=` line', () => {
		expect(positionalFromCsv(COMMA.replaceAll(',', '\t'))).toEqual(positionalFromCsv(COMMA));
		expect(positionalFromCsv('sep=,\n' + COMMA)).toEqual(positionalFromCsv(COMMA));
	});
});

describe('readCheckpointsCsv', () => {
	it('keeps ids trimmed and points in file order', () => {
		const pts = readCheckpointsCsv('id;x_ref;y_ref;x_map;y_map\n P 1 ;1;2;3;4\nP2;-1,5;-2;-3;-4e1\n');
		expect(pts).toEqual([
			{ id: 'P 1', xRef: 1, yRef: 2, xMap: 3, yMap: 4 },
			{ id: 'P2', xRef: -1.5, yRef: -2, xMap: -3, yMap: -40 }
		]);
	});
});

describe('checkpoint file errors', () => {
	it('refuses fewer than 2 points, saying how many there are and how many are needed', () => {
		const one = errorOf('id,x_ref,y_ref,x_map,y_map\nA,1,2,3,4\n');
		expect(one.code).toBe('too_few_points');
		expect(one.line).toBeNull();
		expect(one.messages.en).toContain('1 point;');
		expect(one.messages.fr).toContain('1 point ;');
		expect(one.messages.fr).toContain('au moins 2');
		expect(errorOf('id,x_ref,y_ref,x_map,y_map\n').code).toBe('too_few_points');
		expect(errorOf('').code).toBe('too_few_points');
	});

	it('names the line and the column of a value that is not a number', () => {
		const e = errorOf('id,x_ref,y_ref,x_map,y_map\nA,1,2,3,4\nB,1,2,abc,4\n');
		expect(e).toBeInstanceOf(Error);
		expect(e.code).toBe('not_a_number');
		expect(e.line).toBe(3);
		expect(e.message).toBe('Checkpoint file line 3: x_map of point "B" is not a number: "abc".');
		expect(e.messages.fr).toBe('Fichier de points de contrôle, ligne 3 : x_map du point « B » n’est pas un nombre : « abc ».');
	});

	it.each(['NaN', 'Infinity', '1,234.5', '1 234,5', '1.2.3', '0x10', '--1'])('refuses %j as a number', (bad) => {
		const e = errorOf(`id;x_ref;y_ref;x_map;y_map\nA;1;2;3;4\nB;1;2;3;${bad}\n`);
		expect([e.code, e.line]).toEqual(['not_a_number', 3]);
	});

	it('says a missing value is empty', () => {
		const e = errorOf('id;x_ref;y_ref;x_map;y_map\nA;1;2;3;4\nB;1;;3;4\n');
		expect([e.code, e.line]).toEqual(['not_a_number', 3]);
		expect(e.messages.en).toContain('y_ref of point "B" is empty');
		expect(e.messages.fr).toContain('est vide');
	});

	it('names both lines of a duplicated id', () => {
		const e = errorOf('id,x_ref,y_ref,x_map,y_map\nA,1,2,3,4\nB,1,2,3,4\nA,5,6,7,8\n');
		expect(e.code).toBe('duplicate_id');
		expect(e.line).toBe(4);
		expect(e.messages.en).toContain('line 2');
		expect(e.messages.fr).toContain('ligne 2');
	});

	it('lists the missing columns of the header', () => {
		const e = errorOf('id,x,y,x_map,y_map\nA,1,2,3,4\nB,1,2,3,4\n');
		expect(e.code).toBe('missing_columns');
		expect(e.line).toBe(1);
		expect(e.messages.en).toContain('missing: x_ref, y_ref');
		expect(e.messages.fr).toContain('il manque : x_ref, y_ref');
	});

	it('explains that decimal commas need `;` when `,` splits the numbers', () => {
		const e = errorOf('id,x_ref,y_ref,x_map,y_map\nA,1,5,2,3,4\nB,1,2,3,4\n');
		expect(e.code).toBe('bad_row');
		expect(e.line).toBe(2);
		expect(e.messages.en).toContain('6 values where the header has 5');
		expect(e.messages.fr).toContain('séparez les colonnes par « ; »');
	});

	it('refuses an empty id and an unclosed quote, with their lines', () => {
		const empty = errorOf('id,x_ref,y_ref,x_map,y_map\nA,1,2,3,4\n ,1,2,3,4\n');
		expect([empty.code, empty.line]).toEqual(['empty_id', 3]);
		const quote = errorOf('id,x_ref,y_ref,x_map,y_map\nA,1,2,3,4\n"B,1,2,3,4\n');
		expect([quote.code, quote.line]).toEqual(['unclosed_quote', 3]);
	});

	it('counts the `sep=` line in the line numbers', () => {
		const e = errorOf('sep=;\nid;x_ref;y_ref;x_map;y_map\nA;1;2;3;x\nB;1;2;3;4\n');
		expect(e.line).toBe(3);
	});
});

describe('parseDecimal', () => {
	it.each<[string, number]>([
		['12,5', 12.5],
		['12.5', 12.5],
		[' -0,25 ', -0.25],
		['+3', 3],
		['1e3', 1000],
		['6,5E-2', 0.065],
		[',5', 0.5],
		['5.', 5]
	])('reads %j as %d', (text, value) => {
		expect(parseDecimal(text)).toBe(value);
	});

	it.each(['', ' ', 'abc', '1,2,3', '1.2,3', 'e5', '1e'])('refuses %j', (text) => {
		expect(parseDecimal(text)).toBeNaN();
	});
});
