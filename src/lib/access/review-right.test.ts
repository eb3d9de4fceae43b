import { describe, expect, it } from 'vitest';
import type { Grant } from './permissions.ts';
import { grantOf, reviewRight } from './review-right.ts';

const grant = (role: Grant['role'], organisationIds: number[] = [], extra: Partial<Grant> = {}): Grant => ({ isAdmin: false, role, organisationIds, reviewUnassigned: false, ...extra });

describe('what a tile says to each role', () => {
	it('a reviewer: their organisation’s tile is theirs to review, another’s is read-only', () => {
		expect(reviewRight(grant('reviewer', [7]), { organisationIds: [7] })).toBe('organisation');
		expect(reviewRight(grant('reviewer', [7]), { organisationIds: [8, 7] })).toBe('organisation');
		expect(reviewRight(grant('reviewer', [7]), { organisationIds: [8] })).toBe('readOnly');
	});

	it('a reviewer on an unassigned tile: only when the campaign opens them', () => {
		expect(reviewRight(grant('reviewer', [7]), { organisationIds: [] })).toBe('readOnly');
		expect(reviewRight(grant('reviewer', [7], { reviewUnassigned: true }), { organisationIds: [] })).toBe('unassigned');
	});

	it('a manager on another organisation’s tile reviews it as the manager, not “for your organisation”', () => {
		expect(reviewRight(grant('manager', [1]), { organisationIds: [8] })).toBe('manager');
		expect(reviewRight(grant('manager', []), { organisationIds: [] })).toBe('manager');
		expect(reviewRight(grant('manager', [8]), { organisationIds: [8] })).toBe('organisation');
		expect(reviewRight(grant(null, [], { isAdmin: true }), { organisationIds: [8] })).toBe('manager');
	});

	it('observers and contractors only look, even at their organisation’s tiles', () => {
		expect(reviewRight(grant('observer', [7]), { organisationIds: [7] })).toBe('readOnly');
		expect(reviewRight(grant('contractor', [7]), { organisationIds: [7] })).toBe('readOnly');
	});

	it('a validated tile is closed to everyone', () => {
		expect(reviewRight(grant('manager'), { organisationIds: [], validated: true })).toBe('validated');
		expect(reviewRight(grant('reviewer', [7]), { organisationIds: [7], validated: true })).toBe('validated');
	});

	it('rebuilds the grant from the campaign’s access (an admin has no role but manages)', () => {
		expect(grantOf({ role: null, organisationIds: [], actions: ['campaign.view', 'campaign.manage'] }, { reviewUnassigned: false }).isAdmin).toBe(true);
		expect(grantOf({ role: 'reviewer', organisationIds: [3], actions: ['campaign.view'] }, { reviewUnassigned: true })).toEqual({ isAdmin: false, role: 'reviewer', organisationIds: [3], reviewUnassigned: true });
	});
});
