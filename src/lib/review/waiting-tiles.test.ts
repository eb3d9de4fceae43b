import { describe, expect, it } from 'vitest';
import { nextTileToReview, waitingCount, waitsForMe, type ReviewerTile } from './waiting-tiles.ts';

const tile = (id: number, status: ReviewerTile['status'], myVerdict = false, ordinal = id): ReviewerTile => ({ id, name: `T${id}`, status, ordinal, myVerdict });

describe('which tile waits for the reviewer', () => {
	it.each([
		['not_started', false, true],
		['in_review', false, true],
		['in_review', true, false],
		['reviewed', false, false],
		['validated', false, false]
	] as const)('%s, own verdict %s → %s', (status, mine, expected) => {
		expect(waitsForMe({ status, myVerdict: mine })).toBe(expected);
	});
});

describe('next tile to review', () => {
	it('is null for no tiles, or when every tile is done for the reviewer', () => {
		expect(nextTileToReview([])).toBeNull();
		expect(nextTileToReview([tile(1, 'reviewed'), tile(2, 'in_review', true), tile(3, 'validated')])).toBeNull();
		expect(nextTileToReview([tile(1, 'reviewed')], { id: 1, ordinal: 1 })).toBeNull();
	});

	it('from the home page: work under way first, then the first not started, in review order', () => {
		const tiles = [tile(1, 'reviewed'), tile(2, 'not_started'), tile(3, 'in_review', true), tile(4, 'in_review'), tile(5, 'not_started')];
		expect(nextTileToReview(tiles)?.id).toBe(4);
		expect(nextTileToReview(tiles.filter((t) => t.id !== 4))?.id).toBe(2);
	});

	it('from a tile: the next waiting one in review order, wrapping around, never the tile itself', () => {
		const tiles = [tile(1, 'not_started'), tile(2, 'reviewed'), tile(3, 'not_started'), tile(4, 'in_review', true)];
		expect(nextTileToReview(tiles, { id: 1, ordinal: 1 })?.id).toBe(3);
		expect(nextTileToReview(tiles, { id: 3, ordinal: 3 })?.id).toBe(1);
		// Only the tile being left waits: nothing else to go to.
		expect(nextTileToReview([tile(7, 'not_started')], { id: 7, ordinal: 7 })).toBeNull();
	});

	it('from a tile that is not one of the reviewer’s (by its review order)', () => {
		const tiles = [tile(10, 'not_started', false, 10), tile(20, 'not_started', false, 20)];
		expect(nextTileToReview(tiles, { id: 99, ordinal: 15 })?.id).toBe(20);
		expect(nextTileToReview(tiles, { id: 99, ordinal: 25 })?.id).toBe(10);
	});

	it('breaks ties of review order by id', () => {
		const tiles = [tile(5, 'not_started', false, 1), tile(4, 'not_started', false, 1)];
		expect(nextTileToReview(tiles)?.id).toBe(4);
		expect(nextTileToReview(tiles, { id: 4, ordinal: 1 })?.id).toBe(5);
	});

	it('counts what waits', () => {
		expect(waitingCount([tile(1, 'not_started'), tile(2, 'in_review', true), tile(3, 'in_review'), tile(4, 'reviewed')])).toBe(2);
	});
});
