/** Compare names the way people do: case, accents and repeated spaces do not matter ("Commune d’Évry" = "commune d’evry"). */
export function nameKey(name: string): string {
	return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[\s\u00a0]+/g, ' ').trim();
}
