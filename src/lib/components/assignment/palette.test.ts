import { describe, expect, it } from 'vitest';
import { SELECTION_COLOR } from '../map/overview-layers.ts';
import { ORGANISATION_PALETTE, organisationColor } from './palette.ts';

/** CIE L*a*b* of an sRGB hex colour (D65). */
function lab(hex: string): [number, number, number] {
	const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
	const x = (r * 0.4124 + g * 0.3576 + b * 0.1805) / 0.95047;
	const y = r * 0.2126 + g * 0.7152 + b * 0.0722;
	const z = (r * 0.0193 + g * 0.1192 + b * 0.9505) / 1.08883;
	const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
	return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}
/** CIE76 colour difference: about 2.3 is just noticeable, above 25 clearly different colours. */
const deltaE = (a: string, b: string) => Math.hypot(...lab(a).map((v, i) => v - lab(b)[i]));

/** What orthophotos of French land show most: forest, meadows, crops, bare and dry soil, water, roads, roofs. */
const ORTHOPHOTO_GROUND = ['#3f5a2a', '#556b2f', '#6b7b3a', '#8c9a5b', '#a89070', '#c2b280', '#7a6a53', '#2c3e50', '#1f3a4d', '#8a8a8a', '#b5b5a5', '#d8d0b8'];

describe('organisation colours', () => {
	it('belong to the organisation: the same id always gets the same colour, whatever else exists', () => {
		// DDT (id 5) stays the same when organisations 6, 7… are created, or when listed in another order.
		expect(organisationColor(5)).toBe(organisationColor(5));
		expect(organisationColor(5)).toBe(ORGANISATION_PALETTE[5]);
		expect(organisationColor(5 + ORGANISATION_PALETTE.length)).toBe(organisationColor(5));
	});

	it('differ for organisations created one after another', () => {
		const colours = Array.from({ length: ORGANISATION_PALETTE.length }, (_, i) => organisationColor(100 + i));
		expect(new Set(colours).size).toBe(ORGANISATION_PALETTE.length);
	});

	it('stand out from what orthophotos show, from each other and from the selection outline', () => {
		for (const colour of ORGANISATION_PALETTE) {
			for (const ground of ORTHOPHOTO_GROUND) expect(deltaE(colour, ground), `${colour} on ${ground}`).toBeGreaterThan(28);
			expect(deltaE(colour, SELECTION_COLOR), `${colour} vs the selection`).toBeGreaterThan(40);
			for (const other of ORGANISATION_PALETTE) if (other !== colour) expect(deltaE(colour, other), `${colour} vs ${other}`).toBeGreaterThan(25);
		}
	});

	it('tolerates ids that are not positive integers (never throws, never undefined)', () => {
		for (const id of [0, -3, 1.5, Number.NaN]) expect(ORGANISATION_PALETTE).toContain(organisationColor(id));
	});
});
