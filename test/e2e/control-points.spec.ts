import { expect, test } from '@playwright/test';
import { demoCampaign, signIn } from './helpers.ts';

/**
 * Blind labelling of control points, by keyboard only: a reviewer sees the imagery around each point
 * (never the land cover), picks a class with its key, confirms with Enter, moves with N / P — and the
 * server has exactly those labels.
 */
test('a reviewer labels control points with the keyboard, blind, and the server gets the labels', async ({ page }) => {
	// The manager draws 3 points per mapped class.
	await signIn(page, 'manager@demo.local');
	const demo = await demoCampaign(page.request);
	const drawn = await page.request.post(`/api/campaigns/${demo.id}/control-points`, {
		data: { seed: 'e2e-labelling', minimum: 0, sizes: { 'CS1.2.1': 3, 'CS1.2.2': 3, 'CS2.1.1.1': 3, 'CS2.2.1': 3 }, replace: true }
	});
	expect(drawn.status(), await drawn.text()).toBe(201);

	await signIn(page, 'reviewer1@demo.local');
	const mine = (await (await page.request.get(`/api/campaigns/${demo.id}/control-points`)).json()) as {
		classes: { code: string }[];
		points: { id: number; mayLabel: boolean }[];
	};
	const toLabel = mine.points.filter((p) => p.mayLabel);
	expect(toLabel.length).toBeGreaterThanOrEqual(3);
	const classes = mine.classes.map((c) => c.code);

	// Blind: the page never asks for land cover.
	const landcoverRequests: string[] = [];
	page.on('request', (r) => {
		if (/\/landcover|\/walk\//.test(r.url())) landcoverRequests.push(r.url());
	});
	await page.goto(`/campaigns/${demo.id}`);
	await page.getByTestId('control-points-link').click();
	await expect(page).toHaveURL(new RegExp(`/campaigns/${demo.id}/control-points$`), { timeout: 15_000 });
	await expect(page.getByRole('heading', { level: 1, name: 'Points de contrôle' })).toBeVisible({ timeout: 15_000 });
	await expect(page.getByTestId('point-map')).toHaveAttribute('data-loaded', 'true', { timeout: 30_000 });
	await expect(page.getByTestId('point-progress')).toHaveAttribute('data-done', '0');
	await expect(page.getByTestId('point-progress')).toHaveAttribute('data-total', String(toLabel.length));
	const ordinal = page.getByTestId('point-ordinal');
	await expect(ordinal).toHaveAttribute('data-point-id', String(toLabel[0].id));

	// 1st point: class 2, Enter — the page moves on to the next point.
	await page.keyboard.press('2');
	await expect(page.getByTestId('class-option').nth(1)).toHaveAttribute('aria-pressed', 'true');
	await page.keyboard.press('Enter');
	await expect(ordinal).toHaveAttribute('data-point-id', String(toLabel[1].id));
	await expect(page.getByTestId('point-progress')).toHaveAttribute('data-done', '1');
	await expect(page.getByTestId('point-map')).toHaveAttribute('data-loaded', 'true', { timeout: 30_000 });

	// 2nd point: "cannot tell" (0), Enter.
	await page.keyboard.press('0');
	await expect(page.getByTestId('cannot-tell')).toHaveAttribute('aria-pressed', 'true');
	await page.keyboard.press('Enter');
	await expect(ordinal).toHaveAttribute('data-point-id', String(toLabel[2].id));

	// Enter without a choice asks for one and saves nothing.
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('label-status')).toHaveAttribute('data-kind', 'info');
	await expect(page.getByTestId('point-progress')).toHaveAttribute('data-done', '2');

	// 3rd point: class 1 with a comment typed in the field, Enter from the field.
	await page.keyboard.press('1');
	await page.getByTestId('label-comment').fill('haie en limite');
	await page.getByTestId('label-comment').press('Enter');
	await expect(page.getByTestId('point-progress')).toHaveAttribute('data-done', '3');

	// P goes back: the first point shows its label; changing it (key 1, Enter) replaces it.
	await page.getByTestId('label-comment').blur();
	// After the 3rd label the page is on the 4th point (or stays on the 3rd when it was the last).
	const back = toLabel.length > 3 ? 3 : 2;
	for (let i = 0; i < back; i++) await page.keyboard.press('p');
	await expect(ordinal).toHaveAttribute('data-point-id', String(toLabel[0].id));
	await expect(page.getByTestId('my-label')).toBeVisible();
	await page.keyboard.press('n');
	await expect(ordinal).toHaveAttribute('data-point-id', String(toLabel[1].id));
	await page.keyboard.press('p');
	await page.keyboard.press('1');
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('label-status')).toHaveAttribute('data-kind', 'success');

	expect(landcoverRequests).toEqual([]);

	// What the server holds (the manager's full view).
	await signIn(page, 'manager@demo.local');
	const full = (await (await page.request.get(`/api/campaigns/${demo.id}/control-points`)).json()) as {
		points: { id: number; labels: { userId: number; classCode: string | null; comment: string }[] }[];
	};
	const labelOf = (id: number) => full.points.find((p) => p.id === id)!.labels;
	expect(labelOf(toLabel[0].id)).toEqual([expect.objectContaining({ classCode: classes[0], comment: '' })]);
	expect(labelOf(toLabel[1].id)).toEqual([expect.objectContaining({ classCode: null })]);
	expect(labelOf(toLabel[2].id)).toEqual([expect.objectContaining({ classCode: classes[0], comment: 'haie en limite' })]);
	for (const p of toLabel.slice(3)) expect(labelOf(p.id)).toEqual([]);
});
