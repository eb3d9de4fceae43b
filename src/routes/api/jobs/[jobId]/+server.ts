import { json } from '@sveltejs/kit';
import { requireUser } from '$lib/server/access/authorize.ts';
import { NotFoundError } from '$lib/server/errors.ts';
import { api, apiLocale } from '$lib/server/http.ts';

/** Progress of an import: only for the person who started it (and site admins). */
export const GET = api((event) => {
	const user = requireUser(event.locals.user);
	const { jobs } = event.locals.services;
	const job = jobs.get(event.params.jobId!);
	const owner = jobs.owner(event.params.jobId!);
	if (!job || (!user.isAdmin && owner !== user.id)) throw new NotFoundError({ en: 'This import job does not exist.', fr: 'Cet import n’existe pas.' });
	return json({ ...job, message: job.message?.[apiLocale(event)] ?? null }, { headers: { 'cache-control': 'no-store' } });
});
