import { json } from '@sveltejs/kit';
import { NotFoundError } from '$lib/server/errors.ts';
import { api, apiLocale } from '$lib/server/http.ts';

export const GET = api((event) => {
	const job = event.locals.services.jobs.get(event.params.jobId!);
	if (!job) throw new NotFoundError({ en: 'This import job does not exist.', fr: 'Cet import n’existe pas.' });
	return json({ ...job, message: job.message?.[apiLocale(event)] ?? null }, { headers: { 'cache-control': 'no-store' } });
});
