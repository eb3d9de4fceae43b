import { describe, expect, it } from 'vitest';
import { claimedByOthers, myNeighbours, myTilesInOrder, nextTileToReview, withStatus, type MyCampaignTileList } from './next-tile.ts';

/** As GET /api/me/tiles gives them: unfinished first, then the others (not in review order). */
const mine: MyCampaignTileList[] = [
	{ campaign: { id: 1, name: 'A' }, tiles: [] },
	{
		campaign: { id: 7, name: 'B' },
		tiles: [
			{ id: 30, name: '0003', status: 'not_started' },
			{ id: 12, name: '0001', status: 'in_review' },
			{ id: 50, name: '0005', status: 'not_started' },
			{ id: 20, name: '0002', status: 'reviewed' },
			{ id: 40, name: '0004', status: 'validated' }
		]
	}
];

describe('myTilesInOrder', () => {
	it('puts my tiles of the campaign in review order', () => {
		expect(myTilesInOrder(mine, 7).map((t) => t.id)).toEqual([12, 20, 30, 40, 50]);
	});
	it('has none for a campaign without tiles of mine, or that I am not in', () => {
		expect(myTilesInOrder(mine, 1)).toEqual([]);
		expect(myTilesInOrder(mine, 99)).toEqual([]);
		expect(myTilesInOrder([], 7)).toEqual([]);
	});
});

describe('myNeighbours', () => {
	it('gives the previous and next of my tiles, whatever their status', () => {
		expect(myNeighbours(mine, 7, 30)).toEqual({ prev: { id: 20, name: '0002', status: 'reviewed' }, next: { id: 40, name: '0004', status: 'validated' } });
	});
	it('stops at the ends', () => {
		expect(myNeighbours(mine, 7, 12).prev).toBeNull();
		expect(myNeighbours(mine, 7, 50).next).toBeNull();
	});
	it('around a tile that is not mine, gives my nearest ones', () => {
		expect(myNeighbours(mine, 7, 25)).toMatchObject({ prev: { id: 20 }, next: { id: 30 } });
		expect(myNeighbours(mine, 7, 5)).toMatchObject({ prev: null, next: { id: 12 } });
		expect(myNeighbours(mine, 7, 60)).toMatchObject({ prev: { id: 50 }, next: null });
	});
	it('has nothing where I have no tiles', () => {
		expect(myNeighbours(mine, 1, 3)).toEqual({ prev: null, next: null });
	});
});

describe('nextTileToReview', () => {
	it('is the next unfinished tile of mine after this one', () => {
		expect(nextTileToReview(mine, 7, 12)?.id).toBe(30);
		expect(nextTileToReview(mine, 7, 30)?.id).toBe(50);
	});
	it('skips reviewed and validated tiles', () => {
		expect(nextTileToReview(mine, 7, 20)?.id).toBe(30);
		expect(nextTileToReview(mine, 7, 40)?.id).toBe(50);
	});
	it('goes round to the first ones', () => {
		expect(nextTileToReview(mine, 7, 50)?.id).toBe(12);
	});
	it('starts from the first without a tile on screen', () => {
		expect(nextTileToReview(mine, 7, null)?.id).toBe(12);
	});
	it('is never the tile on screen, and null when nothing else is left', () => {
		const one: MyCampaignTileList[] = [{ campaign: { id: 7, name: 'B' }, tiles: [{ id: 12, name: '0001', status: 'in_review' }, { id: 20, name: '0002', status: 'reviewed' }] }];
		expect(nextTileToReview(one, 7, 12)).toBeNull();
		expect(nextTileToReview(one, 7, 20)?.id).toBe(12);
		expect(nextTileToReview(mine, 1, 3)).toBeNull();
	});
	it('leaves tiles others have claimed for last', () => {
		expect(nextTileToReview(mine, 7, 12, { claimedByOthers: new Set([30]) })?.id).toBe(50);
		expect(nextTileToReview(mine, 7, 12, { claimedByOthers: new Set([30, 50]) })?.id).toBe(30);
	});
});

describe('claimedByOthers', () => {
	it('lists the tiles someone else claims, not those I claim or only visit', () => {
		const presence = {
			'3': [{ userId: 1, claim: true }],
			'4': [{ userId: 2, claim: false }, { userId: 3, claim: true }],
			'5': [{ userId: 2, claim: false }]
		};
		expect([...claimedByOthers(presence, 1)]).toEqual([4]);
		expect([...claimedByOthers(presence, 3)]).toEqual([3]);
		expect([...claimedByOthers({}, 1)]).toEqual([]);
	});
});

describe('withStatus', () => {
	it('follows a status heard on the live feed', () => {
		const after = withStatus(mine, 30, 'reviewed');
		expect(after[1].tiles.find((t) => t.id === 30)?.status).toBe('reviewed');
		expect(nextTileToReview(after, 7, 12)?.id).toBe(50);
		expect(mine[1].tiles.find((t) => t.id === 30)?.status).toBe('not_started');
	});
	it('gives back the same list for a tile that is not mine or did not change', () => {
		expect(withStatus(mine, 999, 'reviewed')).toBe(mine);
		expect(withStatus(mine, 30, 'not_started')).toBe(mine);
	});
});
