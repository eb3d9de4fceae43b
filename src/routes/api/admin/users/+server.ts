import { json } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/access/authorize.ts';
import { linkOriginFor } from '$lib/server/auth/links.ts';
import { resetLinkFor } from '$lib/server/auth/password-resets.service.ts';
import { createUser, getUser, listUsers, type CreatedUser } from '$lib/server/people/users.service.ts';
import { newUserSchema } from '$lib/server/people/people.schema.ts';
import { actorOf, api, jsonBody } from '$lib/server/http.ts';

/** Every account of the instance, with its organisations (site administrators only). */
export const GET = api(({ locals }) => {
	requireAdmin(locals.user);
	return json(listUsers(locals.services.db), { headers: { 'cache-control': 'no-store' } });
});

/**
 * Create an account. Without a password, the answer carries a one-time link (`resetUrl`) that the
 * admin hands over: the person chooses their own password, the admin never knows it.
 */
export const POST = api(async (event) => {
	requireAdmin(event.locals.user);
	const body = await jsonBody(event.request, newUserSchema);
	const { db } = event.locals.services;
	const actor = actorOf(event);
	const password = body.password ? body.password : null;
	// Without a password the account is only usable through its link: make sure one can be made
	// (from the configured address, never the Host header) before creating anything.
	const origin = password === null ? linkOriginFor(event) : null;
	const created = await createUser(db, { email: body.email, name: body.name, isAdmin: body.isAdmin, password }, actor);
	const link = origin !== null ? resetLinkFor(db, origin, created.id, actor) : null;
	return json({ user: getUser(db, created.id), resetUrl: link?.url ?? null, resetExpiresAt: link?.expiresAt ?? null } satisfies CreatedUser, { status: 201 });
});
