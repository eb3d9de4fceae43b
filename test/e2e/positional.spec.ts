/**
 * Pointing a checkpoint in a real Chromium. A synthetic Lambert-93 orthophoto (20 cm pixels) has a dark
 * cross whose centre is at a known coordinate — mid-pixel across, on a pixel edge down, so snapping a
 * measure to pixel centres or corners would miss it by half a pixel. The manager imports the campaign
 * through the web upload and the checkpoint through the page (a French Excel CSV); a reviewer points
 * it blind: a mouse click near the cross, then arrow-key nudges of a tenth of a pixel, then Enter. The
 * stored measure must be within a tenth of a pixel of the true position.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import sharp from 'sharp';
import { resolveEpsg, transformer, WGS84 } from '../../src/lib/server/crs/crs.ts';
import { crossPosition, SYNTHETIC, writeSyntheticDelivery } from '../helpers/positional.ts';
import { signIn } from './helpers.ts';

const OUEST = 'Commune de Prairie-Ouest (démo)';
const PIXEL = SYNTHETIC.pixelSize;
const TRUE = crossPosition(SYNTHETIC, SYNTHETIC.crosses[0]);

/** Import the synthetic delivery as the manager would from the web form; returns the campaign id. */
async function importSynthetic(request: APIRequestContext, dir: string): Promise<number> {
	const files = await writeSyntheticDelivery(dir);
	const { uploadId } = await (await request.post('/api/uploads')).json();
	for (const [name, path] of [['ortho-croix.tif', files.ortho], ['occupation.gpkg', files.landcover]]) {
		const r = await request.put(`/api/uploads/${uploadId}/files/${name}`, { data: readFileSync(path), headers: { 'content-type': 'application/octet-stream' } });
		expect(r.status(), await r.text()).toBe(201);
	}
	const started = await request.post('/api/campaigns', {
		data: { name: 'Croix de contrôle', uploadId, landcover: 'occupation.gpkg', classField: 'code_cs', ortho: ['ortho-croix.tif'], tiling: { mode: 'grid', size: 100 } }
	});
	expect(started.status(), await started.text()).toBe(202);
	const { jobId } = await started.json();
	let job: { status: string; campaignId: number | null; message: string | null } = { status: 'queued', campaignId: null, message: null };
	await expect
		.poll(async () => (job = await (await request.get(`/api/jobs/${jobId}`)).json()).status, { timeout: 120_000, intervals: [500] })
		.toMatch(/done|failed/);
	expect(job.message).toBeNull();
	return job.campaignId!;
}

/** Mean grey level of a small square of the page, centred on (x, y) in page pixels. */
async function greyAt(page: Page, x: number, y: number, half = 1): Promise<number> {
	const png = await page.screenshot({ clip: { x: x - half, y: y - half, width: 2 * half + 1, height: 2 * half + 1 } });
	const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
	let sum = 0;
	for (let i = 0; i < data.length; i++) sum += data[i];
	return sum / (info.width * info.height * info.channels);
}

test('a reviewer points a checkpoint by mouse and keyboard to within a tenth of a pixel', async ({ page, browser }, testInfo) => {
	test.setTimeout(240_000);
	const dir = mkdtempSync(join(tmpdir(), 'recette-e2e-positional-'));
	try {
		await signIn(page, 'manager@demo.local');
		const campaignId = await importSynthetic(page.request, dir);

		// The west tile goes to the reviewer's commune, which makes it one of the campaign's organisations.
		const tiles = (await (await page.request.get(`/api/campaigns/${campaignId}/tiles`)).json()) as { features: { id: number; geometry: { coordinates: number[][][] } }[] };
		const west = tiles.features.sort((a, b) => a.geometry.coordinates[0][0][0] - b.geometry.coordinates[0][0][0])[0].id;
		const orgs = (await (await page.request.get(`/api/campaigns/${campaignId}/assignments`)).json()).organisations as { id: number; name: string }[];
		const ouest = orgs.find((o) => o.name === OUEST)!;
		expect((await page.request.post(`/api/campaigns/${campaignId}/assignments`, { data: { organisationId: ouest.id, tileIds: [west], action: 'assign' } })).status()).toBe(200);
		expect((await page.request.post(`/api/campaigns/${campaignId}/members`, { data: { email: 'reviewer1@demo.local', role: 'reviewer', organisationId: ouest.id } })).status()).toBe(200);

		// The manager imports the checkpoint from the page: a CSV as French Excel saves it.
		await page.goto(`/campaigns/${campaignId}/checkpoints`);
		await page.getByRole('tab', { name: 'Points de contrôle' }).click();
		const csv = iconv.encode(`Identifiant;X;Y;Description\r\nPC1;${String(TRUE.x).replace('.', ',')};${String(TRUE.y).replace('.', ',')};Croix – centre du croisement\r\n`, 'cp1252');
		await page.getByTestId('checkpoint-import').locator('input[type=file]').setInputFiles({ name: 'points.csv', mimeType: 'text/csv', buffer: csv });
		await page.getByTestId('checkpoint-import').getByRole('button', { name: 'Importer' }).click();
		await expect(page.getByTestId('positional-notice')).toContainText('1 point importé (EPSG:2154)');
		await expect(page.getByTestId('checkpoint-table')).toContainText('Croix – centre du croisement');

		// The reviewer, in their own browser session.
		const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, viewport: { width: 1400, height: 900 } });
		const reviewer = await context.newPage();
		await signIn(reviewer, 'reviewer1@demo.local');
		await reviewer.goto(`/campaigns/${campaignId}/checkpoints`);
		await expect(reviewer.getByTestId('checkpoint-code')).toHaveText('PC1');
		await expect(reviewer.getByTestId('mark')).toHaveAttribute('data-x', '');
		const map = reviewer.getByTestId('pointing-map');
		await expect(map).toHaveAttribute('data-loaded', 'true', { timeout: 60_000 });
		// Blind: the view is near the point, never centred on it.
		const [lng, lat] = transformer(resolveEpsg(2154), WGS84)(TRUE.x, TRUE.y);
		const seen = await reviewer.evaluate(([lng, lat]) => {
			const m = window.__recetteMaps!.pointing;
			const c = m.getCenter();
			const p = m.project([lng, lat]);
			return { p: { x: p.x, y: p.y }, zoom: m.getZoom(), centreOff: Math.hypot(m.project(c).x - p.x, m.project(c).y - p.y) };
		}, [lng, lat]);
		expect(seen.zoom).toBeGreaterThan(20);
		expect(seen.centreOff).toBeGreaterThan(20); // screen pixels between the view's centre and the point
		const box = (await map.boundingBox())!;
		const at = { x: box.x + seen.p.x, y: box.y + seen.p.y };
		// The orthophoto really shows the cross there (dark), and grey between its arms.
		await expect.poll(() => greyAt(reviewer, at.x, at.y), { timeout: 30_000 }).toBeLessThan(60);
		expect(await greyAt(reviewer, at.x + 30, at.y + 30, 2)).toBeGreaterThan(150);

		// A click a little off the centre, as a hand would.
		await reviewer.mouse.click(at.x + 3.4, at.y - 2.6);
		const mark = reviewer.getByTestId('mark');
		await expect(mark).toHaveAttribute('data-unsaved', 'true');
		const clicked = { x: Number(await mark.getAttribute('data-x')), y: Number(await mark.getAttribute('data-y')) };
		expect(Math.hypot(clicked.x - TRUE.x, clicked.y - TRUE.y)).toBeGreaterThan(PIXEL / 10);
		expect(Math.hypot(clicked.x - TRUE.x, clicked.y - TRUE.y)).toBeLessThan(2 * PIXEL);
		// Arrows: a tenth of a pixel per press, north up.
		const step = PIXEL / 10;
		const nx = Math.round((TRUE.x - clicked.x) / step);
		const ny = Math.round((TRUE.y - clicked.y) / step);
		for (let i = 0; i < Math.abs(nx); i++) await reviewer.keyboard.press(nx > 0 ? 'ArrowRight' : 'ArrowLeft');
		for (let i = 0; i < Math.abs(ny); i++) await reviewer.keyboard.press(ny > 0 ? 'ArrowUp' : 'ArrowDown');
		await expect.poll(async () => Math.abs(Number(await mark.getAttribute('data-x')) - (clicked.x + nx * step))).toBeLessThan(1e-6);
		expect(Math.abs(Number(await mark.getAttribute('data-y')) - (clicked.y + ny * step))).toBeLessThan(1e-6);
		await reviewer.keyboard.press('Enter');
		await expect(reviewer.getByTestId('positional-notice')).toContainText('Mesure du point PC1 enregistrée');
		await expect(reviewer.getByTestId('my-measure')).toHaveAttribute('data-status', 'pointed');
		await context.close();

		// What was stored, read back by the manager: within a tenth of a pixel of the true position.
		const list = (await (await page.request.get(`/api/campaigns/${campaignId}/checkpoints`)).json()).checkpoints as { id: number; code: string }[];
		const view = await (await page.request.get(`/api/campaigns/${campaignId}/checkpoints/${list[0].id}`)).json();
		const stored = view.measures.find((m: { name: string }) => m.name.startsWith('Léa Bernard'));
		expect(Math.abs(stored.x - TRUE.x)).toBeLessThanOrEqual(PIXEL / 10);
		expect(Math.abs(stored.y - TRUE.y)).toBeLessThanOrEqual(PIXEL / 10);

		// The manager keeps it; the overview map then draws the residual, with its exaggeration.
		await page.goto(`/campaigns/${campaignId}/checkpoints`);
		await page.getByRole('tab', { name: 'Points de contrôle' }).click();
		await page.getByTestId('keep-all-pending').click();
		await expect(page.getByTestId('positional-notice')).toContainText('1 décision enregistrée');
		await page.goto(`/campaigns/${campaignId}`);
		await expect(page.getByTestId('campaign-map')).toHaveAttribute('data-loaded', 'true', { timeout: 30_000 });
		await page.getByTestId('residuals-toggle').check();
		await expect(page.getByTestId('residual-scale')).toContainText('×');
		expect(Number(await page.getByTestId('residual-scale').getAttribute('data-exaggeration'))).toBeGreaterThanOrEqual(1);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
