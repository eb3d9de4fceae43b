/**
 * Organisation colours on the maps. A colour belongs to its organisation forever: it is derived from
 * the organisation's id alone, so creating, renaming or deleting other organisations (or listing
 * them in another order) never moves it. The palette is made of saturated hues that stand out from
 * what orthophotos show (vegetation greens, soil browns, water, roads) and from the yellow of the
 * map selection; consecutive ids — organisations created one after another, the usual case in one
 * campaign — get clearly different colours. Two organisations whose ids differ by a multiple of the
 * palette's length share a colour: the legend names them, and shared tiles are hatched.
 */
export const ORGANISATION_PALETTE = [
	'#e6194b', // red
	'#00bcd4', // cyan
	'#ff7f00', // orange
	'#4363d8', // blue
	'#bfef45', // lime
	'#f032e6', // magenta
	'#000075', // navy
	'#aaffc3', // mint
	'#800000', // maroon
	'#911eb4', // purple
	'#fabed4' // pink
] as const;

/** Colour of tiles assigned to no organisation (drawn as an outline only). */
export const NO_ORGANISATION_COLOR = '#3a3a3a';

/** The colour of organisation `id` (any positive integer id; stable for ever). */
export function organisationColor(id: number): string {
	const n = ORGANISATION_PALETTE.length;
	const i = Number.isSafeInteger(id) ? ((id % n) + n) % n : 0;
	return ORGANISATION_PALETTE[i];
}
