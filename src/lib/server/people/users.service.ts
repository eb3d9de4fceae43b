import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { InputError, NotFoundError, type Localized } from '../errors.ts';
import { audit, type Actor } from '../audit/audit.service.ts';
import { hashPassword, PASSWORD_MESSAGES, passwordSchema, verifyPassword } from '../auth/passwords.ts';
import { revokeUserSessions, type SessionUser } from '../auth/sessions.ts';

export interface UserRecord extends SessionUser {
	disabled: boolean;
	hasPassword: boolean;
	createdAt: number;
	organisations: { id: number; name: string; kind: string }[];
}

interface UserRow {
	id: number;
	email: string;
	name: string;
	password_hash: string | null;
	is_admin: number;
	is_demo: number;
	disabled_at: number | null;
	created_at: number;
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

/** The password rule as a user-readable error. */
export function checkPassword(password: unknown): string {
	const r = passwordSchema.safeParse(password);
	if (r.success) return r.data;
	const code = (r.error.issues[0]?.message ?? 'password_required') as keyof typeof PASSWORD_MESSAGES;
	throw new InputError(code, PASSWORD_MESSAGES[code] ?? PASSWORD_MESSAGES.password_required);
}

export function checkName(name: unknown): string {
	const value = typeof name === 'string' ? name.trim() : '';
	if (value.length > 120) throw new InputError('name_too_long', { en: 'The name must have at most 120 characters.', fr: 'Le nom doit comporter au plus 120 caractères.' });
	return value;
}

const toUser = (r: UserRow): SessionUser => ({ id: r.id, email: r.email, name: r.name, isAdmin: !!r.is_admin, isDemo: !!r.is_demo });

export function findUserByEmail(db: Db, email: string): (SessionUser & { disabled: boolean }) | null {
	const row = db.$client.prepare('SELECT * FROM users WHERE email = ?').get(email.trim().toLowerCase()) as UserRow | undefined;
	return row ? { ...toUser(row), disabled: row.disabled_at !== null } : null;
}

export function getUser(db: Db, id: number): UserRecord {
	const row = db.$client.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
	if (!row) throw new NotFoundError({ en: 'This user does not exist.', fr: 'Cet utilisateur n’existe pas.' });
	return withOrganisations(db, [row])[0];
}

function withOrganisations(db: Db, rows: UserRow[]): UserRecord[] {
	const orgs = db.$client.prepare(
		'SELECT o.id, o.name, o.kind FROM organisation_members m JOIN organisations o ON o.id = m.organisation_id WHERE m.user_id = ? ORDER BY o.name'
	);
	return rows.map((r) => ({
		...toUser(r),
		disabled: r.disabled_at !== null,
		hasPassword: r.password_hash !== null,
		createdAt: r.created_at,
		organisations: orgs.all(r.id) as UserRecord['organisations']
	}));
}

export function listUsers(db: Db): UserRecord[] {
	return withOrganisations(db, db.$client.prepare('SELECT * FROM users ORDER BY email').all() as UserRow[]);
}

export function countAdmins(db: Db): number {
	return (db.$client.prepare('SELECT count(*) AS n FROM users WHERE is_admin = 1 AND disabled_at IS NULL').get() as { n: number }).n;
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
	return db.$client.transaction(() => {
		if (input.unlessAdminExists && countAdmins(db) > 0) throw input.unlessAdminExists;
		if (findUserByEmail(db, email)) {
			throw new InputError('email_taken', { en: `An account already exists for ${email}.`, fr: `Un compte existe déjà pour ${email}.` }, 409);
		}
		const { lastInsertRowid } = db.$client
			.prepare('INSERT INTO users (email, name, password_hash, is_admin, is_demo, created_at) VALUES (?, ?, ?, ?, ?, ?)')
			.run(email, name, passwordHash, input.isAdmin ? 1 : 0, input.isDemo ? 1 : 0, Date.now());
		const id = Number(lastInsertRowid);
		audit(db, actor, 'user.create', { userId: id, email, isAdmin: !!input.isAdmin });
		return { id, email, name, isAdmin: !!input.isAdmin, isDemo: !!input.isDemo };
	})();
}

export const SIGN_IN_FAILED: Localized = { en: 'Incorrect e-mail or password.', fr: 'Adresse e-mail ou mot de passe incorrect.' };

/**
 * Check an e-mail and password. Every failure (unknown e-mail, wrong password, disabled account,
 * demo account outside demo mode) gives the same answer in about the same time: no enumeration.
 */
export async function authenticate(db: Db, email: unknown, password: unknown, { demoMode }: { demoMode: boolean }): Promise<SessionUser | null> {
	const key = typeof email === 'string' ? email.trim().toLowerCase() : '';
	const row = key ? (db.$client.prepare('SELECT * FROM users WHERE email = ?').get(key) as UserRow | undefined) : undefined;
	const ok = await verifyPassword(row?.password_hash, typeof password === 'string' ? password : '');
	if (!row || !ok || row.disabled_at !== null || (row.is_demo && !demoMode)) return null;
	return toUser(row);
}

export interface UserUpdate {
	name?: string;
	isAdmin?: boolean;
	disabled?: boolean;
}

/** Admin changes to an account. The last active admin cannot be demoted or disabled. */
export function updateUser(db: Db, userId: number, change: UserUpdate, actor: Actor): UserRecord {
	return db.$client.transaction(() => {
		const before = getUser(db, userId);
		const losesAdmin = before.isAdmin && !before.disabled && (change.isAdmin === false || change.disabled === true);
		if (losesAdmin && countAdmins(db) <= 1) {
			throw new InputError('last_admin', {
				en: 'This is the last administrator: make someone else administrator first.',
				fr: 'C’est le dernier administrateur : nommez d’abord quelqu’un d’autre administrateur.'
			}, 409);
		}
		if (change.name !== undefined) db.$client.prepare('UPDATE users SET name = ? WHERE id = ?').run(checkName(change.name), userId);
		if (change.isAdmin !== undefined) db.$client.prepare('UPDATE users SET is_admin = ? WHERE id = ?').run(change.isAdmin ? 1 : 0, userId);
		if (change.disabled !== undefined && change.disabled !== before.disabled) {
			db.$client.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run(change.disabled ? Date.now() : null, userId);
			if (change.disabled) revokeUserSessions(db, userId);
			audit(db, actor, change.disabled ? 'user.disable' : 'user.enable', { userId, email: before.email });
		}
		if (change.isAdmin !== undefined && change.isAdmin !== before.isAdmin) audit(db, actor, 'user.update', { userId, email: before.email, isAdmin: change.isAdmin });
		return getUser(db, userId);
	})();
}
