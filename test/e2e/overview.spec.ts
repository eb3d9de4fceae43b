/**
 * The campaign overview and the reviewer's path from the home page, in a real Chromium against the
 * demo server: "Continuer", "et N autres" leading to "my tiles" on the overview, the table's filters
 * also filtering the map, the hover card, the map above the fold, and each role addressed as itself.
 */
import { expect, test, type Page } from '@playwright/test';
import { demoCampaign, signIn, tilePoint } from './helpers.ts';

const OUEST = 'Commune de Prairie-Ouest (démo)';

/** Feature-state flag `name` of each tile on the overview map. */
function mapFlags(page: Page, name: string, ids: number[]): Promise<boolean[]> {
	return page.evaluate(
		({ name, ids }) => ids.map((id) => window.__recetteMaps!.campaign.getFeatureState({ source: 'tiles', id })[name] === true),
		{ name, ids }
	);
}

async function overviewOf(page: Page, campaignId: number) {
	return (await (await page.request.get(`/api/campaigns/${campaignId}/assignments`)).json()) as {
		organisations: { id: number; name: string }[];
		tiles: Record<string, number[]>;
	};
}

test('a reviewer continues from the home page, and "and N others" opens their tiles on the overview, map included', async ({ page }) => {
	await signIn(page, 'reviewer1@demo.local');
	const { id } = await demoCampaign(page.request);
	const overview = await overviewOf(page, id);
	const ouest = overview.organisations.find((o) => o.name === OUEST)!.id;
	const mine = Object.entries(overview.tiles).filter(([, orgs]) => orgs.includes(ouest)).map(([tileId]) => Number(tileId));
	const tiles = (await (await page.request.get(`/api/campaigns/${id}/tiles`)).json()) as { features: { id: number; properties: { name: string } }[] };
	const others = tiles.features.map((f) => f.id).filter((tileId) => !mine.includes(tileId));
	expect(mine.length).toBeGreaterThan(6);

	await page.goto('/');
	const card = page.locator(`[data-testid="my-tiles-campaign"][data-campaign-id="${id}"]`);
	await expect(card.getByTestId('my-tiles-continue')).toContainText('Continuer : tuile suivante à relire');
	const next = await card.getByTestId('my-tiles-continue').getAttribute('href');
	expect(mine.map((tileId) => `/campaigns/${id}/tiles/${tileId}`)).toContain(next);

	await card.getByTestId('my-tiles-more').click();
	await expect(page).toHaveURL(new RegExp(`/campaigns/${id}\\?filter=mine$`));
	await expect(page.getByTestId('campaign-map')).toHaveAttribute('data-loaded', 'true', { timeout: 30_000 });
	await expect(page.getByTestId('tile-filter-mine')).toBeChecked();
	await expect(page.getByTestId('tile-row')).toHaveCount(mine.length);
	await expect(page.locator('[data-testid="tile-row"][data-mine="false"]')).toHaveCount(0);
	// The map shows the same tiles: theirs outlined, the others faded.
	await expect.poll(() => mapFlags(page, 'mine', mine)).toEqual(mine.map(() => true));
	await expect.poll(() => mapFlags(page, 'hidden', others)).toEqual(others.map(() => true));
	expect(await mapFlags(page, 'hidden', mine)).toEqual(mine.map(() => false));

	// The search narrows both the table and the map.
	const one = tiles.features.find((f) => f.id === mine[0])!;
	await page.getByTestId('tile-search').fill(one.properties.name);
	await expect(page.getByTestId('tile-row')).toHaveCount(1);
	await expect.poll(() => mapFlags(page, 'hidden', mine.slice(1))).toEqual(mine.slice(1).map(() => true));
	expect(await mapFlags(page, 'hidden', [one.id])).toEqual([false]);
	await page.getByTestId('tile-filter-reset').click();
	await expect(page.getByTestId('tile-row')).toHaveCount(tiles.features.length);
	await expect.poll(() => mapFlags(page, 'hidden', others)).toEqual(others.map(() => false));

	// The overview has the same "continue" action.
	await page.getByTestId('next-tile-link').click();
	await expect(page).toHaveURL(new RegExp(`/campaigns/${id}/tiles/\\d+$`));
	await expect(page.getByTestId('tile-review-right')).toHaveAttribute('data-may-review', 'true');
});

test('the overview at 1440×900: the whole map above the fold, tile names on hover, the manager addressed as manager', async ({ page }) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	await signIn(page, 'manager@demo.local');
	const { id } = await demoCampaign(page.request);
	const overview = await overviewOf(page, id);
	const ouest = overview.organisations.find((o) => o.name === OUEST)!.id;
	const tiles = (await (await page.request.get(`/api/campaigns/${id}/tiles`)).json()) as { features: { id: number; properties: { name: string } }[] };

	await page.goto(`/campaigns/${id}`);
	await expect(page.getByTestId('campaign-map')).toHaveAttribute('data-loaded', 'true', { timeout: 30_000 });
	const map = (await page.getByTestId('campaign-map').boundingBox())!;
	expect(map.y + map.height).toBeLessThanOrEqual(900);
	expect(map.height).toBeGreaterThan(450);
	// The legend counts every tile.
	const counts = await page.locator('[data-testid^="status-count-"]').allTextContents();
	expect(counts.reduce((s, c) => s + Number(c.replace(/\D/g, '')), 0)).toBe(tiles.features.length);

	// Hovering a tile names it, its organisation, and what the manager may do there (a tile in the upper
	// half of the map, clear of the legend).
	let ouestTile: (typeof tiles.features)[number] | undefined;
	let p = { x: 0, y: 0 };
	for (const f of tiles.features.filter((f) => overview.tiles[f.id]?.length === 1 && overview.tiles[f.id][0] === ouest)) {
		p = await tilePoint(page, f.id);
		if (p.y > 40 && p.y < map.height / 2 && p.x > 40 && p.x < map.width - 60) {
			ouestTile = f;
			break;
		}
	}
	if (!ouestTile) throw new Error('no tile of the commune in the upper half of the map');
	await page.mouse.move(map.x + p.x, map.y + p.y);
	const card = page.getByTestId('map-tile-card');
	await expect(card).toContainText(`Tuile ${ouestTile.properties.name}`);
	await expect(card).toContainText(`À relire par : ${OUEST}`);
	await expect(card.getByTestId('map-card-right')).toHaveText('Vous pouvez la relire (gestionnaire de la campagne)');
	await expect(card).not.toContainText('votre organisation');

	// The organisation filter filters the map too.
	await page.getByTestId('tile-filter-organisation').selectOption(String(ouest));
	const theirs = tiles.features.filter((f) => overview.tiles[f.id]?.includes(ouest)).map((f) => f.id);
	await expect(page.getByTestId('tile-row')).toHaveCount(theirs.length);
	const rest = tiles.features.map((f) => f.id).filter((tileId) => !theirs.includes(tileId));
	await expect.poll(() => mapFlags(page, 'hidden', rest)).toEqual(rest.map(() => true));
});

test('an observer is not asked to review: no "my tiles to review", no "continue"', async ({ page }) => {
	await signIn(page, 'observer@demo.local');
	const { id } = await demoCampaign(page.request);
	await page.goto('/');
	await expect(page.getByTestId('campaign-table')).toBeVisible();
	await expect(page.getByTestId('my-tiles')).toHaveCount(0);
	await expect(page.getByTestId('my-tiles-continue')).toHaveCount(0);
	// The demo delivery's credits belong to the demo campaign's pages, not to the home page.
	await expect(page.getByTestId('footer-sources')).toHaveCount(0);
	await page.goto(`/campaigns/${id}`);
	await expect(page.getByTestId('campaign-map')).toHaveAttribute('data-loaded', 'true', { timeout: 30_000 });
	await expect(page.getByTestId('footer-sources')).toContainText('NAIP');
	await expect(page.getByTestId('next-tile')).toHaveCount(0);
	const tiles = (await (await page.request.get(`/api/campaigns/${id}/tiles`)).json()) as { features: { id: number }[] };
	const box = (await page.getByTestId('campaign-map').boundingBox())!;
	const p = await tilePoint(page, tiles.features[Math.floor(tiles.features.length / 2)].id);
	await page.mouse.move(box.x + p.x, box.y + p.y);
	await expect(page.getByTestId('map-card-right')).toHaveText('Consultation seule');
});

test('the overview follows statuses live: a tile the manager validates turns validated in the table, legend and progress', async ({ page, browser }) => {
	await signIn(page, 'observer@demo.local');
	const { id } = await demoCampaign(page.request);
	const tiles = (await (await page.request.get(`/api/campaigns/${id}/tiles`)).json()) as { features: { id: number; properties: { status: string } }[] };
	const tile = tiles.features.find((f) => f.properties.status !== 'validated')!;
	const validatedBefore = tiles.features.filter((f) => f.properties.status === 'validated').length;
	const doneBefore = tiles.features.filter((f) => f.properties.status === 'validated' || f.properties.status === 'reviewed').length;
	await page.goto(`/campaigns/${id}`);
	await expect(page.getByTestId('campaign-map')).toHaveAttribute('data-loaded', 'true', { timeout: 30_000 });

	const manager = await browser.newContext();
	const managerPage = await manager.newPage();
	await signIn(managerPage, 'manager@demo.local');
	try {
		const r = await managerPage.request.post(`/api/campaigns/${id}/tiles/${tile.id}/validate`);
		expect(r.status(), await r.text()).toBe(200);
		// No reload: the page hears it from the campaign's feed.
		await expect(page.locator(`[data-testid="tile-row"][data-tile-id="${tile.id}"]`)).toHaveAttribute('data-status', 'validated', { timeout: 15_000 });
		await expect(page.getByTestId('status-count-validated')).toHaveText(String(validatedBefore + 1));
		await expect(page.getByTestId('campaign-progress')).toContainText(`${doneBefore + 1} / ${tiles.features.length} tuiles relues`);
	} finally {
		// Leave the demo as it was for the other tests.
		await managerPage.request.post(`/api/campaigns/${id}/tiles/${tile.id}/reopen`);
		await manager.close();
	}
});
