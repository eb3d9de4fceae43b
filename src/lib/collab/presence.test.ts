import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLAIM_IDLE_MS, claimLapsed, peersOf, peopleOf, throttle } from './presence.ts';

const alice = { id: 3, name: 'Alice', organisation: 'Commune A', color: '#d7263d' };
const bob = { id: 4, name: 'Bob', organisation: null, color: '#1b998b' };

describe('peersOf', () => {
	it('lists the other clients with their cursor, selection and claim, by name', () => {
		const states = new Map<number, Record<string, unknown>>([
			[10, { user: bob, cursor: { lng: -97.5, lat: 38 }, selection: 'd1', claim: true }],
			[11, { user: alice, cursor: null, selection: null, claim: false }],
			[12, { cursor: { lng: 1, lat: 2 } }],
			[99, { user: alice, cursor: { lng: 0, lat: 0 } }]
		]);
		expect(peersOf(states, 99)).toEqual([
			{ clientId: 11, user: alice, cursor: null, selection: null, claim: false },
			{ clientId: 10, user: bob, cursor: { lng: -97.5, lat: 38 }, selection: 'd1', claim: true }
		]);
	});

	it('ignores what it cannot trust or draw', () => {
		const states = new Map<number, Record<string, unknown> | null>([
			[1, { user: { ...alice, color: 'url(javascript:x)' }, cursor: { lng: 'x', lat: 2 }, selection: 'x'.repeat(65), claim: 'yes' }],
			[2, { user: { id: 'x', name: 'Mallory' } }],
			[3, null],
			[4, { user: bob, cursor: { lng: 500, lat: 0 } }]
		]);
		expect(peersOf(states, 0)).toEqual([
			{ clientId: 1, user: { ...alice, color: '#555555' }, cursor: null, selection: null, claim: false },
			{ clientId: 4, user: bob, cursor: null, selection: null, claim: false }
		]);
	});
});

describe('peopleOf', () => {
	it('counts a person once, claiming if any of their tabs claims', () => {
		const people = peopleOf([
			{ clientId: 1, user: alice, cursor: null, selection: null, claim: false },
			{ clientId: 2, user: alice, cursor: null, selection: null, claim: true },
			{ clientId: 3, user: bob, cursor: null, selection: null, claim: false }
		]);
		expect(people).toEqual([
			{ user: alice, claim: true, clientIds: [1, 2] },
			{ user: bob, claim: false, clientIds: [3] }
		]);
	});
});

describe('claims', () => {
	it('lapse after 15 minutes without activity', () => {
		expect(CLAIM_IDLE_MS).toBe(15 * 60_000);
		expect(claimLapsed(0, CLAIM_IDLE_MS - 1)).toBe(false);
		expect(claimLapsed(0, CLAIM_IDLE_MS)).toBe(true);
	});
});

describe('throttle', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('sends the first value at once, then at most one per interval, the last value last', () => {
		const sent: number[] = [];
		const t = throttle((v: number) => sent.push(v), 100);
		t.push(1);
		t.push(2);
		t.push(3);
		expect(sent).toEqual([1]);
		vi.advanceTimersByTime(100);
		expect(sent).toEqual([1, 3]);
		vi.advanceTimersByTime(100);
		expect(sent).toEqual([1, 3]);
		vi.advanceTimersByTime(100);
		t.push(4);
		expect(sent).toEqual([1, 3, 4]);
	});

	it('sends nothing more once cancelled', () => {
		const sent: number[] = [];
		const t = throttle((v: number) => sent.push(v), 100);
		t.push(1);
		t.push(2);
		t.cancel();
		vi.advanceTimersByTime(500);
		expect(sent).toEqual([1]);
	});
});
