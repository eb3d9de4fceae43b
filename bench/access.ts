/**
 * Cost of the access check every request pays before anything else (session cookie → user, then
 * authorize() on the campaign): it sits in front of every map tile, so it must stay in microseconds.
 * Real SQLite file, real demo campaign and accounts.  Run: npx tsx bench/access.ts
 */
import { freshDb } from '../test/helpers/db.ts';
import { importDemoCampaign } from '../src/lib/server/demo/campaign.ts';
import { ensureDemoPeople } from '../src/lib/server/demo/people.ts';
import { createSession, validateSession } from '../src/lib/server/auth/sessions.ts';
import { authorize } from '../src/lib/server/access/authorize.ts';

const { db, cleanup } = freshDb();
const campaignId = await importDemoCampaign(db);
await ensureDemoPeople(db);
const { id: userId } = db.$client.prepare("SELECT id FROM users WHERE email = 'reviewer1@demo.local'").get() as { id: number };
const tileId = (db.$client.prepare('SELECT tile_id AS id FROM tile_assignments LIMIT 1').get() as { id: number }).id;
const { token } = createSession(db, userId);

function run(label: string, n: number, check: () => void): void {
	for (let i = 0; i < 2000; i++) check(); // warm-up: statements compiled, pages cached
	const t = performance.now();
	for (let i = 0; i < n; i++) check();
	console.log(`${label}=${(((performance.now() - t) * 1000) / n).toFixed(1)}`);
}

run('access.session_and_campaign_view_us', 100_000, () => {
	const s = validateSession(db, token, { demoMode: true })!;
	authorize(db, s.user, 'campaign.view', { campaignId });
});
run('access.session_and_tile_review_us', 100_000, () => {
	const s = validateSession(db, token, { demoMode: true })!;
	authorize(db, s.user, 'tile.review', { campaignId, tileId });
});
cleanup();
