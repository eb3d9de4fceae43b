/**
 * The managers' review configuration pages, in real Chromium against the production server: the
 * defect catalogue (add, rename, retire, bring back; codes shown, never editable; retired greyed and no
 * longer offered to reviewers) and the review rules (verdicts a tile needs).
 */
import { expect as baseExpect, test, type Browser, type Page } from '@playwright/test';
import { categoryGroups } from '../../src/lib/components/review/catalogue.ts';
import type { DefectCategory } from '../../src/lib/review/catalogue.ts';
import { demoCampaign, signIn } from './helpers.ts';

// Maps, websockets and several browsers on a 2-core machine shared with other work: room to breathe.
const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 120_000 });

async function signedInPage(browser: Browser, email: string, lang: 'fr' | 'en' = 'fr'): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	await context.addCookies([{ name: 'lang', value: lang, url: test.info().project.use.baseURL! }]);
	const page = await context.newPage();
	await signIn(page, email);
	return page;
}

const catalogueOf = async (page: Page, campaignId: number) =>
	((await (await page.request.get(`/api/campaigns/${campaignId}/catalogue`)).json()) as { categories: DefectCategory[] }).categories;

test('a manager adds a defect category, renames it, retires it and brings it back; reviewers are offered only categories in use', async ({ browser }) => {
	const manager = await signedInPage(browser, 'manager@demo.local');
	const campaign = await demoCampaign(manager.request);
	await manager.goto(`/campaigns/${campaign.id}`);
	await manager.getByRole('navigation', { name: 'Sections de la campagne' }).getByRole('link', { name: 'Catalogue des défauts' }).click();
	await expect(manager.getByTestId('catalogue-page')).toBeVisible();
	// Codes are shown, as text: nothing lets a manager edit one.
	const blur = manager.locator('[data-testid="catalogue-row"][data-code="geometry_blur"]');
	await expect(blur.locator('code')).toHaveText('geometry_blur');
	await expect(blur.locator('input')).toHaveCount(0);

	// Add: land cover, a family of its own.
	await manager.getByTestId('add-target').selectOption('landcover');
	await manager.getByTestId('add-group').selectOption('');
	await manager.getByTestId('add-group-name').fill('Haies et bosquets');
	await manager.getByTestId('add-label-fr').fill('Haie mal délimitée');
	await manager.getByTestId('add-label-en').fill('Hedge badly outlined');
	await manager.getByTestId('add-submit').click();
	await expect(manager.getByTestId('catalogue-notice')).toContainText('Haie mal délimitée');
	const added = (await catalogueOf(manager, campaign.id)).find((c) => c.label.fr === 'Haie mal délimitée')!;
	expect(added).toMatchObject({ target: 'landcover', group: 'Haies et bosquets', label: { fr: 'Haie mal délimitée', en: 'Hedge badly outlined' }, retired: false });
	expect(added.code).toMatch(/^custom_\d+$/);
	const row = manager.locator(`[data-testid="catalogue-row"][data-code="${added.code}"]`);
	await expect(row).toContainText(added.code);

	// Rename it (French and English labels); the code stays.
	await row.getByTestId('rename').click();
	await expect(row.getByTestId('rename-fr')).toBeFocused();
	await row.getByTestId('rename-fr').fill('Haie mal tracée');
	await row.getByTestId('rename-en').fill('Hedge badly drawn');
	await row.getByTestId('rename-save').click();
	await expect(row).toContainText('Haie mal tracée');
	expect((await catalogueOf(manager, campaign.id)).find((c) => c.code === added.code)).toMatchObject({ label: { fr: 'Haie mal tracée', en: 'Hedge badly drawn' } });

	// Retire it: still listed, greyed, and no longer offered on the tile page's category picker.
	await row.getByTestId('retire').click();
	await expect(row).toHaveAttribute('data-retired', 'true');
	await expect(row).toContainText('Retirée');
	await manager.screenshot({ path: test.info().outputPath('01-catalogue-fr.png'), fullPage: true });
	const reviewer = await signedInPage(browser, 'reviewer1@demo.local');
	const seen = await catalogueOf(reviewer, campaign.id);
	expect(seen.find((c) => c.code === added.code)?.retired).toBe(true);
	const offered = categoryGroups(seen, 'fr').flatMap((g) => g.categories.map((c) => c.code));
	expect(offered).not.toContain(added.code);
	expect(offered).toContain('geometry_blur');

	// Bring it back: offered again.
	await row.getByTestId('restore').click();
	await expect(row).toHaveAttribute('data-retired', 'false');
	expect(categoryGroups(await catalogueOf(reviewer, campaign.id), 'fr').flatMap((g) => g.categories.map((c) => c.code))).toContain(added.code);
	// …and retired again, so the demo's catalogue keeps only its defaults in use for the other tests.
	await row.getByTestId('retire').click();
	await expect(row).toHaveAttribute('data-retired', 'true');

	// A reviewer has no catalogue page.
	expect((await reviewer.goto(`/campaigns/${campaign.id}/catalogue`))?.status()).toBe(403);

	const english = await signedInPage(browser, 'manager@demo.local', 'en');
	await english.goto(`/campaigns/${campaign.id}/catalogue`);
	await expect(english.getByRole('heading', { name: 'Defect catalogue' })).toBeVisible();
	await english.screenshot({ path: test.info().outputPath('02-catalogue-en.png'), fullPage: true });
	for (const p of [manager, reviewer, english]) await p.context().close();
});

test('a manager changes the number of verdicts a tile needs; the page explains the tile statuses', async ({ browser }) => {
	const manager = await signedInPage(browser, 'manager@demo.local');
	const campaign = await demoCampaign(manager.request);
	await manager.goto(`/campaigns/${campaign.id}`);
	await manager.getByRole('navigation', { name: 'Sections de la campagne' }).getByRole('link', { name: 'Règles de relecture' }).click();
	await expect(manager.getByTestId('review-rules-page')).toBeVisible();
	await expect(manager.getByTestId('required-verdicts')).toHaveValue('1');
	await expect(manager.getByTestId('status-rules').locator('li')).toHaveCount(4);

	await manager.getByTestId('required-verdicts').fill('2');
	await manager.getByTestId('required-verdicts-save').click();
	await expect(manager.getByTestId('review-rules-notice')).toContainText('2 avis');
	await expect(manager.locator('[data-status="reviewed"]')).toContainText('2 avis');
	expect(((await (await manager.request.get(`/api/campaigns/${campaign.id}/settings`)).json()) as { requiredVerdicts: number }).requiredVerdicts).toBe(2);
	await manager.screenshot({ path: test.info().outputPath('03-review-rules-fr.png'), fullPage: true });

	// Out of range: the browser says so before sending; the server refuses it too.
	await manager.getByTestId('required-verdicts').fill('11');
	await manager.getByTestId('required-verdicts-save').click();
	expect(await manager.getByTestId('required-verdicts').evaluate((input: HTMLInputElement) => input.validity.rangeOverflow)).toBe(true);
	const refused = await manager.request.put(`/api/campaigns/${campaign.id}/settings`, { data: { requiredVerdicts: 11 } });
	expect(refused.status()).toBe(400);

	const english = await signedInPage(browser, 'manager@demo.local', 'en');
	await english.goto(`/campaigns/${campaign.id}/review-rules`);
	await expect(english.getByRole('heading', { name: 'Review rules' })).toBeVisible();
	await english.screenshot({ path: test.info().outputPath('04-review-rules-en.png'), fullPage: true });

	// Back to one verdict, as the demo starts (other tests share this server).
	await english.getByTestId('required-verdicts').fill('1');
	await english.getByTestId('required-verdicts-save').click();
	await expect(english.getByTestId('review-rules-notice')).toContainText('1 verdict');
	for (const p of [manager, english]) await p.context().close();

	const reviewer = await signedInPage(browser, 'reviewer1@demo.local');
	expect((await reviewer.goto(`/campaigns/${campaign.id}/review-rules`))?.status()).toBe(403);
	await reviewer.context().close();
});
