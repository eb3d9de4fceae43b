/** Distinct, colour-blind-friendly-ish hues for organisations on the map (cycled by list position). */
export const ORGANISATION_COLORS = ['#000091', '#e1000f', '#18753c', '#b34000', '#6a6af4', '#a558a0', '#009081', '#716043', '#ce614a', '#3a3a3a'];

export function organisationColor(index: number): string {
	return ORGANISATION_COLORS[((index % ORGANISATION_COLORS.length) + ORGANISATION_COLORS.length) % ORGANISATION_COLORS.length];
}
