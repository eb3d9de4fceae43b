import { redirect } from '@sveltejs/kit';
import { checkConfirmation, field, formAction } from '$lib/server/auth/forms.ts';
import { findUsableInvitation } from '$lib/server/people/invitations.service.ts';
import { describeInvitation, joinWithInvitation, registerWithInvitation } from '$lib/server/people/join.ts';
import { AuthRequiredError, InputError } from '$lib/server/errors.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	try {
		return { invitation: describeInvitation(findUsableInvitation(locals.services.db, params.token)) };
	} catch (e) {
		// One message for every unusable link (the page's own text, so it follows the UI language).
		if (e instanceof InputError) return { invitation: null };
		throw e;
	}
};

export const actions = {
	/** Signed in: join with the current account. */
	join: async (event) => {
		const { failure, value } = await formAction(event.locals.locale, {}, () => {
			if (!event.locals.user) throw new AuthRequiredError();
			return joinWithInvitation(event, event.params.token, event.locals.user);
		});
		if (failure) return failure;
		// The home page welcomes them: what to do next in this campaign, and "my tiles".
		redirect(303, `/?welcome=${value.campaignId}`);
	},
	/** Newcomer: create the account, join, sign in. */
	register: async (event) => {
		const data = await event.request.formData();
		const values = { email: field(data, 'email'), name: field(data, 'name') };
		const { failure, value } = await formAction(event.locals.locale, values, () => {
			checkConfirmation(field(data, 'password'), field(data, 'confirm'));
			return registerWithInvitation(event, event.params.token, { ...values, password: field(data, 'password') });
		});
		if (failure) return failure;
		redirect(303, `/?welcome=${value.invitation.campaignId}`);
	}
} satisfies Actions;
