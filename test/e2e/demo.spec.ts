import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { BACKGROUND_COLOR } from '../../src/lib/components/map/utils.ts';
import { signIn, demoCampaign } from './helpers.ts';

const BACKGROUND_RGB = [1, 3, 5].map((i) => parseInt(BACKGROUND_COLOR.slice(i, i + 2), 16));

// Every page and API call now needs a session: each test signs in as the demo campaign's manager
// (who may also create campaigns), and API calls go through `page.request`, which shares its cookies.
test.beforeEach(async ({ page }) => {
	await signIn(page, 'manager@demo.local');
});

/**
 * The newcomer's path through the demo campaign: list → overview map with the grid → a tile with
 * its imagery and land-cover overlay → next tile → English. Everything served by the production
 * build on a fresh database, rendered by the machine's Chromium.
 */

async function waitForMap(page: Page, testId: string) {
	await expect(page.getByTestId(testId)).toHaveAttribute('data-loaded', 'true', { timeout: 30_000 });
}

/** The maps' plain background (src/lib/components/map/utils.ts BACKGROUND_COLOR). */
const BACKGROUND = BACKGROUND_RGB;

/**
 * Share of the map screenshot's pixels that are far from the plain background colour and not
 * grey UI chrome: where this is high, imagery was drawn.
 */
async function imageryShare(page: Page, testId: string): Promise<number> {
	const png = await page.getByTestId(testId).screenshot({ path: `test-results/${testId}.png` });
	const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
	let imagery = 0;
	for (let i = 0; i < data.length; i += 3) {
		const d = Math.abs(data[i] - BACKGROUND[0]) + Math.abs(data[i + 1] - BACKGROUND[1]) + Math.abs(data[i + 2] - BACKGROUND[2]);
		if (d > 40) imagery++;
	}
	return imagery / (info.width * info.height);
}

test('open the demo campaign, see the grid, open a tile with imagery and land cover', async ({ page }) => {
	const request = page.request;
	const demo = await demoCampaign(request);
	const tiles = await (await request.get(`/api/campaigns/${demo.id}/tiles`)).json();

	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
	await page.getByRole('link', { name: demo.name }).click();
	await expect(page).toHaveURL(new RegExp(`/campaigns/${demo.id}$`));

	// The grid: one table row per review tile, legend counts, tiles drawn on the map.
	await waitForMap(page, 'campaign-map');
	await expect(page.getByTestId('tile-row')).toHaveCount(tiles.features.length);
	// Other tests may have reviewed a tile of the shared demo campaign: count what the API says.
	const notStarted = tiles.features.filter((f: { properties: { status: string } }) => f.properties.status === 'not_started').length;
	await expect(page.getByTestId('status-count-not_started')).toHaveText(String(notStarted));
	await expect(page.getByTestId('status-legend')).toContainText('Statut des tuiles');
	const rendered = await page.evaluate(() => window.__recetteMaps!.campaign.queryRenderedFeatures({ layers: ['tiles-fill'] }).length);
	expect(rendered).toBeGreaterThan(0);
	await expect.poll(() => imageryShare(page, 'campaign-map'), { timeout: 15_000 }).toBeGreaterThan(0.2);

	// Open the tile with the most land-cover features from the table.
	const busiest = [...tiles.features].sort((a, b) => b.properties.feature_count - a.properties.feature_count)[0];
	await page.locator(`[data-testid="tile-row"][data-tile-id="${busiest.id}"]`).click();
	await expect(page).toHaveURL(new RegExp(`/campaigns/${demo.id}/tiles/${busiest.id}$`));
	await waitForMap(page, 'tile-map');

	// Imagery pixels: the tile map is textured, not a flat background.
	await page.getByTestId('landcover-toggle').uncheck();
	await expect.poll(() => imageryShare(page, 'tile-map'), { timeout: 15_000 }).toBeGreaterThan(0.5);

	// The land-cover overlay: drawn polygons, as many as the tile's features.
	await page.getByTestId('landcover-toggle').check();
	const drawn = () =>
		page.evaluate(() => new Set(window.__recetteMaps!.tile.queryRenderedFeatures({ layers: ['landcover-fill'] }).map((f) => f.id)).size);
	await expect.poll(drawn, { timeout: 15_000 }).toBeGreaterThan(0);
	expect(await drawn()).toBeLessThanOrEqual(busiest.properties.feature_count);

	// Click on a polygon: its attributes and class label appear.
	const point = await page.evaluate(() => {
		const map = window.__recetteMaps!.tile;
		const f = map.queryRenderedFeatures({ layers: ['landcover-fill'] })[0];
		const ring = (f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : (f.geometry as GeoJSON.MultiPolygon).coordinates[0][0]) as [number, number][];
		// A point inside: try the centroid of the first vertices, else the first vertex nudged.
		for (const candidate of [ring.reduce((s, p) => [s[0] + p[0] / ring.length, s[1] + p[1] / ring.length], [0, 0])]) {
			const px = map.project(candidate as [number, number]);
			const hit = map.queryRenderedFeatures([px.x, px.y], { layers: ['landcover-fill'] });
			if (hit.length) return { x: px.x, y: px.y };
		}
		const all = map.queryRenderedFeatures({ layers: ['landcover-fill'] });
		const canvas = map.getCanvas();
		for (let y = 10; y < canvas.clientHeight; y += 10)
			for (let x = 10; x < canvas.clientWidth; x += 10)
				if (map.queryRenderedFeatures([x, y], { layers: ['landcover-fill'] }).length) return { x, y, n: all.length };
		return null;
	});
	expect(point).not.toBeNull();
	const box = (await page.getByTestId('tile-map').boundingBox())!;
	await page.mouse.click(box.x + point!.x, box.y + point!.y);
	await expect(page.getByTestId('feature-attributes')).toContainText('code_cs');
	await expect(page.getByTestId('feature-attributes')).toContainText(/CS\d/);

	// Next tile, then back.
	await page.getByTestId('next-tile').click();
	await expect(page).not.toHaveURL(new RegExp(`/tiles/${busiest.id}$`));
	await waitForMap(page, 'tile-map');
	await page.getByTestId('prev-tile').click();
	await expect(page).toHaveURL(new RegExp(`/tiles/${busiest.id}$`));

	// English on request, kept across pages.
	await page.getByTestId('lang-switch').getByRole('button', { name: /english/i }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await page.goto(`/campaigns/${demo.id}`);
	await expect(page.getByTestId('status-legend')).toContainText('Tile status');
});

test('compare the delivery with the previous vintage', async ({ page }) => {
	const request = page.request;
	const demo = await demoCampaign(request);
	const tiles = await (await request.get(`/api/campaigns/${demo.id}/tiles`)).json();
	// A tile in the middle of the delivery (corner tiles are only partly covered by the images).
	const busiest = [...tiles.features].sort((a, b) => b.properties.feature_count - a.properties.feature_count)[0];
	await page.goto(`/campaigns/${demo.id}/tiles/${busiest.id}`);
	await waitForMap(page, 'tile-map');
	await page.getByTestId('compare-mode').getByRole('radio').nth(1).check();
	await expect(page.getByTestId('tile-map-previous')).toBeVisible();
	await waitForMap(page, 'tile-map-previous');
	await expect.poll(() => imageryShare(page, 'tile-map-previous'), { timeout: 15_000 }).toBeGreaterThan(0.5);
});

test('a missing campaign shows a readable error page', async ({ page }) => {
	// For a non-administrator a missing id looks like a campaign they have no role in (403, not 404):
	// ids must not reveal which campaigns exist. The page says what to do.
	const r = await page.goto('/campaigns/987654');
	expect(r?.status()).toBe(403);
	const error = page.getByTestId('error-page');
	await expect(error).toHaveAttribute('data-kind', 'noCampaignRole');
	await expect(error.getByRole('heading', { level: 1 })).toHaveText('Vous n’avez pas accès à cette campagne');
	// Which account, and whom to ask; the right account may be another one.
	await expect(error).toContainText('n’a aucun rôle dans cette campagne');
	await expect(error).toContainText('demandez un lien d’invitation au gestionnaire de la campagne');
	await expect(error).not.toContainText('Réessayez dans un instant');
	await expect(error.getByTestId('error-switch-account')).toBeVisible();
});

test('a tile that is not in the campaign says so, in French, and leads back to the campaign', async ({ page }) => {
	const demo = await demoCampaign(page.request);
	const r = await page.goto(`/campaigns/${demo.id}/tiles/987654`);
	expect(r?.status()).toBe(404);
	const error = page.getByTestId('error-page');
	await expect(error).toHaveAttribute('data-kind', 'tileNotFound');
	await expect(error.getByRole('heading', { level: 1 })).toHaveText('Cette tuile n’existe pas dans la campagne');
	// The server's English "Not found" is not shown to a French user.
	await expect(error).not.toContainText('Not found');
	await expect(error.getByRole('link', { name: demo.name })).toHaveAttribute('href', `/campaigns/${demo.id}`);
});

test('a damaged orthophoto shows a clear message on the map, and the rest of the page keeps working', async ({ page }) => {
	const request = page.request;
	const { readFileSync } = await import('node:fs');
	const { join } = await import('node:path');
	const demoDir = join(import.meta.dirname, '..', '..', 'server', 'demo', 'prairie-naip');
	// Headers and overview intact (the import accepts it), full-resolution blocks overwritten:
	// the kind of damage a broken copy of a delivery leaves.
	const tif = readFileSync(join(demoDir, 'ortho-2020.tif'));
	tif.fill(0x5a, 1_200_000, tif.length - 1000);
	const { uploadId } = await (await request.post('/api/uploads')).json();
	for (const [name, data] of [['occupation.gpkg', readFileSync(join(demoDir, 'occupation_sol.gpkg'))], ['damaged.tif', tif]] as const) {
		expect((await request.put(`/api/uploads/${uploadId}/files/${name}`, { data })).status()).toBe(201);
	}
	const created = await request.post('/api/campaigns', {
		data: { uploadId, name: 'Livraison abîmée', landcover: 'occupation.gpkg', classField: 'code_cs', ortho: ['damaged.tif'], tiling: { mode: 'grid', size: 1000 } }
	});
	const { jobId } = await created.json();
	let job: { status: string; campaignId: number };
	await expect
		.poll(async () => (job = await (await request.get(`/api/jobs/${jobId}`)).json()).status, { timeout: 30_000 })
		.toBe('done');
	// The finished job's page stays, with the manager's next steps (it no longer jumps to the campaign).
	await page.goto(`/jobs/${jobId}`);
	await expect(page.getByTestId('job-done')).toBeVisible();
	const steps = page.getByTestId('next-steps');
	await expect(steps.locator('li')).toHaveText([/Inviter les partenaires/, /Attribuer les tuiles/, /Régler l’échantillon/, /Ouvrir la campagne/]);
	await expect(steps.getByTestId('next-step-assign')).toHaveAttribute('href', `/campaigns/${job!.campaignId}?view=assignment`);
	await expect(page).toHaveURL(new RegExp(`/jobs/${jobId}$`));
	// Not the demo campaign: the demo's credits are not in the footer.
	await page.goto(`/campaigns/${job!.campaignId}`);
	await expect(page.getByTestId('footer-sources')).toHaveCount(0);

	const tiles = await (await request.get(`/api/campaigns/${job!.campaignId}/tiles`)).json();
	// The south-east tile: its pixels sit in the last (overwritten) blocks of the file.
	const corner = (f: { properties: { name: string } }) => f.properties.name.split('_').map(Number);
	const busiest = [...tiles.features].sort((a, b) => corner(b)[0] - corner(a)[0] || corner(a)[1] - corner(b)[1])[0];

	await page.goto(`/campaigns/${job!.campaignId}/tiles/${busiest.id}`);
	// In the UI's language (French by default), naming the file.
	await expect(page.getByTestId('imagery-error')).toContainText('« damaged.tif » est endommagé', { timeout: 20_000 });
	// The land cover still shows and the panel still answers.
	await expect.poll(() => page.evaluate(() => window.__recetteMaps!.tile.queryRenderedFeatures({ layers: ['landcover-fill'] }).length), { timeout: 15_000 }).toBeGreaterThan(0);
	await expect(page.getByTestId('tile-feature-count')).toContainText(String(busiest.properties.feature_count));
});
