import { expect, type APIRequestContext, type Page } from '@playwright/test';

/**
 * Sign in through the JSON API with `page.request`, which shares the browser context's cookies: the
 * page is signed in afterwards, without going through the form (the form has its own tests in
 * accounts.spec.ts). Demo accounts all have the password "demo".
 */
export async function signIn(page: Page, email: string, password = 'demo'): Promise<void> {
	const r = await page.request.post('/api/auth/login', { data: { email, password } });
	expect(r.status(), await r.text()).toBe(200);
}

/**
 * The demo campaign (tests share one server, and some create campaigns of their own: never rely on
 * list order).
 */
export async function demoCampaign(request: APIRequestContext): Promise<{ id: number; name: string }> {
	const campaigns = (await (await request.get('/api/campaigns')).json()) as { id: number; name: string; isDemo?: boolean }[];
	const demo = campaigns.find((c) => c.isDemo);
	if (!demo) throw new Error('no demo campaign in /api/campaigns');
	return demo;
}
