import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { encodeCompact, quantumDigits } from '../../geo/compact.ts';
import type { BBox, CrsInfo } from '../../geo/types.ts';
import {
	getBuiltinNomenclature,
	NomenclatureError,
	parseNomenclatureCsv,
	parseNomenclatureJson,
	type Nomenclature
} from '../../nomenclature/index.ts';
import type { Cell } from '../../tiling/grid.ts';
import { createSplitter, type Splitter, type SplitTile } from '../../tiling/split.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import { setMember } from '../people/members.service.ts';
import { getUser } from '../people/users.service.ts';
import { parseEpsg, reprojectMultiPolygon, transformBBox, WGS84 } from '../crs/crs.ts';
import type { Db } from '../db/db.ts';
import { InputError, type Localized } from '../errors.ts';
import { hasData, openOrtho, type OrthoInfo } from '../imagery/geotiff.ts';
import { openLandcover } from '../landcover/open.ts';
import type { LandcoverDataset } from '../landcover/types.ts';
import { decodeTextFile } from '../text-decoding.ts';
import {
	campaignExtent,
	cellsWithoutLandcover,
	emptyTile,
	intersects,
	micro,
	planDelivery,
	planTiles,
	tileGeometry,
	type DeliveryPlan,
	type PlannedTile
} from './import.plan.ts';
import {
	featureWriter,
	inImportTransaction,
	insertCampaign,
	insertImagerySources,
	insertTiles,
	markCampaignReady,
	nextFeatureId,
	type ImportedCampaign,
	type ImportedImagery,
	type ImportedTile
} from './import.repo.ts';
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

/**
 * Create a campaign from a delivery: validate every input, split the land cover into review tiles
 * (class areas by clipping in the projected CRS), draw the sample and store everything in ONE
 * transaction — a failure, or the process being killed, leaves no partial campaign. Imports sharing
 * the database (other jobs, the command line) take turns: this one waits for the write lock as long as
 * it takes, reporting the `waiting` stage.
 *
 * The decisions are import.plan.ts's (pure), the writes import.repo.ts's; this reads the files, streams
 * the features from one to the other, and says how far it got.
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
		const landcoverFile = basename(req.landcover);
		const plan = planDelivery({
			landcover: { fileName: landcoverFile, crs: dataset.crs, bbox: dataset.bbox },
			orthos: current,
			previous,
			requestedCrs: req.crs ? parseEpsg(req.crs) : null,
			tiling: req.tiling
		});
		const splitter =
			req.tiling.mode === 'grid'
				? createSplitter({ grid: { size: req.tiling.size }, keepFeatureIds: true })
				: createSplitter({
						cells: current.map((o, i) => ({ key: String(i), xmin: o.bbox[0], ymin: o.bbox[1], xmax: o.bbox[2], ymax: o.bbox[3] })),
						keepFeatureIds: true
					});

		const { campaignId, tileCount } = await inImportTransaction(
			db,
			() => onProgress('waiting', 0),
			async () => {
				hooks.afterBegin?.();
				// Who becomes its manager (web imports), known before the long part.
				const creator = req.managerId === undefined ? null : getUser(db, req.managerId);
				const campaignId = insertCampaign(db, campaignRow(req, plan, dataset.crs, nomenclature, landcoverFile));

				onProgress('reading', 0);
				const stored = storeAndSplit(db, campaignId, dataset, plan, splitter, onProgress);
				if (stored === 0) {
					throw new InputError('empty_dataset', {
						en: `${landcoverFile} contains no land-cover polygon.`,
						fr: `Le fichier « ${landcoverFile} » ne contient aucun polygone d’occupation du sol.`
					});
				}
				onProgress('reading', 1, `${stored} features`);
				const split = splitter.result();

				onProgress('imagery', 0);
				if (req.tiling.mode === 'grid' && plan.orthoBBox) {
					const cells = cellsWithoutLandcover(plan.orthoBBox, req.tiling.size, split);
					for (const t of await imageryOnlyTiles(cells, current, onProgress)) split.push(t);
				}
				const tiles = planTiles(split, { tiling: req.tiling, sampling: req.sampling, orthos: current, landcoverFile });

				onProgress('storing', 0);
				const imageIds = insertImagerySources(db, campaignId, imagerySources(req, current, previous)).slice(0, current.length);
				insertTiles(db, campaignId, tileRows(tiles, plan.crs, imageIds));
				const { bboxWgs84, footprint } = campaignExtent(plan, current, tiles);
				markCampaignReady(db, campaignId, bboxWgs84, footprint);
				// Once the campaign is whole (the people module sees ready campaigns only), in the same COMMIT.
				if (creator) recordCreator(db, campaignId, { id: creator.id, email: creator.email }, req.name);
				hooks.beforeCommit?.(campaignId);
				return { campaignId, tileCount: tiles.length };
			}
		);
		onProgress('storing', 1);
		onProgress('done', 1, `${tileCount} tiles`);
		return campaignId;
	} finally {
		dataset.close?.();
	}
}

/**
 * Stream the land cover: store each feature whole (compact encoding, in its own CRS) and feed the
 * splitter its copy in the tiling CRS. Feature ids are given here, from `nextFeatureId`, so that the
 * splitter's tiles name the stored rows.
 * @returns how many features were stored.
 */
function storeAndSplit(db: Db, campaignId: number, dataset: LandcoverDataset, plan: DeliveryPlan, splitter: Splitter, onProgress: ProgressFn): number {
	const features = featureWriter(db, campaignId);
	const firstId = nextFeatureId(db);
	const { crs: from } = dataset;
	const to = plan.crs;
	const total = dataset.featureCount ?? 0;
	const digits = quantumDigits(from.projected);
	let seq = 0;
	// A plain for…of: every reader iterates synchronously, and `for await` would cost one microtask per feature.
	for (const f of dataset.features()) {
		const id = firstId + seq;
		features.add(id, f.fid, f.classCode, encodeCompact(f.geometry, digits), JSON.stringify(f.properties));
		if (plan.sameCrs) splitter.add({ fid: id, classCode: f.classCode, geometry: f.geometry, bbox: f.bbox });
		else splitter.add({ fid: id, classCode: f.classCode, ...reprojectMultiPolygon(f.geometry, from, to) });
		seq++;
		if ((seq & 0x3fff) === 0) onProgress('reading', total ? seq / total : 0, `${seq} features`);
	}
	features.flush();
	return seq;
}

/**
 * "Tiles that contain no data are not created": a grid cell no land cover fell in becomes a tile when,
 * over the delivered imagery, it holds at least one valid pixel.
 */
async function imageryOnlyTiles(cells: Cell[], orthos: OrthoInfo[], onProgress: ProgressFn): Promise<SplitTile[]> {
	const tiles: SplitTile[] = [];
	let done = 0;
	for (const c of cells) {
		const box: BBox = [c.xmin, c.ymin, c.xmax, c.ymax];
		for (const o of orthos) {
			if (intersects(o.bbox, box) && (await hasData(o, box))) {
				tiles.push(emptyTile(`${c.col}_${c.row}`, box));
				break;
			}
		}
		onProgress('imagery', ++done / cells.length);
	}
	return tiles;
}

/** The campaign's row: what was asked for, and the CRSs the plan settled on. */
function campaignRow(req: ValidImportRequest, plan: DeliveryPlan, landcoverCrs: CrsInfo, nomenclature: Nomenclature, landcoverFile: string): ImportedCampaign {
	return {
		name: req.name,
		contractor: req.contractor,
		description: req.description,
		crsEpsg: plan.crs.epsg,
		tilingMode: req.tiling.mode,
		tileSize: req.tiling.mode === 'grid' ? req.tiling.size : null,
		samplingMode: req.sampling.mode,
		sampleSize: req.sampling.mode === 'all' ? null : req.sampling.n,
		sampleSeed: req.sampling.mode === 'all' ? null : req.sampling.seed,
		classField: req.classField,
		nomenclature,
		landcoverFile,
		landcoverEpsg: landcoverCrs.epsg,
		attribution: req.attribution ?? '',
		isDemo: req.isDemo
	};
}

/** The planned tiles as rows, in review order. */
function tileRows(tiles: PlannedTile[], crs: CrsInfo, imageIds: number[]): ImportedTile[] {
	return tiles.map(({ tile: t, name, dominant, inSample, image }, ordinal) => ({
		name,
		ordinal,
		xmin: micro(t.xmin),
		ymin: micro(t.ymin),
		xmax: micro(t.xmax),
		ymax: micro(t.ymax),
		geometry: tileGeometry(t, crs),
		featureCount: t.featureCount,
		dominantClass: dominant,
		inSample,
		imageId: image === null ? null : imageIds[image],
		featureIds: t.featureFids ?? [],
		areas: t.areas
	}));
}

/**
 * The person who created the campaign from the web manages it, from the same COMMIT on; the audit
 * trail says they created it, and that they became its manager.
 */
function recordCreator(db: Db, campaignId: number, creator: Actor, name: string): void {
	audit(db, creator, 'campaign.create', { name }, campaignId);
	setMember(db, campaignId, creator.id, 'manager', null, creator);
}

/** The campaign's imagery: delivered files first (their ids key image tiles), then the previous vintage, then services. */
function imagerySources(req: ValidImportRequest, current: OrthoInfo[], previous: OrthoInfo[]): ImportedImagery[] {
	const files = (vintage: 'current' | 'previous', orthos: OrthoInfo[]): ImportedImagery[] =>
		orthos.map((o) => ({
			vintage,
			kind: 'geotiff',
			location: o.path,
			layer: null,
			label: basename(o.path),
			epsg: o.crs.epsg,
			bboxNative: o.bbox,
			bboxWgs84: transformBBox(o.bbox, o.crs, WGS84),
			width: o.width,
			height: o.height,
			resolution: Math.abs(o.resolution[0]),
			attribution: req.attribution ?? ''
		}));
	const services = (['current', 'previous'] as const).flatMap((vintage): ImportedImagery[] => {
		const svc = vintage === 'current' ? req.external : req.externalPrevious;
		return svc ? [{ vintage, kind: svc.kind, location: svc.url, layer: svc.layer ?? null, label: svc.url, attribution: svc.attribution ?? '' }] : [];
	});
	return [...files('current', current), ...files('previous', previous), ...services];
}
