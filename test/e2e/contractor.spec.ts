import { expect, test } from '@playwright/test';
import { addDefect, joinTile } from '../helpers/collab.ts';
import { demoCampaign, signIn } from './helpers.ts';

/**
 * The contractor loop in two browsers: a reviewer's defect (sent over the real-time connection, as
 * the tile page does) is released by the manager from the defects page; the contractor finds it on
 * their page, disputes it with a comment; the manager sees the answer and maintains the defect; the
 * contractor then sees the decision and can no longer change the answer.
 */
test('the contractor answers a released defect and the manager sees the answer', async ({ page, browser, baseURL }) => {
	// Two browsers, maps and a websocket client on a shared 2-core machine.
	test.setTimeout(180_000);
	await signIn(page, 'manager@demo.local');
	const campaign = await demoCampaign(page.request);

	// A reviewer reports a defect on one of their tiles.
	const login = await fetch(`${baseURL}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'reviewer1@demo.local', password: 'demo' }) });
	const cookie = login.headers.getSetCookie().find((c) => c.startsWith('recette_session='))!.split(';')[0];
	const me = await (await fetch(`${baseURL}/api/auth/me`, { headers: { cookie } })).json();
	const mine = (await (await fetch(`${baseURL}/api/me/tiles`, { headers: { cookie } })).json()) as { campaign: { id: number }; tiles: { id: number }[] }[];
	const tileId = mine.find((c) => c.campaign.id === campaign.id)!.tiles[0].id;
	const tile = (await (await fetch(`${baseURL}/api/campaigns/${campaign.id}/tiles/${tileId}`, { headers: { cookie } })).json()) as { bbox: [number, number, number, number] };
	const client = joinTile(baseURL!, cookie, campaign.id, tileId);
	try {
		await client.synced;
		const comment = `Décalage de calage e2e ${Date.now()}`;
		addDefect(client.doc, `e2e-${Date.now()}`, {
			geometry: { type: 'Point', coordinates: [(tile.bbox[0] + tile.bbox[2]) / 2, (tile.bbox[1] + tile.bbox[3]) / 2] },
			category: 'geometry_misregistration',
			severity: 'major',
			comment,
			author: me.user.id,
			createdAt: new Date().toISOString()
		});
		await expect
			.poll(async () => JSON.stringify(await (await page.request.get(`/api/campaigns/${campaign.id}/defects`)).json()))
			.toContain(comment);

		// The manager releases everything from the defects page.
		await page.goto(`/campaigns/${campaign.id}`);
		await expect(page.getByRole('navigation', { name: 'Sections de la campagne' }).getByRole('link', { name: 'Défauts transmis' })).toHaveAttribute('href', `/campaigns/${campaign.id}/defects`);
		await page.goto(`/campaigns/${campaign.id}/defects`);
		await expect(page.getByTestId('release-pending')).toContainText('jamais transmis');
		await page.getByTestId('release-submit').click();
		await expect(page.getByTestId('release-panel')).toContainText(/Transmis : \d+ nouveau/);
		const managerCard = page.getByTestId('defect-card').filter({ hasText: comment });
		await expect(managerCard).toHaveAttribute('data-standing', 'unanswered');

		// A defect reported after the release is not on this page, nor in the files exported from it:
		// the page's exports are the list it shows (the contractor's file), not the reviewers' drafts.
		const draft = `Brouillon non transmis e2e ${Date.now()}`;
		addDefect(client.doc, `e2e-draft-${Date.now()}`, {
			geometry: { type: 'Point', coordinates: [tile.bbox[0] + (tile.bbox[2] - tile.bbox[0]) / 4, tile.bbox[1] + (tile.bbox[3] - tile.bbox[1]) / 4] },
			category: 'geometry_misregistration',
			severity: 'minor',
			comment: draft,
			author: me.user.id,
			createdAt: new Date().toISOString()
		});
		await expect
			.poll(async () => JSON.stringify(await (await page.request.get(`/api/campaigns/${campaign.id}/defects`)).json()))
			.toContain(draft);
		await page.reload();
		await expect(page.getByTestId('release-pending')).toContainText('1 défaut(s) jamais transmis');
		await expect(page.getByTestId('defect-card').filter({ hasText: draft })).toHaveCount(0);
		const csv = await (await page.request.get((await page.getByRole('link', { name: 'CSV' }).getAttribute('href'))!)).text();
		expect(csv).toContain(comment);
		expect(csv).not.toContain(draft);

		// The contractor finds it on the map and in the list, and disputes it.
		const contractorContext = await browser.newContext();
		const contractor = await contractorContext.newPage();
		await signIn(contractor, 'contractor@demo.local');
		await contractor.goto(`/campaigns/${campaign.id}/defects`);
		await expect(contractor.getByTestId('defect-map')).toHaveAttribute('data-loaded', 'true', { timeout: 30_000 });
		const card = contractor.getByTestId('defect-card').filter({ hasText: comment });
		await expect(card).toContainText('Majeur');
		await expect(card).toContainText('Décalage de calage');
		await card.getByRole('button').first().click();
		const form = card.getByTestId('answer-form');
		await form.getByLabel('Contesté').check();
		// A dispute says why: the button waits for the comment.
		await expect(form.getByTestId('answer-submit')).toBeDisabled();
		await form.getByTestId('answer-comment').fill('Le décalage est dans la tolérance du cahier des charges (0,5 m).');
		await form.getByTestId('answer-submit').click();
		await expect(card).toHaveAttribute('data-standing', 'disputed');
		await expect(card.getByTestId('defect-answer')).toContainText('dans la tolérance du cahier des charges');

		// The manager sees the answer, and maintains the defect.
		await page.reload();
		await expect(managerCard).toHaveAttribute('data-standing', 'disputed');
		await expect(managerCard.getByTestId('defect-answer')).toContainText('Contesté — Le décalage est dans la tolérance du cahier des charges (0,5 m).');
		await expect(page.getByTestId('defect-counts')).toContainText('1 contestation(s) en cours');
		await managerCard.getByRole('button').first().click();
		await managerCard.getByTestId('dispute-maintain').click();
		await expect(managerCard).toHaveAttribute('data-standing', 'maintained');

		// The contractor sees the decision; the answer is final.
		await contractor.reload();
		await expect(card).toHaveAttribute('data-standing', 'maintained');
		await expect(card.getByTestId('dispute-outcome')).toContainText('Le maître d’ouvrage maintient le défaut');
		await card.getByRole('button').first().click();
		await expect(card.getByTestId('answer-form')).toHaveCount(0);
		await contractorContext.close();
	} finally {
		client.destroy();
	}
});
