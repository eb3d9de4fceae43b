import { json } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/access/authorize.ts';
import { auditPage, parseBefore } from '$lib/server/audit/audit.service.ts';
import { api } from '$lib/server/http.ts';

/** The whole site's trail (sign-ins, accounts, every campaign), newest first; `?before=<id>` pages back. */
export const GET = api(({ locals, url }) => {
	requireAdmin(locals.user);
	return json(auditPage(locals.services.db, null, parseBefore(url)), { headers: { 'cache-control': 'no-store' } });
});
