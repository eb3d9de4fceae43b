import { json } from '@sveltejs/kit';
import { requireUser } from '$lib/server/access/authorize.ts';
import { myTiles } from '$lib/server/assignments/assignments.service.ts';
import { InputError, NotFoundError } from '$lib/server/errors.ts';
import { api, CAMPAIGN, guard, idParam, TILE } from '$lib/server/http.ts';
import { nextTileToReview, waitingCount } from '$lib/review/waiting-tiles.ts';

/**
 * "Continuer : tuile suivante à relire": the caller's next tile to review in one campaign —
 * `?campaign=<id>` (required) and `&after=<tileId>` (the tile being left: the next one after it in
 * review order, wrapping around). Answers `{tile: {id, name, status} | null, waiting, total}`:
 * `waiting` tiles of the caller's organisation(s) still need their verdict, out of `total`. Observers
 * and contractors review nothing: always `tile: null` for them.
 */
export const GET = api((event) => {
	const user = requireUser(event.locals.user);
	const campaignParam = event.url.searchParams.get('campaign');
	if (!campaignParam) {
		throw new InputError('campaign_required', { en: 'Say which campaign: ?campaign=<id>.', fr: 'Précisez la campagne : ?campaign=<id>.' });
	}
	const campaignId = idParam(campaignParam, CAMPAIGN);
	guard(event, 'campaign.view', { campaignId });
	const afterParam = event.url.searchParams.get('after');
	let after: { id: number; ordinal: number } | null = null;
	if (afterParam !== null) {
		const id = idParam(afterParam, TILE);
		const row = event.locals.services.db.$client.prepare('SELECT id, ordinal FROM tiles WHERE id = ? AND campaign_id = ?').get(id, campaignId) as
			| { id: number; ordinal: number }
			| undefined;
		if (!row) throw new NotFoundError({ en: `Tile ${id} is not in this campaign.`, fr: `La tuile ${id} ne fait pas partie de cette campagne.` });
		after = row;
	}
	const mine = myTiles(event.locals.services.db, user, campaignId)[0];
	const tiles = mine?.mayReview ? mine.tiles : [];
	const next = nextTileToReview(tiles, after);
	return json(
		{ tile: next ? { id: next.id, name: next.name, status: next.status } : null, waiting: waitingCount(tiles), total: tiles.length },
		{ headers: { 'cache-control': 'no-store' } }
	);
});
