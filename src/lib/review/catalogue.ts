/**
 * The defect catalogue: what reviewers may report on a tile. Each campaign gets a copy of the default
 * catalogue when it is created; managers add, rename and retire categories, and a code is never
 * reused (a retired category stays readable on the defects that carry it).
 */

export const SEVERITIES = ['minor', 'major', 'blocking'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const DEFECT_TARGETS = ['orthophoto', 'landcover'] as const;
export type DefectTarget = (typeof DEFECT_TARGETS)[number];

export interface LocalizedLabel {
	fr: string;
	en: string;
}

/** One category as `GET /api/campaigns/:id/catalogue` gives it. */
export interface DefectCategory {
	/** Stable code written in the tile documents and the exports; never reused. */
	code: string;
	target: DefectTarget;
	/** Family inside the target: radiometry, geometry, completeness (orthophoto), thematic, geometry, topology (land cover), or a manager's own. */
	group: string;
	label: LocalizedLabel;
	/** Retired categories cannot be chosen for new defects; existing defects keep them. */
	retired: boolean;
}

/** Labels of the default groups (a manager's own group is shown as written). */
export const GROUP_LABELS: Record<string, LocalizedLabel> = {
	radiometry: { fr: 'Radiométrie', en: 'Radiometry' },
	geometry: { fr: 'Géométrie', en: 'Geometry' },
	completeness: { fr: 'Complétude', en: 'Completeness' },
	thematic: { fr: 'Thématique', en: 'Thematic' },
	topology: { fr: 'Topologie', en: 'Topology' }
};

type Entry = [code: string, target: DefectTarget, group: string, fr: string, en: string];

// The families of defects regional orthophoto and OCS GE acceptance reports use.
const DEFAULTS: Entry[] = [
	['radiometry_saturation', 'orthophoto', 'radiometry', 'Saturation', 'Saturation'],
	['radiometry_colour_balance', 'orthophoto', 'radiometry', 'Équilibre colorimétrique', 'Colour balance'],
	['radiometry_haze_cloud', 'orthophoto', 'radiometry', 'Voile ou nuage', 'Haze or cloud'],
	['radiometry_shadow', 'orthophoto', 'radiometry', 'Ombre', 'Shadow'],
	['geometry_seamline', 'orthophoto', 'geometry', 'Ligne de raccord mal placée', 'Seamline misalignment'],
	['geometry_ghosting', 'orthophoto', 'geometry', 'Dédoublement ou fantôme', 'Ghosting or duplication'],
	['geometry_building_lean', 'orthophoto', 'geometry', 'Dévers ou déformation de bâtiment', 'Building lean or deformation'],
	['geometry_blur', 'orthophoto', 'geometry', 'Flou', 'Blur'],
	['geometry_misregistration', 'orthophoto', 'geometry', 'Décalage de calage', 'Misregistration'],
	['completeness_nodata', 'orthophoto', 'completeness', 'Absence de données (trou)', 'No data (hole)'],
	['completeness_tile_edge', 'orthophoto', 'completeness', 'Raccord entre dalles', 'Tile-edge mismatch'],
	['completeness_wrong_date', 'orthophoto', 'completeness', 'Date ou saison inadaptée', 'Wrong date or season'],
	['landcover_wrong_cover', 'landcover', 'thematic', 'Mauvaise classe de couverture', 'Wrong cover class'],
	['landcover_wrong_use', 'landcover', 'thematic', 'Mauvaise classe d’usage', 'Wrong use class'],
	['landcover_missing_object', 'landcover', 'thematic', 'Objet manquant', 'Missing object'],
	['landcover_boundary', 'landcover', 'geometry', 'Limite mal placée', 'Boundary error'],
	['landcover_below_mmu', 'landcover', 'geometry', 'Objet sous l’unité minimale de collecte', 'Object below the minimum mapping unit'],
	['landcover_topology', 'landcover', 'topology', 'Topologie (chevauchement, trou)', 'Topology (overlap or gap)']
];

/** The catalogue a new campaign starts with. */
export const DEFAULT_CATALOGUE: readonly DefectCategory[] = DEFAULTS.map(([code, target, group, fr, en]) => ({ code, target, group, label: { fr, en }, retired: false }));

/** Codes a manager's own categories get: `custom_<n>`, n never reused within a campaign. */
export const CUSTOM_CODE = /^custom_[1-9]\d{0,5}$/;

/** The codes new defects may use (retired ones excluded). */
export function activeCodes(catalogue: readonly DefectCategory[]): Set<string> {
	return new Set(catalogue.filter((c) => !c.retired).map((c) => c.code));
}
