import { json } from '@sveltejs/kit';
import { requireUser } from '$lib/server/access/authorize.ts';
import { myTiles } from '$lib/server/assignments/assignments.service.ts';
import { api } from '$lib/server/http.ts';

/** The signed-in user's tiles to review, per campaign, unfinished first (the home page's "my tiles"). */
export const GET = api(({ locals }) => json(myTiles(locals.services.db, requireUser(locals.user))));
