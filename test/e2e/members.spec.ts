import { expect, test } from '@playwright/test';
import { demoCampaign, signIn } from './helpers.ts';

/**
 * A project manager invites a reviewer for a partner organisation that does not exist yet, then
 * finds the invitation in the campaign's audit trail. Runs on the demo campaign (demo accounts).
 */
test('the manager invites a reviewer for a new organisation, sees it in the audit trail, and the partner joins', async ({ page, browser }) => {
	await signIn(page, 'manager@demo.local');
	const campaign = await demoCampaign(page.request);

	await page.goto(`/campaigns/${campaign.id}`);
	await page.getByRole('navigation', { name: 'Sections de la campagne' }).getByRole('link', { name: 'Membres' }).click();
	await expect(page.getByTestId('members-table')).toContainText('reviewer1@demo.local');

	const form = page.getByTestId('invite-form');
	await form.getByTestId('invite-role').selectOption('reviewer');
	await form.getByTestId('invite-organisation').selectOption('new');
	await form.getByTestId('new-organisation-name').fill('Commune de Test-sur-Prairie');
	await form.getByTestId('new-organisation-kind').selectOption('commune');
	await form.getByLabel('Une seule personne (lien personnel)').check();
	await form.getByRole('button', { name: 'Créer le lien d’invitation' }).click();

	await expect(page.getByTestId('invitation-url')).toHaveValue(/\/invite\/[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}$/);
	const link = await page.getByTestId('invitation-url').inputValue();
	const row = page.getByTestId('invitations-table').locator('tr[data-state="active"]', { hasText: 'Commune de Test-sur-Prairie' });
	await expect(row).toContainText('Relecteur');
	await expect(row).toContainText('0 sur 1');

	await page.getByRole('navigation', { name: 'Sections de la campagne' }).getByRole('link', { name: 'Journal' }).click();
	await expect(page.getByTestId('audit-table').locator('tbody tr').first()).toContainText(
		'a créé un lien d’invitation personnel : relecteur pour Commune de Test-sur-Prairie, valable 14 jours'
	);
	// Creating the organisation is a site-wide event (organisations are shared between campaigns).
	await expect(page.getByTestId('audit-table')).not.toContainText('a créé l’organisation');

	// The partner opens the link in their own browser, creates an account and lands in the campaign
	// as a reviewer for the new organisation; the personal link then stops working.
	const partner = await browser.newContext();
	const tab = await partner.newPage();
	await tab.goto(link);
	await expect(tab.getByTestId('invite-summary')).toContainText('Commune de Test-sur-Prairie');
	const register = tab.getByTestId('invite-register');
	await register.getByLabel('Nom', { exact: true }).fill('Agent communal');
	await register.getByLabel('Adresse e-mail', { exact: true }).fill('agent@test-sur-prairie.fr');
	await register.getByLabel('Mot de passe', { exact: true }).fill('prairie-2026');
	await register.getByLabel('Confirmez le mot de passe', { exact: true }).fill('prairie-2026');
	await register.getByRole('button').click();
	// The home page welcomes them: their organisation has no tiles yet, so it says who will assign
	// them, and "Mes tuiles" waits with an empty state.
	await expect(tab).toHaveURL(new RegExp(`/\\?welcome=${campaign.id}$`));
	await expect(tab.getByTestId('welcome')).toHaveAttribute('data-role', 'reviewer');
	await expect(tab.getByTestId('welcome-wait')).toContainText('Vous relisez pour Commune de Test-sur-Prairie. Aucune tuile ne lui est encore attribuée');
	await expect(tab.getByTestId('welcome-wait')).toContainText('Camille Martin');
	await expect(tab.getByTestId('my-tiles-empty')).toContainText('Aucune tuile ne vous est encore attribuée');
	const mine = (await (await tab.request.get('/api/campaigns')).json()) as { id: number; role: string }[];
	expect(mine.find((c) => c.id === campaign.id)?.role).toBe('reviewer');
	const other = await browser.newContext();
	const late = await other.newPage();
	await late.goto(link);
	await expect(late.getByTestId('invite-invalid')).toBeVisible();
	await partner.close();
	await other.close();
});

test('a reviewer has no Members tab and cannot open the page', async ({ page }) => {
	await signIn(page, 'reviewer1@demo.local');
	const campaign = await demoCampaign(page.request);
	await page.goto(`/campaigns/${campaign.id}`);
	await expect(page.getByTestId('campaign-page')).toBeVisible();
	// Reviewers have the overview, the released defects, the feature walk and the report, none of the managers' tabs.
	const tabs = page.getByRole('navigation', { name: 'Sections de la campagne' });
	await expect(tabs.getByRole('link')).toHaveText(['Vue d’ensemble', 'Défauts transmis', 'Parcours d’objets', 'Rapport de recette']);
	const response = await page.goto(`/campaigns/${campaign.id}/members`);
	expect(response?.status()).toBe(403);
	// The page says why (their role) and whom to ask, by name.
	const error = page.getByTestId('error-page');
	await expect(error).toHaveAttribute('data-kind', 'roleForbids');
	await expect(error).toContainText(`Vous êtes relecteur dans « ${campaign.name} » : cette page est réservée à ses gestionnaires.`);
	await expect(error.getByTestId('error-ask')).toContainText('Camille Martin');
});

test('the invitation form\'s defaults make a valid reviewer invitation on the first click', async ({ page }) => {
	await signIn(page, 'manager@demo.local');
	const campaign = await demoCampaign(page.request);
	await page.goto(`/campaigns/${campaign.id}/members`);
	const form = page.getByTestId('invite-form');
	await expect(form.getByTestId('invite-role')).toHaveValue('reviewer');
	// A reviewer reviews an organisation's tiles: "none" is not offered, an organisation is preselected.
	await expect(form.getByTestId('invite-organisation')).not.toHaveValue('');
	await expect(form.getByTestId('invite-organisation').locator('option[value=""]')).toHaveCount(0);
	await form.getByRole('button', { name: 'Créer le lien d’invitation' }).click();
	await expect(page.getByTestId('invitation-url')).toHaveValue(/\/invite\//);
	// Observers may have no organisation: "none" comes back for them.
	await form.getByTestId('invite-role').selectOption('observer');
	await expect(form.getByTestId('invite-organisation').locator('option[value=""]')).toHaveCount(1);
});
