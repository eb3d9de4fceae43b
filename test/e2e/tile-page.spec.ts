/**
 * The tile page beyond drawing (issues 13 and 14), in real Chromium against the production server:
 * a manager validates a tile and the reviewer on it becomes read-only live (then reopens it); a
 * tile's history and the restore of a deleted defect; the coordinates readout on a Lambert-93
 * campaign; reference layers (a manager adds one, the page's CSP lets it through after a reload);
 * display settings surviving a reload; MapLibre's controls in the UI's language; the keyboard's
 * way to a polygon and its area; side by side fitting the tile; the header keeping its height; N / P
 * within "my tiles" and "continue: next tile to review".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { demoCampaign, reviewerTiles, signIn, type TileRef } from './helpers.ts';

test.describe.configure({ timeout: 180_000 });

const BASE_URL = `http://127.0.0.1:${process.env.E2E_PORT ?? 4317}`;

async function signedInPage(browser: Browser, email: string, lang: 'fr' | 'en' = 'fr'): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	await context.addCookies([{ name: 'lang', value: lang, url: BASE_URL }]);
	const page = await context.newPage();
	await signIn(page, email);
	return page;
}

/** The busiest tiles' land cover takes a while to parse when the shared machine is loaded. */
async function waitForMap(page: Page): Promise<void> {
	await expect(page.getByTestId('tile-map')).toHaveAttribute('data-loaded', 'true', { timeout: 60_000 });
}

/** Open a tile and wait for its map and, for those who read reviews, the review synced. */
async function openTile(page: Page, campaignId: number, tileId: number, review = true): Promise<void> {
	await page.goto(`/campaigns/${campaignId}/tiles/${tileId}`);
	await waitForMap(page);
	if (review) await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
}

/** Collect the page's Content-Security-Policy refusals. */
async function watchCsp(page: Page): Promise<string[]> {
	const violations: string[] = [];
	page.on('console', (msg) => {
		if (/Refused to/i.test(msg.text())) violations.push(msg.text());
	});
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to load: ${e.violatedDirective} ${e.blockedURI}`));
	});
	return violations;
}

let campaignId: number;
let tiles: TileRef[];

test.beforeAll(async ({ browser }) => {
	const page = await signedInPage(browser, 'reviewer1@demo.local');
	campaignId = (await demoCampaign(page.request)).id;
	tiles = await reviewerTiles(page.request, campaignId);
	expect(tiles.length).toBeGreaterThan(12);
	await page.context().close();
});

test('a manager validates a tile: the reviewer on it becomes read-only at once; reopened, they may review again', async ({ browser }) => {
	const tile = tiles[8];
	const reviewer = await signedInPage(browser, 'reviewer1@demo.local');
	const manager = await signedInPage(browser, 'manager@demo.local');
	await openTile(reviewer, campaignId, tile.id);
	await openTile(manager, campaignId, tile.id);
	await expect(reviewer.getByTestId('draw-toolbar')).toBeVisible();
	await expect(reviewer.getByTestId('tile-review-right')).toHaveAttribute('data-may-review', 'true');
	// Reviewers get no validation button.
	await expect(reviewer.getByTestId('tile-validate')).toHaveCount(0);

	// The manager asks, is told what it does, confirms.
	await manager.getByTestId('tile-validate').click();
	const dialog = manager.getByTestId('decision-dialog');
	await expect(dialog).toBeVisible();
	await expect(dialog).toContainText('plus personne ne peut la modifier');
	await manager.screenshot({ path: test.info().outputPath('01-validate-dialog-fr.png') });
	await manager.getByTestId('decision-confirm').click();
	await expect(dialog).toBeHidden();
	await expect(manager.getByTestId('tile-status-live')).toHaveAttribute('data-status', 'validated');
	await expect(manager.getByTestId('tile-reopen')).toBeVisible();
	await expect(manager.getByTestId('draw-toolbar')).toHaveCount(0, { timeout: 10_000 });

	// The reviewer's page follows without a reload: status, right, tools, verdict form.
	await expect(reviewer.getByTestId('tile-status-live')).toHaveAttribute('data-status', 'validated', { timeout: 10_000 });
	await expect(reviewer.getByTestId('tile-status')).toContainText('Validée');
	await expect(reviewer.getByTestId('tile-review-right')).toHaveAttribute('data-may-review', 'false');
	await expect(reviewer.getByTestId('tile-review-right')).toHaveText('Validée : consultation seule');
	await expect(reviewer.getByTestId('draw-toolbar')).toHaveCount(0);
	await expect(reviewer.getByTestId('review-read-only')).toContainText('Un responsable a validé cette tuile');
	await reviewer.getByTestId('review-tab-verdicts').click();
	await expect(reviewer.getByTestId('verdict-form')).toHaveCount(0);
	// D draws nothing any more.
	await reviewer.keyboard.press('d');
	await expect(reviewer.getByTestId('draw-help')).toHaveCount(0);
	await reviewer.screenshot({ path: test.info().outputPath('02-reviewer-validated-fr.png') });

	// Reopened: the reviewer may review again, live.
	await manager.getByTestId('tile-reopen').click();
	await expect(dialog).toContainText('pourront de nouveau la modifier');
	await manager.getByTestId('decision-confirm').click();
	await expect(reviewer.getByTestId('tile-status-live')).not.toHaveAttribute('data-status', 'validated', { timeout: 10_000 });
	await expect(reviewer.getByTestId('draw-toolbar')).toBeVisible({ timeout: 10_000 });
	await expect(reviewer.getByTestId('tile-review-right')).toHaveAttribute('data-may-review', 'true');
	await expect(manager.getByTestId('tile-validate')).toBeVisible();
	await reviewer.context().close();
	await manager.context().close();
});

test('history: the manager reads who changed what, and restores a deleted defect for everyone', async ({ browser }) => {
	const tile = tiles[9];
	const reviewer = await signedInPage(browser, 'reviewer1@demo.local');
	const manager = await signedInPage(browser, 'manager@demo.local');
	await openTile(reviewer, campaignId, tile.id);
	await openTile(manager, campaignId, tile.id);
	const reviewerName = ((await (await reviewer.request.get('/api/auth/me')).json()) as { user: { name: string } }).user.name;
	// Reviewers have no history tab.
	await expect(reviewer.getByTestId('review-tab-history')).toHaveCount(0);

	// The reviewer reports a point from the keyboard (first category), then deletes it.
	await reviewer.keyboard.press('d');
	await expect(reviewer.getByTestId('draw-crosshair')).toBeVisible();
	await reviewer.keyboard.press('Enter');
	await expect(reviewer.getByTestId('draft-form')).toBeVisible();
	await reviewer.keyboard.press('1');
	const category = (await reviewer.getByTestId('quick-category').first().textContent())!.replace(/^\s*1\s*/, '').trim();
	await reviewer.keyboard.press('Enter');
	await expect(reviewer.getByTestId('defect-row')).toHaveCount(1);
	await reviewer.keyboard.press('Delete');
	await expect(reviewer.getByTestId('defect-row')).toHaveCount(0);
	await expect(reviewer.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'synced');

	// The manager's history: newest first, in sentences, with the reviewer's name.
	await manager.getByTestId('review-tab-history').click();
	const entries = manager.getByTestId('history-entry');
	await expect(entries).toHaveCount(2, { timeout: 10_000 });
	await expect(entries.nth(0)).toHaveAttribute('data-action', 'delete');
	await expect(entries.nth(0)).toContainText(reviewerName);
	await expect(entries.nth(0)).toContainText(`a supprimé son défaut « ${category} »`);
	await expect(entries.nth(1)).toContainText(`a signalé un défaut « ${category} » (mineur)`);
	await manager.screenshot({ path: test.info().outputPath('03-history-fr.png') });

	// Restored: back on the tile for both, and said in the history.
	await entries.nth(0).getByTestId('history-restore').click();
	await expect(manager.getByTestId('history-message')).toContainText('Le défaut est de retour');
	await expect(reviewer.getByTestId('defect-row')).toHaveCount(1, { timeout: 10_000 });
	await manager.getByTestId('review-tab-defects').click();
	await expect(manager.getByTestId('defect-row')).toHaveCount(1);
	await manager.getByTestId('review-tab-history').click();
	await expect(entries.first()).toHaveAttribute('data-action', 'restore', { timeout: 10_000 });
	await expect(entries.first()).toContainText(`a rétabli le défaut « ${category} »`);
	await expect(manager.getByTestId('history-restore')).toHaveCount(0);
	await reviewer.context().close();
	await manager.context().close();
});

test('the map speaks the UI language: MapLibre controls and the map name, in French then English; names of participants, not numbers', async ({ browser }) => {
	const tile = tiles[10];
	const page = await signedInPage(browser, 'reviewer1@demo.local');
	await openTile(page, campaignId, tile.id);
	const map = page.getByTestId('tile-map');
	await expect(map.locator('.maplibregl-ctrl-zoom-in')).toHaveAttribute('title', 'Zoomer');
	await expect(map.locator('.maplibregl-ctrl-zoom-out')).toHaveAttribute('aria-label', 'Dézoomer');
	await expect(map.locator('.maplibregl-ctrl-attrib-button')).toHaveAttribute('title', 'Afficher ou masquer les crédits');
	await expect(map.locator('canvas')).toHaveAttribute('aria-label', `Carte de la tuile ${tile.name}`);
	await page.getByTestId('lang-switch').getByRole('button', { name: /english/i }).click();
	await expect(map.locator('.maplibregl-ctrl-zoom-in')).toHaveAttribute('title', 'Zoom in');
	await expect(map.locator('canvas')).toHaveAttribute('aria-label', `Map of tile ${tile.name}`);
	await expect(page.getByTestId('map-status')).toContainText('Scale 1:');
	await page.screenshot({ path: test.info().outputPath('04-tile-en.png') });
	await page.context().close();
});

test('display settings survive a reload; outlines keep their class colours with their own opacity; side by side fits the tile', async ({ browser }) => {
	const tile = tiles[11];
	const page = await signedInPage(browser, 'reviewer1@demo.local');
	await openTile(page, campaignId, tile.id);
	await page.getByTestId('landcover-outline').check();
	// In outline-only mode the slider sets the outlines' opacity (it stays usable).
	const slider = page.getByTestId('landcover-opacity');
	await expect(slider).toBeEnabled();
	// A range input is set like a person dragging it: its value, then an input event.
	await slider.evaluate((input: HTMLInputElement) => {
		input.value = '0.3';
		input.dispatchEvent(new Event('input', { bubbles: true }));
	});
	await page.getByTestId('compare-mode').locator('[data-mode="side"]').check({ force: true });
	await expect(page.getByTestId('tile-map-previous')).toBeVisible();
	const paint = () =>
		page.evaluate(() => {
			const m = window.__recetteMaps!.tile;
			return { line: m.getPaintProperty('landcover-line', 'line-opacity'), fill: m.getPaintProperty('landcover-fill', 'fill-opacity'), color: m.getPaintProperty('landcover-line', 'line-color') };
		});
	await expect.poll(async () => (await paint()).line).toBe(0.3);
	expect((await paint()).fill).toBe(0);
	expect(JSON.stringify((await paint()).color)).toContain('class_color');

	// Side by side: the tile is fitted to the half pane (wholly in view, not lost in it).
	const tileBBox = ((await (await page.request.get(`/api/campaigns/${campaignId}/tiles/${tile.id}`)).json()) as { bbox: number[] }).bbox;
	const fitted = () =>
		page.evaluate((bbox) => {
			const m = window.__recetteMaps!.tile;
			const b = m.getBounds();
			const inside = b.contains([bbox[0], bbox[1]]) && b.contains([bbox[2], bbox[3]]);
			const share = Math.max((bbox[2] - bbox[0]) / (b.getEast() - b.getWest()), (bbox[3] - bbox[1]) / (b.getNorth() - b.getSouth()));
			return { inside, share };
		}, tileBBox);
	await expect.poll(async () => (await fitted()).inside, { timeout: 10_000 }).toBe(true);
	expect((await fitted()).share).toBeGreaterThan(0.6);
	await page.screenshot({ path: test.info().outputPath('05-side-by-side-outlines-fr.png') });

	await page.reload();
	await waitForMap(page);
	await expect(page.getByTestId('landcover-outline')).toBeChecked();
	await expect(slider).toHaveValue('0.3');
	await expect(page.getByTestId('compare-mode').locator('[data-mode="side"]')).toBeChecked();
	await expect(page.getByTestId('tile-map-previous')).toBeVisible();
	await expect.poll(async () => (await paint()).line).toBe(0.3);
	await page.context().close();
});

test('the keyboard reaches a polygon: Enter on the map selects the one at the centre, with its area; Escape lets go', async ({ browser }) => {
	// A busy tile: land cover under the centre of the map.
	const tile = tiles[7];
	const page = await signedInPage(browser, 'observer@demo.local');
	await openTile(page, campaignId, tile.id);
	// Land cover at the centre of the map.
	await expect
		.poll(() => page.evaluate(() => { const m = window.__recetteMaps!.tile; const c = m.getCanvas(); return m.queryRenderedFeatures([c.clientWidth / 2, c.clientHeight / 2], { layers: ['landcover-fill'] }).length; }), { timeout: 15_000 })
		.toBeGreaterThan(0);
	await page.getByTestId('tile-map').locator('canvas').focus();
	await page.keyboard.press('Enter');
	const attributes = page.getByTestId('feature-attributes');
	await expect(attributes).toBeVisible();
	const area = page.getByTestId('feature-area');
	await expect(area).toContainText(/(m²|ha)/);
	const fid = await attributes.getAttribute('data-fid');
	const served = (await (await page.request.get(`/api/campaigns/${campaignId}/tiles/${tile.id}/landcover`)).json()) as { features: { properties: { fid: number; polygon_area_m2: number } }[] };
	const expected = served.features.find((f) => String(f.properties.fid) === fid)!.properties.polygon_area_m2;
	expect(Number(await area.getAttribute('data-area'))).toBe(expected);
	await page.screenshot({ path: test.info().outputPath('06-keyboard-polygon-fr.png') });
	await page.keyboard.press('Escape');
	await expect(attributes).toHaveCount(0);
	await page.context().close();
});

test('a reviewer goes through their own tiles: N / P stay within them, "continue" leads to the next one to review; the header keeps its height', async ({ browser }) => {
	const page = await signedInPage(browser, 'reviewer1@demo.local');
	const mine = ((await (await page.request.get('/api/me/tiles')).json()) as { campaign: { id: number }; tiles: { id: number; status: string }[] }[])
		.find((c) => c.campaign.id === campaignId)!
		.tiles.map((t) => t.id)
		.sort((a, b) => a - b);
	// A tile of theirs in the middle of their list.
	const here = mine[Math.floor(mine.length / 2)];
	await openTile(page, campaignId, here);
	const height = async () => (await page.locator('.tile-head').boundingBox())!.height;
	const before = await height();
	await expect(page.getByTestId('nav-scope').locator('[data-scope="mine"]')).toBeChecked();
	const next = mine[mine.indexOf(here) + 1];
	const prev = mine[mine.indexOf(here) - 1];
	await expect(page.getByTestId('next-tile')).toHaveAttribute('href', `/campaigns/${campaignId}/tiles/${next}`);
	await expect(page.getByTestId('prev-tile')).toHaveAttribute('href', `/campaigns/${campaignId}/tiles/${prev}`);
	const continueLink = page.getByTestId('continue-tile');
	await expect(continueLink).toHaveText(/Continuer : tuile suivante à relire/);
	const target = Number((await continueLink.getAttribute('href'))!.split('/').pop());
	expect(mine).toContain(target);
	expect(target).not.toBe(here);

	// N goes to the next of their tiles; the header is as high as before.
	await page.keyboard.press('n');
	await expect(page).toHaveURL(new RegExp(`/tiles/${next}$`));
	await waitForMap(page);
	await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
	expect(Math.abs((await height()) - before)).toBeLessThan(1);

	// All tiles: N / P follow the campaign's order again (the choice is remembered).
	await page.getByTestId('nav-scope').locator('[data-scope="all"]').check();
	const detail = (await (await page.request.get(`/api/campaigns/${campaignId}/tiles/${next}`)).json()) as { next: { id: number } | null };
	if (detail.next) await expect(page.getByTestId('next-tile')).toHaveAttribute('href', `/campaigns/${campaignId}/tiles/${detail.next.id}`);
	await page.reload();
	await waitForMap(page);
	await expect(page.getByTestId('nav-scope').locator('[data-scope="all"]')).toBeChecked();
	await page.getByTestId('nav-scope').locator('[data-scope="mine"]').check();

	// Continue.
	await page.getByTestId('continue-tile').click();
	await expect(page).not.toHaveURL(new RegExp(`/tiles/${next}$`));
	await waitForMap(page);
	expect(mine).toContain(Number(page.url().split('/').pop()));
	await page.context().close();
});

test.describe('on a Lambert-93 campaign', () => {
	let lambert: number;
	let tile: { id: number; name: string; extent: { xmin: number; ymax: number }; geometry: { coordinates: number[][][] } };

	test.beforeAll(async ({ browser }) => {
		// A campaign cut in Lambert-93 from IGN's test shapefile (whose .prj names no EPSG code).
		const page = await signedInPage(browser, 'manager@demo.local');
		const request = page.request;
		const { uploadId } = await (await request.post('/api/uploads')).json();
		const dir = join(import.meta.dirname, '..', 'fixtures', 'lambert93');
		for (const ext of ['shp', 'shx', 'dbf', 'prj', 'cpg']) {
			expect((await request.put(`/api/uploads/${uploadId}/files/zones.${ext}`, { data: readFileSync(join(dir, `zones.${ext}`)) })).status()).toBe(201);
		}
		const created = await request.post('/api/campaigns', {
			data: { uploadId, name: 'Gers (Lambert-93)', landcover: 'zones.shp', classField: 'id_zone', tiling: { mode: 'grid', size: 1000 } }
		});
		expect(created.status(), await created.text()).toBe(202);
		const { jobId } = await created.json();
		await expect.poll(async () => (await (await request.get(`/api/jobs/${jobId}`)).json()).status, { timeout: 60_000 }).toBe('done');
		lambert = (await (await request.get(`/api/jobs/${jobId}`)).json()).campaignId;
		const tiles = (await (await request.get(`/api/campaigns/${lambert}/tiles`)).json()) as { features: { id: number }[] };
		tile = await (await request.get(`/api/campaigns/${lambert}/tiles/${tiles.features[0].id}`)).json();
		await page.context().close();
	});

	test('the coordinates readout gives the tile corner in Lambert-93 metres and in WGS84 degrees', async ({ browser }) => {
		const page = await signedInPage(browser, 'manager@demo.local');
		await openTile(page, lambert, tile.id);
		const status = page.getByTestId('map-status');
		await expect(status).toContainText('Lambert-93');
		// The tile's north-west corner: named by it (XXXX_YYYY = its upper-left corner in km).
		expect(tile.name).toBe(`${String(tile.extent.xmin / 1000).padStart(4, '0')}_${String(tile.extent.ymax / 1000).padStart(4, '0')}`);
		const corner = tile.geometry.coordinates[0].reduce((best, p) => (p[1] - p[0] * Math.cos((p[1] * Math.PI) / 180) > best[1] - best[0] * Math.cos((best[1] * Math.PI) / 180) ? p : best));
		const pixel = await page.evaluate((c) => window.__recetteMaps!.tile.project(c as [number, number]), corner);
		const box = (await page.getByTestId('tile-map').boundingBox())!;
		await page.mouse.move(box.x + pixel.x, box.y + pixel.y);
		await expect(page.getByTestId('coords-source')).toHaveText('Pointeur');
		const projected = page.getByTestId('coords-projected');
		// One pixel is about a metre at this zoom.
		await expect.poll(async () => Math.abs(Number(await projected.getAttribute('data-x')) - tile.extent.xmin)).toBeLessThan(3);
		expect(Math.abs(Number(await projected.getAttribute('data-y')) - tile.extent.ymax)).toBeLessThan(3);
		const text = (await projected.textContent())!.replace(/[\u00a0\u202f]/g, ' ');
		expect(text).toMatch(new RegExp(`X (${tile.extent.xmin / 1000}|${tile.extent.xmin / 1000 - 1}) \\d{3},\\d m`));
		const wgs = page.getByTestId('coords-wgs84');
		expect(Math.abs(Number(await wgs.getAttribute('data-lng')) - corner[0])).toBeLessThan(5e-5);
		expect(Math.abs(Number(await wgs.getAttribute('data-lat')) - corner[1])).toBeLessThan(5e-5);
		await expect(wgs).toContainText(/4\d,\d{6}°\sN/);
		await expect(wgs).toContainText(/0,\d{6}°\sE/);
		await page.screenshot({ path: test.info().outputPath('07-coordinates-lambert-fr.png') });
		await page.context().close();
	});

	test("reference layers: a manager adds one from the layer switcher, it shows once the page allows it, and is removed", async ({ browser }) => {
		const page = await signedInPage(browser, 'manager@demo.local');
		const violations = await watchCsp(page);
		// The outside service, answered by the test (the machine is offline).
		const sharp = (await import('sharp')).default;
		const png = await sharp({ create: { width: 256, height: 256, channels: 4, background: { r: 230, g: 0, b: 120, alpha: 1 } } }).png().toBuffer();
		const served: string[] = [];
		await page.route('https://tiles.example/**', (route) => {
			served.push(route.request().url());
			return route.fulfill({ status: 200, contentType: 'image/png', body: png, headers: { 'access-control-allow-origin': '*' } });
		});
		await openTile(page, lambert, tile.id);
		await page.getByTestId('layers-button').click();
		await expect(page.getByTestId('layers-panel')).toContainText('rien n’est téléchargé');
		await page.getByTestId('reference-add').click();
		await page.getByTestId('reference-kind').selectOption('xyz');
		await page.getByTestId('reference-url').fill('https://tiles.example/{z}/{x}/{y}.png');
		await page.getByTestId('reference-label').fill('Tuiles <b>test</b>');
		await page.getByTestId('reference-attribution').fill('© Test <img src=x onerror=alert(1)>');
		await page.screenshot({ path: test.info().outputPath('08-layer-form-fr.png') });
		await page.getByTestId('reference-save').click();
		await expect(page.getByTestId('reference-layer')).toHaveCount(1);
		await expect(page.getByTestId('reference-toggle')).toBeChecked();
		// This page's policy predates the service: the browser refuses it, the page says to reload.
		await expect(page.getByTestId('layers-reload')).toBeVisible({ timeout: 10_000 });
		expect(served).toEqual([]);

		// Leave the old page first: its refused requests may still be reported while a reload starts.
		const here = page.url();
		await page.goto('about:blank');
		violations.length = 0;
		await page.goto(here);
		await waitForMap(page);
		// Switched on still (remembered), fetched, drawn under the land cover, credited as text.
		await expect.poll(() => served.length, { timeout: 15_000 }).toBeGreaterThan(0);
		const order = await page.evaluate(() => window.__recetteMaps!.tile.getStyle().layers.map((l) => l.id));
		expect(order.findIndex((id) => id.startsWith('reference-'))).toBeLessThan(order.indexOf('landcover-fill'));
		await expect(page.getByTestId('tile-map').locator('.maplibregl-ctrl-attrib')).toContainText('© Test <img src=x onerror=alert(1)>');
		await expect(page.getByTestId('tile-map').locator('.maplibregl-ctrl-attrib img')).toHaveCount(0);
		expect(violations).toEqual([]);
		await page.screenshot({ path: test.info().outputPath('09-reference-layer-fr.png') });

		// Switched off: no longer on the map.
		await page.getByTestId('layers-button').click();
		await page.getByTestId('reference-toggle').uncheck();
		await expect.poll(() => page.evaluate(() => window.__recetteMaps!.tile.getStyle().layers.some((l) => l.id.startsWith('reference-')))).toBe(false);
		// Removed (two steps), for good.
		await page.getByTestId('reference-remove').click();
		await page.getByTestId('reference-remove-confirm').click();
		await expect(page.getByTestId('reference-layer')).toHaveCount(0);
		expect((await (await page.request.get(`/api/campaigns/${lambert}/reference-layers`)).json()) as unknown[]).toEqual([]);
		await page.context().close();
	});
});
