/**
 * How the positional page writes its numbers. Pure (the locale is a parameter): lengths measured in
 * centimetres, coordinates to the millimetre, a photo-sketch link only when it is a web address.
 */
import { formatNumber } from '$lib/i18n/format.ts';
import type { Locale } from '$lib/i18n/locale.ts';

const NBSP = '\u00a0';

/** A length given in metres, written in centimetres ("3,1 cm"); "–" when there is none. */
export function centimetres(metres: number | null | undefined, locale: Locale, digits = 1): string {
	if (metres === null || metres === undefined || !Number.isFinite(metres)) return '–';
	return `${formatNumber(metres * 100, locale, digits)}${NBSP}cm`;
}

/** A coordinate in metres, to the millimetre ("652 027,512"), with every digit shown. */
export function coordinate(metres: number, locale: Locale): string {
	return new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(metres);
}

/** The link of a photo-sketch when it is an http(s) address (anything else is shown as text, never followed). */
export function sketchHref(sketch: string): string | null {
	try {
		const url = new URL(sketch.trim());
		return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
	} catch {
		return null;
	}
}

/** A bearing in degrees, rounded ("123°"), "–" for none. */
export function bearing(deg: number | null | undefined): string {
	return deg === null || deg === undefined ? '–' : `${Math.round(deg) % 360}°`;
}
