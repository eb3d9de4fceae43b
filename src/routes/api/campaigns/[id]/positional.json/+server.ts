import { json } from '@sveltejs/kit';
import { requireUser } from '$lib/server/access/authorize.ts';
import { InputError } from '$lib/server/errors.ts';
import { positionalDocument } from '$lib/server/positional/positional.service.ts';
import { api, CAMPAIGN, guard, idParam } from '$lib/server/http.ts';

/**
 * The campaign's positional accuracy from its kept measures: the figures of `recette positional`, per
 * checkpoint, per tile and per organisation (see README). `?class_cm=N`: test the decree's class N
 * (the contract's) and flag outliers against it.
 */
export const GET = api((event) => {
	const campaignId = idParam(event.params.id, CAMPAIGN);
	const grant = guard(event, 'reports.read', { campaignId });
	const raw = event.url.searchParams.get('class_cm');
	let classCm: number | null = null;
	if (raw !== null) {
		classCm = Number(raw);
		if (!/^\d{1,6}$/.test(raw) || classCm < 1) {
			throw new InputError('invalid_class', { en: 'class_cm is a whole number of centimetres (1 or more).', fr: 'class_cm est un nombre entier de centimètres (1 ou plus).' });
		}
	}
	return json(positionalDocument(event.locals.services.db, campaignId, { classCm }, { userId: requireUser(event.locals.user).id, grant }));
});
