/**
 * Imagery tiles served over HTTP by the production server (build/ + server/index.ts), demo campaign:
 * first request of each tile (fresh render, then stored in the tile cache) and repeated requests
 * (served from the cache), with 16 requests in flight, through SvelteKit's full request path.
 *
 *   npm run build && npx tsx bench/imagery-http.ts
 */
import { lonLatToTile } from '../src/lib/geo/webmercator.ts';
import { startServer } from '../test/helpers/server.ts';

const server = await startServer();
// Every request carries a session, as in the browser: the figure includes the access check.
const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'reviewer1@demo.local', password: 'demo' }) });
const cookie = login.headers.getSetCookie()[0].split(';')[0];
const headers = { cookie };
try {
	const [campaign] = await (await fetch(`${server.url}/api/campaigns`, { headers })).json();
	const { bbox } = await (await fetch(`${server.url}/api/campaigns/${campaign.id}`, { headers })).json();
	const urls: string[] = [];
	for (const z of [14, 15, 16, 17]) {
		const a = lonLatToTile(bbox[0], bbox[3], z);
		const b = lonLatToTile(bbox[2], bbox[1], z);
		for (let x = a.x; x <= b.x; x++) for (let y = a.y; y <= b.y; y++) urls.push(`${server.url}/api/campaigns/${campaign.id}/imagery/${z}/${x}/${y}.png`);
	}

	async function run(list: string[], inFlight = 16): Promise<number> {
		let next = 0;
		const t0 = performance.now();
		await Promise.all(
			Array.from({ length: inFlight }, async () => {
				while (next < list.length) {
					const r = await fetch(list[next++], { headers });
					await r.arrayBuffer();
					if (r.status !== 200 && r.status !== 204) throw new Error(`${r.status} for ${r.url}`);
				}
			})
		);
		return list.length / ((performance.now() - t0) / 1000);
	}

	const fresh = await run(urls);
	const repeated = Array.from({ length: 10 }, () => urls).flat();
	const cached = await run(repeated);
	console.log(`${urls.length} distinct tiles z14–17 over the demo delivery, 16 requests in flight, server and client on this machine`);
	console.log(`imagery.http_fresh_tiles_per_s=${Math.round(fresh)}`);
	console.log(`imagery.http_cached_tiles_per_s=${Math.round(cached)}`);
} finally {
	await server.stop();
}
