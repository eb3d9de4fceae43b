/**
 * Tile assignment in a real Chromium against the demo server: the manager picks tiles on the map and
 * gives them to an organisation; a reviewer finds their tiles first on the home page.
 */
import { expect, test } from '@playwright/test';
import { demoCampaign, signIn, tilePoint } from './helpers.ts';

const EST = 'Communauté de communes des Prairies-Est (démo)';
const OUEST = 'Commune de Prairie-Ouest (démo)';

test('the manager selects two tiles on the map and assigns them to an organisation', async ({ page }) => {
	await signIn(page, 'manager@demo.local');
	const { id } = await demoCampaign(page.request);
	const before = (await (await page.request.get(`/api/campaigns/${id}/assignments`)).json()) as {
		organisations: { id: number; name: string; tileCount: number }[];
		tiles: Record<string, number[]>;
	};
	const est = before.organisations.find((o) => o.name === EST)!;
	const ouest = before.organisations.find((o) => o.name === OUEST)!;
	const tiles = (await (await page.request.get(`/api/campaigns/${id}/tiles`)).json()) as { features: { id: number; properties: { name: string } }[] };
	// Two tiles of the commune on the top row (the status legend covers the bottom-left corner of the map).
	const picked = ['0486_5210', '0487_5210'].map((name) => tiles.features.find((f) => f.properties.name === name)!.id);
	for (const tileId of picked) expect(before.tiles[tileId]).toEqual([ouest.id]);

	await page.goto(`/campaigns/${id}`);
	await expect(page.getByTestId('campaign-map')).toHaveAttribute('data-loaded', 'true', { timeout: 30_000 });
	await page.getByTestId('assign-view-assignment').check();
	await expect(page.getByTestId('assign-panel')).toBeVisible();
	await page.getByTestId('assign-org').selectOption({ label: EST });
	const estCount = page.locator(`[data-testid="assign-count"][data-organisation-id="${est.id}"] [data-testid="assign-count-value"]`);
	await expect(estCount).toHaveText(/^15 /);

	const map = page.getByTestId('campaign-map');
	for (const tileId of picked) await map.click({ position: await tilePoint(page, tileId) });
	await expect(page.getByTestId('assign-selected-count')).toHaveText(/^2 /);
	// Clicking selects in the assignment view: the page must not have navigated to a tile.
	await expect(page).toHaveURL(new RegExp(`/campaigns/${id}$`));

	await page.getByTestId('assign-apply').click();
	await expect(estCount).toHaveText(/^17 /);
	await expect(page.getByTestId('assign-message')).toContainText('17');
	await expect(page.getByTestId('assign-selected-count')).toHaveText(/^0 /);

	const after = (await (await page.request.get(`/api/campaigns/${id}/assignments`)).json()) as { tiles: Record<string, number[]> };
	for (const tileId of picked) expect(after.tiles[tileId]).toContain(est.id);
	// The status view is still the default for everyone else: table rows are there.
	await expect(page.getByTestId('tile-row').first()).toBeVisible();
});

test('shift-dragging a box selects every tile it covers', async ({ page }) => {
	await signIn(page, 'manager@demo.local');
	const { id } = await demoCampaign(page.request);
	const tiles = (await (await page.request.get(`/api/campaigns/${id}/tiles`)).json()) as { features: { id: number; properties: { name: string } }[] };
	const byName = (name: string) => tiles.features.find((f) => f.properties.name === name)!.id;
	await page.goto(`/campaigns/${id}`);
	await expect(page.getByTestId('campaign-map')).toHaveAttribute('data-loaded', 'true', { timeout: 30_000 });
	await page.getByTestId('assign-view-assignment').check();
	await expect(page.getByTestId('assign-panel')).toBeVisible();
	// From the centre of a tile to the centre of its north-east neighbour: a 2 × 2 block (top right, clear of the legend).
	const from = await tilePoint(page, byName('0489_5209'));
	const to = await tilePoint(page, byName('0490_5210'));
	const box = (await page.getByTestId('campaign-map').boundingBox())!;
	await page.keyboard.down('Shift');
	await page.mouse.move(box.x + from.x, box.y + from.y);
	await page.mouse.down();
	await page.mouse.move(box.x + (from.x + to.x) / 2, box.y + (from.y + to.y) / 2, { steps: 4 });
	await page.mouse.move(box.x + to.x, box.y + to.y, { steps: 4 });
	await page.mouse.up();
	await page.keyboard.up('Shift');
	await expect(page.getByTestId('assign-selected-count')).toHaveText(/^4 /);
});

test('reviewer1 sees "my tiles" first on the home page, with links to their next tiles', async ({ page }) => {
	await signIn(page, 'reviewer1@demo.local');
	await page.goto('/');
	const mine = page.getByTestId('my-tiles');
	await expect(mine).toBeVisible();
	await expect(page.getByTestId('my-tiles-progress')).toHaveText(/0\s*\/\s*15/);
	const links = mine.getByTestId('my-tile-link');
	await expect(links.first()).toBeVisible();
	// "My tiles" comes before the campaign list.
	const myBox = await mine.boundingBox();
	const tableBox = await page.getByTestId('campaign-table').boundingBox();
	expect(myBox!.y).toBeLessThan(tableBox!.y);
	await links.first().click();
	await expect(page).toHaveURL(/\/campaigns\/\d+\/tiles\/\d+$/);
	// The tile page says it is theirs to review; a tile of the other partner is read-only for them.
	await expect(page.getByTestId('tile-review-right')).toHaveAttribute('data-may-review', 'true');
	const { id } = await demoCampaign(page.request);
	const overview = (await (await page.request.get(`/api/campaigns/${id}/assignments`)).json()) as { organisations: { id: number; name: string }[]; tiles: Record<string, number[]> };
	const ouest = overview.organisations.find((o) => o.name === OUEST)!.id;
	const theirs = Object.entries(overview.tiles).find(([, orgs]) => orgs.length > 0 && !orgs.includes(ouest))![0];
	await page.goto(`/campaigns/${id}/tiles/${theirs}`);
	await expect(page.getByTestId('tile-review-right')).toHaveAttribute('data-may-review', 'false');
	await expect(page.getByTestId('tile-review-right')).toHaveText('Consultation seule');
});

test('the manager, who reviews nothing, gets no "my tiles" section', async ({ page }) => {
	await signIn(page, 'manager@demo.local');
	await page.goto('/');
	await expect(page.getByTestId('campaign-table')).toBeVisible();
	await expect(page.getByTestId('my-tiles')).toHaveCount(0);
});

test('tiles another organisation holds: "add" shares them (hatched), again says "already", "replace" takes them back', async ({ page }) => {
	await signIn(page, 'manager@demo.local');
	const { id } = await demoCampaign(page.request);
	const name = `Syndicat des eaux (e2e ${Date.now()})`;
	const created = await page.request.post('/api/organisations', { data: { name, kind: 'other' } });
	expect(created.status(), await created.text()).toBe(201);
	const org = (await created.json()) as { id: number };
	type Overview = { organisations: { id: number; name: string; tileCount: number }[]; tiles: Record<string, number[]> };
	const before = (await (await page.request.get(`/api/campaigns/${id}/assignments`)).json()) as Overview;
	const est = before.organisations.find((o) => o.name === EST)!;

	await page.goto(`/campaigns/${id}`);
	await expect(page.getByTestId('campaign-map')).toHaveAttribute('data-loaded', 'true', { timeout: 30_000 });
	await page.getByTestId('assign-view-assignment').check();
	await page.getByTestId('assign-org').selectOption({ label: name });
	// Nobody reviews for the new organisation yet: the panel says so and links to the invitation form.
	await expect(page.getByTestId('assign-no-reviewer')).toContainText(`Personne ne relit encore pour ${name}`);
	await expect(page.getByTestId('assign-invite-reviewer')).toHaveAttribute('href', `/campaigns/${id}/members?organisation=${org.id}#invite-title`);

	// Two tiles only the Est community holds, in the upper half of the map (clear of the legend).
	const box = (await page.getByTestId('campaign-map').boundingBox())!;
	const candidates = Object.entries(before.tiles).filter(([, orgs]) => orgs.length === 1 && orgs[0] === est.id).map(([tileId]) => Number(tileId));
	const picked: number[] = [];
	for (const tileId of candidates) {
		const p = await tilePoint(page, tileId);
		if (p.y > 40 && p.y < box.height / 2 && p.x > 40 && p.x < box.width - 60) picked.push(tileId);
		if (picked.length === 2) break;
	}
	expect(picked).toHaveLength(2);
	const map = page.getByTestId('campaign-map');
	const pick = async () => {
		for (const tileId of picked) await map.click({ position: await tilePoint(page, tileId) });
		await expect(page.getByTestId('assign-selected-count')).toHaveText(/^2 /);
	};
	const orgCount = page.locator(`[data-testid="assign-count"][data-organisation-id="${org.id}"] [data-testid="assign-count-value"]`);
	const estCount = page.locator(`[data-testid="assign-count"][data-organisation-id="${est.id}"] [data-testid="assign-count-value"]`);
	const estBefore = Number((await estCount.textContent())!.match(/\d+/)![0]);

	await pick();
	await expect(page.getByTestId('assign-held-by-others')).toContainText(`2 de ces tuiles sont déjà attribuées à une autre organisation (${EST})`);
	await page.getByTestId('assign-apply').click();
	await expect(page.getByTestId('assign-message')).toContainText(`2 tuiles attribuées à ${name}`);
	await expect(orgCount).toHaveText(/^2 /);
	await expect(estCount).toHaveText(new RegExp(`^${estBefore} `));
	// Shared tiles are counted and hatched on the map.
	await expect(page.getByTestId('assign-shared')).toContainText('partagées entre organisations');
	const shared = () => page.evaluate((ids) => ids.map((tileId) => window.__recetteMaps!.campaign.getFeatureState({ source: 'tiles', id: tileId }).shared === true), picked);
	await expect.poll(shared).toEqual([true, true]);

	// The same tiles again: nothing changes, and the panel says why instead of "0 tiles".
	await pick();
	await page.getByTestId('assign-apply').click();
	await expect(page.getByTestId('assign-message')).toContainText(`Déjà attribuées : les 2 tuiles sélectionnées sont déjà à ${name}`);

	// Replace: the tiles are the new organisation's alone.
	await pick();
	await page.getByTestId('assign-replace').click();
	await expect(page.getByTestId('assign-message')).toContainText(`retirées à : ${EST} (2)`);
	await expect(estCount).toHaveText(new RegExp(`^${estBefore - 2} `));
	await expect.poll(shared).toEqual([false, false]);
	const after = (await (await page.request.get(`/api/campaigns/${id}/assignments`)).json()) as Overview;
	for (const tileId of picked) expect(after.tiles[tileId]).toEqual([org.id]);
});
