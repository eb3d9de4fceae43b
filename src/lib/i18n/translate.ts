/**
 * Dictionary lookup with `{param}` interpolation and plurals, pure (the locale is a parameter).
 */
import { formatNumber } from './format.ts';
import type { Locale } from './locale.ts';

/** A message: a plain string, or plural forms chosen by the `count` parameter (Intl.PluralRules). */
export type Message = string | { one: string; other: string };
export type Params = Record<string, string | number>;

const PLACEHOLDER = /\{(\w+)\}/g;

/**
 * Resolves `message` for `locale`: picks the plural form from `params.count`, then replaces each
 * `{name}` that has a parameter. Placeholders without a parameter are left untouched on purpose, so
 * messages can show literal URL templates such as `{z}/{x}/{y}`. Numbers are formatted for the locale.
 */
export function renderMessage(message: Message, locale: Locale, params?: Params): string {
	let text: string;
	if (typeof message === 'string') {
		text = message;
	} else {
		const count = Number(params?.count ?? 0);
		// French treats 0 as singular ("0 tuile"), English as plural: Intl knows both rules.
		const rule = new Intl.PluralRules(locale).select(count);
		text = rule === 'one' ? message.one : message.other;
	}
	if (!params) return text;
	if (locale === 'fr') text = elide(text, params);
	return text.replace(PLACEHOLDER, (whole, name: string) => {
		if (!(name in params)) return whole;
		const value = params[name];
		return typeof value === 'number' ? formatNumber(value, locale, 2) : value;
	});
}

/** "de {x}" / "que {x}" before a placeholder, in a French message. */
const ELIDABLE = /\b([dDqQ])(e|ue) \{(\w+)\}/g;
/** A value starting with a vowel sound (h excepted: "de Haute-Garonne" keeps its "de"). */
const VOWEL_START = /^[aeiouyàâäéèêëîïôöùûüÿœæ]/i;

/**
 * French elision where a name is inserted after "de" or "que": "le compte de {person}" with Élodie
 * reads "le compte d’Élodie", with Paul "le compte de Paul". Only the template's own "de" is touched.
 */
export function elide(template: string, params: Params): string {
	return template.replace(ELIDABLE, (whole, first: string, rest: string, name: string) => {
		const value = params[name];
		if (typeof value !== 'string' || !VOWEL_START.test(value)) return whole;
		return `${first}${rest === 'ue' ? 'u' : ''}’{${name}}`;
	});
}
