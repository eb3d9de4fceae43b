import { redirect } from '@sveltejs/kit';
import { safeNext } from '$lib/access/safe-next.ts';
import { demoAccounts } from '$lib/server/demo/people.ts';
import { field, formAction } from '$lib/server/auth/forms.ts';
import { setupOpen } from '$lib/server/people/setup.ts';
import { signIn } from '$lib/server/auth/sign-in.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	// Already signed in (a bookmarked sign-in page, the back button): go where the link meant to.
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	const { services } = locals;
	return {
		// Demo accounts are listed only in demo mode: on a real deployment nothing about them shows
		// (and they cannot sign in anyway, see authenticate()).
		demoAccounts: services.demoMode ? demoAccounts(services.db) : [],
		// A fresh real installation: point to the first-run page instead of a sign-in nobody can pass.
		setupOpen: !services.demoMode && setupOpen(services),
		resetDone: url.searchParams.get('reset') === 'done'
	};
};

export const actions = {
	/** The sign-in form and the demo "sign in as" buttons both post here. */
	default: async (event) => {
		const data = await event.request.formData();
		const email = field(data, 'email');
		const { failure } = await formAction(event.locals.locale, { email }, () => signIn(event, email, field(data, 'password')));
		if (failure) return failure;
		redirect(303, safeNext(event.url.searchParams.get('next')));
	}
} satisfies Actions;
