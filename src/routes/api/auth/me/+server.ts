import { json } from '@sveltejs/kit';
import { requireUser } from '$lib/server/access/authorize.ts';
import { api } from '$lib/server/http.ts';

export const GET = api(({ locals }) => json({ user: requireUser(locals.user) }, { headers: { 'cache-control': 'no-store' } }));
