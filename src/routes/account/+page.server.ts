import { redirect } from '@sveltejs/kit';
import { changeOwnPassword, revokeOtherSessions, revokeOwnSession } from '$lib/server/auth/account.ts';
import { requireUser } from '$lib/server/access/authorize.ts';
import { checkConfirmation, field, formAction } from '$lib/server/auth/forms.ts';
import { listSessions } from '$lib/server/auth/sessions.ts';
import { signOut } from '$lib/server/auth/sign-in.ts';
import { actorOf } from '$lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const user = requireUser(locals.user);
	return {
		sessions: listSessions(locals.services.db, user.id).map((s) => ({
			id: s.id,
			userAgent: s.userAgent,
			createdAt: s.createdAt,
			lastSeenAt: s.lastSeenAt,
			current: s.id === locals.sessionId
		}))
	};
};

export const actions = {
	password: async (event) => {
		const user = requireUser(event.locals.user);
		const data = await event.request.formData();
		const { failure, value } = await formAction(event.locals.locale, {}, () => {
			checkConfirmation(field(data, 'password'), field(data, 'confirm'));
			return changeOwnPassword(event.locals.services.db, user, { current: field(data, 'current'), password: field(data, 'password') }, {
				demoMode: event.locals.services.demoMode,
				sessionId: event.locals.sessionId,
				actor: actorOf(event)
			});
		});
		if (failure) return failure;
		return { passwordChanged: true, revoked: value.revoked };
	},
	/** Close one session (a lost phone, a shared computer). Closing this one signs out here. */
	revoke: async (event) => {
		const user = requireUser(event.locals.user);
		const id = field(await event.request.formData(), 'sessionId');
		if (id === event.locals.sessionId) {
			signOut(event);
			redirect(303, '/login');
		}
		const { failure } = await formAction(event.locals.locale, {}, () => revokeOwnSession(event.locals.services.db, user, id, actorOf(event)));
		if (failure) return failure;
		return { revoked: 1 };
	},
	/** "Sign out other devices": every session but this one. */
	others: async (event) => {
		const user = requireUser(event.locals.user);
		return { revoked: revokeOtherSessions(event.locals.services.db, user, event.locals.sessionId, actorOf(event)) };
	}
} satisfies Actions;
