import { json } from '@sveltejs/kit';
import { requireUser } from '$lib/server/access/authorize.ts';
import { buildReport } from '$lib/server/acceptance/report.service.ts';
import { api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

/**
 * Every figure of the acceptance report and the decision with its criteria (README, "report.json").
 * Figures only — no comment, no reviewer's name — so the contractor may read it. The viewer is passed
 * on for the positional section: a reviewer pointing checkpoints blind must not find their reference
 * positions here (as in positional.json).
 */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const grant = guard(event, 'reports.read', { campaignId });
	const viewer = { userId: requireUser(event.locals.user).id, grant };
	return json(buildReport(event.locals.services.db, campaignId, new Date(), viewer), { headers: { 'cache-control': 'no-store' } });
});
