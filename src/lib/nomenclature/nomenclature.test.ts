import { describe, it, expect } from 'vitest';
import {
	NomenclatureError,
	colorForUnknown,
	getBuiltinNomenclature,
	leafEntries,
	lookupClass,
	normalizeColor,
	parseNomenclatureCsv,
	parseNomenclatureJson,
	type BuiltinNomenclatureId
} from './index.ts';

describe('built-in OCS GE nomenclatures', () => {
	const cs = getBuiltinNomenclature('ocsge-cs');
	const us = getBuiltinNomenclature('ocsge-us');

	it('CS has the 14 official leaf classes with labels and colours', () => {
		expect(leafEntries(cs).map((e) => e.code)).toEqual([
			'CS1.1.1.1', 'CS1.1.1.2', 'CS1.1.2.1', 'CS1.1.2.2', 'CS1.2.1', 'CS1.2.2', 'CS1.2.3',
			'CS2.1.1.1', 'CS2.1.1.2', 'CS2.1.1.3', 'CS2.1.2', 'CS2.1.3', 'CS2.2.1', 'CS2.2.2'
		]);
		expect(lookupClass(cs, 'CS1.1.1.1')).toMatchObject({ label: 'Zones bâties', color: '#ff377a' });
		expect(lookupClass(cs, 'CS1.2.2')).toMatchObject({ label: "Surfaces d'eau", color: '#00ccf2' });
		expect(lookupClass(cs, 'CS2.1.1.2')).toMatchObject({ label: 'Peuplement de conifères', color: '#00a600' });
		expect(lookupClass(cs, 'CS2.2.1')).toMatchObject({ label: 'Formations herbacées', color: '#ccf24d' });
	});

	it('US has the official leaf classes', () => {
		expect(leafEntries(us).map((e) => e.code)).toEqual([
			'US1.1', 'US1.2', 'US1.3', 'US1.4', 'US1.5', 'US2', 'US235', 'US3',
			'US4.1.1', 'US4.1.2', 'US4.1.3', 'US4.1.4', 'US4.1.5', 'US4.2', 'US4.3', 'US5',
			'US6.1', 'US6.2', 'US6.3', 'US6.6'
		]);
		expect(lookupClass(us, 'US1.1')).toMatchObject({ label: 'Agriculture', color: '#ffffa8' });
		expect(lookupClass(us, 'US6.6')).toMatchObject({ label: 'Usage inconnu', color: '#ffcc00' });
	});

	it.each<BuiltinNomenclatureId>(['ocsge-cs', 'ocsge-us'])('%s: unique codes, valid colours, English labels, parents present', (id) => {
		const nom = getBuiltinNomenclature(id);
		const codes = nom.entries.map((e) => e.code);
		expect(new Set(codes).size).toBe(codes.length);
		for (const e of nom.entries) {
			expect(e.color).toMatch(/^#[0-9a-f]{6}$/);
			expect(e.labelEn).toBeTruthy();
			const parent = e.code.replace(/\.\d+$/, '');
			if (parent !== e.code) expect(codes).toContain(parent);
		}
	});

	it('returns a fresh copy each time', () => {
		const a = getBuiltinNomenclature('ocsge-cs');
		a.entries[0].color = '#000000';
		expect(getBuiltinNomenclature('ocsge-cs').entries[0].color).not.toBe('#000000');
	});

	it('rejects an unknown id', () => {
		expect(() => getBuiltinNomenclature('corine' as BuiltinNomenclatureId)).toThrow(NomenclatureError);
	});
});

describe('lookupClass / colorForUnknown', () => {
	const cs = getBuiltinNomenclature('ocsge-cs');
	it('matches ignoring case and surrounding spaces', () => {
		expect(lookupClass(cs, ' cs1.1.1.1 ')).toMatchObject({ code: 'CS1.1.1.1', label: 'Zones bâties' });
	});
	it('gives a greyish deterministic fallback for unknown codes', () => {
		const a = lookupClass(cs, 'CS9.9');
		expect(a).toMatchObject({ code: 'CS9.9', label: 'CS9.9', unknown: true });
		expect(a.color).toBe(colorForUnknown('CS9.9'));
		expect(lookupClass(cs, 'CS9.9').color).toBe(a.color);
		expect(lookupClass(cs, '')).toMatchObject({ label: '(sans classe)', color: '#9e9e9e', unknown: true });
		expect(lookupClass(cs, null)).toMatchObject({ code: '', unknown: true });
	});
	it('colorForUnknown is stable, valid, greyish and varies by code', () => {
		expect(colorForUnknown('X1')).toBe(colorForUnknown('X1'));
		const colours = ['A', 'B', 'C', 'D', 'E', 'F'].map(colorForUnknown);
		expect(new Set(colours).size).toBeGreaterThan(3);
		for (const c of colours) {
			expect(c).toMatch(/^#[0-9a-f]{6}$/);
			const [r, g, b] = [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
			expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeLessThan(60); // low saturation
		}
	});
});

describe('normalizeColor', () => {
	it.each<[string, string | null]>([
		['#FF377A', '#ff377a'],
		['ff377a', '#ff377a'],
		['#abc', '#aabbcc'],
		[' rgb(255, 55, 122) ', '#ff377a'],
		['rgb(256,0,0)', null],
		['red', null],
		['#ff377', null],
		['#ff377a80', null],
		['', null]
	])('%j → %j', (input, out) => {
		expect(normalizeColor(input)).toBe(out);
	});
});

describe('parseNomenclatureCsv', () => {
	it.each<[string, string]>([
		['comma, English headers', 'code,label,color\nA1,Forest,#00a600\nB2,Water,#00CCF2\n'],
		['semicolon, French headers, BOM, CRLF', '\uFEFFcode;libelle;couleur\r\nA1;Forest;#00a600\r\nB2;Water;#00ccf2\r\n'],
		['accented French headers, other column order', 'Couleur;Libellé;Code\n#00a600;Forest;A1\n#00ccf2;Water;B2'],
		['quoted fields with separators, quotes and blank lines', 'code,label,color\n"A1","Forest",#00a600\n\n"B2","Water",#00ccf2\n'],
		['Excel sep= line', 'sep=;\ncode;label;color\nA1;Forest;#00a600\nB2;Water;#00ccf2'],
		['tab separated', 'code\tlabel\tcolor\nA1\tForest\t#00a600\nB2\tWater\t#00ccf2']
	])('%s', (_n, text) => {
		const nom = parseNomenclatureCsv(text, { id: 'x', name: 'X' });
		expect(nom).toEqual({
			id: 'x',
			name: 'X',
			entries: [
				{ code: 'A1', label: 'Forest', color: '#00a600' },
				{ code: 'B2', label: 'Water', color: '#00ccf2' }
			]
		});
	});

	it('handles quoted separators, escaped quotes and newlines inside quotes, plus labelEn', () => {
		const nom = parseNomenclatureCsv('code;libelle;couleur;label_en\nA;"Bois; forêts ""denses""\nmixtes";#123456;Woods\n');
		expect(nom.entries).toEqual([{ code: 'A', label: 'Bois; forêts "denses"\nmixtes', labelEn: 'Woods', color: '#123456' }]);
		expect(nom.id).toBe('custom');
	});

	it('defaults an empty label to the code', () => {
		expect(parseNomenclatureCsv('code,label,color\nZ,,#000000').entries[0].label).toBe('Z');
	});

	it.each<[string, string, RegExp]>([
		['empty file', '', /is empty/],
		['only a BOM and spaces', '\uFEFF  \n', /is empty/],
		['missing colour column', 'code,label\nA,B', /no colour column \(header: "code,label"\)/],
		['missing code column', 'classe_x;libelle;couleur\nA;B;#000000', /no code column/],
		['missing label column', 'code,color\nA,#000000', /no label column/],
		['duplicate code', 'code,label,color\nA,x,#000000\nB,y,#111111\nA,z,#222222', /line 4: code "A" is already defined on line 2\./],
		['bad colour', 'code;libelle;couleur\nCS1;Bâti;red', /line 2: colour "red" for code "CS1" is not a hex colour like #ff377a\./],
		['missing colour value', 'code,label,color\nA,x,', /line 2: code "A" has no colour/],
		['empty code', 'code,label,color\n,x,#000000', /line 2 has an empty code/],
		['unclosed quote', 'code,label,color\nA,"never closed,#000000\n', /line 2: a quoted field is never closed/],
		['header only', 'code,label,color\n', /defines no classes/]
	])('rejects %s', (_n, text, message) => {
		let err: unknown;
		try {
			parseNomenclatureCsv(text);
		} catch (e) {
			err = e;
		}
		expect(err).toBeInstanceOf(NomenclatureError);
		expect((err as Error).name).toBe('NomenclatureError');
		expect((err as Error).message).toMatch(message);
		expect((err as Error).message).not.toContain('\n');
	});

	it('line numbers account for newlines inside quoted fields', () => {
		expect(() => parseNomenclatureCsv('code,label,color\nA,"two\nlines",#000000\nB,x,nope')).toThrow(/line 4: colour "nope"/);
	});
});

describe('parseNomenclatureJson', () => {
	it.each<[string, string, string, string]>([
		['array', '[{"code":"A","label":"Forest","color":"#00A600"}]', 'custom', 'Custom nomenclature'],
		['object with entries, id and name', '{"id":"mine","name":"Mine","entries":[{"code":"A","label":"Forest","color":"#00a600"}]}', 'mine', 'Mine'],
		['French keys, numeric code, BOM', '\uFEFF[{"code":"A","libelle":"Forest","couleur":"00a600"}]', 'custom', 'Custom nomenclature']
	])('%s', (_n, text, id, name) => {
		expect(parseNomenclatureJson(text)).toEqual({ id, name, entries: [{ code: 'A', label: 'Forest', color: '#00a600' }] });
	});

	it('numeric codes become strings; meta overrides file id', () => {
		const nom = parseNomenclatureJson('{"id":"f","entries":[{"code":11,"label":"Urban","color":"#ff0000","labelEn":"Urban"}]}', { id: 'given' });
		expect(nom.id).toBe('given');
		expect(nom.entries[0]).toEqual({ code: '11', label: 'Urban', labelEn: 'Urban', color: '#ff0000' });
	});

	it.each<[string, string, RegExp]>([
		['invalid JSON', '[{"code":', /not valid JSON/],
		['wrong top level', '{"classes":[]}', /array of \{code, label, color\}/],
		['entry not an object', '[1]', /entry 1 is not an object/],
		['missing code', '[{"label":"x","color":"#000000"}]', /entry 1 has an empty code/],
		['duplicate code', '[{"code":"A","label":"x","color":"#000000"},{"code":"A","label":"y","color":"#000000"}]', /entry 2: code "A" is already defined in entry 1\./],
		['bad colour', '[{"code":"A","label":"x","color":"#12"}]', /entry 1: colour "#12" for code "A"/],
		['non-string label', '[{"code":"A","label":{"fr":"x"},"color":"#000000"}]', /"label" must be a string/],
		['no entries', '[]', /defines no classes/]
	])('rejects %s', (_n, text, message) => {
		expect(() => parseNomenclatureJson(text)).toThrow(NomenclatureError);
		expect(() => parseNomenclatureJson(text)).toThrow(message);
	});
});
