import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import type { BBox, CrsInfo, MultiPolygon } from '../../geo/types.ts';
import { encodeCompact, quantumDigits } from '../../geo/compact.ts';
import {
	getBuiltinNomenclature,
	NomenclatureError,
	parseNomenclatureCsv,
	parseNomenclatureJson,
	type Nomenclature
} from '../../nomenclature/index.ts';
import { simpleRandomSample, stratifiedSample } from '../../sampling/index.ts';
import { gridCellsForBBox, tileName } from '../../tiling/grid.ts';
import { createSplitter, dominantClass, type SplitTile } from '../../tiling/split.ts';
import { parseEpsg, reprojectMultiPolygon, transformBBox, transformFlat, WGS84 } from '../crs/crs.ts';
import type { Db } from '../db/db.ts';
import { writeWhenFree } from '../db/write-lock.ts';
import { InputError, type Localized } from '../errors.ts';
import { hasData, openOrtho, type OrthoInfo } from '../imagery/geotiff.ts';
import { openLandcover } from '../landcover/open.ts';
import { decodeTextFile } from '../text-decoding.ts';
import { describeZodError, importRequestSchema, type ImportRequest, type ValidImportRequest } from './import.schema.ts';

/** `waiting`: another import (this server's or a command line's) is writing; this one goes on after it. */
export type ImportStage = 'checking' | 'waiting' | 'reading' | 'imagery' | 'storing' | 'done';
export type ProgressFn = (stage: ImportStage, fraction: number, detail?: string) => void;

/** Work done inside the import's transaction, so that it is committed with the campaign or not at all. */
export interface ImportHooks {
	/** Right after the write lock is taken, before anything is written; throw to abandon the import. */
	afterBegin?: () => void;
	/** Last write before COMMIT (e.g. recording the job's outcome); throw to roll everything back. */
	beforeCommit?: (campaignId: number) => void;
}

const TIFF_EXT = new Set(['.tif', '.tiff']);

/** Web-Mercator-like CRSs: projected, but their scale grows with latitude, so areas are wrong. */
const AREA_DISTORTING = new Set([3857, 3785, 900913, 102100, 102113, 3395, 54004, 41001]);

/** Beyond this a grid is a mistake (wrong CRS, or 10 m tiles over a region), not a review. */
const MAX_GRID_CELLS = 2_000_000;

/** Rows per INSERT statement when storing features (6 parameters each, well under SQLite's 32 766). */
const FEATURE_BATCH = 200;

/** Expand files and folders into the sorted list of GeoTIFF files they name. */
export function expandOrthoPaths(paths: string[]): string[] {
	const out: string[] = [];
	for (const p of paths) {
		const abs = resolve(p);
		let st;
		try {
			st = statSync(abs);
		} catch {
			throw new InputError('file_not_found', { en: `Orthophoto not found: ${p}`, fr: `Orthophoto introuvable : « ${p} ».` });
		}
		if (st.isDirectory()) {
			const files = readdirSync(abs)
				.filter((f) => TIFF_EXT.has(extname(f).toLowerCase()))
				.sort()
				.map((f) => join(abs, f));
			if (!files.length) {
				throw new InputError('no_orthophoto', {
					en: `The folder ${p} contains no GeoTIFF file (.tif, .tiff).`,
					fr: `Le dossier « ${p} » ne contient aucun fichier GeoTIFF (.tif, .tiff).`
				});
			}
			out.push(...files);
		} else out.push(abs);
	}
	return out;
}

function loadNomenclature(spec: string): Nomenclature {
	if (spec === 'ocsge-cs' || spec === 'ocsge-us') return getBuiltinNomenclature(spec);
	let text: string;
	try {
		// French Excel saves "CSV (séparateur : point-virgule)" in Windows-1252, not UTF-8.
		text = decodeTextFile(readFileSync(spec));
	} catch {
		throw new InputError('file_not_found', {
			en: `Nomenclature file not found: ${spec} (or use ocsge-cs / ocsge-us).`,
			fr: `Fichier de nomenclature introuvable : « ${spec} » (ou utilisez ocsge-cs / ocsge-us).`
		});
	}
	try {
		const nom = spec.toLowerCase().endsWith('.json') ? parseNomenclatureJson(text) : parseNomenclatureCsv(text);
		return { ...nom, id: nom.id || 'custom', name: nom.name || basename(spec) };
	} catch (e) {
		// The nomenclature parser's own message exists in English only.
		if (e instanceof NomenclatureError) {
			throw new InputError('bad_nomenclature', { en: `${basename(spec)}: ${e.message}`, fr: `Fichier de nomenclature « ${basename(spec)} » : ${e.message}` });
		}
		throw e;
	}
}

/** Which orthophotos, in messages: « the {en} orthophotos », « les orthophotos {fr} ». */
const DELIVERED: Localized = { en: 'delivered', fr: 'livrées' };
const PREVIOUS: Localized = { en: 'previous-vintage', fr: 'du millésime précédent' };

async function openOrthos(paths: string[], role: Localized): Promise<OrthoInfo[]> {
	const infos: OrthoInfo[] = [];
	for (const p of expandOrthoPaths(paths)) infos.push(await openOrtho(p));
	const crs = new Set(infos.map((i) => i.crs.epsg));
	if (crs.size > 1) {
		const codes = [...crs].map((c) => `EPSG:${c}`).join(', ');
		throw new InputError('mixed_crs', {
			en: `The ${role.en} orthophotos are in different CRSs (${codes}): a delivery must use one projected CRS.`,
			fr: `Les orthophotos ${role.fr} sont dans des systèmes de coordonnées différents (${codes}) : une livraison doit utiliser un seul système de coordonnées projeté.`
		});
	}
	return infos;
}

function unionBBox(boxes: BBox[]): BBox {
	return boxes.reduce<BBox>(
		(u, b) => [Math.min(u[0], b[0]), Math.min(u[1], b[1]), Math.max(u[2], b[2]), Math.max(u[3], b[3])],
		[Infinity, Infinity, -Infinity, -Infinity]
	);
}

function intersects(a: BBox, b: BBox): boolean {
	return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
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
const micro = (v: number) => Math.round(v * 1e6) / 1e6;


/**
 * Create a campaign from a delivery: validate every input, split the land cover into review tiles
 * (class areas by clipping in the projected CRS), draw the sample and store everything in ONE
 * transaction — a failure, or the process being killed, leaves no partial campaign. Imports sharing
 * the database (other jobs, the command line) take turns: this one waits for the write lock as long as
 * it takes, reporting the `waiting` stage.
 * @returns the new campaign's id.
 */
export async function importCampaign(db: Db, request: ImportRequest, onProgress: ProgressFn = () => {}, hooks: ImportHooks = {}): Promise<number> {
	const parsed = importRequestSchema.safeParse(request);
	if (!parsed.success) throw new InputError('invalid_request', describeZodError(parsed.error));
	const req: ValidImportRequest = parsed.data;

	onProgress('checking', 0);
	const nomenclature = loadNomenclature(req.nomenclature);
	const current = await openOrthos(req.ortho, DELIVERED);
	const previous = await openOrthos(req.previous, PREVIOUS);
	const dataset = await openLandcover(resolve(req.landcover), { classField: req.classField, layer: req.layer });
	try {
		// The delivery's CRS: the orthophotos', else the land cover's if projected, else --crs.
		const lcCrs = dataset.crs;
		// Coordinates that cannot be degrees in a dataset that says it is in degrees: typically a
		// GeoJSON exported in Lambert-93 without its "crs" member (RFC 7946 then means WGS84).
		if (!lcCrs.projected && dataset.bbox && dataset.bbox.some((v, i) => Math.abs(v) > (i % 2 === 0 ? 180 : 90))) {
			const [x, y] = dataset.bbox.map((v) => Math.round(v));
			throw new InputError('coordinates_out_of_range', {
				en: `${basename(req.landcover)} says it is in longitude/latitude (EPSG:${lcCrs.epsg}) but holds coordinates such as ${x} ${y}, which are metres of a projected CRS. A GeoJSON without a "crs" member is WGS84 by definition (RFC 7946): export it in EPSG:4326, or with its CRS declared (or as a GeoPackage).`,
				fr: `${basename(req.landcover)} se déclare en longitude/latitude (EPSG:${lcCrs.epsg}) mais contient des coordonnées comme ${x} ${y}, qui sont des mètres d’un système projeté. Un GeoJSON sans membre « crs » est en WGS84 par définition (RFC 7946) : exportez-le en EPSG:4326, ou avec son système de coordonnées déclaré (ou en GeoPackage).`
			});
		}

		// The CRS tiles are cut in: the orthophotos', else --crs, else the land cover's if projected.
		let crs: CrsInfo;
		if (current.length) {
			crs = current[0].crs;
			if (req.crs && parseEpsg(req.crs).epsg !== crs.epsg) {
				throw new InputError('crs_conflict', {
					en: `The orthophotos are in EPSG:${crs.epsg} (${crs.name}) and tiles are cut in the orthophotos' CRS: --crs only applies to a delivery without orthophotos.`,
					fr: `Les orthophotos sont en EPSG:${crs.epsg} (${crs.name}) et les tuiles sont découpées dans leur système de coordonnées : --crs ne sert que pour une livraison sans orthophotos.`
				});
			}
		} else if (req.crs) crs = parseEpsg(req.crs);
		else if (lcCrs.projected) crs = lcCrs;
		else
			throw new InputError('geographic_crs', {
				en: `The land cover is in geographic coordinates (EPSG:${lcCrs.epsg}) and no orthophoto gives a projected CRS: give one (e.g. --crs EPSG:2154) so that tiles and areas are in metres.`,
				fr: `L’occupation du sol est en coordonnées géographiques (EPSG:${lcCrs.epsg}) et aucune orthophoto ne fournit de système de coordonnées projeté : indiquez-en un (par exemple --crs EPSG:2154) pour que les tuiles et les surfaces soient en mètres.`
			});
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
		const sameCrs = lcCrs.epsg === crs.epsg;

		const orthoBBox = current.length ? unionBBox(current.map((o) => o.bbox)) : null;
		if (orthoBBox && dataset.bbox) {
			const lcBBox = transformBBox(dataset.bbox, lcCrs, crs);
			if (!intersects(orthoBBox, lcBBox)) {
				throw new InputError('no_overlap', {
					en: `The land cover and the orthophotos do not overlap: land cover spans ${fmtBBox(lcBBox)}, orthophotos span ${fmtBBox(orthoBBox)} (EPSG:${crs.epsg}). Check that both belong to the same delivery and CRS.`,
					fr: `L’occupation du sol et les orthophotos ne se recouvrent pas : l’emprise de l’occupation du sol est ${fmtBBox(lcBBox)}, celle des orthophotos ${fmtBBox(orthoBBox)} (EPSG:${crs.epsg}). Vérifiez que les deux proviennent de la même livraison et sont dans le même système de coordonnées.`
				});
			}
		}

		// Tiles: grid cells over the footprint, or one rectangle per delivered image.
		const footprintBBox = orthoBBox ?? (dataset.bbox ? transformBBox(dataset.bbox, lcCrs, crs) : null);
		for (const p of previous) {
			if (footprintBBox && !intersects(transformBBox(p.bbox, p.crs, crs), footprintBBox)) {
				throw new InputError('no_overlap', {
					en: `The previous-vintage orthophoto ${p.fileName} does not overlap the delivery (it spans ${fmtBBox(p.bbox)} in EPSG:${p.crs.epsg}): check that it covers the same area.`,
					fr: `L’orthophoto du millésime précédent ${p.fileName} ne recouvre pas la livraison (son emprise est ${fmtBBox(p.bbox)} en EPSG:${p.crs.epsg}) : vérifiez qu’elle couvre la même zone.`
				});
			}
		}
		if (req.tiling.mode === 'grid' && footprintBBox) {
			const size = req.tiling.size;
			const cells = Math.ceil((footprintBBox[2] - footprintBBox[0]) / size + 1) * Math.ceil((footprintBBox[3] - footprintBBox[1]) / size + 1);
			if (!Number.isFinite(cells) || cells > MAX_GRID_CELLS) {
				throw new InputError('too_many_tiles', {
					en: `A ${size} m grid over this delivery (${fmtBBox(footprintBBox)}, EPSG:${crs.epsg}) would have about ${Number.isFinite(cells) ? Math.round(cells).toLocaleString('en') : 'infinitely many'} tiles, more than ${MAX_GRID_CELLS.toLocaleString('en')}: choose a larger tile size, or check the CRS of the files.`,
					fr: `Une grille de ${size} m sur cette livraison (${fmtBBox(footprintBBox)}, EPSG:${crs.epsg}) compterait environ ${Number.isFinite(cells) ? Math.round(cells).toLocaleString('fr') : 'une infinité de'} tuiles, plus de ${MAX_GRID_CELLS.toLocaleString('fr')} : choisissez des tuiles plus grandes, ou vérifiez le système de coordonnées des fichiers.`
				});
			}
		}
		const splitter =
			req.tiling.mode === 'grid'
				? createSplitter({ grid: { size: req.tiling.size }, keepFeatureIds: true })
				: createSplitter({
						cells: current.map((o, i) => ({ key: String(i), xmin: o.bbox[0], ymin: o.bbox[1], xmax: o.bbox[2], ymax: o.bbox[3] })),
						keepFeatureIds: true
					});

		const sqlite = db.$client;
		// Features go in by batches of FEATURE_BATCH rows per statement: one native call per batch
		// instead of one per feature is the largest single saving of the split's storage.
		const featureSql = (n: number) =>
			`INSERT INTO landcover_features (id, campaign_id, fid, class_code, geometry, properties) VALUES ${Array(n).fill('(?, ?, ?, ?, ?, ?)').join(', ')}`;
		const insertFeatureBatch = sqlite.prepare(featureSql(FEATURE_BATCH));
		const pending: unknown[] = [];
		const flushFeatures = () => {
			if (pending.length === FEATURE_BATCH * 6) insertFeatureBatch.run(pending);
			else if (pending.length) sqlite.prepare(featureSql(pending.length / 6)).run(pending);
			pending.length = 0;
		};

		// One write transaction for the whole import. Readers (the running server) keep reading the
		// last committed state thanks to WAL; nothing of this campaign is visible before COMMIT.
		// A large page cache for this connection: a big delivery's pages stay in memory until COMMIT
		// instead of spilling to the WAL twice.
		const previousCache = sqlite.pragma('cache_size', { simple: true });
		sqlite.pragma('cache_size = -262144');
		// The COMMIT makes the campaign durable (WAL). Copying the WAL back into the database file
		// (checkpoint) is maintenance: leave it to when this connection closes or the next writer,
		// instead of making the import wait for it.
		const previousAutocheckpoint = sqlite.pragma('wal_autocheckpoint', { simple: true });
		sqlite.pragma('wal_autocheckpoint = 0');
		try {
			// IMMEDIATE takes the write lock now, before the ids below are chosen: no other import can
			// take the same ones (they wait here until this one commits or rolls back).
			await writeWhenFree(sqlite, () => sqlite.exec('BEGIN IMMEDIATE'), () => onProgress('waiting', 0));
			hooks.afterBegin?.();
			// Feature ids are given here rather than by SQLite: the splitter ties each tile to the ids of
			// its features as they stream by. After the largest ever given (AUTOINCREMENT's promise: a
			// deleted campaign's ids are not reused).
			const firstFeatureId = (
				sqlite
					.prepare(
						`SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'landcover_features'), 0),
						            coalesce((SELECT max(id) FROM landcover_features), 0)) + 1 AS n`
					)
					.get() as { n: number }
			).n;
			const campaignId = (
				sqlite
					.prepare(
						`INSERT INTO campaigns (name, contractor, description, status, crs_epsg, tiling_mode, tile_size, sampling_mode, sample_size, sample_seed,
						 class_field, nomenclature, landcover_file, landcover_epsg, bbox_wgs84, footprint, attribution, is_demo)
						 VALUES (?, ?, ?, 'importing', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[0,0,0,0]', '{}', ?, ?) RETURNING id`
					)
					.get(
						req.name,
						req.contractor,
						req.description,
						crs.epsg,
						req.tiling.mode,
						req.tiling.mode === 'grid' ? req.tiling.size : null,
						req.sampling.mode,
						req.sampling.mode === 'all' ? null : req.sampling.n,
						req.sampling.mode === 'all' ? null : req.sampling.seed,
						req.classField,
						JSON.stringify(nomenclature),
						basename(req.landcover),
						lcCrs.epsg,
						req.attribution ?? '',
						req.isDemo ? 1 : 0
					) as { id: number }
			).id;

			if (req.managerId !== undefined) {
				// The person who created the campaign from the web manages it, from the same COMMIT on.
				const now = Date.now();
				sqlite.prepare(`INSERT INTO campaign_members (campaign_id, user_id, role, created_at) VALUES (?, ?, 'manager', ?)`).run(campaignId, req.managerId, now);
				const actor = sqlite.prepare('SELECT email FROM users WHERE id = ?').get(req.managerId) as { email: string } | undefined;
				sqlite
					.prepare(`INSERT INTO audit_events (at, actor_id, actor_email, campaign_id, action, details) VALUES (?, ?, ?, ?, 'campaign.create', ?)`)
					.run(now, req.managerId, actor?.email ?? null, campaignId, JSON.stringify({ name: req.name }));
			}

			// Stream the features: store each one whole (compact encoding, in its own CRS) and feed the splitter
			// its reprojected copy. seq ties the splitter's output back to the stored row ids.
			onProgress('reading', 0);
			const total = dataset.featureCount ?? 0;
			let seq = 0;
			const digits = quantumDigits(lcCrs.projected);
			// A plain for…of: every reader iterates synchronously, and `for await` would cost one
			// microtask per feature.
			for (const f of dataset.features()) {
				const id = firstFeatureId + seq;
				pending.push(id, campaignId, f.fid, f.classCode, encodeCompact(f.geometry, digits), JSON.stringify(f.properties));
				if (pending.length === FEATURE_BATCH * 6) flushFeatures();
				if (sameCrs) splitter.add({ fid: id, classCode: f.classCode, geometry: f.geometry, bbox: f.bbox });
				else splitter.add({ fid: id, classCode: f.classCode, ...reprojectMultiPolygon(f.geometry, lcCrs, crs) });
				seq++;
				if ((seq & 0x3fff) === 0) onProgress('reading', total ? seq / total : 0, `${seq} features`);
			}
			flushFeatures();
			if (seq === 0) {
				const file = basename(req.landcover);
				throw new InputError('empty_dataset', { en: `${file} contains no land-cover polygon.`, fr: `Le fichier « ${file} » ne contient aucun polygone d’occupation du sol.` });
			}
			onProgress('reading', 1, `${seq} features`);

			let split: SplitTile[] = splitter.result();

			// "Tiles that contain no data are not created": a grid cell is kept when land cover falls in
			// it or, over the delivered imagery, when it holds at least one valid pixel.
			onProgress('imagery', 0);
			if (req.tiling.mode === 'grid') {
				const size = req.tiling.size;
				const known = new Set(split.map((t) => t.key));
				if (current.length && orthoBBox) {
					const cells = gridCellsForBBox(orthoBBox, size).filter((c) => !known.has(`${c.col}_${c.row}`));
					let done = 0;
					for (const c of cells) {
						const box: BBox = [c.xmin, c.ymin, c.xmax, c.ymax];
						for (const o of current) {
							if (intersects(o.bbox, box) && (await hasData(o, box))) {
								split.push({ key: `${c.col}_${c.row}`, xmin: c.xmin, ymin: c.ymin, xmax: c.xmax, ymax: c.ymax, featureCount: 0, areas: new Map(), featureFids: [] });
								break;
							}
						}
						onProgress('imagery', ++done / cells.length);
					}
				}
			}
			if (req.tiling.mode === 'images') {
				// Every delivered image is a tile, even one the land cover does not touch.
				const known = new Set(split.map((t) => t.key));
				current.forEach((o, i) => {
					if (!known.has(String(i)))
						split.push({ key: String(i), xmin: o.bbox[0], ymin: o.bbox[1], xmax: o.bbox[2], ymax: o.bbox[3], featureCount: 0, areas: new Map(), featureFids: [] });
				});
			}

			const named = split.map((t) => ({
				t,
				name:
					req.tiling.mode === 'grid'
						? tileName(t.xmin, t.ymax, req.tiling.size)
						: basename(current[Number(t.key)].path).replace(/\.[^.]+$/, ''),
				dominant: dominantClass(t.areas)
			}));
			// Review order: west to east, then south to north (the names' order when they are whole km;
			// numeric so that 0486.75_… does not come before 0486_…); image tiles by file name.
			named.sort((a, b) =>
				req.tiling.mode === 'grid' ? a.t.xmin - b.t.xmin || a.t.ymax - b.t.ymax : a.name < b.name ? -1 : a.name > b.name ? 1 : 0
			);
			if (!named.length) {
				throw new InputError(
					'no_tiles',
					current.length
						? {
								en: 'No tile contains data: the land cover and the orthophotos are empty over the whole grid.',
								fr: 'Aucune tuile ne contient de données : l’occupation du sol et les orthophotos sont vides sur toute la grille.'
							}
						: {
								en: `No polygon of ${basename(req.landcover)} has an area: are they valid (not self-intersecting) polygons?`,
								fr: `Aucun polygone de ${basename(req.landcover)} n’a de surface : sont-ils valides (sans auto-intersection) ?`
							}
				);
			}

			// Sampling (seeded, reproducible). Tiles outside the sample are stored too (in_sample = 0):
			// later estimates need the whole population of tiles.
			let sampled: Set<string> | null = null;
			if (req.sampling.mode === 'random') {
				sampled = new Set(simpleRandomSample(named, req.sampling.n, req.sampling.seed, (x) => x.name).map((x) => x.name));
			} else if (req.sampling.mode === 'stratified') {
				const res = stratifiedSample(named, req.sampling.n, req.sampling.seed, (x) => x.name, (x) => x.dominant ?? '(none)');
				sampled = new Set(res.sample.map((x) => x.name));
			}

			onProgress('storing', 0);
			const insertTile = sqlite.prepare(
				`INSERT INTO tiles (campaign_id, name, ordinal, xmin, ymin, xmax, ymax, geometry, feature_count, dominant_class, in_sample, image_id, feature_ids)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
			);
			const insertArea = sqlite.prepare('INSERT INTO tile_class_areas (tile_id, class_code, area) VALUES (?, ?, ?)');
			const insertImage = sqlite.prepare(
				`INSERT INTO imagery_sources (campaign_id, vintage, kind, location, layer, label, epsg, bbox_native, bbox_wgs84, width, height, resolution, attribution)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
			);
			const imageIds: number[] = [];
			for (const [vintage, files] of [['current', current], ['previous', previous]] as const) {
				for (const o of files) {
					const id = (
						insertImage.get(
							campaignId,
							vintage,
							'geotiff',
							o.path,
							null,
							basename(o.path),
							o.crs.epsg,
							JSON.stringify(o.bbox),
							JSON.stringify(transformBBox(o.bbox, o.crs, WGS84)),
							o.width,
							o.height,
							Math.abs(o.resolution[0]),
							req.attribution ?? ''
						) as { id: number }
					).id;
					if (vintage === 'current') imageIds.push(id);
				}
			}
			for (const [vintage, svc] of [['current', req.external], ['previous', req.externalPrevious]] as const) {
				if (!svc) continue;
				insertImage.run(campaignId, vintage, svc.kind, svc.url, svc.layer ?? null, svc.url, null, null, null, null, null, null, svc.attribution ?? '');
			}

			let ordinal = 0;
			for (const { t, name, dominant } of named) {
				const geometry = { type: 'Polygon', coordinates: [rectToWgs84Ring(t.xmin, t.ymin, t.xmax, t.ymax, crs)] };
				const tileId = (
					insertTile.get(
						campaignId,
						name,
						ordinal++,
						// Grid corners are multiples of the size: round away float noise (12.3 m × k).
						micro(t.xmin),
						micro(t.ymin),
						micro(t.xmax),
						micro(t.ymax),
						JSON.stringify(geometry),
						t.featureCount,
						dominant,
						sampled ? (sampled.has(name) ? 1 : 0) : 1,
						req.tiling.mode === 'images' ? imageIds[Number(t.key)] : null,
						featureIdsBlob(t.featureFids ?? [])
					) as { id: number }
				).id;
				for (const [code, area] of t.areas) insertArea.run(tileId, code, area);
			}

			// Footprint: the delivered images' outlines (else the land cover's extent), in WGS84.
			const footprintRects: BBox[] = current.length ? current.map((o) => o.bbox) : footprintBBox ? [footprintBBox] : [];
			const footprint = {
				type: 'MultiPolygon',
				coordinates: footprintRects.map((b) => [rectToWgs84Ring(b[0], b[1], b[2], b[3], crs, 16)])
			};
			const allTilesBBox = unionBBox(named.map(({ t }) => [t.xmin, t.ymin, t.xmax, t.ymax] as BBox));
			const bboxWgs84 = transformBBox(footprintBBox ? unionBBox([footprintBBox, allTilesBBox]) : allTilesBBox, crs, WGS84);
			sqlite
				.prepare(`UPDATE campaigns SET status = 'ready', bbox_wgs84 = ?, footprint = ? WHERE id = ?`)
				.run(JSON.stringify(bboxWgs84.map(round7)), JSON.stringify(footprint), campaignId);
			hooks.beforeCommit?.(campaignId);
			sqlite.exec('COMMIT');
			onProgress('storing', 1);
			onProgress('done', 1, `${named.length} tiles`);
			return campaignId;
		} catch (e) {
			if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
			throw e;
		} finally {
			sqlite.pragma(`cache_size = ${Number(previousCache)}`);
			sqlite.pragma(`wal_autocheckpoint = ${Number(previousAutocheckpoint)}`);
		}
	} finally {
		dataset.close?.();
	}
}

/** Feature ids as a little-endian Int32 array (see tiles.feature_ids). */
export function featureIdsBlob(ids: number[]): Buffer {
	const buf = Buffer.allocUnsafe(ids.length * 4);
	for (let i = 0; i < ids.length; i++) buf.writeInt32LE(ids[i], i * 4);
	return buf;
}

function fmtBBox(b: BBox): string {
	return `${Math.round(b[0])} ${Math.round(b[1])} – ${Math.round(b[2])} ${Math.round(b[3])}`;
}
