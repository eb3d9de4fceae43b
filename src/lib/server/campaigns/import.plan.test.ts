import { describe, expect, it } from 'vitest';
import type { BBox, CrsInfo } from '../../geo/types.ts';
import type { SplitTile } from '../../tiling/split.ts';
import { resolveEpsg, WGS84 } from '../crs/crs.ts';
import {
	campaignExtent,
	cellsWithoutLandcover,
	drawSample,
	gridCellCount,
	MAX_GRID_CELLS,
	planDelivery,
	planTiles,
	tilingCrs,
	type DeliveryFacts,
	type ImageExtent,
	type Sampling,
	type TileChoices
} from './import.plan.ts';

const L93 = resolveEpsg(2154);
const UTM31 = resolveEpsg(32631);
const MERCATOR = resolveEpsg(3857);
const WORLD_MERCATOR = resolveEpsg(3395);
const RGF93_GEO = resolveEpsg(4171);

/** The code of the InputError `fn` throws, or 'ok'. */
function outcome(fn: () => unknown): string {
	try {
		fn();
		return 'ok';
	} catch (e) {
		return (e as { code?: string }).code ?? String(e);
	}
}

describe('tilingCrs: the CRS tiles are cut in', () => {
	const cases: [string, CrsInfo | null, CrsInfo | null, CrsInfo, number | string][] = [
		// what, orthophotos', asked for, land cover's, → EPSG code or refusal
		['the orthophotos’ first', L93, null, UTM31, 2154],
		['the orthophotos’ when the same is asked for', L93, L93, WGS84, 2154],
		['never another than the orthophotos’', L93, UTM31, L93, 'crs_conflict'],
		['the one asked for without orthophotos', null, UTM31, L93, 32631],
		['the land cover’s when projected and nothing else says', null, null, UTM31, 32631],
		['none: land cover in degrees, no orthophoto, none asked for', null, null, WGS84, 'geographic_crs'],
		['none: degrees asked for', null, RGF93_GEO, L93, 'geographic_crs'],
		['none: Web Mercator asked for (areas ×2 in France)', null, MERCATOR, WGS84, 'distorting_crs'],
		['none: orthophotos in Web Mercator', MERCATOR, null, L93, 'distorting_crs'],
		['none: land cover in World Mercator', null, null, WORLD_MERCATOR, 'distorting_crs']
	];
	for (const [what, ortho, requested, landcover, expected] of cases) {
		it(what, () => {
			let got: number | string;
			try {
				got = tilingCrs(ortho, requested, landcover).epsg;
			} catch (e) {
				got = (e as { code: string }).code;
			}
			expect(got).toBe(expected);
		});
	}

	it('names the CRS and the way out in both languages', () => {
		const e = (() => {
			try {
				tilingCrs(null, MERCATOR, WGS84);
			} catch (e) {
				return e as { messages: { en: string; fr: string } };
			}
		})()!;
		expect(e.messages.en).toMatch(/EPSG:3857 .* inflates areas .* EPSG:2154/);
		expect(e.messages.fr).toMatch(/EPSG:3857 .* gonfle les surfaces/);
	});
});

describe('gridCellCount: at least as many cells as the grid has', () => {
	const cases: [BBox, number, number][] = [
		[[0, 0, 0, 0], 1000, 1],
		[[0, 0, 1000, 1000], 1000, 4],
		[[650_000, 6_860_000, 660_000, 6_870_000], 1000, 121],
		[[-5000, -5000, 5000, 5000], 1000, 121],
		[[0, 0, 1_000_000, 1_000_000], 1000, 1_002_001],
		[[0, 0, 1_000_000, 1_000_000], 10, 10_000_200_001]
	];
	for (const [bbox, size, cells] of cases) {
		it(`${bbox.join(' ')} by ${size} m → ${cells}`, () => expect(gridCellCount(bbox, size)).toBe(cells));
	}
	it('is not finite for an extent that is not', () => expect(Number.isFinite(gridCellCount([0, 0, Infinity, 10], 10))).toBe(false));
});

const lc = (crs: CrsInfo, bbox: BBox | null): DeliveryFacts['landcover'] => ({ fileName: 'ocs.gpkg', crs, bbox });
const image = (fileName: string, bbox: BBox, crs: CrsInfo = L93): ImageExtent => ({ fileName, crs, bbox });
const facts = (f: Partial<DeliveryFacts>): DeliveryFacts => ({
	landcover: lc(L93, [650_000, 6_860_000, 652_000, 6_862_000]),
	orthos: [],
	previous: [],
	requestedCrs: null,
	tiling: { mode: 'grid', size: 1000 },
	...f
});

describe('planDelivery: deliveries refused before anything is written', () => {
	const ORTHO = image('a.tif', [650_000, 6_860_000, 651_000, 6_861_000]);
	const cases: [string, Partial<DeliveryFacts>, string][] = [
		['a Lambert-93 land cover on its own', {}, 'ok'],
		['land cover over its orthophoto', { orthos: [ORTHO] }, 'ok'],
		['land cover beside its orthophoto', { orthos: [image('far.tif', [700_000, 6_860_000, 701_000, 6_861_000])] }, 'no_overlap'],
		['land cover touching its orthophoto along an edge only', { orthos: [image('edge.tif', [652_000, 6_860_000, 653_000, 6_861_000])] }, 'no_overlap'],
		['a previous vintage over the delivery, in another CRS', { previous: [image('2018.tif', [451_000, 5_410_000, 453_000, 5_412_000], UTM31)] }, 'ok'],
		['a previous vintage elsewhere', { previous: [image('2018.tif', [100_000, 6_100_000, 101_000, 6_101_000])] }, 'no_overlap'],
		['degrees that are metres (GeoJSON without "crs")', { landcover: lc(WGS84, [650_000, 6_860_000, 652_000, 6_862_000]), requestedCrs: L93 }, 'coordinates_out_of_range'],
		['degrees that are degrees', { landcover: lc(WGS84, [2.3, 48.8, 2.4, 48.9]), requestedCrs: L93 }, 'ok'],
		['a latitude over 90', { landcover: lc(WGS84, [2.3, 48.8, 2.4, 91]), requestedCrs: L93 }, 'coordinates_out_of_range'],
		['an empty land cover (no extent) on its own', { landcover: lc(L93, null) }, 'ok'],
		['a 10 m grid over the whole country', { landcover: lc(L93, [100_000, 6_100_000, 1_200_000, 7_100_000]), tiling: { mode: 'grid', size: 10 } }, 'too_many_tiles'],
		['a 1 km grid over the whole country', { landcover: lc(L93, [100_000, 6_100_000, 1_200_000, 7_100_000]), tiling: { mode: 'grid', size: 1000 } }, 'ok'],
		['one tile per image over the whole country', { landcover: lc(L93, [100_000, 6_100_000, 1_200_000, 7_100_000]), orthos: [ORTHO], tiling: { mode: 'images' } }, 'ok'],
		['an extent that is not finite', { landcover: lc(L93, [0, 0, Infinity, 10]), tiling: { mode: 'grid', size: 10 } }, 'too_many_tiles']
	];
	for (const [what, f, expected] of cases) it(`${what}: ${expected}`, () => expect(outcome(() => planDelivery(facts(f)))).toBe(expected));

	it('says how many tiles, the limit, and what to do', () => {
		const f = facts({ landcover: lc(L93, [100_000, 6_100_000, 1_200_000, 7_100_000]), tiling: { mode: 'grid', size: 10 } });
		expect(() => planDelivery(f)).toThrow(/A 10 m grid .* would have about 11,000,\d{3},\d{3} tiles, more than 2,000,000: choose a larger tile size/);
		expect(MAX_GRID_CELLS).toBe(2_000_000);
	});

	it('cuts in the orthophotos’ CRS, over their extent', () => {
		const plan = planDelivery(facts({ orthos: [ORTHO, image('b.tif', [651_000, 6_860_000, 652_000, 6_861_000])] }));
		expect(plan).toMatchObject({ sameCrs: true, orthoBBox: [650_000, 6_860_000, 652_000, 6_861_000], footprint: [650_000, 6_860_000, 652_000, 6_861_000] });
		expect(plan.crs.epsg).toBe(2154);
	});

	it('without orthophotos, the footprint is the land cover’s extent in the tiling CRS', () => {
		const plan = planDelivery(facts({ landcover: lc(WGS84, [2.3, 48.8, 2.4, 48.9]), requestedCrs: L93 }));
		expect(plan.sameCrs).toBe(false);
		expect(plan.orthoBBox).toBeNull();
		const [x0, y0, x1, y1] = plan.footprint!;
		// Paris in Lambert-93: about 650 km E, 6 860 km N; at 48.8° N, 0.1° is 7.3 km E-W and 11.1 km N-S
		// (a little more here: the box holds the whole curved outline of the degree box).
		expect([Math.round(x0 / 1000), Math.round(y0 / 1000)]).toEqual([649, 6856]);
		expect([Math.round((x1 - x0) / 100) / 10, Math.round((y1 - y0) / 100) / 10]).toEqual([7.4, 11.2]);
	});
});

/** A tile as the splitter gives it. */
function tile(key: string, xmin: number, ymin: number, size: number, areas: Record<string, number> = {}): SplitTile {
	return { key, xmin, ymin, xmax: xmin + size, ymax: ymin + size, featureCount: Object.keys(areas).length, areas: new Map(Object.entries(areas)), featureFids: [] };
}
const gridChoices = (size: number, sampling: Sampling = { mode: 'all' }): TileChoices => ({ tiling: { mode: 'grid', size }, sampling, orthos: [], landcoverFile: 'ocs.gpkg' });

describe('planTiles: names, review order, dominant class', () => {
	it('names grid tiles by their upper-left corner in km, west to east then south to north', () => {
		const split = [tile('1_1', 651_000, 6_861_000, 1000, { B: 5 }), tile('0_1', 650_000, 6_861_000, 1000), tile('1_0', 651_000, 6_860_000, 1000, { A: 3, B: 1 }), tile('0_0', 650_000, 6_860_000, 1000)];
		const planned = planTiles(split, gridChoices(1000));
		expect(planned.map((p) => [p.name, p.dominant, p.inSample, p.image])).toEqual([
			['0650_6861', null, true, null],
			['0650_6862', null, true, null],
			['0651_6861', 'A', true, null],
			['0651_6862', 'B', true, null]
		]);
	});

	it('orders sub-kilometre tiles numerically, not as text (0486.75_… after 0486_…)', () => {
		const split = [tile('a', 486_750, 6_000_000, 250), tile('b', 486_000, 6_000_000, 250), tile('c', 486_250, 6_000_000, 250)];
		expect(planTiles(split, gridChoices(250)).map((p) => p.name)).toEqual(['0486_6000.25', '0486.25_6000.25', '0486.75_6000.25']);
	});

	it('orders tiles west of the origin (negative coordinates) too', () => {
		const split = [tile('0_0', 0, 0, 1000), tile('-1_-1', -1000, -1000, 1000), tile('-1_0', -1000, 0, 1000)];
		expect(planTiles(split, gridChoices(1000)).map((p) => p.name)).toEqual(['-0001_0000', '-0001_0001', '0000_0001']);
	});

	it('makes every delivered image a tile, named after its file, in file-name order', () => {
		const orthos = [image('dalle_B.tif', [1000, 0, 2000, 1000]), image('dalle_A.tif', [0, 0, 1000, 1000]), image('dalle_C.TIFF', [2000, 0, 3000, 1000])];
		// The land cover only touched the first image.
		const planned = planTiles([tile('0', 1000, 0, 1000, { A: 1 })], { tiling: { mode: 'images' }, sampling: { mode: 'all' }, orthos, landcoverFile: 'ocs.gpkg' });
		expect(planned.map((p) => [p.name, p.image, p.tile.featureCount, p.tile.xmin])).toEqual([
			['dalle_A', 1, 0, 0],
			['dalle_B', 0, 1, 1000],
			['dalle_C', 2, 0, 2000]
		]);
	});

	it('refuses a delivery without any tile, saying which of its parts is empty', () => {
		expect(() => planTiles([], gridChoices(1000))).toThrow(/No polygon of ocs.gpkg has an area/);
		expect(() => planTiles([], { ...gridChoices(1000), orthos: [image('a.tif', [0, 0, 1, 1])] })).toThrow(/No tile contains data/);
		expect(outcome(() => planTiles([], gridChoices(1000)))).toBe('no_tiles');
	});
});

describe('sampling', () => {
	const split = Array.from({ length: 20 }, (_, i) => tile(`${i}_0`, i * 1000, 0, 1000, { [i < 15 ? 'CS1' : 'CS2']: 10 }));
	const sampled = (sampling: Sampling) =>
		planTiles(split, gridChoices(1000, sampling))
			.filter((p) => p.inSample)
			.map((p) => p.name);

	it('reviews every tile unless asked for a sample', () => expect(sampled({ mode: 'all' })).toHaveLength(20));

	it('draws n tiles, the same ones for the same seed, others for another seed', () => {
		const a = sampled({ mode: 'random', n: 5, seed: 'lot-1' });
		expect(a).toHaveLength(5);
		expect(sampled({ mode: 'random', n: 5, seed: 'lot-1' })).toEqual(a);
		expect(sampled({ mode: 'random', n: 5, seed: 'lot-2' })).not.toEqual(a);
	});

	it('keeps the tiles outside the sample, marked so', () => {
		const planned = planTiles(split, gridChoices(1000, { mode: 'random', n: 5, seed: 'x' }));
		expect(planned).toHaveLength(20);
		expect(planned.filter((p) => !p.inSample)).toHaveLength(15);
	});

	it('stratifies by dominant class, every class getting a tile', () => {
		const names = sampled({ mode: 'stratified', n: 4, seed: 's' });
		const cs2 = names.filter((n) => Number(n.slice(0, 4)) >= 15);
		expect(names).toHaveLength(4);
		expect(cs2).toHaveLength(1); // 20 % of the tiles: 0.8 of 4, at least 1
	});

	it('samples every tile when asked for more tiles than there are', () => {
		expect(drawSample([{ name: 'a', dominant: null }, { name: 'b', dominant: 'X' }], { mode: 'stratified', n: 10, seed: 's' })).toEqual(new Set(['a', 'b']));
		expect(drawSample([], { mode: 'random', n: 3, seed: 's' })).toEqual(new Set());
		expect(drawSample([{ name: 'a', dominant: null }], { mode: 'all' })).toBeNull();
	});
});

describe('cellsWithoutLandcover: grid cells over the imagery left to check for pixels', () => {
	it('is every cell of the imagery’s extent that no land cover fell in', () => {
		const cells = cellsWithoutLandcover([0, 0, 2000, 2000], 1000, [tile('0_0', 0, 0, 1000), tile('5_5', 5000, 5000, 1000)]);
		expect(cells.map((c) => `${c.col}_${c.row}`).sort()).toEqual(['0_1', '1_0', '1_1']);
	});
	it('is nothing when land cover fills the extent', () => {
		expect(cellsWithoutLandcover([0, 0, 1000, 1000], 1000, [tile('0_0', 0, 0, 1000)])).toEqual([]);
	});
});

describe('campaignExtent', () => {
	const plan = (footprint: BBox | null) => ({ crs: L93, sameCrs: true, orthoBBox: null, footprint });
	const planned = (t: SplitTile) => ({ tile: t, name: '', dominant: null, inSample: true, image: null });

	it('outlines each delivered image, and boxes them with every tile', () => {
		const orthos = [image('a.tif', [650_000, 6_860_000, 651_000, 6_861_000]), image('b.tif', [655_000, 6_860_000, 656_000, 6_861_000])];
		const { footprint, bboxWgs84 } = campaignExtent(plan([650_000, 6_860_000, 656_000, 6_861_000]), orthos, [planned(tile('x', 650_000, 6_859_000, 1000))]);
		expect(footprint.coordinates).toHaveLength(2);
		// 16 points per edge, closed.
		expect(footprint.coordinates[0][0]).toHaveLength(65);
		const south = campaignExtent(plan([650_000, 6_860_000, 656_000, 6_861_000]), orthos, []).bboxWgs84[1];
		expect(bboxWgs84[1]).toBeLessThan(south); // the tile south of the images counts
		for (const v of bboxWgs84) expect(Math.round(v * 1e7) / 1e7).toBe(v);
	});

	it('outlines the land cover’s extent without images', () => {
		expect(campaignExtent(plan([650_000, 6_860_000, 651_000, 6_861_000]), [], []).footprint.coordinates).toHaveLength(1);
		expect(campaignExtent(plan(null), [], [planned(tile('x', 650_000, 6_860_000, 1000))]).footprint.coordinates).toHaveLength(0);
	});
});
