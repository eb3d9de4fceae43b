/**
 * The feature walk, in real Chromium against the production server: the manager draws a sample of
 * land-cover polygons per class; a reviewer walks their polygons answering from the keyboard alone
 * (one "other class" answer with the class typed ahead); the progress per class counts the answers,
 * the server's walk API has them, and the answers are in the home tiles' documents (they come back
 * after a reload). The map shows each polygon at 1:2 500.
 */
import { expect as baseExpect, test, type Browser, type Page } from '@playwright/test';
import { demoCampaign, signIn } from './helpers.ts';

// Maps, websockets and several browsers on a 2-core machine shared with other work: room to breathe.
const expect = baseExpect.configure({ timeout: 20_000 });

test.describe.configure({ timeout: 240_000 });

interface WalkOverview {
	draw: { perClass: number; percent: boolean; seed: string } | null;
	classes: { code: string; sampled: number; answered: number; byAnswer: Record<string, number> }[];
	items: { featureId: number; classCode: string; tileId: number; answers: number; mine: string | null }[];
}

async function signedInPage(browser: Browser, email: string, lang: 'fr' | 'en' = 'fr'): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	await context.addCookies([{ name: 'lang', value: lang, url: test.info().project.use.baseURL! }]);
	const page = await context.newPage();
	await signIn(page, email);
	return page;
}

/** Wait for the polygon's tile's review document to be in sync with the server (answers are possible). */
async function synced(page: Page): Promise<void> {
	await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
}

/** …and for the map to have drawn the polygon on its imagery (before a screenshot or a measure). */
async function walkReady(page: Page): Promise<void> {
	await synced(page);
	await expect(page.getByTestId('walk-map')).toHaveAttribute('data-loaded', 'true', { timeout: 30_000 });
}

/** Ground metres under one CSS pixel at the centre of the walk map, measured on the map itself. */
async function metresPerPixel(page: Page): Promise<number> {
	return page.evaluate(() => {
		const map = window.__recetteMaps!.walk;
		const canvas = map.getCanvas();
		const y = canvas.clientHeight / 2;
		const a = map.unproject([canvas.clientWidth / 2 - 100, y]);
		const b = map.unproject([canvas.clientWidth / 2 + 100, y]);
		// Haversine on the sphere MapLibre projects from (same radius as Web Mercator).
		const R = 6_378_137;
		const rad = Math.PI / 180;
		const dLat = (b.lat - a.lat) * rad;
		const dLng = (b.lng - a.lng) * rad;
		const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
		return (2 * R * Math.asin(Math.sqrt(h))) / 200;
	});
}

let campaignId: number;

test.beforeAll(async ({ browser }) => {
	const page = await signedInPage(browser, 'manager@demo.local');
	campaignId = (await demoCampaign(page.request)).id;
	await page.context().close();
});

test('the manager draws a walk; a reviewer answers three polygons by keyboard; progress and the API count them', async ({ browser }) => {
	// ── The manager draws the sample from the walk page (reached from the campaign's tabs).
	const manager = await signedInPage(browser, 'manager@demo.local');
	await manager.goto(`/campaigns/${campaignId}`);
	await manager.getByRole('navigation', { name: 'Sections de la campagne' }).getByRole('link', { name: 'Parcours d’objets' }).click();
	await expect(manager.getByTestId('walk-page')).toBeVisible();
	await expect(manager.getByTestId('walk-draw-form')).toBeVisible();
	await manager.screenshot({ path: test.info().outputPath('01-manager-empty-fr.png') });
	await manager.getByTestId('walk-draw-size').fill('3');
	await manager.getByTestId('walk-draw-seed').fill('e2e-walk');
	await manager.getByTestId('walk-draw-submit').click();
	await expect(manager.getByTestId('walk-progress')).toBeVisible();
	await expect(manager.getByTestId('walk-draw-summary')).toContainText('e2e-walk');
	const drawn = (await (await manager.request.get(`/api/campaigns/${campaignId}/walk`)).json()) as WalkOverview;
	expect(drawn.draw).toEqual({ perClass: 3, percent: false, seed: 'e2e-walk' });
	expect(drawn.items.length).toBeGreaterThanOrEqual(6);
	for (const c of drawn.classes) expect(c.sampled).toBeLessThanOrEqual(3);
	// The manager walks every polygon (their organisation reviews no tile).
	await expect(manager.getByTestId('walk-filter')).toHaveValue('all');
	await walkReady(manager);
	await manager.screenshot({ path: test.info().outputPath('02-manager-walk-fr.png') });

	// ── The map shows the polygon at 1:2 500: 2 500 × 0.0254 m / 96 px = 0.661 m per CSS pixel.
	expect(await metresPerPixel(manager)).toBeCloseTo(0.6615, 2);

	// ── The reviewer walks the polygons on their own tiles.
	const reviewer = await signedInPage(browser, 'reviewer1@demo.local');
	const myTiles = ((await (await reviewer.request.get('/api/me/tiles')).json()) as { campaign: { id: number }; tiles: { id: number }[] }[])
		.find((c) => c.campaign.id === campaignId)!
		.tiles.map((t) => t.id);
	const mine = drawn.items.filter((item) => myTiles.includes(item.tileId));
	expect(mine.length, 'the draw has polygons on reviewer1’s tiles').toBeGreaterThanOrEqual(3);

	await reviewer.goto(`/campaigns/${campaignId}/walk`);
	await expect(reviewer.getByTestId('walk-filter')).toHaveValue('mine');
	await expect(reviewer.getByTestId('walk-position')).toContainText(`Polygone 1 sur ${mine.length}`);
	await synced(reviewer);
	const first = Number(await reviewer.getByTestId('walk-page').getAttribute('data-feature-id'));
	expect(first).toBe(mine[0].featureId);

	// 1: correct — the walk moves on to the next polygon.
	await reviewer.keyboard.press('1');
	await expect(reviewer.getByTestId('walk-page')).toHaveAttribute('data-feature-id', String(mine[1].featureId));
	await expect(reviewer.getByTestId('walk-position')).toContainText(`Polygone 2 sur ${mine.length}`);
	await synced(reviewer);

	// 3: geometry error.
	await reviewer.keyboard.press('3');
	await expect(reviewer.getByTestId('walk-page')).toHaveAttribute('data-feature-id', String(mine[2].featureId));
	await walkReady(reviewer);

	// 2: another class, picked by typing part of its name, then Enter.
	const third = mine[2];
	const [expected, typed] = third.classCode === 'CS2.2.1' ? ['CS1.2.2', 'eau'] : ['CS2.2.1', 'herb'];
	await reviewer.keyboard.press('2');
	await expect(reviewer.getByTestId('class-picker-input')).toBeFocused();
	await reviewer.keyboard.type(typed);
	await expect(reviewer.locator('[role="option"][aria-selected="true"]')).toHaveAttribute('data-code', expected);
	await reviewer.screenshot({ path: test.info().outputPath('03-reviewer-picker-fr.png') });
	await reviewer.keyboard.press('Enter');
	await expect(reviewer.getByTestId('class-picker')).toHaveCount(0);

	// The progress per class counts the three answers at once, then as the server stores them.
	const rows = reviewer.getByTestId('walk-progress-row');
	const answeredIn = async () =>
		(await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-answered'))))).reduce((a, b) => a + b, 0);
	await expect.poll(answeredIn).toBe(3);
	const kindCount = (kind: string) =>
		rows.locator(`td[data-kind="${kind}"]`).evaluateAll((tds) => tds.reduce((sum, td) => sum + Number(td.textContent), 0));
	await expect.poll(() => kindCount('correct')).toBe(1);
	await expect.poll(() => kindCount('geometry_error')).toBe(1);
	await expect.poll(() => kindCount('other_class')).toBe(1);
	await expect(reviewer.getByTestId('walk-mine-count')).toContainText(`3 sur ${mine.length}`);
	await expect(reviewer.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
	await reviewer.screenshot({ path: test.info().outputPath('04-reviewer-answered-fr.png') });

	// ── The server's walk API (as the manager) has the three answers, each in its class.
	await expect
		.poll(async () => {
			const o = (await (await manager.request.get(`/api/campaigns/${campaignId}/walk`)).json()) as WalkOverview;
			const answered = Object.fromEntries(o.items.filter((i) => i.answers > 0).map((i) => [i.featureId, i.classCode]));
			const kinds = o.classes.reduce<Record<string, number>>((acc, c) => {
				for (const [k, n] of Object.entries(c.byAnswer)) acc[k] = (acc[k] ?? 0) + n;
				return acc;
			}, {});
			return { answered, kinds };
		})
		.toEqual({
			answered: Object.fromEntries(mine.slice(0, 3).map((i) => [i.featureId, i.classCode])),
			kinds: { correct: 1, other_class: 1, geometry_error: 1, cannot_tell: 0 }
		});
	const after = (await (await manager.request.get(`/api/campaigns/${campaignId}/walk`)).json()) as WalkOverview;
	const classOf = (featureId: number) => after.classes.find((c) => c.code === mine.find((i) => i.featureId === featureId)!.classCode)!;
	expect(classOf(mine[0].featureId).byAnswer.correct).toBeGreaterThanOrEqual(1);
	expect(classOf(mine[1].featureId).byAnswer.geometry_error).toBeGreaterThanOrEqual(1);
	expect(classOf(mine[2].featureId).byAnswer.other_class).toBeGreaterThanOrEqual(1);

	// ── The answers live in the tile documents: after a reload, the "other class" answer names its class.
	await reviewer.goto(`/campaigns/${campaignId}/walk?feature=${third.featureId}`);
	await synced(reviewer);
	await expect(reviewer.getByTestId('walk-answers')).toHaveAttribute('data-mine', 'other_class');
	await expect(reviewer.getByTestId('walk-my-answer')).toContainText(expected);
	// Back one polygon (P): the geometry error, with its comment added from the keyboard (C, type, Enter).
	await reviewer.keyboard.press('p');
	await expect(reviewer.getByTestId('walk-page')).toHaveAttribute('data-feature-id', String(mine[1].featureId));
	await synced(reviewer);
	await expect(reviewer.getByTestId('walk-answers')).toHaveAttribute('data-mine', 'geometry_error');
	await reviewer.keyboard.press('c');
	await expect(reviewer.getByTestId('walk-comment')).toBeFocused();
	await reviewer.keyboard.type('Limite décalée de 5 m vers le nord');
	await reviewer.keyboard.press('Enter');
	await expect(reviewer.getByTestId('walk-notice')).toHaveText('Commentaire enregistré.');
	await expect(reviewer.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });

	// The manager, on the same polygon, sees the reviewer's answer and comment.
	await manager.goto(`/campaigns/${campaignId}/walk?feature=${mine[1].featureId}`);
	await synced(manager);
	await expect(manager.getByTestId('walk-other-answer')).toContainText('Erreur de géométrie');
	await expect(manager.getByTestId('walk-other-answer')).toContainText('Limite décalée de 5 m vers le nord');

	// Drawing again replaces everyone's sample: the manager is asked first, and cancelling changes nothing.
	await manager.getByTestId('walk-draw').locator('summary').click();
	await manager.getByTestId('walk-draw-seed').fill('another-seed');
	await manager.getByTestId('walk-draw-submit').click();
	await expect(manager.getByTestId('walk-draw-confirm')).toBeVisible();
	await manager.getByTestId('walk-draw-form').getByRole('button', { name: 'Annuler' }).click();
	await expect(manager.getByTestId('walk-draw-confirm')).toHaveCount(0);
	expect(((await (await manager.request.get(`/api/campaigns/${campaignId}/walk`)).json()) as WalkOverview).draw?.seed).toBe('e2e-walk');

	// ── English, as a person switching the language sees it.
	const english = await signedInPage(browser, 'reviewer1@demo.local', 'en');
	await english.goto(`/campaigns/${campaignId}/walk?feature=${third.featureId}`);
	await walkReady(english);
	await expect(english.getByRole('heading', { name: 'Feature walk' })).toBeVisible();
	await english.keyboard.press('2');
	await english.keyboard.type('veg');
	await english.screenshot({ path: test.info().outputPath('05-reviewer-picker-en.png') });
	await english.keyboard.press('Escape');
	await expect(english.getByTestId('class-picker')).toHaveCount(0);
	// Escape changed nothing.
	await expect(english.getByTestId('walk-answers')).toHaveAttribute('data-mine', 'other_class');
	await english.screenshot({ path: test.info().outputPath('06-reviewer-walk-en.png') });

	for (const p of [manager, reviewer, english]) await p.context().close();
});

test('an observer walks the sample without answering; a contractor has no walk', async ({ browser }) => {
	const observer = await signedInPage(browser, 'observer@demo.local');
	await observer.goto(`/campaigns/${campaignId}/walk`);
	await expect(observer.getByTestId('walk-page')).toBeVisible();
	const walk = (await (await observer.request.get(`/api/campaigns/${campaignId}/walk`)).json()) as WalkOverview;
	if (walk.items.length === 0) {
		await expect(observer.getByTestId('walk-not-drawn')).toBeVisible();
	} else {
		await expect(observer.getByTestId('walk-read-only')).toBeVisible();
		await expect(observer.locator('[data-answer="correct"]')).toBeDisabled();
		const before = await observer.getByTestId('walk-page').getAttribute('data-feature-id');
		await observer.keyboard.press('1');
		await expect(observer.getByTestId('walk-page')).toHaveAttribute('data-feature-id', before!);
	}
	await observer.context().close();

	const contractor = await signedInPage(browser, 'contractor@demo.local');
	await contractor.goto(`/campaigns/${campaignId}`);
	await expect(contractor.getByRole('link', { name: 'Parcours d’objets' })).toHaveCount(0);
	const response = await contractor.goto(`/campaigns/${campaignId}/walk`);
	expect(response?.status()).toBe(403);
	await contractor.context().close();
});
