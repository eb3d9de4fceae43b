import { join } from 'node:path';
import type { Db } from '../db/db.ts';
import { repoRoot } from '../paths.ts';
import { importCampaign, type ProgressFn } from '../campaigns/import.service.ts';

/** Credit line for the shipped demo delivery (see server/demo/prairie-naip/SOURCE.md). */
export const DEMO_ATTRIBUTION =
	'Orthophotos USDA FSA NAIP 2020 & 2018 (domaine public) · Occupation du sol de démonstration dérivée de NAIP 2020 (domaine public)';

/** Folder of the demo delivery shipped in the repository. */
export function demoDir(): string {
	return join(repoRoot(), 'server', 'demo', 'prairie-naip');
}

/**
 * Import the demo campaign: real open data (NAIP orthophotos, two vintages, and a land-cover layer
 * with OCS GE cover codes) cut into the default 1 km grid.
 */
export function importDemoCampaign(db: Db, onProgress?: ProgressFn): Promise<number> {
	const dir = demoDir();
	return importCampaign(
		db,
		{
			name: 'Démo — Prairie du Dakota du Nord (NAIP 2020)',
			contractor: 'Prestataire de démonstration',
			description:
				"Campagne de démonstration : orthophoto NAIP 2020 (5 m) et millésime précédent 2018, occupation du sol à contrôler (2 665 polygones, nomenclature OCS GE couverture). Données réelles hors de France : voir server/demo/prairie-naip/SOURCE.md.",
			landcover: join(dir, 'occupation_sol.gpkg'),
			classField: 'code_cs',
			nomenclature: 'ocsge-cs',
			ortho: [join(dir, 'ortho-2020.tif')],
			previous: [join(dir, 'ortho-2018.tif')],
			tiling: { mode: 'grid', size: 1000 },
			sampling: { mode: 'all' },
			attribution: DEMO_ATTRIBUTION,
			isDemo: true
		},
		onProgress
	);
}
