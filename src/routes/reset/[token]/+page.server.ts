import { redirect } from '@sveltejs/kit';
import { checkConfirmation, field, formAction } from '$lib/server/auth/forms.ts';
import { findUsableReset, resetPassword } from '$lib/server/auth/password-resets.service.ts';
import { InputError } from '$lib/server/errors.ts';
import { clientAddress } from '$lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	try {
		// The holder of the link may see which account it is for (they got it from an administrator).
		return { valid: true as const, email: findUsableReset(locals.services.db, params.token).email };
	} catch (e) {
		// Unknown, expired or used: one message for all (the page's own text, in the UI's language).
		if (e instanceof InputError) return { valid: false as const, email: null };
		throw e;
	}
};

export const actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const password = field(data, 'password');
		const { failure } = await formAction(event.locals.locale, {}, async () => {
			checkConfirmation(password, field(data, 'confirm'));
			const { email } = await resetPassword(event.locals.services.db, event.params.token, password, clientAddress(event));
			// A new password from a link the admin handed over: earlier failures no longer slow its owner.
			event.locals.services.loginThrottle.forgetAccount(email);
		});
		if (failure) return failure;
		// resetPassword signed the account out everywhere (this browser too, if it was signed in).
		redirect(303, '/login?reset=done');
	}
} satisfies Actions;
