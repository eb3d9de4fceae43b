import { z } from 'zod';
import type { OrganisationKind } from '../../access/organisations.ts';
import type { Db } from '../db/db.ts';
import { InputError, NotFoundError } from '../errors.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import { NO_SUCH_USER } from '../auth/account.ts';
import { checkPassword, hashPassword } from '../auth/passwords.ts';
import { revokeUserSessions, type SessionUser } from '../auth/sessions.ts';
import * as repo from './users.repo.ts';

/** One account as administrators see it (GET /api/admin/users). */
export interface UserRecord extends SessionUser {
	disabled: boolean;
	hasPassword: boolean;
	/** Epoch milliseconds. */
	createdAt: number;
	organisations: { id: number; name: string; kind: OrganisationKind }[];
}

/** POST /api/admin/users. `resetUrl` when created without a password (shown once). */
export interface CreatedUser {
	user: UserRecord;
	resetUrl: string | null;
	resetExpiresAt: number | null;
}

const emailSchema = z.email().max(254);

/** Lower-cased, trimmed e-mail, or a clear error. */
export function normaliseEmail(email: unknown): string {
	const value = typeof email === 'string' ? email.trim().toLowerCase() : '';
	if (!emailSchema.safeParse(value).success) {
		throw new InputError('invalid_email', {
			en: `"${String(email ?? '')}" is not a valid e-mail address.`,
			fr: `« ${String(email ?? '')} » n’est pas une adresse e-mail valide.`
		});
	}
	return value;
}

export function checkName(name: unknown): string {
	const value = typeof name === 'string' ? name.trim() : '';
	if (value.length > 120) throw new InputError('name_too_long', { en: 'The name must have at most 120 characters.', fr: 'Le nom doit comporter au plus 120 caractères.' });
	return value;
}

const toUser = (r: repo.UserRow): SessionUser => ({ id: r.id, email: r.email, name: r.name, isAdmin: r.isAdmin, isDemo: r.isDemo });

export function findUserByEmail(db: Db, email: string): (SessionUser & { disabled: boolean }) | null {
	const row = repo.userByEmail(db, email.trim().toLowerCase());
	return row ? { ...toUser(row), disabled: row.disabledAt !== null } : null;
}

/** The account behind an e-mail typed by an admin or a manager, or a 404 that says what to do instead. */
export function accountByEmail(db: Db, rawEmail: string, hint: { en: string; fr: string }): { id: number; email: string } {
	const email = normaliseEmail(rawEmail);
	const user = findUserByEmail(db, email);
	if (!user) throw new NotFoundError({ en: `No account uses ${email}. ${hint.en}`, fr: `Aucun compte n’utilise l’adresse ${email}. ${hint.fr}` });
	return user;
}

export function getUser(db: Db, id: number): UserRecord {
	const row = repo.userById(db, id);
	if (!row) throw new NotFoundError(NO_SUCH_USER);
	return withOrganisations(db, row);
}

function withOrganisations(db: Db, r: repo.UserRow): UserRecord {
	return {
		...toUser(r),
		disabled: r.disabledAt !== null,
		hasPassword: r.passwordHash !== null,
		createdAt: r.createdAt.getTime(),
		organisations: repo.organisationsOf(db, r.id)
	};
}

export function listUsers(db: Db): UserRecord[] {
	return repo.allUsers(db).map((r) => withOrganisations(db, r));
}

export function countAdmins(db: Db): number {
	return repo.countActiveAdmins(db);
}

export interface NewUser {
	email: string;
	password?: string | null;
	name?: string;
	isAdmin?: boolean;
	/** Demo accounts skip the password rule (their password is "demo") and only work in demo mode. */
	isDemo?: boolean;
	/** First-run setup: refuse (this error) if an administrator already exists, checked in the insert's transaction. */
	unlessAdminExists?: InputError;
}

/** Create an account. Without a password, the account is completed through a reset link. */
export async function createUser(db: Db, input: NewUser, actor: Actor | null): Promise<SessionUser> {
	const email = normaliseEmail(input.email);
	const name = checkName(input.name ?? '');
	const password = input.password == null ? null : input.isDemo ? String(input.password) : checkPassword(input.password);
	const passwordHash = password === null ? null : await hashPassword(password);
	return db.transaction(() => {
		if (input.unlessAdminExists && countAdmins(db) > 0) throw input.unlessAdminExists;
		if (findUserByEmail(db, email)) {
			throw new InputError('email_taken', { en: `An account already exists for ${email}.`, fr: `Un compte existe déjà pour ${email}.` }, 409);
		}
		const id = repo.insertUser(db, { email, name, passwordHash, isAdmin: !!input.isAdmin, isDemo: !!input.isDemo, createdAt: new Date() });
		audit(db, actor, 'user.create', { userId: id, email, isAdmin: !!input.isAdmin });
		return { id, email, name, isAdmin: !!input.isAdmin, isDemo: !!input.isDemo };
	});
}

export interface UserUpdate {
	name?: string;
	isAdmin?: boolean;
	disabled?: boolean;
}

/** Admin changes to an account. The last active admin cannot be demoted or disabled. */
export function updateUser(db: Db, userId: number, change: UserUpdate, actor: Actor): UserRecord {
	return db.transaction(() => {
		const before = getUser(db, userId);
		const losesAdmin = before.isAdmin && !before.disabled && (change.isAdmin === false || change.disabled === true);
		if (losesAdmin && countAdmins(db) <= 1) {
			throw new InputError('last_admin', {
				en: 'This is the last administrator: make someone else administrator first.',
				fr: 'C’est le dernier administrateur : nommez d’abord quelqu’un d’autre administrateur.'
			}, 409);
		}
		if (change.name !== undefined) repo.updateUser(db, userId, { name: checkName(change.name) });
		if (change.isAdmin !== undefined) repo.updateUser(db, userId, { isAdmin: change.isAdmin });
		if (change.disabled !== undefined && change.disabled !== before.disabled) {
			repo.updateUser(db, userId, { disabledAt: change.disabled ? new Date() : null });
			if (change.disabled) revokeUserSessions(db, userId);
			audit(db, actor, change.disabled ? 'user.disable' : 'user.enable', { userId, email: before.email });
		}
		if (change.isAdmin !== undefined && change.isAdmin !== before.isAdmin) audit(db, actor, 'user.update', { userId, email: before.email, isAdmin: change.isAdmin });
		return getUser(db, userId);
	});
}

/**
 * Delete an account that was just created and never used (a registration through an invitation
 * whose joining failed): its memberships and sessions cascade.
 */
export function deleteNewUser(db: Db, userId: number): void {
	repo.deleteUser(db, userId);
}
