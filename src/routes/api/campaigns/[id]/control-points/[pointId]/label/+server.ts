import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { requireUser } from '$lib/server/access/authorize.ts';
import { labelPoint, requirePoint, withdrawLabel } from '$lib/server/control-points/control-points.service.ts';
import { api, CAMPAIGN, guard, idParam, jsonBody } from '$lib/server/http.ts';

const POINT = { en: 'Control point', fr: 'Le point de contrôle' };

const label = z.object({
	/** The class seen on the imagery; null: "cannot tell". */
	classCode: z.string('classCode is a class code or null|classCode est un code de classe ou null').min(1).max(64).nullable(),
	comment: z.string('comment is text|comment est du texte').default('')
});

/**
 * The caller's label of a point: `{classCode | null, comment}` (null: "cannot tell"). One per reviewer
 * and point; giving it again changes it. Allowed to whoever may review the point's tile.
 */
export const PUT = api(async (event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const pointId = idParam(event.params.pointId, POINT);
	guard(event, 'campaign.view', { campaignId });
	const point = requirePoint(event.locals.services.db, campaignId, pointId);
	guard(event, 'tile.review', { campaignId, tileId: point.tileId });
	const input = await jsonBody(event.request, label);
	return json(labelPoint(event.locals.services.db, campaignId, pointId, requireUser(event.locals.user).id, input));
});

/** Withdraw the caller's own label. */
export const DELETE = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const pointId = idParam(event.params.pointId, POINT);
	guard(event, 'campaign.view', { campaignId });
	const point = requirePoint(event.locals.services.db, campaignId, pointId);
	guard(event, 'tile.review', { campaignId, tileId: point.tileId });
	withdrawLabel(event.locals.services.db, campaignId, pointId, requireUser(event.locals.user).id);
	return new Response(null, { status: 204 });
});
