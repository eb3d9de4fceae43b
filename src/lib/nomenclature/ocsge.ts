/**
 * Built-in OCS GE nomenclatures (IGN "Occupation du sol à grande échelle", version 1.1 and the current
 * national production, which keeps the same codes and adds US235).
 *
 * Codes and French labels: IGN, "OCS GE Version 1.1 — Descriptif de contenu" (nomenclatures de couverture et
 * d'usage). Colours of the leaf classes: the RGB triplets of IGN's OCS GE legend. We could not read IGN's PDF
 * itself here; labels and colours come from public re-uses that cite it, which agree with each other: the French
 * ministry's MonDiagArtif (github.com/MTES-MCT/sparte: Django fixtures CouvertureSol/UsageSol and frontend RGB
 * constants) and two other independent projects. Where they differ we took the ministry's newest RGB constants:
 * US3 255 140 0 and US5 190 9 97 (an older fixture gave US2, US3 and US5 the same 230 0 77), CS2.2.2 204 255 204
 * (one re-use has 202 252 202).
 * The legend gives no colour to the intermediate levels (CS1, CS1.1, …, US4.1, US6): ours are the colour of
 * their first child, a Recette choice. English labels are our translations.
 */
import type { NomenclatureEntry } from './nomenclature.ts';

type Row = [code: string, label: string, labelEn: string, color: string];

const rows = (list: Row[]): NomenclatureEntry[] =>
	list.map(([code, label, labelEn, color]) => ({ code, label, labelEn, color }));

/** OCS GE couverture du sol (land cover), hierarchical order. */
export const OCSGE_CS: NomenclatureEntry[] = rows([
	['CS1', 'Sans végétation', 'Without vegetation', '#ff377a'],
	['CS1.1', 'Surfaces anthropisées', 'Man-made surfaces', '#ff377a'],
	['CS1.1.1', 'Zones imperméables', 'Impervious areas', '#ff377a'],
	['CS1.1.1.1', 'Zones bâties', 'Built-up areas', '#ff377a'],
	['CS1.1.1.2', 'Zones non bâties', 'Non-built impervious areas (roads, squares, car parks…)', '#ff9191'],
	['CS1.1.2', 'Zones perméables', 'Pervious man-made areas', '#ffff99'],
	['CS1.1.2.1', 'Zones à matériaux minéraux', 'Mineral material areas', '#ffff99'],
	['CS1.1.2.2', 'Zones à autres matériaux composites', 'Other composite material areas', '#a64d00'],
	['CS1.2', 'Surfaces naturelles', 'Natural surfaces', '#cccccc'],
	['CS1.2.1', 'Sols nus', 'Bare soil', '#cccccc'],
	['CS1.2.2', "Surfaces d'eau", 'Water surfaces', '#00ccf2'],
	['CS1.2.3', 'Névés et glaciers', 'Permanent snow and glaciers', '#a6e6cc'],
	['CS2', 'Avec végétation', 'With vegetation', '#80ff00'],
	['CS2.1', 'Végétation ligneuse', 'Woody vegetation', '#80ff00'],
	['CS2.1.1', 'Formations arborées', 'Tree cover', '#80ff00'],
	['CS2.1.1.1', 'Peuplement de feuillus', 'Broadleaved stands', '#80ff00'],
	['CS2.1.1.2', 'Peuplement de conifères', 'Coniferous stands', '#00a600'],
	['CS2.1.1.3', 'Peuplement mixte', 'Mixed stands', '#80be00'],
	['CS2.1.2', 'Formations arbustives et sous-arbrisseaux', 'Shrubs and sub-shrubs', '#a6ff80'],
	['CS2.1.3', 'Autres formations ligneuses', 'Other woody vegetation (vines…)', '#e68000'],
	['CS2.2', 'Végétation non ligneuse', 'Non-woody vegetation', '#ccf24d'],
	['CS2.2.1', 'Formations herbacées', 'Herbaceous vegetation (grassland, arable land…)', '#ccf24d'],
	['CS2.2.2', 'Autres formations non ligneuses', 'Other non-woody vegetation (mosses, lichens…)', '#ccffcc']
]);

/** OCS GE usage du sol (land use), hierarchical order. */
export const OCSGE_US: NomenclatureEntry[] = rows([
	['US1', 'Production primaire', 'Primary production', '#ffffa8'],
	['US1.1', 'Agriculture', 'Agriculture', '#ffffa8'],
	['US1.2', 'Sylviculture', 'Forestry', '#008000'],
	['US1.3', "Activités d'extraction", 'Extraction activities', '#a600cc'],
	['US1.4', 'Pêche et aquaculture', 'Fishing and aquaculture', '#000099'],
	['US1.5', 'Autre production primaire', 'Other primary production', '#996633'],
	['US2', 'Production secondaire', 'Secondary production', '#e6004d'],
	['US235', 'Production secondaire, tertiaire et usage résidentiel', 'Secondary, tertiary and residential use (mixed)', '#e6004d'],
	['US3', 'Production tertiaire', 'Tertiary production', '#ff8c00'],
	['US4', 'Réseaux de transport, logistiques et infrastructures', 'Transport networks, logistics and infrastructure', '#cc0000'],
	['US4.1', 'Réseaux de transport', 'Transport networks', '#cc0000'],
	['US4.1.1', 'Réseaux routiers', 'Road transport', '#cc0000'],
	['US4.1.2', 'Réseaux ferrés', 'Rail transport', '#5a5a5a'],
	['US4.1.3', 'Réseaux aériens', 'Air transport', '#e6cce6'],
	['US4.1.4', 'Réseaux de transport fluvial et maritime', 'Inland waterway and maritime transport', '#0066ff'],
	['US4.1.5', 'Autres réseaux de transport', 'Other transport networks', '#660033'],
	['US4.2', 'Services de logistique et de stockage', 'Logistics and storage', '#ff0000'],
	['US4.3', "Réseaux d'utilité publique", 'Public utility networks', '#ff4b00'],
	['US5', 'Usage résidentiel', 'Residential use', '#be0961'],
	['US6', 'Autre usage', 'Other use', '#ff4dff'],
	['US6.1', 'Zones en transition', 'Areas in transition', '#ff4dff'],
	['US6.2', 'Zones abandonnées', 'Abandoned areas', '#404040'],
	['US6.3', 'Sans usage', 'No use', '#f0f028'],
	['US6.6', 'Usage inconnu', 'Unknown use', '#ffcc00']
]);
