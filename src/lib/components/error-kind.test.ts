import { describe, expect, it } from 'vitest';
import { errorKind, showsDetail } from './error-kind.ts';

describe('error pages', () => {
	it.each([
		[403, 'no_campaign_role', '/campaigns/987654', 'noCampaignRole'],
		[403, 'no_campaign_role', '/campaigns/3/tiles/9', 'noCampaignRole'],
		[403, 'admin_only', '/admin/users', 'adminOnly'],
		[403, 'forbidden', '/campaigns/3/members', 'roleForbids'],
		[403, undefined, '/campaigns/3/audit', 'roleForbids'],
		[404, 'not_found', '/campaigns/3/tiles/999999', 'tileNotFound'],
		[404, 'http_404', '/nowhere', 'notFound'],
		[404, 'not_found', '/campaigns/3', 'notFound'],
		[503, undefined, '/', 'unavailable'],
		[500, 'internal_error', '/', 'generic']
	] as const)('%i %s on %s → %s', (status, code, path, kind) => {
		expect(errorKind(status, code, path)).toBe(kind);
	});

	it('shows the server’s message only where it adds something, never an untranslated "Not found"', () => {
		expect(showsDetail('notFound', 'http_404')).toBe(false);
		expect(showsDetail('noCampaignRole', 'no_campaign_role')).toBe(false);
		expect(showsDetail('generic', 'internal_error')).toBe(true);
		expect(showsDetail('roleForbids', 'forbidden')).toBe(true);
	});
});
