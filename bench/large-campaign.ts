/**
 * A generated campaign at the scale of a département's delivery, written straight into SQLite (no
 * imagery, no land-cover file: reports read only the tables filled here). Shared by the report
 * benchmarks (bench/report.ts): report.json, and the PDF and exports other sections add.
 *
 * Defaults: 40 000 review tiles of 1 km (a 200 × 200 grid in Lambert-93), 20 partner organisations
 * with 2–3 reviewers each, 200 000 defects, verdicts on every reviewed tile (a second opinion on 30 %),
 * 10 000 control points stratified by 14 OCS GE classes, labelled (a second label on 30 %), a feature
 * walk of 100 polygons per class, and acceptance criteria with a sampling plan of 200 tiles.
 */
import type { Db } from '../src/lib/server/db/db.ts';
import { getBuiltinNomenclature, leafEntries } from '../src/lib/nomenclature/index.ts';
import { campaignCategories } from '../src/lib/server/review/catalogue.service.ts';
import { seededRandom } from '../src/lib/sampling/random.ts';
import { simpleRandomSample } from '../src/lib/sampling/sample.ts';
import { VERDICTS } from '../src/lib/review/document.ts';

export interface LargeCampaignSizes {
	/** Tiles per side of the grid (tiles = side²). */
	side: number;
	defects: number;
	points: number;
	organisations: number;
}

export const DEFAULT_SIZES: LargeCampaignSizes = { side: 200, defects: 200_000, points: 10_000, organisations: 20 };

export interface LargeCampaign {
	campaignId: number;
	managerId: number;
	tiles: number;
	defects: number;
	verdicts: number;
	points: number;
	labels: number;
}

/** Builds the campaign in one transaction; returns its id and what it holds. */
export function buildLargeCampaign(db: Db, sizes: LargeCampaignSizes = DEFAULT_SIZES): LargeCampaign {
	const sql = db.$client;
	const rnd = seededRandom('bench-large-campaign');
	const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
	const nomenclature = getBuiltinNomenclature('ocsge-cs');
	const classes = leafEntries(nomenclature).map((e) => e.code);
	const at = new Date('2026-06-01T10:00:00Z').toISOString();
	const out = { tiles: 0, defects: 0, verdicts: 0, points: 0, labels: 0 };

	const ids = sql.transaction(() => {
		const { lastInsertRowid } = sql
			.prepare(
				`INSERT INTO campaigns (name, contractor, status, crs_epsg, tiling_mode, tile_size, sampling_mode, class_field, nomenclature, landcover_file, landcover_epsg, bbox_wgs84, footprint)
				 VALUES ('Banc d’essai — département', 'Prestataire', 'ready', 2154, 'grid', 1000, 'all', 'code_cs', ?, '', 2154, '[-1,43,2,45]', '{}')`
			)
			.run(JSON.stringify(nomenclature));
		const campaignId = Number(lastInsertRowid);

		// People: a manager, and 2–3 reviewers per organisation.
		const user = sql.prepare("INSERT INTO users (email, name) VALUES (?, '')");
		const member = sql.prepare('INSERT INTO campaign_members (campaign_id, user_id, role, organisation_id) VALUES (?, ?, ?, ?)');
		const managerId = Number(user.run(`manager-${campaignId}@bench.local`).lastInsertRowid);
		member.run(campaignId, managerId, 'manager', null);
		const reviewersOf: number[][] = [];
		for (let o = 0; o < sizes.organisations; o++) {
			const orgId = Number(sql.prepare("INSERT INTO organisations (name, name_key, kind) VALUES (?, ?, 'commune')").run(`Commune ${campaignId}-${o}`, `commune ${campaignId}-${o}`).lastInsertRowid);
			const reviewers: number[] = [];
			for (let r = 0; r < 2 + (o % 2); r++) {
				const id = Number(user.run(`r${o}-${r}-${campaignId}@bench.local`).lastInsertRowid);
				member.run(campaignId, id, 'reviewer', orgId);
				reviewers.push(id);
			}
			reviewersOf.push(reviewers);
		}
		const orgIds = (sql.prepare('SELECT organisation_id AS id FROM campaign_members WHERE campaign_id = ? AND organisation_id IS NOT NULL GROUP BY organisation_id ORDER BY organisation_id').all(campaignId) as { id: number }[]).map((r) => r.id);

		// Tiles: a grid in Lambert-93; each column band belongs to one organisation.
		// Rows as large as an import's: a densified WGS84 outline (~460 bytes) and the ids of the ~300
		// land-cover polygons a 1 km tile of OCS GE touches (1 200 bytes).
		const tile = sql.prepare(
			`INSERT INTO tiles (campaign_id, name, ordinal, xmin, ymin, xmax, ymax, geometry, feature_count, dominant_class, in_sample, status, feature_ids)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, 300, ?, 1, ?, ?)`
		);
		const outline = (x: number, y: number) => {
			const ring: [number, number][] = [];
			for (let k = 0; k <= 32; k++) ring.push([+(2 + (x + (k % 8) * 125) / 1e6).toFixed(7), +(44 + (y + Math.floor(k / 8) * 250) / 1e6).toFixed(7)]);
			return JSON.stringify({ type: 'Polygon', coordinates: [ring] });
		};
		const featureIds = Buffer.alloc(1200);
		const assign = sql.prepare('INSERT INTO tile_assignments (tile_id, organisation_id, campaign_id) VALUES (?, ?, ?)');
		const tileIds: number[] = [];
		const tileOrg: number[] = [];
		const examined: number[] = [];
		const reviewed: number[] = [];
		for (let i = 0; i < sizes.side; i++) {
			for (let j = 0; j < sizes.side; j++) {
				const x = 600_000 + i * 1000;
				const y = 6_800_000 + j * 1000;
				const u = rnd();
				const status = u < 0.7 ? 'reviewed' : u < 0.8 ? 'in_review' : 'not_started';
				const id = Number(tile.run(campaignId, `${x / 1000}_${(y + 1000) / 1000}`, tileIds.length + 1, x, y, x + 1000, y + 1000, outline(x, y), pick(classes), status, featureIds).lastInsertRowid);
				const o = Math.floor((i * sizes.organisations) / sizes.side);
				assign.run(id, orgIds[o], campaignId);
				tileIds.push(id);
				tileOrg.push(o);
				if (status !== 'not_started') examined.push(tileIds.length - 1);
				if (status === 'reviewed') reviewed.push(tileIds.length - 1);
			}
		}
		out.tiles = tileIds.length;

		// Defects on examined tiles, by one of the tile's organisation's reviewers.
		const categories = campaignCategories(db, campaignId).map((c) => c.code);
		const defect = sql.prepare(
			`INSERT INTO defects (tile_id, id, campaign_id, geometry, category, severity, comment, author_id, created_at)
			 VALUES (?, ?, ?, '{"type":"Point","coordinates":[2.1,44.2]}', ?, ?, 'Défaut relevé', ?, ?)`
		);
		for (let d = 0; d < sizes.defects; d++) {
			const t = pick(examined);
			const u = rnd();
			defect.run(tileIds[t], `d${d}`, campaignId, pick(categories), u < 0.7 ? 'minor' : u < 0.95 ? 'major' : 'blocking', pick(reviewersOf[tileOrg[t]]), at);
		}
		out.defects = sizes.defects;

		// Verdicts on reviewed tiles; a second opinion on 30 %, agreeing 80 % of the time.
		const verdict = sql.prepare('INSERT INTO verdicts (tile_id, user_id, campaign_id, verdict, comment, at) VALUES (?, ?, ?, ?, \'\', ?)');
		const draw = () => {
			const u = rnd();
			return u < 0.85 ? 'accepted' : u < 0.95 ? 'accepted_with_reservations' : u < 0.99 ? 'rejected' : VERDICTS[3];
		};
		for (const t of reviewed) {
			const [a, b] = reviewersOf[tileOrg[t]];
			const first = draw();
			verdict.run(tileIds[t], a, campaignId, first, at);
			out.verdicts++;
			if (rnd() < 0.3) {
				verdict.run(tileIds[t], b, campaignId, rnd() < 0.8 ? first : draw(), at);
				out.verdicts++;
			}
		}

		// Control points stratified by class, every one labelled (a second label on 30 %).
		const areas = classes.map(() => 1e8 + rnd() * 4e9);
		sql.prepare("INSERT INTO control_point_designs (campaign_id, strata, seed, parameters, created_at) VALUES (?, 'classes', 'bench', ?, ?)").run(
			campaignId,
			JSON.stringify({ targetSe: 0.005, anticipated: 0.85, anticipatedByClass: {}, minimum: 100, sizes: {}, formula: { n: sizes.points, exact: sizes.points } }),
			Date.now()
		);
		const stratum = sql.prepare('INSERT INTO control_point_strata (campaign_id, stratum, area, sample_size) VALUES (?, ?, ?, ?)');
		const perClass = classes.map((_, i) => Math.floor(sizes.points / classes.length) + (i < sizes.points % classes.length ? 1 : 0));
		classes.forEach((c, i) => stratum.run(campaignId, c, areas[i], perClass[i]));
		const point = sql.prepare('INSERT INTO control_points (campaign_id, ordinal, stratum, x, y, lon, lat, map_class, feature_id, tile_id) VALUES (?, ?, ?, ?, ?, 2.1, 44.2, ?, NULL, ?)');
		const label = sql.prepare('INSERT INTO control_point_labels (point_id, user_id, campaign_id, class_code, comment, at) VALUES (?, ?, ?, ?, \'\', ?)');
		const adjudication = sql.prepare('INSERT INTO control_point_adjudications (point_id, campaign_id, class_code, comment, user_id, at) VALUES (?, ?, ?, \'\', ?, ?)');
		let ordinal = 0;
		classes.forEach((c, i) => {
			for (let k = 0; k < perClass[i]; k++) {
				const t = Math.floor(rnd() * tileIds.length);
				const id = Number(point.run(campaignId, ++ordinal, c, 600_000 + rnd() * 1000 * sizes.side, 6_800_000 + rnd() * 1000 * sizes.side, c, tileIds[t]).lastInsertRowid);
				const [a, b] = reviewersOf[tileOrg[t]];
				const reference = rnd() < 0.9 ? c : pick(classes);
				label.run(id, a, campaignId, rnd() < 0.02 ? null : reference, Date.now());
				out.labels++;
				if (rnd() < 0.3) {
					const second = rnd() < 0.85 ? reference : pick(classes);
					label.run(id, b, campaignId, second, Date.now());
					out.labels++;
					if (second !== reference) adjudication.run(id, campaignId, reference, managerId, Date.now());
				}
			}
		});
		out.points = ordinal;

		// The feature walk: 100 polygons per class, one or two answers each.
		const sample = sql.prepare('INSERT INTO walk_samples (campaign_id, feature_id, class_code, ordinal, tile_id) VALUES (?, ?, ?, ?, ?)');
		const answer = sql.prepare('INSERT INTO walk_answers (tile_id, feature_id, user_id, campaign_id, answer, to_class, comment, at) VALUES (?, ?, ?, ?, ?, ?, \'\', ?)');
		let fid = 0;
		classes.forEach((c) => {
			for (let k = 1; k <= 100; k++) {
				const t = Math.floor(rnd() * tileIds.length);
				sample.run(campaignId, ++fid, c, k, tileIds[t]);
				const u = rnd();
				const kind = u < 0.8 ? 'correct' : u < 0.92 ? 'other_class' : u < 0.97 ? 'geometry_error' : 'cannot_tell';
				answer.run(tileIds[t], fid, reviewersOf[tileOrg[t]][0], campaignId, kind, kind === 'other_class' ? pick(classes) : null, at);
			}
		});

		// Criteria with a single sampling plan of 200 tiles.
		sql.prepare('INSERT INTO acceptance_criteria (campaign_id, criteria, updated_at, updated_by) VALUES (?, ?, ?, ?)').run(
			campaignId,
			JSON.stringify({ overallAccuracy: 0.9, eachClassUsers: 0.85, overallLowerBound: 0.88, noBlockingDefectLeft: true, rejectedTilesMax: 0.05, samplingPlan: { sampleSize: 200, acceptanceNumber: 5, seed: 'plan' } }),
			Date.now(),
			managerId
		);
		const planTile = sql.prepare('INSERT INTO acceptance_plan_tiles (campaign_id, tile_id, ordinal) VALUES (?, ?, ?)');
		simpleRandomSample(tileIds, 200, 'plan', (id) => String(id).padStart(9, '0')).forEach((id, k) => planTile.run(campaignId, id, k + 1));
		return { campaignId, managerId };
	})();
	return { ...ids, ...out };
}
