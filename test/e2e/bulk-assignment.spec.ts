/**
 * Bulk tile assignment from the manager's panel in a real Chromium: a territory layer (GeoJSON drawn
 * over one tile) and a CSV, each sent as a file the browser picked. A new organisation receives the
 * tiles, so the other tests' counts are untouched.
 */
import { expect, test } from '@playwright/test';
import { demoCampaign, signIn } from './helpers.ts';

test('the manager assigns tiles from a territory file and from a CSV', async ({ page }) => {
	await signIn(page, 'manager@demo.local');
	const { id } = await demoCampaign(page.request);
	const name = `Parc naturel des Prairies (e2e ${Date.now()})`;
	const created = await page.request.post('/api/organisations', { data: { name, kind: 'parc' } });
	expect(created.status(), await created.text()).toBe(201);
	const org = (await created.json()) as { id: number };
	const tiles = (await (await page.request.get(`/api/campaigns/${id}/tiles`)).json()) as {
		features: { id: number; geometry: { coordinates: number[][][] }; properties: { name: string } }[];
	};
	const byName = (n: string) => tiles.features.find((f) => f.properties.name === n)!;

	await page.goto(`/campaigns/${id}`);
	await expect(page.getByTestId('campaign-map')).toHaveAttribute('data-loaded', 'true', { timeout: 30_000 });
	await page.getByTestId('assign-view-assignment').check();
	await page.getByTestId('assign-org').selectOption({ label: name });

	// Territory: a "commune" polygon well inside tile 0490_5206 (its ring shrunk towards its centre).
	const target = byName('0490_5206');
	const ring = target.geometry.coordinates[0];
	const cx = ring.reduce((s, p) => s + p[0], 0) / ring.length;
	const cy = ring.reduce((s, p) => s + p[1], 0) / ring.length;
	const commune = {
		type: 'FeatureCollection',
		features: [{ type: 'Feature', properties: { nom: 'Prairie-Centre' }, geometry: { type: 'Polygon', coordinates: [ring.map(([x, y]) => [cx + (x - cx) * 0.5, cy + (y - cy) * 0.5])] } }]
	};
	await page.getByText('Par territoire', { exact: false }).first().click();
	await page.getByTestId('assign-territory-file').setInputFiles({ name: 'commune.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(commune)) });
	await page.getByRole('button', { name: 'Attribuer par territoire' }).click();
	await expect(page.getByTestId('assign-message')).toContainText('1 polygone lu');

	// CSV, as French Excel writes it: semicolons, a BOM, CRLF.
	await page.getByText('Par fichier CSV', { exact: false }).first().click();
	// The file picker speaks French whatever the browser's language (the native control's text is the browser's).
	const csvForm = page.getByTestId('assign-csv-form');
	await expect(csvForm.getByText('Choisir un fichier')).toBeVisible();
	await expect(csvForm.getByTestId('file-picker-chosen')).toHaveText('Aucun fichier choisi');
	await page.getByTestId('assign-csv-file').setInputFiles({ name: 'attribution.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFFtuile;organisation\r\n0486_5206;${name}\r\n0487_5206;${name}\r\n`) });
	await expect(csvForm.getByTestId('file-picker-chosen')).toHaveText('attribution.csv');
	await page.getByRole('button', { name: 'Attribuer depuis le CSV' }).click();
	await expect(page.getByTestId('assign-message')).toContainText('2 lignes');

	const after = (await (await page.request.get(`/api/campaigns/${id}/assignments`)).json()) as { tiles: Record<string, number[]> };
	const mine = Object.entries(after.tiles).filter(([, orgs]) => orgs.includes(org.id)).map(([tileId]) => Number(tileId)).sort((a, b) => a - b);
	expect(mine).toEqual(['0490_5206', '0486_5206', '0487_5206'].map((n) => byName(n).id).sort((a, b) => a - b));
	await expect(page.locator(`[data-testid="assign-count"][data-organisation-id="${org.id}"] [data-testid="assign-count-value"]`)).toHaveText(/^3 /);
});
