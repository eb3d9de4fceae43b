import { getJson } from '$lib/api/client.ts';
import type { PointList } from '$lib/server/control-points/control-points.service.ts';
import type { PageLoad } from './$types';

/** The blind view of the control points, whoever asks (a manager labelling sees no more than a reviewer). */
export const load: PageLoad = async ({ fetch, params }) => ({
	points: await getJson<PointList>(fetch, `/api/campaigns/${encodeURIComponent(params.id)}/control-points?blind=1`)
});
