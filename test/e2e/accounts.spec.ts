import { expect, test } from '@playwright/test';
import { signIn } from './helpers.ts';

/**
 * Signing in and out in the browser, on the production build in demo mode (real Chromium, real
 * server, fresh database). The HTTP details (setup, password links, invitations) are covered by
 * test/integration/accounts.test.ts.
 */

test('a visitor without a session lands on the sign-in page, which lists the demo accounts', async ({ page }) => {
	await page.goto('/');
	await expect(page).toHaveURL(/\/login\?next=%2F$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connexion');
	const demo = page.getByTestId('demo-accounts');
	await expect(demo).toContainText('manager@demo.local');
	await expect(demo).toContainText('Gestionnaire');
	await expect(demo).toContainText('« demo »');
	await expect(page.getByTestId('demo-login-reviewer1@demo.local')).toBeVisible();
	// Signed-out pages show no navigation and no account menu.
	await expect(page.getByTestId('user-menu')).toHaveCount(0);
	// The fields are labelled and tell password managers what they hold.
	await expect(page.getByLabel('Adresse e-mail')).toHaveAttribute('autocomplete', 'username');
	await expect(page.getByLabel('Mot de passe')).toHaveAttribute('autocomplete', 'current-password');
});

test('sign in with the form: a wrong password shows the error, the right one opens the home page', async ({ page }) => {
	await page.goto('/login');
	await page.getByLabel('Adresse e-mail').fill('manager@demo.local');
	await page.getByLabel('Mot de passe').fill('wrong password');
	await page.getByTestId('login-submit').click();
	await expect(page.getByTestId('login-error')).toHaveText('Adresse e-mail ou mot de passe incorrect.');
	// The e-mail stays typed; the password does not come back.
	await expect(page.getByLabel('Adresse e-mail')).toHaveValue('manager@demo.local');

	await page.getByLabel('Mot de passe').fill('demo');
	await page.getByTestId('login-submit').click();
	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByTestId('user-menu')).toContainText('Camille Martin');
	// The manager of the demo campaign may create campaigns.
	await expect(page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Nouvelle campagne' })).toBeVisible();
});

test('the demo "sign in as" button signs in as that person, and sign-out ends the session', async ({ page }) => {
	await page.goto('/login');
	await page.getByTestId('demo-login-reviewer1@demo.local').click();
	await expect(page).toHaveURL(/\/$/);
	const menu = page.getByTestId('user-menu');
	await expect(menu).toContainText('Léa Bernard');
	// A reviewer creates no campaign; a non-administrator sees no administration links.
	await expect(page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Nouvelle campagne' })).toHaveCount(0);
	await menu.locator('summary').click();
	await expect(menu.getByRole('link', { name: 'Mon compte' })).toBeVisible();
	await expect(menu.getByTestId('menu-admin-users')).toHaveCount(0);

	await menu.getByTestId('sign-out').click();
	await expect(page).toHaveURL(/\/login$/);
	expect((await page.request.get('/api/campaigns')).status()).toBe(401);
	await page.goto('/');
	await expect(page).toHaveURL(/\/login\?next=/);
});

test('after signing in, ?next= is followed only to a page of this site', async ({ page }) => {
	await page.goto('/login?next=//evil.example/phish');
	await page.getByTestId('demo-login-observer@demo.local').click();
	await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/$/);

	await page.context().clearCookies();
	const campaigns = await (await page.request.get('/api/campaigns')).status();
	expect(campaigns).toBe(401);
	await page.goto('/account');
	await expect(page).toHaveURL(/\/login\?next=%2Faccount$/);
	await page.getByTestId('demo-login-observer@demo.local').click();
	await expect(page).toHaveURL(/\/account$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mon compte');
});

test('the account page lists open sessions and signs out other devices', async ({ page, browser }) => {
	// Another "device": a separate browser context signed in as the same person.
	const other = await browser.newContext();
	const otherPage = await other.newPage();
	await signIn(otherPage, 'contractor@demo.local');
	await signIn(page, 'contractor@demo.local');

	await page.goto('/account');
	await expect(page.getByTestId('account-identity')).toContainText('contractor@demo.local');
	await expect(page.getByTestId('session-row')).toHaveCount(2);
	await expect(page.locator('[data-testid="session-row"][data-current="true"]')).toHaveCount(1);
	// Demo accounts are shared: no password form.
	await expect(page.getByTestId('password-form')).toHaveCount(0);

	await page.getByTestId('revoke-others').click();
	await expect(page.getByTestId('sessions-revoked')).toContainText('1 session fermée');
	await expect(page.getByTestId('session-row')).toHaveCount(1);
	expect((await otherPage.request.get('/api/auth/me')).status()).toBe(401);
	expect((await page.request.get('/api/auth/me')).status()).toBe(200);
	await other.close();
});

test('English sign-in page, and the forgot-password page explains the administrator link', async ({ page }) => {
	await page.goto('/login');
	await page.getByTestId('lang-switch').getByRole('button', { name: /english/i }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
	await page.getByRole('link', { name: 'Forgot your password?' }).click();
	await expect(page.getByTestId('forgot-password')).toContainText('administrator');
	await expect(page.getByTestId('forgot-password').locator('input')).toHaveCount(0);
});
