import { describe, expect, it } from 'vitest';
import { campaignOfPage } from './campaign-pages.ts';

describe('campaignOfPage', () => {
	it('finds the campaign of its pages and of nothing else', () => {
		expect(campaignOfPage('/campaigns/12')).toBe(12);
		expect(campaignOfPage('/campaigns/12/')).toBe(12);
		expect(campaignOfPage('/campaigns/12/tiles/40')).toBe(12);
		expect(campaignOfPage('/campaigns/12/members')).toBe(12);
		for (const other of ['/', '/login', '/campaigns/new', '/campaigns/12abc', '/campaigns/', '/api/campaigns/12', '/x/campaigns/12', '/campaigns/1234567890123456'])
			expect(campaignOfPage(other), other).toBeNull();
	});
});
