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

/**
 * A campaign's attribution is text typed by whoever set the campaign up; MapLibre renders
 * attributions as HTML. A phishing link there must show as text, the only link being the imagery
 * service's own address. The campaign's external imagery service is allowed by its own pages'
 * policy — also when the campaign is entered from the home page with a client-side link.
 */
test('a campaign’s attribution shows as text on its map, and its imagery service loads on its pages', async ({ page }) => {
	const { readFileSync } = await import('node:fs');
	const { join } = await import('node:path');
	const sharp = (await import('sharp')).default;
	const PHISHING = '<a href="https://evil.example" onclick="alert(1)">click</a>';
	await signIn(page, 'manager@demo.local');
	const request = page.request;
	const { uploadId } = await (await request.post('/api/uploads')).json();
	const gpkg = readFileSync(join(import.meta.dirname, '..', '..', 'server', 'demo', 'prairie-naip', 'occupation_sol.gpkg'));
	expect((await request.put(`/api/uploads/${uploadId}/files/occupation.gpkg`, { data: gpkg })).status()).toBe(201);
	const created = await request.post('/api/campaigns', {
		data: {
			uploadId,
			name: 'Attribution piégée',
			landcover: 'occupation.gpkg',
			classField: 'code_cs',
			tiling: { mode: 'grid', size: 1000 },
			attribution: PHISHING,
			external: { kind: 'xyz', url: 'https://tiles.example/{z}/{x}/{y}.png', attribution: PHISHING }
		}
	});
	expect(created.status(), await created.text()).toBe(202);
	const { jobId } = await created.json();
	await expect.poll(async () => (await (await request.get(`/api/jobs/${jobId}`)).json()).status, { timeout: 60_000 }).toBe('done');

	// The external service, answered by the test (the machine is offline); a request blocked by the
	// CSP never reaches this route.
	const tile = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#6a8f3c' } }).png().toBuffer();
	const served: string[] = [];
	await page.route('https://tiles.example/**', (route) => {
		served.push(route.request().url());
		return route.fulfill({ status: 200, contentType: 'image/png', body: tile, headers: { 'access-control-allow-origin': '*' } });
	});
	const violations: string[] = [];
	page.on('console', (msg) => {
		if (/Content.Security.Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
	});
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to load: ${e.violatedDirective} ${e.blockedURI}`));
	});

	await page.goto('/');
	await page.getByRole('link', { name: 'Attribution piégée' }).click();
	await expect(page.getByTestId('campaign-map')).toHaveAttribute('data-loaded', 'true', { timeout: 30_000 });
	await expect.poll(() => served.length, { timeout: 15_000 }).toBeGreaterThan(0);
	expect(violations).toEqual([]);

	const attribution = page.getByTestId('campaign-map').locator('.maplibregl-ctrl-attrib-inner');
	await expect(attribution).toContainText(PHISHING);
	await expect(attribution.locator('a[href*="evil.example"]')).toHaveCount(0);
	await expect(attribution.locator('[onclick]')).toHaveCount(0);
	await expect(attribution.locator('a[href="https://tiles.example/"]')).toHaveCount(1);
	// The footer credits show it as text too.
	await expect(page.locator('footer')).toContainText(PHISHING);
	await expect(page.locator('footer a[href*="evil.example"]')).toHaveCount(0);
});
