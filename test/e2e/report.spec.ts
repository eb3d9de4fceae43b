/**
 * The acceptance report page and the progress dashboard, in real Chromium against the production
 * server: the manager opens the report from the campaign's tabs, sees the decision report.json gives,
 * the map of the tiles, and downloads the PDF (read back with poppler's pdftotext); the printed page
 * leaves the site's navigation out; contractors and observers read the report too; the progress
 * dashboard draws its charts for the manager only.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect as baseExpect, test, type Browser, type Page } from '@playwright/test';
import { demoCampaign, signIn } from './helpers.ts';

const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 120_000 });

const OUTCOME = {
	fr: { accepted: 'Livraison acceptée', accepted_with_reservations: 'Livraison acceptée avec réserves', rejected: 'Livraison refusée', pending: 'Décision en attente' },
	en: { accepted: 'Delivery accepted', accepted_with_reservations: 'Delivery accepted with reservations', rejected: 'Delivery rejected', pending: 'Decision pending' }
} as const;
type Outcome = keyof (typeof OUTCOME)['fr'];

async function signedInPage(browser: Browser, email: string, lang: 'fr' | 'en'): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
	await context.addCookies([{ name: 'lang', value: lang, url: test.info().project.use.baseURL! }]);
	const page = await context.newPage();
	await signIn(page, email);
	return page;
}

const shots = process.env.REPORT_SHOTS;

test('a manager opens the report from the campaign tabs, sees the decision and the map, and downloads the PDF', async ({ browser }) => {
	const page = await signedInPage(browser, 'manager@demo.local', 'fr');
	const campaign = await demoCampaign(page.request);
	const report = (await (await page.request.get(`/api/campaigns/${campaign.id}/report.json`)).json()) as { decision: { outcome: Outcome; why: { fr: string } } };
	await page.goto(`/campaigns/${campaign.id}`);
	await page.getByRole('navigation', { name: 'Sections de la campagne' }).getByRole('link', { name: 'Rapport de recette' }).click();
	await expect(page).toHaveURL(new RegExp(`/campaigns/${campaign.id}/report$`));

	const decision = page.getByTestId('report-decision');
	await expect(decision).toHaveAttribute('data-outcome', report.decision.outcome);
	await expect(decision.getByRole('heading')).toHaveText(OUTCOME.fr[report.decision.outcome]);
	await expect(decision).toContainText(report.decision.why.fr);
	// Every criterion, with its state in words.
	await expect(page.getByTestId('report-criteria').locator('tbody tr')).toHaveCount((await (await page.request.get(`/api/campaigns/${campaign.id}/report.json`)).json()).decision.criteria.length);
	await expect(page.getByTestId('report-criteria')).toContainText('Exactitude globale');
	await expect(page.getByTestId('report-map')).toHaveAttribute('data-loaded', 'true');
	// The map draws the 30 review tiles.
	const drawn = await page.evaluate(() => window.__recetteMaps?.report?.querySourceFeatures('report-tiles').map((f) => f.id));
	expect(new Set(drawn).size).toBe(30);
	if (shots) await page.screenshot({ path: join(shots, 'report-fr.png'), fullPage: true });

	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-pdf').click()]);
	expect(download.suggestedFilename()).toBe(`rapport-de-recette-${campaign.id}.pdf`);
	const file = join(mkdtempSync(join(tmpdir(), 'recette-e2e-report-')), 'report.pdf');
	await download.saveAs(file);
	expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
	const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
	expect(text).toContain(OUTCOME.fr[report.decision.outcome]);
	expect(text).toContain('Carte des tuiles');

	// Printed, the page keeps the report and leaves the site's navigation and buttons out.
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('navigation', { name: 'Sections de la campagne' })).toBeHidden();
	await expect(page.getByTestId('report-pdf')).toBeHidden();
	await expect(decision).toBeVisible();
	// The map's canvas (not redrawn for paper) is scaled into its section, under its heading.
	const heading = await page.getByRole('heading', { name: 'Carte des tuiles' }).boundingBox();
	const canvas = await page.getByTestId('report-map').locator('canvas').boundingBox();
	expect(canvas!.y).toBeGreaterThan(heading!.y + heading!.height - 1);
	expect(canvas!.x + canvas!.width).toBeLessThanOrEqual(page.viewportSize()!.width);
	await page.context().close();
});

test('contractors and observers read the report; only managers see the progress dashboard', async ({ browser }) => {
	const contractor = await signedInPage(browser, 'contractor@demo.local', 'en');
	const campaign = await demoCampaign(contractor.request);
	await contractor.goto(`/campaigns/${campaign.id}`);
	const tabs = contractor.getByRole('navigation', { name: 'Campaign sections' });
	await expect(tabs.getByRole('link')).toHaveText(['Overview', 'Released defects', 'Acceptance report']);
	await tabs.getByRole('link', { name: 'Acceptance report' }).click();
	const outcome = (await (await contractor.request.get(`/api/campaigns/${campaign.id}/report.json`)).json()).decision.outcome as Outcome;
	await expect(contractor.getByTestId('report-decision').getByRole('heading')).toHaveText(OUTCOME.en[outcome]);
	await expect(contractor.getByTestId('report-map')).toHaveAttribute('data-loaded', 'true');
	if (shots) await contractor.screenshot({ path: join(shots, 'report-en.png'), fullPage: true });
	const pdf = await contractor.request.get(`/api/campaigns/${campaign.id}/report.pdf`);
	expect(pdf.status()).toBe(200);
	expect((await contractor.request.get(`/api/campaigns/${campaign.id}/progress.json`)).status()).toBe(403);
	await contractor.context().close();

	const observer = await signedInPage(browser, 'observer@demo.local', 'fr');
	await observer.goto(`/campaigns/${campaign.id}/report`);
	await expect(observer.getByTestId('report-decision')).toBeVisible();
	await expect(observer.getByRole('navigation', { name: 'Sections de la campagne' }).getByRole('link', { name: 'Avancement' })).toHaveCount(0);
	const response = await observer.goto(`/campaigns/${campaign.id}/progress`);
	expect(response?.status()).toBe(403);
	await observer.context().close();
});

test('the manager’s progress dashboard draws the burn-up and the territories with chart.js', async ({ browser }) => {
	const page = await signedInPage(browser, 'manager@demo.local', 'fr');
	const campaign = await demoCampaign(page.request);
	const progress = (await (await page.request.get(`/api/campaigns/${campaign.id}/progress.json`)).json()) as { burnUp: { finished: number; total: number; started: number }; byTerritory: unknown[] };
	await page.goto(`/campaigns/${campaign.id}`);
	await page.getByRole('navigation', { name: 'Sections de la campagne' }).getByRole('link', { name: 'Avancement' }).click();
	await expect(page.getByTestId('progress-summary')).toHaveText(`${progress.burnUp.finished} tuiles relues sur ${progress.burnUp.total} à relire, ${progress.burnUp.started} commencées`);
	await expect(page.getByTestId('territory-chart')).toHaveAttribute('data-ready', 'true');
	// The chart drew on its canvas (not a blank one).
	const inked = await page.getByTestId('territory-chart').locator('canvas').evaluate((c: HTMLCanvasElement) => {
		const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
		let n = 0;
		for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
		return n;
	});
	expect(inked).toBeGreaterThan(1000);
	// One row per territory progress.json counts (the demo's two communes, and any organisation other tests gave tiles to).
	await expect(page.getByTestId('territory-table').locator('tbody tr')).toHaveCount(progress.byTerritory.length);
	await expect(page.getByTestId('territory-table')).toContainText('Commune de Prairie-Ouest (démo)');
	if (shots) await page.screenshot({ path: join(shots, 'progress-fr.png'), fullPage: true });
	await page.context().close();
});
