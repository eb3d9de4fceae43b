import { describe, expect, it } from 'vitest';
import { defaultInviteOrganisation, inviteIsComplete } from './invite-defaults.ts';

const orgs = [{ id: 1 }, { id: 2 }, { id: 3 }];
const standing = [
	{ id: 1, tileCount: 15, reviewerCount: 1 },
	{ id: 2, tileCount: 7, reviewerCount: 0 },
	{ id: 3, tileCount: 0, reviewerCount: 0 },
	{ id: 9, tileCount: 4, reviewerCount: 0 }
];

describe('the invitation form’s organisation', () => {
	it('never starts a reviewer invitation on "none": the defaults always make a valid invitation', () => {
		for (const s of [standing, [], standing.slice(0, 1)]) {
			const organisation = defaultInviteOrganisation('reviewer', orgs, s);
			expect(organisation).not.toBe('');
			expect(inviteIsComplete('reviewer', organisation)).toBe(true);
		}
	});

	it('prefers an organisation with tiles and no reviewer yet, then one with tiles, then the first', () => {
		expect(defaultInviteOrganisation('reviewer', orgs, standing)).toBe('2');
		expect(defaultInviteOrganisation('reviewer', orgs, standing.map((s) => ({ ...s, reviewerCount: 1 })))).toBe('1');
		expect(defaultInviteOrganisation('reviewer', orgs, [])).toBe('1');
		// Standing of organisations that are not the campaign's is ignored (9).
		expect(defaultInviteOrganisation('reviewer', [{ id: 3 }], standing)).toBe('3');
	});

	it('offers a new organisation when the campaign has none', () => {
		expect(defaultInviteOrganisation('reviewer', [], standing)).toBe('new');
	});

	it('takes the organisation asked for, when it is one of the campaign’s', () => {
		expect(defaultInviteOrganisation('reviewer', orgs, standing, 3)).toBe('3');
		expect(defaultInviteOrganisation('observer', orgs, standing, 3)).toBe('3');
		expect(defaultInviteOrganisation('reviewer', orgs, standing, 42)).toBe('2');
	});

	it('leaves other roles without an organisation by default', () => {
		expect(defaultInviteOrganisation('observer', orgs, standing)).toBe('');
		expect(defaultInviteOrganisation('manager', orgs, standing)).toBe('');
		expect(inviteIsComplete('observer', '')).toBe(true);
		expect(inviteIsComplete('reviewer', '')).toBe(false);
	});
});
