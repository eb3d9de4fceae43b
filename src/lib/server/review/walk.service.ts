/**
 * The feature walk — how partners check land cover today in QGIS, polygon by polygon: the manager
 * draws a seeded random sample of land-cover polygons in each class (n, or a percentage, per class);
 * reviewers walk it one polygon at a time, answering correct / other class / geometry error / cannot
 * tell. Each answer lives in the document of the polygon's *home tile* (the first tile, in review
 * order, the polygon touches), so it is stored and shared like any other review change.
 */
import { simpleRandomSample, stratumSeed } from '../../sampling/sample.ts';
import { decodeCompact } from '../../geo/compact.ts';
import { lookupClass, type Nomenclature } from '../../nomenclature/index.ts';
import { ringToLonLat } from '../campaigns/campaigns.service.ts';
import { resolveEpsg } from '../crs/crs.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import type { Db } from '../db/db.ts';
import { InputError, NotFoundError } from '../errors.ts';
import type { WalkAnswer } from '../../review/document.ts';

export interface WalkDraw {
	/** Polygons per class, or a percentage of each class when `percent`. */
	perClass: number;
	percent: boolean;
	seed: string;
}

/** Draw (or draw again) the walk's sample: the same seed and data give the same polygons, in the same order. */
export function drawWalk(db: Db, campaignId: number, draw: WalkDraw, actor: Actor | null): { count: number; classes: number } {
	if (!(draw.perClass > 0) || (draw.percent ? draw.perClass > 100 : !Number.isInteger(draw.perClass))) {
		throw new InputError('invalid_walk_size', {
			en: 'Give a number of polygons per class (a whole number from 1), or a percentage from 0 to 100.',
			fr: 'Indiquez un nombre de polygones par classe (un entier à partir de 1), ou un pourcentage entre 0 et 100.'
		});
	}
	const seed = draw.seed.trim();
	if (!seed || seed.length > 100) throw new InputError('invalid_seed', { en: 'The seed is 1 to 100 characters.', fr: 'La graine fait de 1 à 100 caractères.' });
	const sqlite = db.$client;
	const features = sqlite.prepare('SELECT id, fid, class_code FROM landcover_features WHERE campaign_id = ?').all(campaignId) as { id: number; fid: number; class_code: string }[];
	// Home tile of every feature: the first tile in review order that touches it (sampled tiles first).
	const home = new Map<number, number>();
	const tiles = sqlite.prepare('SELECT id, feature_ids FROM tiles WHERE campaign_id = ? ORDER BY in_sample DESC, ordinal').all(campaignId) as { id: number; feature_ids: Buffer | null }[];
	for (const t of tiles) {
		const ids = t.feature_ids;
		if (!ids) continue;
		for (let i = 0; i < ids.length; i += 4) {
			const id = ids.readInt32LE(i);
			if (!home.has(id)) home.set(id, t.id);
		}
	}
	const byClass = new Map<string, typeof features>();
	for (const f of features) {
		if (!home.has(f.id)) continue; // a polygon no tile touches cannot be reviewed
		let list = byClass.get(f.class_code);
		if (!list) byClass.set(f.class_code, (list = []));
		list.push(f);
	}
	const rows: { featureId: number; classCode: string; ordinal: number; tileId: number }[] = [];
	for (const [classCode, list] of [...byClass.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
		const n = draw.percent ? Math.ceil((list.length * draw.perClass) / 100) : draw.perClass;
		simpleRandomSample(list, n, stratumSeed(seed, classCode), (f) => String(f.fid).padStart(12, '0')).forEach((f, i) =>
			rows.push({ featureId: f.fid, classCode, ordinal: i + 1, tileId: home.get(f.id)! })
		);
	}
	sqlite.transaction(() => {
		sqlite.prepare('DELETE FROM walk_samples WHERE campaign_id = ?').run(campaignId);
		const insert = sqlite.prepare('INSERT INTO walk_samples (campaign_id, feature_id, class_code, ordinal, tile_id) VALUES (?, ?, ?, ?, ?)');
		for (const r of rows) insert.run(campaignId, r.featureId, r.classCode, r.ordinal, r.tileId);
		sqlite
			.prepare(
				`INSERT INTO campaign_settings (campaign_id, walk_seed, walk_per_class, walk_percent) VALUES (?, ?, ?, ?)
				 ON CONFLICT (campaign_id) DO UPDATE SET walk_seed = excluded.walk_seed, walk_per_class = excluded.walk_per_class, walk_percent = excluded.walk_percent`
			)
			.run(campaignId, seed, draw.perClass, draw.percent ? 1 : 0);
		audit(db, actor, 'walk.draw', { count: rows.length, classes: byClass.size, ...draw, seed }, campaignId);
	})();
	return { count: rows.length, classes: byClass.size };
}

export interface WalkItem {
	featureId: number;
	classCode: string;
	ordinal: number;
	tileId: number;
	tileName: string;
	/** Answers given by anyone. */
	answers: number;
	/** The caller's own answer, if any. */
	mine: WalkAnswer | null;
}

export interface WalkClass {
	code: string;
	label: string;
	color: string;
	sampled: number;
	/** Polygons with at least one answer. */
	answered: number;
	/** Answers per kind (every reviewer's). */
	byAnswer: Record<WalkAnswer, number>;
}

export interface WalkOverview {
	draw: WalkDraw | null;
	classes: WalkClass[];
	items: WalkItem[];
}

/** `GET /api/campaigns/:id/walk`: the sample in walk order (class, then draw order), with progress. */
export function walkOverview(db: Db, campaignId: number, userId: number): WalkOverview {
	const sqlite = db.$client;
	const settings = sqlite.prepare('SELECT walk_seed, walk_per_class, walk_percent FROM campaign_settings WHERE campaign_id = ?').get(campaignId) as
		| { walk_seed: string | null; walk_per_class: number | null; walk_percent: number }
		| undefined;
	const nomenclature = JSON.parse((sqlite.prepare('SELECT nomenclature FROM campaigns WHERE id = ?').get(campaignId) as { nomenclature: string }).nomenclature) as Nomenclature;
	const items = sqlite
		.prepare(
			`SELECT s.feature_id, s.class_code, s.ordinal, s.tile_id, t.name AS tile_name,
			        (SELECT count(*) FROM walk_answers a WHERE a.tile_id = s.tile_id AND a.feature_id = s.feature_id) AS answers,
			        (SELECT a.answer FROM walk_answers a WHERE a.tile_id = s.tile_id AND a.feature_id = s.feature_id AND a.user_id = ?) AS mine
			 FROM walk_samples s JOIN tiles t ON t.id = s.tile_id WHERE s.campaign_id = ? ORDER BY s.class_code, s.ordinal`
		)
		.all(userId, campaignId) as { feature_id: number; class_code: string; ordinal: number; tile_id: number; tile_name: string; answers: number; mine: WalkAnswer | null }[];
	const kinds = sqlite
		.prepare(
			`SELECT s.class_code, a.answer, count(*) AS n FROM walk_samples s JOIN walk_answers a ON a.tile_id = s.tile_id AND a.feature_id = s.feature_id
			 WHERE s.campaign_id = ? GROUP BY s.class_code, a.answer`
		)
		.all(campaignId) as { class_code: string; answer: WalkAnswer; n: number }[];
	const classes = new Map<string, WalkClass>();
	for (const it of items) {
		let c = classes.get(it.class_code);
		if (!c) {
			const entry = lookupClass(nomenclature, it.class_code);
			classes.set(it.class_code, (c = { code: it.class_code, label: entry.label, color: entry.color, sampled: 0, answered: 0, byAnswer: { correct: 0, other_class: 0, geometry_error: 0, cannot_tell: 0 } }));
		}
		c.sampled++;
		if (it.answers > 0) c.answered++;
	}
	for (const k of kinds) {
		const c = classes.get(k.class_code);
		if (c) c.byAnswer[k.answer] = k.n;
	}
	return {
		draw: settings?.walk_seed ? { seed: settings.walk_seed, perClass: settings.walk_per_class ?? 0, percent: !!settings.walk_percent } : null,
		classes: [...classes.values()],
		items: items.map((r) => ({ featureId: r.feature_id, classCode: r.class_code, ordinal: r.ordinal, tileId: r.tile_id, tileName: r.tile_name, answers: r.answers, mine: r.mine }))
	};
}

/** `GET /api/campaigns/:id/walk/:featureId`: one sampled polygon (WGS84) with its class and home tile. */
export function walkFeature(db: Db, campaignId: number, featureId: number) {
	const sqlite = db.$client;
	const row = sqlite
		.prepare(
			`SELECT f.fid, f.class_code, f.geometry, f.properties, s.tile_id, c.nomenclature, c.landcover_epsg
			 FROM walk_samples s JOIN landcover_features f ON f.campaign_id = s.campaign_id AND f.fid = s.feature_id JOIN campaigns c ON c.id = s.campaign_id
			 WHERE s.campaign_id = ? AND s.feature_id = ?`
		)
		.get(campaignId, featureId) as { fid: number; class_code: string; geometry: Buffer; properties: string; tile_id: number; nomenclature: string; landcover_epsg: number } | undefined;
	if (!row) throw new NotFoundError({ en: `Polygon ${featureId} is not in the walk's sample.`, fr: `Le polygone ${featureId} ne fait pas partie de l’échantillon du parcours.` });
	const crs = resolveEpsg(row.landcover_epsg);
	const mp = decodeCompact(row.geometry);
	const entry = lookupClass(JSON.parse(row.nomenclature) as Nomenclature, row.class_code);
	const geometry =
		mp.length === 1
			? { type: 'Polygon' as const, coordinates: mp[0].map((r) => ringToLonLat(r, crs)) }
			: { type: 'MultiPolygon' as const, coordinates: mp.map((p) => p.map((r) => ringToLonLat(r, crs))) };
	return {
		type: 'Feature' as const,
		id: row.fid,
		geometry,
		properties: { ...JSON.parse(row.properties), fid: row.fid, class_code: row.class_code, class_label: entry.label, class_color: entry.color, tileId: row.tile_id }
	};
}
