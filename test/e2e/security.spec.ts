import { expect, test } from '@playwright/test';
import { demoCampaign, signIn } from './helpers.ts';

/**
 * The Content-Security-Policy must not break the product: MapLibre (blob: workers, data:/blob:
 * images, our own glyphs and imagery) has to render the campaign and tile maps with no violation.
 */
test('the maps render under the Content-Security-Policy without a single violation', async ({ page }) => {
	const violations: string[] = [];
	page.on('console', (msg) => {
		if (/Content.Security.Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
	});
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to load: ${e.violatedDirective} ${e.blockedURI}`));
	});
	await signIn(page, 'manager@demo.local');
	const demo = await demoCampaign(page.request);

	const response = await page.goto(`/campaigns/${demo.id}`);
	expect(response?.headers()['content-security-policy']).toContain("worker-src 'self' blob:");
	await expect(page.getByTestId('campaign-map')).toHaveAttribute('data-loaded', 'true', { timeout: 30_000 });
	await page.getByTestId('tile-row').first().click();
	await expect(page.getByTestId('tile-map')).toHaveAttribute('data-loaded', 'true', { timeout: 30_000 });
	// Give late tiles and workers a moment to report anything blocked.
	await page.waitForTimeout(1000);
	expect(violations).toEqual([]);

	// Control: the detector does see a violation (an injected inline script must be refused).
	await page.evaluate(() => {
		const s = document.createElement('script');
		s.textContent = 'window.__inlineRan = true';
		document.body.append(s);
	});
	await expect.poll(() => violations.length).toBeGreaterThan(0);
	expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
});
