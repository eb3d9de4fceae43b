import { redirect } from '@sveltejs/kit';
import { checkConfirmation, field, formAction } from '$lib/server/auth/forms.ts';
import { firstAdmin, setupOpen } from '$lib/server/people/setup.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ open: setupOpen(locals.services) });

export const actions = {
	/** Create the first administrator and sign them in; firstAdmin() answers 409 once one exists. */
	default: async (event) => {
		const data = await event.request.formData();
		const values = { email: field(data, 'email'), name: field(data, 'name') };
		const { failure } = await formAction(event.locals.locale, values, () => {
			checkConfirmation(field(data, 'password'), field(data, 'confirm'));
			return firstAdmin(event, { ...values, password: field(data, 'password') });
		});
		if (failure) return failure;
		redirect(303, '/');
	}
} satisfies Actions;
