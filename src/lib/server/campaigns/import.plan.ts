/**
 * The import's decisions, as pure functions of what the delivery's files say (their CRSs, extents and
 * the split's tiles): which CRS tiles are cut in, which deliveries are refused before anything is
 * written, how tiles are named and ordered, which ones are sampled, and the campaign's outline. No file
 * is opened and no row written here (import.service.ts reads the files, import.repo.ts stores), so every
 * rule has a table test (import.plan.test.ts).
 */
import type { BBox, CrsInfo } from '../../geo/types.ts';
import { simpleRandomSample, stratifiedSample } from '../../sampling/index.ts';
import { gridCellsForBBox, tileName, type Cell } from '../../tiling/grid.ts';
import { dominantClass, type SplitTile } from '../../tiling/split.ts';
import { transformBBox, transformFlat, WGS84 } from '../crs/crs.ts';
import { InputError } from '../errors.ts';
import type { ValidImportRequest } from './import.schema.ts';

export type Tiling = ValidImportRequest['tiling'];
export type Sampling = ValidImportRequest['sampling'];

/** Web-Mercator-like CRSs: projected, but their scale grows with latitude, so areas are wrong. */
export const AREA_DISTORTING: ReadonlySet<number> = new Set([3857, 3785, 900913, 102100, 102113, 3395, 54004, 41001]);

/** Beyond this a grid is a mistake (wrong CRS, or 10 m tiles over a region), not a review. */
export const MAX_GRID_CELLS = 2_000_000;

/** An orthophoto as the plan needs it: its file name, CRS and extent in that CRS. */
export interface ImageExtent {
	fileName: string;
	crs: CrsInfo;
	bbox: BBox;
}

/** What the plan is made from: what the files declare, read by the service beforehand. */
export interface DeliveryFacts {
	/** The land cover: its file name (for messages), CRS and extent in that CRS (null when empty). */
	landcover: { fileName: string; crs: CrsInfo; bbox: BBox | null };
	/** Delivered orthophotos (all in one CRS, checked when they were opened). */
	orthos: ImageExtent[];
	/** Orthophotos of the previous vintage. */
	previous: ImageExtent[];
	/** The CRS asked for (`--crs`), already resolved; null when none was. */
	requestedCrs: CrsInfo | null;
	tiling: Tiling;
}

/** Where and how the delivery is cut. */
export interface DeliveryPlan {
	/** The projected CRS tiles are cut and areas computed in. */
	crs: CrsInfo;
	/** The land cover is already in `crs` (no reprojection while splitting). */
	sameCrs: boolean;
	/** Union of the delivered orthophotos' extents, in `crs`; null without orthophotos. */
	orthoBBox: BBox | null;
	/** The delivery's extent in `crs`: the orthophotos', else the land cover's; null when both are empty. */
	footprint: BBox | null;
}

/**
 * Decide the CRS and extent of a delivery, or refuse it with a message naming the problem: land cover
 * whose coordinates cannot be the degrees it declares, no projected CRS to cut tiles in, a CRS that
 * distorts areas, `--crs` contradicting the orthophotos, layers that do not overlap, a grid of more
 * than MAX_GRID_CELLS tiles.
 */
export function planDelivery(facts: DeliveryFacts): DeliveryPlan {
	const lc = facts.landcover;
	checkDeclaredDegrees(lc);
	const crs = tilingCrs(facts.orthos[0]?.crs ?? null, facts.requestedCrs, lc.crs);
	const orthoBBox = facts.orthos.length ? unionBBox(facts.orthos.map((o) => o.bbox)) : null;
	const lcBBox = lc.bbox ? transformBBox(lc.bbox, lc.crs, crs) : null;
	if (orthoBBox && lcBBox && !intersects(orthoBBox, lcBBox)) {
		throw new InputError('no_overlap', {
			en: `The land cover and the orthophotos do not overlap: land cover spans ${fmtBBox(lcBBox)}, orthophotos span ${fmtBBox(orthoBBox)} (EPSG:${crs.epsg}). Check that both belong to the same delivery and CRS.`,
			fr: `L’occupation du sol et les orthophotos ne se recouvrent pas : l’emprise de l’occupation du sol est ${fmtBBox(lcBBox)}, celle des orthophotos ${fmtBBox(orthoBBox)} (EPSG:${crs.epsg}). Vérifiez que les deux proviennent de la même livraison et sont dans le même système de coordonnées.`
		});
	}
	const footprint = orthoBBox ?? lcBBox;
	for (const p of facts.previous) {
		if (footprint && !intersects(transformBBox(p.bbox, p.crs, crs), footprint)) {
			throw new InputError('no_overlap', {
				en: `The previous-vintage orthophoto ${p.fileName} does not overlap the delivery (it spans ${fmtBBox(p.bbox)} in EPSG:${p.crs.epsg}): check that it covers the same area.`,
				fr: `L’orthophoto du millésime précédent ${p.fileName} ne recouvre pas la livraison (son emprise est ${fmtBBox(p.bbox)} en EPSG:${p.crs.epsg}) : vérifiez qu’elle couvre la même zone.`
			});
		}
	}
	if (facts.tiling.mode === 'grid' && footprint) checkGridSize(footprint, facts.tiling.size, crs);
	return { crs, sameCrs: lc.crs.epsg === crs.epsg, orthoBBox, footprint };
}

/**
 * Coordinates that cannot be degrees in a dataset that says it is in degrees: typically a GeoJSON
 * exported in Lambert-93 without its "crs" member (RFC 7946 then means WGS84).
 */
function checkDeclaredDegrees({ fileName, crs, bbox }: DeliveryFacts['landcover']): void {
	if (crs.projected || !bbox || !bbox.some((v, i) => Math.abs(v) > (i % 2 === 0 ? 180 : 90))) return;
	const [x, y] = bbox.map((v) => Math.round(v));
	throw new InputError('coordinates_out_of_range', {
		en: `${fileName} says it is in longitude/latitude (EPSG:${crs.epsg}) but holds coordinates such as ${x} ${y}, which are metres of a projected CRS. A GeoJSON without a "crs" member is WGS84 by definition (RFC 7946): export it in EPSG:4326, or with its CRS declared (or as a GeoPackage).`,
		fr: `${fileName} se déclare en longitude/latitude (EPSG:${crs.epsg}) mais contient des coordonnées comme ${x} ${y}, qui sont des mètres d’un système projeté. Un GeoJSON sans membre « crs » est en WGS84 par définition (RFC 7946) : exportez-le en EPSG:4326, ou avec son système de coordonnées déclaré (ou en GeoPackage).`
	});
}

/**
 * The CRS tiles are cut in: the orthophotos', else the one asked for, else the land cover's if
 * projected. It must be projected (tiles and areas are in metres) and must not inflate areas.
 */
export function tilingCrs(ortho: CrsInfo | null, requested: CrsInfo | null, landcover: CrsInfo): CrsInfo {
	let crs: CrsInfo;
	if (ortho) {
		crs = ortho;
		if (requested && requested.epsg !== crs.epsg) {
			throw new InputError('crs_conflict', {
				en: `The orthophotos are in EPSG:${crs.epsg} (${crs.name}) and tiles are cut in the orthophotos' CRS: --crs only applies to a delivery without orthophotos.`,
				fr: `Les orthophotos sont en EPSG:${crs.epsg} (${crs.name}) et les tuiles sont découpées dans leur système de coordonnées : --crs ne sert que pour une livraison sans orthophotos.`
			});
		}
	} else if (requested) crs = requested;
	else if (landcover.projected) crs = landcover;
	else {
		throw new InputError('geographic_crs', {
			en: `The land cover is in geographic coordinates (EPSG:${landcover.epsg}) and no orthophoto gives a projected CRS: give one (e.g. --crs EPSG:2154) so that tiles and areas are in metres.`,
			fr: `L’occupation du sol est en coordonnées géographiques (EPSG:${landcover.epsg}) et aucune orthophoto ne fournit de système de coordonnées projeté : indiquez-en un (par exemple --crs EPSG:2154) pour que les tuiles et les surfaces soient en mètres.`
		});
	}
	if (!crs.projected) {
		throw new InputError('geographic_crs', {
			en: `Tiles are cut in metres: EPSG:${crs.epsg} (${crs.name}) is not a projected CRS.`,
			fr: `Les tuiles sont découpées en mètres : EPSG:${crs.epsg} (${crs.name}) n’est pas un système de coordonnées projeté.`
		});
	}
	if (AREA_DISTORTING.has(crs.epsg)) {
		throw new InputError('distorting_crs', {
			en: `EPSG:${crs.epsg} (${crs.name}) inflates areas (by 1/cos² of the latitude: about ×2 in mainland France), so class areas would be wrong: cut tiles in the delivery's national CRS (e.g. EPSG:2154 Lambert-93).`,
			fr: `EPSG:${crs.epsg} (${crs.name}) gonfle les surfaces (de 1/cos² de la latitude : environ ×2 en France métropolitaine), les surfaces par classe seraient fausses : découpez les tuiles dans le système national de la livraison (par exemple EPSG:2154 Lambert-93).`
		});
	}
	return crs;
}

/**
 * About how many cells a grid of `size` over `bbox` has (rounded up on each side, so never fewer than
 * the grid has); Infinity for an extent that is not finite.
 */
export function gridCellCount(bbox: BBox, size: number): number {
	return Math.ceil((bbox[2] - bbox[0]) / size + 1) * Math.ceil((bbox[3] - bbox[1]) / size + 1);
}

/** Refuse a grid of more than MAX_GRID_CELLS cells, before any is made. */
function checkGridSize(footprint: BBox, size: number, crs: CrsInfo): void {
	const cells = gridCellCount(footprint, size);
	if (Number.isFinite(cells) && cells <= MAX_GRID_CELLS) return;
	throw new InputError('too_many_tiles', {
		en: `A ${size} m grid over this delivery (${fmtBBox(footprint)}, EPSG:${crs.epsg}) would have about ${Number.isFinite(cells) ? Math.round(cells).toLocaleString('en') : 'infinitely many'} tiles, more than ${MAX_GRID_CELLS.toLocaleString('en')}: choose a larger tile size, or check the CRS of the files.`,
		fr: `Une grille de ${size} m sur cette livraison (${fmtBBox(footprint)}, EPSG:${crs.epsg}) compterait environ ${Number.isFinite(cells) ? Math.round(cells).toLocaleString('fr') : 'une infinité de'} tuiles, plus de ${MAX_GRID_CELLS.toLocaleString('fr')} : choisissez des tuiles plus grandes, ou vérifiez le système de coordonnées des fichiers.`
	});
}

/**
 * Grid cells over the delivered imagery that no land cover fell in: each becomes a tile if it holds
 * at least one valid pixel ("tiles that contain no data are not created"), which the service checks.
 */
export function cellsWithoutLandcover(orthoBBox: BBox, size: number, split: readonly SplitTile[]): Cell[] {
	const known = new Set(split.map((t) => t.key));
	return gridCellsForBBox(orthoBBox, size).filter((c) => !known.has(`${c.col}_${c.row}`));
}

/** A grid cell as a tile without land cover (it holds imagery). */
export function emptyTile(key: string, [xmin, ymin, xmax, ymax]: BBox): SplitTile {
	return { key, xmin, ymin, xmax, ymax, featureCount: 0, areas: new Map(), featureFids: [] };
}

/** A review tile as it will be stored. */
export interface PlannedTile {
	tile: SplitTile;
	/** Grid tiles: IGN "dalle" name of the upper-left corner; image tiles: the file name without extension. */
	name: string;
	/** The class with the largest area, null without land cover. */
	dominant: string | null;
	/** In the review sample (every tile when the campaign reviews them all). */
	inSample: boolean;
	/** Image tiles: index of the delivered image the tile is (null for grid tiles). */
	image: number | null;
}

/** What naming, ordering and sampling the tiles depend on. */
export interface TileChoices {
	tiling: Tiling;
	sampling: Sampling;
	/** Delivered orthophotos, in their order (image tiles are keyed by index in this list). */
	orthos: readonly ImageExtent[];
	/** The land cover's file name, for the message when no tile has data. */
	landcoverFile: string;
}

/**
 * The campaign's tiles in review order, named, with their dominant class and whether they are in the
 * sample. Grid tiles go west to east, then south to north (the names' order when they are whole km;
 * numeric, so that 0486.75_… does not come before 0486_…); image tiles by file name, and every
 * delivered image is a tile, even one the land cover does not touch. Tiles outside the sample are
 * kept (inSample false): later estimates need the whole population of tiles.
 */
export function planTiles(split: readonly SplitTile[], choices: TileChoices): PlannedTile[] {
	const { tiling, orthos } = choices;
	const tiles = [...split];
	if (tiling.mode === 'images') {
		const known = new Set(tiles.map((t) => t.key));
		orthos.forEach((o, i) => {
			if (!known.has(String(i))) tiles.push(emptyTile(String(i), o.bbox));
		});
	}
	const planned: PlannedTile[] = tiles.map((t) => {
		const image = tiling.mode === 'images' ? Number(t.key) : null;
		return {
			tile: t,
			name: tiling.mode === 'grid' ? tileName(t.xmin, t.ymax, tiling.size) : orthos[image!].fileName.replace(/\.[^.]+$/, ''),
			dominant: dominantClass(t.areas),
			inSample: true,
			image
		};
	});
	planned.sort((a, b) =>
		tiling.mode === 'grid' ? a.tile.xmin - b.tile.xmin || a.tile.ymax - b.tile.ymax : a.name < b.name ? -1 : a.name > b.name ? 1 : 0
	);
	if (!planned.length) {
		throw new InputError(
			'no_tiles',
			orthos.length
				? {
						en: 'No tile contains data: the land cover and the orthophotos are empty over the whole grid.',
						fr: 'Aucune tuile ne contient de données : l’occupation du sol et les orthophotos sont vides sur toute la grille.'
					}
				: {
						en: `No polygon of ${choices.landcoverFile} has an area: are they valid (not self-intersecting) polygons?`,
						fr: `Aucun polygone de ${choices.landcoverFile} n’a de surface : sont-ils valides (sans auto-intersection) ?`
					}
		);
	}
	const sampled = drawSample(planned, choices.sampling);
	if (sampled) for (const p of planned) p.inSample = sampled.has(p.name);
	return planned;
}

/**
 * Names of the sampled tiles (seeded, reproducible: same seed and tiles, same sample), or null when
 * every tile is reviewed. Stratified samples are stratified by dominant class.
 */
export function drawSample(tiles: readonly { name: string; dominant: string | null }[], sampling: Sampling): Set<string> | null {
	if (sampling.mode === 'random') return new Set(simpleRandomSample(tiles, sampling.n, sampling.seed, (x) => x.name).map((x) => x.name));
	if (sampling.mode === 'stratified') {
		const { sample } = stratifiedSample(tiles, sampling.n, sampling.seed, (x) => x.name, (x) => x.dominant ?? '(none)');
		return new Set(sample.map((x) => x.name));
	}
	return null;
}

/** The campaign's outline, as the map shows it. */
export interface CampaignExtent {
	/** The delivered images' outlines (else the delivery's extent), WGS84 GeoJSON. */
	footprint: { type: 'MultiPolygon'; coordinates: number[][][][] };
	/** WGS84 box of the footprint and every tile, to 7 decimals. */
	bboxWgs84: BBox;
}

/** The campaign's footprint and WGS84 box, from the plan and its tiles. */
export function campaignExtent(plan: DeliveryPlan, orthos: readonly ImageExtent[], tiles: readonly PlannedTile[]): CampaignExtent {
	const rects: BBox[] = orthos.length ? orthos.map((o) => o.bbox) : plan.footprint ? [plan.footprint] : [];
	const footprint = { type: 'MultiPolygon' as const, coordinates: rects.map((b) => [rectToWgs84Ring(b[0], b[1], b[2], b[3], plan.crs, 16)]) };
	const tilesBBox = unionBBox(tiles.map(({ tile: t }) => [t.xmin, t.ymin, t.xmax, t.ymax] as BBox));
	const native = plan.footprint ? unionBBox([plan.footprint, tilesBBox]) : tilesBBox;
	return { footprint, bboxWgs84: transformBBox(native, plan.crs, WGS84).map(round7) as BBox };
}

/** A tile's outline in WGS84 GeoJSON. */
export function tileGeometry(t: SplitTile, crs: CrsInfo): { type: 'Polygon'; coordinates: number[][][] } {
	return { type: 'Polygon', coordinates: [rectToWgs84Ring(t.xmin, t.ymin, t.xmax, t.ymax, crs)] };
}

/**
 * A projected rectangle as a WGS84 GeoJSON ring, densified so the map shows the true (slightly curved)
 * outline of a Lambert-93/UTM square rather than a box joining its corners.
 */
export function rectToWgs84Ring(x0: number, y0: number, x1: number, y1: number, crs: CrsInfo, perEdge = 4): number[][] {
	const pts: number[] = [];
	const edge = (ax: number, ay: number, bx: number, by: number) => {
		for (let i = 0; i < perEdge; i++) pts.push(ax + ((bx - ax) * i) / perEdge, ay + ((by - ay) * i) / perEdge);
	};
	edge(x0, y0, x1, y0);
	edge(x1, y0, x1, y1);
	edge(x1, y1, x0, y1);
	edge(x0, y1, x0, y0);
	const t = transformFlat(Float64Array.from(pts), crs, WGS84);
	const ring: number[][] = [];
	for (let i = 0; i < t.length; i += 2) ring.push([round7(t[i]), round7(t[i + 1])]);
	ring.push(ring[0]);
	return ring;
}

/** 7 decimals of a degree ≈ 1 cm: plenty for display, and keeps the GeoJSON small. */
const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

/** Grid corners are multiples of the size: round away float noise (12.3 m × k) to the micrometre. */
export const micro = (v: number) => Math.round(v * 1e6) / 1e6;

export function unionBBox(boxes: readonly BBox[]): BBox {
	return boxes.reduce<BBox>(
		(u, b) => [Math.min(u[0], b[0]), Math.min(u[1], b[1]), Math.max(u[2], b[2]), Math.max(u[3], b[3])],
		[Infinity, Infinity, -Infinity, -Infinity]
	);
}

/** The boxes share some area (touching along an edge is not overlapping). */
export function intersects(a: BBox, b: BBox): boolean {
	return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

function fmtBBox(b: BBox): string {
	return `${Math.round(b[0])} ${Math.round(b[1])} – ${Math.round(b[2])} ${Math.round(b[3])}`;
}
