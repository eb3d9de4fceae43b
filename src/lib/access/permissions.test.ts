import { describe, expect, it } from 'vitest';
import { allows, allowedActions, type Grant } from './permissions.ts';

const grant = (role: Grant['role'], extra: Partial<Grant> = {}): Grant => ({ isAdmin: false, role, organisationIds: [7], reviewUnassigned: false, ...extra });

describe('allows', () => {
	it('gives nothing to a user without a role in the campaign', () => {
		for (const action of ['campaign.view', 'reports.read', 'tile.review'] as const) {
			expect(allows(grant(null), action, { organisationIds: [] })).toBe(false);
		}
	});

	it('lets site admins do everything', () => {
		expect(allows(grant(null, { isAdmin: true }), 'campaign.manage')).toBe(true);
		expect(allows(grant(null, { isAdmin: true }), 'tile.review', { organisationIds: [99] })).toBe(true);
	});

	it('keeps reviewers’ drafts away from the contractor, who may answer defects', () => {
		expect(allows(grant('contractor'), 'reviews.read')).toBe(false);
		expect(allows(grant('contractor'), 'tile.review', { organisationIds: [] })).toBe(false);
		expect(allows(grant('contractor'), 'defects.answer')).toBe(true);
		expect(allows(grant('contractor'), 'reports.read')).toBe(true);
		expect(allows(grant('reviewer'), 'defects.answer')).toBe(false);
	});

	it('makes observers read-only', () => {
		const o = grant('observer');
		expect(allows(o, 'campaign.view')).toBe(true);
		expect(allows(o, 'reviews.read')).toBe(true);
		for (const a of ['campaign.manage', 'campaign.decide', 'defects.answer'] as const) expect(allows(o, a)).toBe(false);
		expect(allows(o, 'tile.review', { organisationIds: [] })).toBe(false);
	});

	it('lets a reviewer review their organisation’s tiles only, unassigned ones when the campaign allows it', () => {
		const r = grant('reviewer');
		expect(allows(r, 'tile.review', { organisationIds: [7] })).toBe(true);
		expect(allows(r, 'tile.review', { organisationIds: [3, 7] })).toBe(true);
		expect(allows(r, 'tile.review', { organisationIds: [3] })).toBe(false);
		expect(allows(r, 'tile.review', { organisationIds: [] })).toBe(false);
		expect(allows(r, 'tile.review')).toBe(false);
		const open = grant('reviewer', { reviewUnassigned: true });
		expect(allows(open, 'tile.review', { organisationIds: [] })).toBe(true);
		// The setting opens unassigned tiles, never another organisation's.
		expect(allows(open, 'tile.review', { organisationIds: [3] })).toBe(false);
	});

	it('lets managers review any tile and manage, reviewers neither manage nor decide', () => {
		expect(allows(grant('manager'), 'tile.review', { organisationIds: [3] })).toBe(true);
		expect(allows(grant('manager'), 'campaign.manage')).toBe(true);
		expect(allows(grant('reviewer'), 'campaign.manage')).toBe(false);
		expect(allows(grant('reviewer'), 'campaign.decide')).toBe(false);
	});

	it('closes a validated tile to every change, managers and admins included, until it is reopened', () => {
		for (const g of [grant('reviewer'), grant('manager'), { ...grant('observer'), isAdmin: true }]) {
			expect(allows(g, 'tile.review', { organisationIds: [7], validated: true })).toBe(false);
			expect(allows(g, 'campaign.view', { organisationIds: [7], validated: true })).toBe(true);
		}
		expect(allows(grant('manager'), 'campaign.decide')).toBe(true);
	});
});

describe('allowedActions', () => {
	it('lists what the UI may offer per role', () => {
		expect(allowedActions(grant('observer'))).toEqual(['campaign.view', 'reviews.read', 'reports.read']);
		expect(allowedActions(grant('reviewer'))).toContain('tile.review');
		expect(allowedActions(grant('contractor'))).toEqual(['campaign.view', 'reports.read', 'defects.answer']);
	});
});
