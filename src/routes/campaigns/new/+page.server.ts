import { error } from '@sveltejs/kit';
import { mayCreateCampaigns } from '$lib/server/access/authorize.ts';
import type { PageServerLoad } from './$types';

/** Only site admins and project managers create campaigns (the upload API checks it again). */
export const load: PageServerLoad = ({ locals }) => {
	if (!mayCreateCampaigns(locals.services.db, locals.user)) {
		error(403, locals.locale === 'fr' ? 'Seuls les administrateurs et les gestionnaires de campagne peuvent créer une campagne.' : 'Only administrators and campaign managers may create a campaign.');
	}
};
