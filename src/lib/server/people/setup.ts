import type { Db } from '../db/db.ts';
import { InputError } from '../errors.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { startSession, type SessionEvent } from '../auth/sign-in.ts';
import { countAdmins, createUser } from './users.service.ts';

/** Whether the first-run page is open: no administrator yet. */
export function setupOpen(services: { db: Db }): boolean {
	return countAdmins(services.db) === 0;
}

/**
 * The first-run page: only while no administrator exists, create one and sign them in. The check and
 * the insert are one transaction, so two people racing on a fresh install cannot both become admin.
 */
export async function firstAdmin(
	event: SessionEvent,
	input: { email: string; name?: string; password: string }
): Promise<SessionUser> {
	const { services } = event.locals;
	const closed = new InputError('setup_done', {
		en: 'Recette is already set up: an administrator exists. Sign in instead.',
		fr: 'Recette est déjà configuré : un administrateur existe. Connectez-vous.'
	}, 409);
	if (!setupOpen(services)) throw closed;
	const user = await createUser(services.db, { email: input.email, name: input.name, password: input.password, isAdmin: true, unlessAdminExists: closed }, null);
	startSession(event, user);
	return user;
}
