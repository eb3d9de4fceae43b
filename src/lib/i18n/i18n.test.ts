import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { formatArea, formatBytes, formatDate, formatLength, formatNumber, formatPercent } from './format.ts';
import { fr } from './fr.ts';
import { asLocale, resolveLocale } from './locale.ts';
import { renderMessage } from './translate.ts';

/** Intl uses narrow / regular no-break spaces; compare with plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('resolveLocale', () => {
	it.each([
		[undefined, undefined, 'fr'],
		[null, null, 'fr'],
		['', '', 'fr'],
		['en', null, 'en'],
		['fr', 'en-GB,en;q=0.9', 'fr'],
		['EN', null, 'en'],
		['en-US', null, 'en'],
		['de', null, 'fr'],
		[undefined, 'en-GB,en;q=0.9,fr;q=0.8', 'en'],
		[undefined, 'de-DE,fr;q=0.5,en;q=0.9', 'en'],
		[undefined, 'de-DE,es;q=0.5', 'fr'],
		[undefined, 'en;q=0, fr', 'fr'],
		[undefined, 'fr-CA;q=0.8,en;q=0.8', 'fr'],
		['xx', 'garbage;;;', 'fr']
	] as const)('cookie %j + Accept-Language %j → %s', (cookie, header, expected) => {
		expect(resolveLocale(cookie, header)).toBe(expected);
	});

	it('narrows values with asLocale', () => {
		expect(asLocale('en_GB')).toBe('en');
		expect(asLocale(42)).toBeNull();
		expect(asLocale('es')).toBeNull();
	});
});

describe('formatting', () => {
	it('formats areas in m² below one hectare and in ha above', () => {
		expect(plain(formatArea(1234.5, 'fr'))).toBe('1 234,5 m²');
		expect(plain(formatArea(1234.5, 'en'))).toBe('1,234.5 m²');
		expect(plain(formatArea(0, 'fr'))).toBe('0 m²');
		expect(plain(formatArea(9999.94, 'fr'))).toBe('9 999,9 m²');
		expect(plain(formatArea(10_000, 'fr'))).toBe('1 ha');
		expect(plain(formatArea(123_456, 'fr'))).toBe('12,35 ha');
		expect(plain(formatArea(123_456, 'en'))).toBe('12.35 ha');
		expect(formatArea(Number.NaN, 'fr')).toBe('–');
	});

	it('keeps the unit glued to the number', () => {
		expect(formatArea(12, 'fr')).toContain('\u00a0m²');
	});

	it('formats numbers, percentages, lengths, bytes', () => {
		expect(plain(formatNumber(1234567.891, 'fr'))).toBe('1 234 567,9');
		expect(formatNumber(1234567.891, 'en')).toBe('1,234,567.9');
		expect(plain(formatPercent(0.125, 'fr'))).toBe('12,5 %');
		expect(formatPercent(0.125, 'en')).toBe('12.5%');
		expect(plain(formatLength(1000, 'fr'))).toBe('1 000 m');
		expect(plain(formatBytes(999, 'fr'))).toBe('999 o');
		expect(plain(formatBytes(12_345_678, 'fr'))).toBe('12,3 Mo');
		expect(plain(formatBytes(12_345_678, 'en'))).toBe('12.3 MB');
	});

	it('formats dates from ISO strings and epochs, and tolerates junk', () => {
		expect(formatDate('2025-11-25T10:00:00Z', 'fr')).toMatch(/25 nov\.? 2025/);
		expect(formatDate(Date.UTC(2025, 10, 25, 10), 'en')).toBe('25 Nov 2025');
		expect(formatDate('not a date', 'fr')).toBe('');
		expect(formatDate(null, 'fr')).toBe('');
	});
});

describe('renderMessage', () => {
	it('interpolates named parameters and formats numbers for the locale', () => {
		expect(renderMessage('Tuile {name}', 'fr', { name: 'T12' })).toBe('Tuile T12');
		expect(plain(renderMessage('{n} tuiles', 'fr', { n: 1500 }))).toBe('1 500 tuiles');
		expect(renderMessage('{n} tiles', 'en', { n: 1500 })).toBe('1,500 tiles');
	});

	it('leaves placeholders without a parameter untouched (URL templates in help texts)', () => {
		expect(renderMessage('Modèle avec {z}/{x}/{y} pour {name}', 'fr', { name: 'A' })).toBe(
			'Modèle avec {z}/{x}/{y} pour A'
		);
		expect(renderMessage('{z}/{x}/{y}', 'fr')).toBe('{z}/{x}/{y}');
	});

	it('chooses plural forms with each language’s rule', () => {
		const message = { one: '{count} tuile', other: '{count} tuiles' };
		expect(renderMessage(message, 'fr', { count: 0 })).toBe('0 tuile');
		expect(renderMessage(message, 'fr', { count: 1 })).toBe('1 tuile');
		expect(renderMessage(message, 'fr', { count: 2 })).toBe('2 tuiles');
		const english = { one: '{count} tile', other: '{count} tiles' };
		expect(renderMessage(english, 'en', { count: 0 })).toBe('0 tiles');
		expect(renderMessage(english, 'en', { count: 1 })).toBe('1 tile');
	});
});

describe('dictionaries', () => {
	it('have the same keys in French and English', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
	});

	it('use the same placeholders and plural shapes in both languages', () => {
		const placeholders = (m: unknown) =>
			JSON.stringify(m)
				.match(/\{\w+\}/g)
				?.sort()
				.filter((p, i, all) => all.indexOf(p) === i) ?? [];
		for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
			expect(typeof en[key], key).toBe(typeof fr[key]);
			expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
		}
	});

	it('have no empty message', () => {
		for (const [key, message] of [...Object.entries(fr), ...Object.entries(en)]) {
			const texts = typeof message === 'string' ? [message] : Object.values(message);
			for (const text of texts) expect(text.trim(), key).not.toBe('');
		}
	});
});

describe('French elision', () => {
	it('elides "de" and "que" before a name that starts with a vowel, not before a consonant, h or a number', () => {
		expect(renderMessage('a créé le compte de {person}', 'fr', { person: 'Élodie Arnaud' })).toBe('a créé le compte d’Élodie Arnaud');
		expect(renderMessage('a créé le compte de {person}', 'fr', { person: 'Paul Durand' })).toBe('a créé le compte de Paul Durand');
		expect(renderMessage('le rôle de {person}', 'fr', { person: 'Hugo' })).toBe('le rôle de Hugo');
		expect(renderMessage('Membres de {name}', 'fr', { name: 'Intercommunalité des Prés' })).toBe('Membres d’Intercommunalité des Prés');
		expect(renderMessage('plus grand que {x}', 'fr', { x: 'Orléans' })).toBe('plus grand qu’Orléans');
		expect(renderMessage('tuile de {n}', 'fr', { n: 8 })).toBe('tuile de 8');
		expect(renderMessage('tuile de {name}', 'fr', { name: '0485_5206' })).toBe('tuile de 0485_5206');
	});

	it('leaves English and words merely ending in "de" alone', () => {
		expect(renderMessage('account of {person}', 'en', { person: 'Élodie' })).toBe('account of Élodie');
		expect(renderMessage('code {x}', 'fr', { x: 'A1' })).toBe('code A1');
		expect(renderMessage('la mode {x}', 'fr', { x: 'actuelle' })).toBe('la mode actuelle');
	});
});
