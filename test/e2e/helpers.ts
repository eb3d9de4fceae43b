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

/** Screen point (relative to the map element) of a tile's centre, from the map itself. */
export async function tilePoint(page: Page, tileId: number): Promise<{ x: number; y: number }> {
	return page.evaluate((id) => {
		const map = window.__recetteMaps!.campaign;
		const feature = map.querySourceFeatures('tiles').find((f) => f.id === id);
		if (!feature || feature.geometry.type !== 'Polygon') throw new Error(`tile ${id} is not on the map`);
		const ring = feature.geometry.coordinates[0];
		const lng = ring.reduce((s, p) => s + p[0], 0) / ring.length;
		const lat = ring.reduce((s, p) => s + p[1], 0) / ring.length;
		const p = map.project([lng, lat]);
		return { x: p.x, y: p.y };
	}, tileId);
}

export interface TileRef {
	id: number;
	name: string;
}

/**
 * Tiles reviewer1 may review (the western half of the demo), busiest first. The specs that review
 * take their own from this list (review.spec.ts the first seven, tile-page.spec.ts later ones).
 */
export async function reviewerTiles(request: APIRequestContext, campaignId: number): Promise<TileRef[]> {
	const tiles = (await (await request.get(`/api/campaigns/${campaignId}/tiles`)).json()) as {
		features: { id: number; properties: { name: string; feature_count: number } }[];
	};
	const out: TileRef[] = [];
	for (const f of [...tiles.features].sort((a, b) => b.properties.feature_count - a.properties.feature_count)) {
		const detail = (await (await request.get(`/api/campaigns/${campaignId}/tiles/${f.id}`)).json()) as { mayReview: boolean };
		if (detail.mayReview) out.push({ id: f.id, name: f.properties.name });
	}
	return out;
}
