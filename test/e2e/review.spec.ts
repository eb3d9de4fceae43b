/**
 * The real-time review on the tile page, in real Chromium against the production server: two people
 * on one tile see each other's defects and cursors live; a reviewer keeps working offline and the
 * server has everything once back online; an observer sees it all without drawing tools; a defect
 * reported from the keyboard alone.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { localCopyName } from '../../src/lib/collab/sync.ts';
import { demoCampaign, reviewerTiles, signIn, type TileRef } from './helpers.ts';

// Two browsers drawing maps on a shared 2-core machine: room to breathe.
test.describe.configure({ timeout: 120_000 });

async function signedInPage(browser: Browser, email: string): Promise<Page> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, email);
	return page;
}

/** The signed-in user's display name (what the others see beside their cursor). */
async function nameOf(page: Page): Promise<string> {
	const me = (await (await page.request.get('/api/auth/me')).json()) as { user?: { name: string }; name?: string };
	return me.user?.name ?? me.name!;
}

/** Open a tile and wait for its map and for the review to be synced with the server. */
async function openTile(page: Page, campaignId: number, tileId: number): Promise<void> {
	await page.goto(`/campaigns/${campaignId}/tiles/${tileId}`);
	await expect(page.getByTestId('tile-map')).toHaveAttribute('data-loaded', 'true', { timeout: 30_000 });
	await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
}

/**
 * Collect Content-Security-Policy violations on a page (the review loads terra-draw, Yjs and
 * IndexedDB under the same policy as the rest of the app: none may be refused).
 */
async function watchCsp(page: Page): Promise<string[]> {
	const violations: string[] = [];
	page.on('console', (msg) => {
		if (/Content.Security.Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
	});
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to load: ${e.violatedDirective} ${e.blockedURI}`));
	});
	return violations;
}

/** A point of the tile map, as a fraction of its box (clear of the toolbar and the controls). */
async function mapPoint(page: Page, fx: number, fy: number): Promise<{ x: number; y: number }> {
	const box = (await page.getByTestId('tile-map').boundingBox())!;
	return { x: box.x + box.width * fx, y: box.y + box.height * fy };
}

/** A point of the tile map on a land-cover polygon and on no defect (from the map itself). */
async function landcoverPoint(page: Page): Promise<{ x: number; y: number }> {
	const p = await page.evaluate(() => {
		const map = window.__recetteMaps!.tile;
		const canvas = map.getCanvas();
		for (let y = canvas.clientHeight * 0.6; y < canvas.clientHeight - 40; y += 15) {
			for (let x = canvas.clientWidth * 0.15; x < canvas.clientWidth * 0.85; x += 15) {
				const box: [[number, number], [number, number]] = [
					[x - 20, y - 20],
					[x + 20, y + 20]
				];
				if (map.queryRenderedFeatures([x, y], { layers: ['landcover-fill'] }).length && !map.queryRenderedFeatures(box, { layers: ['defects-point'] }).length) return { x, y };
			}
		}
		return null;
	});
	expect(p, 'a land-cover polygon on the map').not.toBeNull();
	const box = (await page.getByTestId('tile-map').boundingBox())!;
	return { x: box.x + p!.x, y: box.y + p!.y };
}

let campaignId: number;
let tiles: TileRef[];

test.beforeAll(async ({ browser }) => {
	const page = await signedInPage(browser, 'reviewer1@demo.local');
	campaignId = (await demoCampaign(page.request)).id;
	tiles = await reviewerTiles(page.request, campaignId);
	expect(tiles.length).toBeGreaterThan(4);
	await page.context().close();
});

test('two people on one tile: a defect drawn by one appears live for the other, and so does the cursor', async ({ browser }) => {
	const tile = tiles[0];
	const reviewer = await signedInPage(browser, 'reviewer1@demo.local');
	const manager = await signedInPage(browser, 'manager@demo.local');
	const violations = [...(await Promise.all([watchCsp(reviewer), watchCsp(manager)]))];
	await openTile(reviewer, campaignId, tile.id);
	await openTile(manager, campaignId, tile.id);
	await reviewer.screenshot({ path: test.info().outputPath('01-reviewer-open.png') });

	// Each sees the other on the tile.
	const managerName = await nameOf(manager);
	await expect(reviewer.getByTestId('presence-person')).toContainText(managerName);
	await expect(manager.getByTestId('presence-person')).toContainText(await nameOf(reviewer));

	// The reviewer draws a point and reports it.
	await reviewer.getByTestId('draw-point').click();
	const p = await mapPoint(reviewer, 0.5, 0.55);
	await reviewer.mouse.click(p.x, p.y);
	await expect(reviewer.getByTestId('draft-form')).toBeVisible();
	// The click placed a point: it did not also select the land-cover polygon under it.
	await expect(reviewer.getByTestId('feature-attributes')).toHaveCount(0);
	await reviewer.screenshot({ path: test.info().outputPath('02-reviewer-draft.png') });
	await reviewer.getByTestId('quick-category').nth(2).click();
	await reviewer.getByTestId('severity-major').check();
	await reviewer.getByTestId('defect-comment').fill('Voile sur le champ');
	await reviewer.getByTestId('defect-save').click();
	await expect(reviewer.getByTestId('defect-row')).toHaveCount(1);

	// …and the manager sees it appear, without reloading.
	await expect(manager.getByTestId('defect-row')).toHaveCount(1, { timeout: 10_000 });
	await expect(manager.getByTestId('defect-row')).toContainText('Voile sur le champ');

	// The manager moves the mouse over the map: the reviewer sees the manager's cursor, named.
	const q = await mapPoint(manager, 0.3, 0.4);
	await manager.mouse.move(q.x, q.y);
	await manager.mouse.move(q.x + 20, q.y + 10, { steps: 5 });
	const cursor = reviewer.getByTestId('peer-cursor');
	await expect(cursor).toBeVisible({ timeout: 10_000 });
	await expect(cursor).toContainText(managerName);
	await reviewer.screenshot({ path: test.info().outputPath('03-reviewer-sees-cursor.png') });

	// The reviewer claims the tile: the manager sees it, until it is released.
	await reviewer.getByTestId('claim-button').click();
	await expect(reviewer.getByTestId('claim-button')).toHaveAttribute('aria-pressed', 'true');
	await expect(manager.getByTestId('presence-claim')).toBeVisible({ timeout: 10_000 });
	await manager.screenshot({ path: test.info().outputPath('04-manager.png') });
	await reviewer.getByTestId('claim-button').click();
	await expect(manager.getByTestId('presence-claim')).toHaveCount(0, { timeout: 10_000 });

	// Drawing, syncing and presence under the page's Content-Security-Policy: nothing refused.
	expect(violations.flat()).toEqual([]);
	await reviewer.context().close();
	await manager.context().close();
});

test('the author moves their defect on the map, a manager proposes another class and deletes the defect', async ({ browser }) => {
	const tile = tiles[6];
	const reviewer = await signedInPage(browser, 'reviewer1@demo.local');
	const manager = await signedInPage(browser, 'manager@demo.local');
	await openTile(reviewer, campaignId, tile.id);
	await openTile(manager, campaignId, tile.id);
	const defectsOnServer = async () =>
		((await (await manager.request.get(`/api/campaigns/${campaignId}/defects`)).json()) as { features: { id: string; geometry: { coordinates: number[] } }[] }).features;

	// A point, saved and selected.
	await reviewer.getByTestId('draw-point').click();
	const at = await mapPoint(reviewer, 0.5, 0.5);
	await reviewer.mouse.click(at.x, at.y);
	await reviewer.getByTestId('quick-category').first().click();
	await reviewer.getByTestId('defect-save').click();
	const row = reviewer.getByTestId('defect-row');
	await expect(row).toHaveCount(1);
	const id = (await row.getAttribute('data-defect-id'))!;
	await expect.poll(async () => (await defectsOnServer()).find((f) => f.id === id)?.geometry.coordinates, { timeout: 10_000 }).toBeTruthy();
	const before = (await defectsOnServer()).find((f) => f.id === id)!.geometry.coordinates;

	// Dragged 80 px to the right: the server has the new position, the manager sees it.
	await reviewer.mouse.move(at.x, at.y);
	await reviewer.mouse.down();
	await reviewer.mouse.move(at.x + 40, at.y, { steps: 4 });
	await reviewer.mouse.move(at.x + 80, at.y, { steps: 4 });
	await reviewer.mouse.up();
	await expect
		.poll(async () => (await defectsOnServer()).find((f) => f.id === id)?.geometry.coordinates[0], { timeout: 10_000 })
		.toBeGreaterThan(before[0]);
	expect((await defectsOnServer()).find((f) => f.id === id)!.geometry.coordinates[1]).toBeCloseTo(before[1], 5);

	// The manager clicks a land-cover polygon away from the defect and proposes another class.
	const polygon = await landcoverPoint(manager);
	await manager.mouse.click(polygon.x, polygon.y);
	await expect(manager.getByTestId('feature-attributes')).toBeVisible();
	await manager.getByTestId('correction-propose').click();
	const options = manager.getByTestId('correction-class').locator('option:not([disabled])');
	const to = (await options.first().getAttribute('value'))!;
	await manager.getByTestId('correction-class').selectOption(to);
	await manager.getByTestId('correction-comment').fill('Plutôt une prairie');
	await manager.getByTestId('correction-save').click();
	await expect(manager.getByTestId('correction-row')).toHaveAttribute('data-to', to);
	// The reviewer sees it among the tile's corrections.
	await expect(reviewer.getByTestId('correction-list').locator('li')).toHaveCount(1, { timeout: 10_000 });

	// The manager may delete anyone's defect.
	await manager.locator(`[data-testid="defect-row"][data-defect-id="${id}"]`).click();
	await manager.getByTestId('defect-delete').click();
	await expect(reviewer.getByTestId('defect-row')).toHaveCount(0, { timeout: 10_000 });
	await expect.poll(async () => (await defectsOnServer()).some((f) => f.id === id), { timeout: 10_000 }).toBe(false);

	await reviewer.context().close();
	await manager.context().close();
});

test('offline: a reviewer keeps working, sees what waits, and the server has it all once back online', async ({ browser, playwright }) => {
	const tile = tiles[1];
	const reviewer = await signedInPage(browser, 'reviewer1@demo.local');
	await openTile(reviewer, campaignId, tile.id);
	const indicator = reviewer.getByTestId('sync-indicator');
	// The manager reads the server's projections over HTTP.
	const manager = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
	expect((await manager.post('/api/auth/login', { data: { email: 'manager@demo.local', password: 'demo' } })).status()).toBe(200);

	await reviewer.context().setOffline(true);
	await expect(indicator).toHaveAttribute('data-state', 'offline');

	// A defect…
	await reviewer.getByTestId('draw-point').click();
	const p = await mapPoint(reviewer, 0.45, 0.5);
	await reviewer.mouse.click(p.x, p.y);
	await reviewer.getByTestId('quick-target-landcover').click();
	await reviewer.getByTestId('quick-category').first().click();
	await reviewer.getByTestId('defect-comment').fill('Prairie classée en culture');
	await reviewer.getByTestId('defect-save').click();
	const row = reviewer.getByTestId('defect-row');
	await expect(row).toHaveCount(1);
	const defectId = (await row.getAttribute('data-defect-id'))!;
	// …and a verdict, while offline.
	await reviewer.getByTestId('review-tab-verdicts').click();
	await reviewer.getByTestId('verdict-rejected').check();
	await reviewer.getByTestId('verdict-comment').fill('Trop de confusions prairie / culture');
	await reviewer.getByTestId('verdict-save').click();
	await expect(reviewer.getByTestId('verdict-row')).toHaveCount(1);

	await expect(indicator).toHaveAttribute('data-state', 'offline');
	await expect(indicator).toHaveAttribute('data-pending', '2');
	await expect(indicator).toContainText('Hors ligne · 2 modifications en attente');
	await reviewer.screenshot({ path: test.info().outputPath('05-offline.png') });
	const before = (await (await manager.get(`/api/campaigns/${campaignId}/defects`)).json()) as { features: { id: string }[] };
	expect(before.features.map((f) => f.id)).not.toContain(defectId);

	await reviewer.context().setOffline(false);
	await expect(indicator).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
	await expect(indicator).toHaveAttribute('data-pending', '0');

	const defects = (await (await manager.get(`/api/campaigns/${campaignId}/defects`)).json()) as {
		features: { id: string; properties: { tileId: number; category: string; comment: string; author: { name: string } } }[];
	};
	const stored = defects.features.find((f) => f.id === defectId);
	expect(stored?.properties).toMatchObject({ tileId: tile.id, category: 'landcover_wrong_cover', comment: 'Prairie classée en culture' });
	const verdicts = (await (await manager.get(`/api/campaigns/${campaignId}/verdicts`)).json()) as { tileId: number; verdict: string; comment: string }[];
	expect(verdicts.find((v) => v.tileId === tile.id)).toMatchObject({ verdict: 'rejected', comment: 'Trop de confusions prairie / culture' });

	await manager.dispose();
	await reviewer.context().close();
});

test('an observer sees the work live but gets no drawing tools', async ({ browser }) => {
	const tile = tiles[2];
	const observer = await signedInPage(browser, 'observer@demo.local');
	const reviewer = await signedInPage(browser, 'reviewer1@demo.local');
	await openTile(observer, campaignId, tile.id);
	await openTile(reviewer, campaignId, tile.id);

	await expect(observer.getByTestId('tile-review-right')).toHaveAttribute('data-may-review', 'false');
	await expect(observer.getByTestId('review-read-only')).toBeVisible();
	await expect(observer.getByTestId('draw-toolbar')).toHaveCount(0);
	await expect(observer.getByTestId('claim-button')).toHaveCount(0);
	// Keys do not draw either.
	await observer.keyboard.press('g');
	await expect(observer.getByTestId('draw-help')).toHaveCount(0);

	// The reviewer draws a polygon (three vertices, then a click on the first to close it).
	await reviewer.getByTestId('draw-polygon').click();
	const corners = [
		[0.4, 0.4],
		[0.6, 0.42],
		[0.5, 0.6]
	];
	for (const [fx, fy] of corners) {
		const p = await mapPoint(reviewer, fx, fy);
		await reviewer.mouse.click(p.x, p.y);
	}
	const first = await mapPoint(reviewer, corners[0][0], corners[0][1]);
	await reviewer.mouse.click(first.x, first.y);
	await expect(reviewer.getByTestId('draft-form')).toBeVisible();
	await reviewer.getByTestId('defect-category').selectOption('geometry_blur');
	await reviewer.getByTestId('severity-blocking').check();
	await reviewer.getByTestId('defect-save').click();

	await expect(observer.getByTestId('defect-row')).toHaveCount(1, { timeout: 10_000 });
	await expect(observer.getByTestId('defect-row')).toHaveAttribute('data-category', 'geometry_blur');
	// The observer selects it: details, but no edit or delete.
	await observer.getByTestId('defect-row').click();
	await expect(observer.getByTestId('selected-defect')).toContainText('Bloquant');
	await expect(observer.getByTestId('defect-edit')).toHaveCount(0);
	await expect(observer.getByTestId('defect-delete')).toHaveCount(0);
	// …and the reviewer sees the observer's selection in the observer's colour.
	await expect(reviewer.getByTestId('remote-selection')).toContainText(await nameOf(observer), { timeout: 10_000 });

	// A message in the thread shows live too; the observer cannot post.
	await reviewer.getByTestId('review-tab-thread').click();
	await reviewer.getByTestId('thread-text').fill('Flou visible sur tout le quart nord-est');
	await reviewer.getByTestId('thread-post').click();
	await observer.getByTestId('review-tab-thread').click();
	await expect(observer.getByTestId('thread-message')).toContainText('Flou visible', { timeout: 10_000 });
	await expect(observer.getByTestId('thread-form')).toHaveCount(0);
	await observer.screenshot({ path: test.info().outputPath('06-observer.png') });

	await observer.context().close();
	await reviewer.context().close();
});

test('keyboard only: draw a point, pick its category, save it, delete it', async ({ browser }) => {
	const tile = tiles[3];
	const reviewer = await signedInPage(browser, 'reviewer1@demo.local');
	await openTile(reviewer, campaignId, tile.id);
	const url = reviewer.url();

	await reviewer.keyboard.press('d');
	await expect(reviewer.getByTestId('draw-help')).toBeVisible();
	await expect(reviewer.getByTestId('draw-crosshair')).toBeVisible();
	// The arrows move the map (not to another tile), Enter places the point at the centre.
	await reviewer.keyboard.press('ArrowRight');
	expect(reviewer.url()).toBe(url);
	await reviewer.keyboard.press('Enter');
	await expect(reviewer.getByTestId('draft-form')).toBeVisible();
	await reviewer.screenshot({ path: test.info().outputPath('07-keyboard-draft.png') });

	// 3 = the third numbered category; Enter saves.
	await reviewer.keyboard.press('3');
	const third = reviewer.getByTestId('quick-category').nth(2);
	await expect(third).toHaveAttribute('aria-pressed', 'true');
	const code = (await third.getAttribute('data-code'))!;
	await reviewer.keyboard.press('Enter');
	const row = reviewer.getByTestId('defect-row');
	await expect(row).toHaveCount(1);
	await expect(row).toHaveAttribute('data-category', code);
	await expect(reviewer.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'synced');

	// The new defect is selected: Delete removes it.
	await expect(reviewer.getByTestId('selected-defect')).toBeVisible();
	await reviewer.keyboard.press('Delete');
	await expect(row).toHaveCount(0);
	await expect(reviewer.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'synced');
	await reviewer.context().close();
});

/** Store a Yjs update (and a count of unsent changes) in a tile's local copy, as y-indexeddb keeps it. */
async function plantLocalCopy(page: Page, name: string, update: Uint8Array, pending: number): Promise<void> {
	await page.evaluate(
		async ({ name, update, pending }) => {
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const r = indexedDB.open(name);
				r.onupgradeneeded = () => {
					r.result.createObjectStore('updates', { autoIncrement: true });
					r.result.createObjectStore('custom');
				};
				r.onsuccess = () => resolve(r.result);
				r.onerror = () => reject(r.error);
			});
			await new Promise((resolve, reject) => {
				const tx = db.transaction(['updates', 'custom'], 'readwrite');
				tx.objectStore('updates').add(new Uint8Array(update));
				tx.objectStore('custom').put(pending, 'pending');
				tx.oncomplete = resolve;
				tx.onerror = () => reject(tx.error);
			});
			db.close();
		},
		{ name, update: [...update], pending }
	);
}

/** A Yjs update adding one defect (fields as given) to a tile document, from a document of its own. */
function defectUpdate(id: string, fields: Record<string, unknown>, withMeta = false): Uint8Array {
	const doc = new Y.Doc();
	doc.transact(() => {
		if (withMeta) doc.getMap('meta').set('schemaVersion', 1);
		const entry = new Y.Map<unknown>();
		for (const [k, v] of Object.entries(fields)) entry.set(k, v);
		doc.getMap('defects').set(id, entry);
	});
	return Y.encodeStateAsUpdate(doc);
}

test('a local copy the server refuses, or one from a reset server, is dropped with a message and never reaches the server', async ({ browser }) => {
	const reviewer = await signedInPage(browser, 'reviewer1@demo.local');
	const me = (await (await reviewer.request.get('/api/auth/me')).json()) as { user?: { id: number }; id?: number };
	const userId = me.user?.id ?? me.id!;
	const origin = new URL(reviewer.url() === 'about:blank' ? test.info().project.use.baseURL! : reviewer.url()).origin;
	const defectIds = async () => ((await (await reviewer.request.get(`/api/campaigns/${campaignId}/defects`)).json()) as { features: { id: string }[] }).features.map((f) => f.id);

	// 1. A change the server refuses (an unknown category), left unsent in the local copy of a tile
	//    synced with this server: pushed on reconnection, refused (4400), dropped, the tile reloaded.
	const refused = tiles[4];
	await openTile(reviewer, campaignId, refused.id);
	const bbox = ((await (await reviewer.request.get(`/api/campaigns/${campaignId}/tiles/${refused.id}`)).json()) as { bbox: number[] }).bbox;
	const inside = [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2];
	await reviewer.goto('/');
	const badId = 'b'.repeat(32);
	await plantLocalCopy(
		reviewer,
		localCopyName(origin, campaignId, refused.id, userId),
		defectUpdate(badId, { geometry: { type: 'Point', coordinates: inside }, category: 'no_such_category', severity: 'minor', comment: '', author: userId, createdAt: new Date().toISOString() }),
		1
	);
	await reviewer.goto(`/campaigns/${campaignId}/tiles/${refused.id}`);
	const notice = reviewer.getByTestId('session-notice');
	await expect(notice).toHaveAttribute('data-cause', 'refused', { timeout: 20_000 });
	await expect(notice).toContainText('n’a pas pu être appliquée');
	await expect(reviewer.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
	await expect(reviewer.getByTestId(`defect-row`)).toHaveCount(0);
	expect(await defectIds()).not.toContain(badId);

	// 2. A local copy of a document this server never had (its database was reset since), holding a
	//    defect the server would take: recognised before anything is sent, dropped, never pushed.
	const reset = tiles[5];
	await reviewer.goto('/');
	const oldId = 'a'.repeat(32);
	const resetBox = ((await (await reviewer.request.get(`/api/campaigns/${campaignId}/tiles/${reset.id}`)).json()) as { bbox: number[] }).bbox;
	await plantLocalCopy(
		reviewer,
		localCopyName(origin, campaignId, reset.id, userId),
		defectUpdate(
			oldId,
			{ geometry: { type: 'Point', coordinates: [(resetBox[0] + resetBox[2]) / 2, (resetBox[1] + resetBox[3]) / 2] }, category: 'geometry_blur', severity: 'minor', comment: 'Avant la réinitialisation', author: userId, createdAt: new Date().toISOString() },
			true
		),
		1
	);
	await reviewer.goto(`/campaigns/${campaignId}/tiles/${reset.id}`);
	await expect(notice).toHaveAttribute('data-cause', 'serverReset', { timeout: 20_000 });
	await expect(notice).toContainText('réinitialisée sur le serveur');
	await expect(reviewer.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
	await expect(reviewer.getByTestId(`defect-row`)).toHaveCount(0);
	expect(await defectIds()).not.toContain(oldId);
	await reviewer.screenshot({ path: test.info().outputPath('08-server-reset-notice.png') });
	await reviewer.context().close();
});

test('signed out elsewhere: the tile says the session ended and links to the sign-in page', async ({ browser }) => {
	const tile = tiles[2];
	const reviewer = await signedInPage(browser, 'reviewer1@demo.local');
	await openTile(reviewer, campaignId, tile.id);
	// The session ends (signed out from another tab); the connection drops and comes back.
	expect((await reviewer.request.post('/api/auth/logout')).status()).toBe(204);
	await reviewer.context().setOffline(true);
	await reviewer.context().setOffline(false);
	const indicator = reviewer.getByTestId('sync-indicator');
	await expect(indicator).toHaveAttribute('data-state', 'ended', { timeout: 30_000 });
	await expect(indicator.getByRole('link')).toHaveAttribute('href', `/login?next=${encodeURIComponent(`/campaigns/${campaignId}/tiles/${tile.id}`)}`);
	await reviewer.context().close();
});
