/** Demo mode (the default): an empty database gets the demo campaign. RECETTE_DEMO=0 for real deployments. */
export function isDemoMode(): boolean {
	return !['0', 'false', 'no', 'off'].includes((process.env.RECETTE_DEMO ?? '1').toLowerCase());
}
