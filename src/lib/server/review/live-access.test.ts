import { describe, expect, it } from 'vitest';
import { affectedConnections } from './live-access.ts';

describe('which live connections a change concerns', () => {
	it.each([
		['/api/campaigns/3/members/7', 5, { campaignId: 3 }],
		['/api/campaigns/3/assignments', 5, { campaignId: 3 }],
		['/api/campaigns/3', 5, { campaignId: 3 }],
		['/campaigns/3/members', 5, { campaignId: 3 }],
		['/api/admin/users/9', 5, { userId: 9 }],
		['/api/admin/users/9/sessions', 5, { userId: 9 }],
		['/api/auth/logout', 5, { userId: 5 }],
		['/api/auth/sessions/abc', 5, { userId: 5 }],
		['/account', 5, { userId: 5 }],
		['/api/auth/reset/xyz', null, 'all'],
		['/api/auth/login', null, null],
		['/api/uploads', 5, null],
		['/api/campaignsx/3', 5, null]
	] as const)('%s → %j', (path, user, expected) => {
		expect(affectedConnections(path, user)).toEqual(expected);
	});
});
